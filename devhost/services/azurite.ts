// Azurite, the Storage emulator, for a storage connection that points at this machine.
// It runs as its own detached process, like Storage is its own service in Azure: a devhost killed
// with SIGKILL leaves it (and every message it acknowledged) running, and the restarted devhost
// adopts it through the pid file. A clean devhost stop stops it, so its data is saved.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

export const DEV_ACCOUNT = 'devstoreaccount1';

export interface EmulatorEndpoints {
  host: string;
  blobPort: number;
  queuePort: number;
  tablePort: number;
}

/** The loopback endpoints a connection string uses, or undefined when it points at real Azure. */
export function emulatorEndpoints(connection: string): EmulatorEndpoints | undefined {
  if (/^\s*UseDevelopmentStorage=true\s*;?\s*$/i.test(connection)) {
    return { host: '127.0.0.1', blobPort: 10000, queuePort: 10001, tablePort: 10002 };
  }
  const parts = new Map(
    connection
      .split(';')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => {
        const i = p.indexOf('=');
        return [p.slice(0, i).toLowerCase(), p.slice(i + 1)] as const;
      }),
  );
  const queue = parts.get('queueendpoint');
  if (parts.get('accountname') !== DEV_ACCOUNT || !queue) return undefined;
  const queueUrl = new URL(queue);
  if (!['127.0.0.1', 'localhost'].includes(queueUrl.hostname)) return undefined;
  const port = (name: string, fallback: number) => {
    const value = parts.get(name);
    return value ? Number(new URL(value).port) : fallback;
  };
  const queuePort = Number(queueUrl.port);
  return {
    host: '127.0.0.1',
    blobPort: port('blobendpoint', queuePort - 1),
    queuePort,
    tablePort: port('tableendpoint', queuePort + 1),
  };
}

export function isListening(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface RunningAzurite {
  /** started or adopted by this devhost (and so stopped by it) */
  owned: boolean;
  endpoints: EmulatorEndpoints;
  stop(): Promise<void>;
}

export async function ensureAzurite(
  endpoints: EmulatorEndpoints,
  dataDir: string,
  log: (m: string) => void,
): Promise<RunningAzurite> {
  const folder = join(dataDir, 'azurite');
  const pidFile = join(folder, 'azurite.pid');
  mkdirSync(folder, { recursive: true });
  const recordedPid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0;
  const stopPid = async (pid: number) => {
    if (!isAlive(pid)) return;
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(pidFile, { force: true });
  };

  if (await isListening(endpoints.host, endpoints.queuePort)) {
    const ours = recordedPid > 0 && isAlive(recordedPid);
    log(
      `Azurite already running on port ${endpoints.queuePort}${ours ? ` (pid ${recordedPid}, adopted)` : ''}`,
    );
    return { owned: ours, endpoints, stop: () => (ours ? stopPid(recordedPid) : Promise.resolve()) };
  }

  const azuriteMain = require.resolve('azurite/dist/src/azurite.js');
  const logFd = openSync(join(folder, 'azurite.log'), 'a');
  const child = spawn(
    process.execPath,
    [
      azuriteMain,
      '--silent',
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--location',
      folder,
      '--blobHost',
      endpoints.host,
      '--blobPort',
      String(endpoints.blobPort),
      '--queueHost',
      endpoints.host,
      '--queuePort',
      String(endpoints.queuePort),
      '--tableHost',
      endpoints.host,
      '--tablePort',
      String(endpoints.tablePort),
    ],
    { detached: true, stdio: ['ignore', logFd, logFd] },
  );
  child.unref();
  const pid = child.pid ?? 0;
  writeFileSync(pidFile, String(pid));
  for (let i = 0; i < 300; i++) {
    if (await isListening(endpoints.host, endpoints.queuePort)) {
      log(`Azurite started (pid ${pid}, ports ${endpoints.blobPort}-${endpoints.tablePort}, data ${folder})`);
      return { owned: true, endpoints, stop: () => stopPid(pid) };
    }
    if (!isAlive(pid)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopPid(pid);
  throw new Error(
    `Azurite did not start on port ${endpoints.queuePort}; see ${join(folder, 'azurite.log')}.`,
  );
}
