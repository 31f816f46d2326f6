// A Cosmos client for the emulator a devhost under test started (its endpoint, key and certificate
// in <data>/cosmos), the way the app's own client is built.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CosmosClient } from '@azure/cosmos';
import { createCosmosClient } from '../../shared/platform/clients/cosmos';

export function devhostCosmos(dataDir: string): { client: CosmosClient; endpoint: string; pid: number } {
  const folder = join(dataDir, 'cosmos');
  const [pid, port] = readFileSync(join(folder, 'cosmos.port'), 'utf8').trim().split(' ').map(Number);
  const endpoint = `https://127.0.0.1:${port}`;
  const client = createCosmosClient({
    endpoint,
    key: readFileSync(join(folder, 'account.key'), 'utf8').trim(),
    caCertPath: join(folder, 'tls', 'cert.pem'),
  });
  return { client, endpoint, pid: pid ?? 0 };
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
