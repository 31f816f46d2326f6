// Cosmos DB through devhost: devhost starts cosmosdb-server as its own process over HTTPS with a
// certificate it made, hands the app COSMOS_ENDPOINT/KEY/CA_CERT_PATH, the app makes its database and
// containers at start and reports Cosmos in /api/health/ready. A devhost killed with SIGKILL leaves
// the emulator running and the restarted one adopts it; a clean stop stops it, and what was written
// is there again after the next start (the emulator's journal).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevhost, type DevhostRun } from '../../devhost/childHost';
import { prepareAppDatabase, type AppDatabase } from '../support/appDatabase';
import { devhostCosmos, isRunning } from '../support/devhostCosmos';
import { lane } from '../support/testDatabase';

let host: DevhostRun;
let database: AppDatabase;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'asset-pulse-cosmos-'));
  database = await prepareAppDatabase(dataDir);
  host = await startDevhost({ dataDir, env: { ...database.env } });
}, 180_000);

afterAll(async () => {
  await host?.dispose();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function ready(): Promise<{ status: number; checks: Record<string, { ok: boolean }> }> {
  const response = await fetch(`${host.apiBase}/health/ready`);
  const body = (await response.json()) as { checks: Record<string, { ok: boolean }> };
  return { status: response.status, checks: body.checks };
}

async function readMarker(): Promise<unknown> {
  const { client } = devhostCosmos(dataDir);
  try {
    const read = await client
      .database('asset-pulse')
      .container('recommendations')
      .item('marker', 'TST')
      .read<{ note: string }>();
    return read.resource?.note;
  } finally {
    client.dispose();
  }
}

describe(`Cosmos DB through devhost (${lane()})`, () => {
  it('is reported ready by the app, with its containers made at start', async () => {
    const { status, checks } = await ready();
    expect(status).toBe(200);
    expect(checks.cosmos).toEqual({ ok: true });
    const { client } = devhostCosmos(dataDir);
    try {
      const ids = (await client.database('asset-pulse').containers.readAll().fetchAll()).resources.map(
        (c) => c.id,
      );
      expect(ids.sort()).toEqual(['llmCache', 'recommendations']);
      await client
        .database('asset-pulse')
        .container('recommendations')
        .items.upsert({ id: 'marker', companyCode: 'TST', note: 'written before the restarts' });
    } finally {
      client.dispose();
    }
  });

  it('keeps its certificate key and account key for the owner only', () => {
    const folder = join(dataDir, 'cosmos');
    expect(statSync(join(folder, 'tls')).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder, 'tls', 'key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(folder, 'account.key')).mode & 0o777).toBe(0o600);
  });

  it('outlives a killed devhost, and the restarted devhost adopts it', async () => {
    const { pid } = devhostCosmos(dataDir);
    await host.kill();
    expect(isRunning(pid)).toBe(true);
    await host.restart();
    await host.waitForLog(/Cosmos DB emulator already running .*adopted/);
    expect(devhostCosmos(dataDir).pid).toBe(pid);
    expect((await ready()).checks.cosmos).toEqual({ ok: true });
    expect(await readMarker()).toBe('written before the restarts');
  });

  it('is stopped by a clean stop, and its data is back after the next start', async () => {
    const { pid } = devhostCosmos(dataDir);
    await host.stop();
    expect(isRunning(pid)).toBe(false);
    await host.restart();
    expect(devhostCosmos(dataDir).pid).not.toBe(pid);
    expect((await ready()).checks.cosmos).toEqual({ ok: true });
    expect(await readMarker()).toBe('written before the restarts');
  });
});
