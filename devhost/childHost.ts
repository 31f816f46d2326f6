// Runs devhost as a child process, as `npm start` does, on ports and folders of its own, so a test
// or a benchmark can kill it (SIGKILL), restart it on the same data, and stop it cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EventView } from './eventgrid/eventsPage';
import type { MailMessage } from './mail/mailbox';

export type { EventView, MailMessage };

/** the project folder, from devhost/ in the sources or devhost/dist/ when compiled */
export const projectRoot = resolve(__dirname, /[\\/]dist[\\/]/.test(__dirname) ? '../..' : '..');
const cli = join(projectRoot, 'devhost', 'dist', 'cli.js');
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
export const TEST_HOST_KEY = 'integration-test-host-key';

/**
 * A free port for devhost's HTTP listener, below the range the system hands out for port 0
 * (32768+ on Linux): devhost binds its SMTP sink and Event Grid topic to port 0 before it listens
 * on this one, and an ephemeral pick could otherwise land on the port chosen here.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * 10_000);
    if (await portIsFree(port)) return port;
  }
  throw new Error('No free port between 10000 and 20000.');
}

/** Three consecutive free ports for Azurite's blob, queue and table services. */
async function freePortRun(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    // Below 32768 as well (see freePort), and apart from freePort's range.
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await Promise.all([0, 1, 2].map((i) => portIsFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('No three free ports in a row for Azurite.');
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
  });
}

export function storageConnectionString(basePort: number): string {
  const endpoint = (port: number) => `http://127.0.0.1:${port}/devstoreaccount1`;
  return [
    'DefaultEndpointsProtocol=http',
    'AccountName=devstoreaccount1',
    `AccountKey=${DEV_ACCOUNT_KEY}`,
    `BlobEndpoint=${endpoint(basePort)}`,
    `QueueEndpoint=${endpoint(basePort + 1)}`,
    `TableEndpoint=${endpoint(basePort + 2)}`,
  ].join(';');
}

/** Test overrides for a token from the local issuer (POST /dev/identity/token). */
export interface TokenOverrides {
  roles?: string[];
  audience?: string;
  /** negative: an already expired token */
  expiresInSeconds?: number;
  /** positive: a token that is not valid yet */
  notBeforeInSeconds?: number;
  claims?: Record<string, unknown>;
}

export interface DevhostRun {
  url: string;
  apiBase: string;
  dataDir: string;
  storage: string;
  env: Record<string, string>;
  output(): string;
  /** the devhost process's id while it runs (e.g. to read its memory from /proc/<pid>/status) */
  pid(): number | undefined;
  /** resolves when the log (since start) holds `times` lines matching `pattern` */
  waitForLog(pattern: RegExp, times?: number, timeoutMs?: number): Promise<void>;
  /** SIGKILL, no goodbye: what a crash looks like */
  kill(): Promise<void>;
  /** SIGTERM and wait: what Ctrl-C does */
  stop(): Promise<void>;
  /** Ctrl-C under `npm start`: SIGINT from the terminal and the copy npm forwards; resolves to the exit code */
  interrupt(): Promise<number | null>;
  /** the Azurite process this devhost started, if it is still running */
  azuriteRunning(): boolean;
  restart(): Promise<void>;
  /** an access token from devhost's local issuer for the person with this e-mail */
  tokenFor(email: string, overrides?: TokenOverrides): Promise<string>;
  /** a client-credentials token for an application (a pipeline) holding these roles */
  appToken(roles: string[], overrides?: TokenOverrides & { clientId?: string }): Promise<string>;
  /** mail the SMTP sink holds, newest first (GET /dev/mailbox?format=json) */
  mailbox(filter?: { to?: string; since?: Date | string }): Promise<MailMessage[]>;
  /** resolves with the newest message matching `predicate`, polling the mailbox */
  waitForMail(predicate: (message: MailMessage) => boolean, timeoutMs?: number): Promise<MailMessage>;
  /** what the local Event Grid topic received, newest first, with its deliveries (GET /dev/events?format=json) */
  events(filter?: { type?: string; since?: Date | string }): Promise<EventView[]>;
  /** resolves with the newest event matching `predicate` (e.g. one whose deliveries are all done) */
  waitForEvent(predicate: (event: EventView) => boolean, timeoutMs?: number): Promise<EventView>;
  /** the local topic's endpoint and key, to publish from a test */
  eventTopic(): Promise<{ endpoint: string; key: string }>;
  /** stops it and removes everything it left behind (Azurite too) */
  dispose(): Promise<void>;
}

export interface DevhostOptions {
  appDir?: string;
  env?: Record<string, string>;
  dataDir?: string;
}

export async function startDevhost(options: DevhostOptions = {}): Promise<DevhostRun> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run the build first (npm test does).`);
  const appDir = options.appDir ?? projectRoot;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'asset-pulse-devhost-'));
  const port = await freePort();
  const storage = storageConnectionString(await freePortRun());
  const env: Record<string, string> = {
    AzureWebJobsStorage: storage,
    PGLITE_DATA_DIR: join(dataDir, 'pglite'),
    // Another app keeps its own keys in its local.settings.json.
    ...(appDir === projectRoot
      ? { DEVHOST_HOST_KEY: TEST_HOST_KEY, DEVHOST_SIGNIN_DIRECTORY: 'dist/functions/index.js' }
      : {}),
    DEVHOST_QUEUE_LEASE_SECONDS: '5',
    SEED_ON_FIRST_START: 'false',
    DB_MIGRATE_ON_START: 'true',
    AzureFunctionsJobHost__extensions__queues__maxPollingInterval: '00:00:00.500',
    ...options.env,
  };
  let child: ChildProcess | undefined;
  let log = '';

  const launch = () =>
    new Promise<void>((resolveStart, reject) => {
      const processEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
      if (!process.env.DATABASE_URL || env.DATABASE_URL === '') delete processEnv.DATABASE_URL;
      const started = spawn(process.execPath, [cli, appDir, '--port', String(port), '--data-dir', dataDir], {
        env: processEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      const timer = setTimeout(() => reject(new Error(`devhost did not start in 120 s:\n${log}`)), 120_000);
      const startOfThisRun = log.length; // a restart must wait for its own banner, not the last one
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        if (log.indexOf('devhost ready on', startOfThisRun) >= 0) {
          clearTimeout(timer);
          resolveStart();
        }
      };
      started.stdout?.on('data', onData);
      started.stderr?.on('data', onData);
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`devhost exited with ${code} before it was ready:\n${log}`));
      });
    });

  const waitForExit = (signal: NodeJS.Signals) =>
    new Promise<void>((resolveExit) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolveExit();
      child.once('exit', () => resolveExit());
      child.kill(signal);
    });

  const azuritePid = () => {
    const file = join(dataDir, 'azurite', 'azurite.pid');
    return existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0;
  };

  const cosmosPid = () => {
    const file = join(dataDir, 'cosmos', 'cosmos.port');
    return existsSync(file) ? Number(readFileSync(file, 'utf8').split(' ')[0]) : 0;
  };

  await launch();
  const url = `http://127.0.0.1:${port}`;
  const token = async (body: Record<string, unknown>): Promise<string> => {
    const response = await fetch(`${url}/dev/identity/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 200)
      throw new Error(`/dev/identity/token answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const devJson = async <T>(path: string, params: Record<string, string | Date | undefined>): Promise<T> => {
    const query = new URLSearchParams({ format: 'json' });
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined) query.set(name, value instanceof Date ? value.toISOString() : value);
    }
    const response = await fetch(`${url}${path}?${query.toString()}`);
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const mailbox = async (filter: { to?: string; since?: Date | string } = {}) =>
    (await devJson<{ messages: MailMessage[] }>('/dev/mailbox', filter)).messages;
  const events = async (filter: { type?: string; since?: Date | string } = {}) =>
    (await devJson<{ events: EventView[] }>('/dev/events', filter)).events;
  return {
    url,
    apiBase: `${url}/api`,
    dataDir,
    storage,
    env,
    output: () => log,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? child.pid : undefined),
    waitForLog: async (pattern, times = 1, timeoutMs = 120_000) => {
      await waitFor(
        `${times} log lines matching ${pattern}`,
        () => {
          const count = log.split('\n').filter((line) => pattern.test(line)).length;
          return Promise.resolve(count >= times ? true : undefined);
        },
        timeoutMs,
        20,
      );
    },
    kill: () => waitForExit('SIGKILL'),
    stop: () => waitForExit('SIGTERM'),
    interrupt: () =>
      new Promise<number | null>((resolveExit) => {
        if (!child || child.exitCode !== null) return resolveExit(child?.exitCode ?? null);
        const running = child;
        running.once('exit', (code) => resolveExit(code));
        running.kill('SIGINT');
        setTimeout(() => running.kill('SIGINT'), 20);
      }),
    azuriteRunning: () => {
      const pid = azuritePid();
      if (!pid) return false;
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    },
    restart: launch,
    tokenFor: (email, overrides = {}) => token({ email, ...overrides }),
    appToken: (roles, { clientId = 'test-pipeline', ...overrides } = {}) =>
      token({ clientId, roles, ...overrides }),
    mailbox,
    waitForMail: (predicate, timeoutMs = 30_000) =>
      waitFor(
        'a matching mail in /dev/mailbox',
        async () => (await mailbox()).find(predicate),
        timeoutMs,
        100,
      ),
    events,
    waitForEvent: (predicate, timeoutMs = 30_000) =>
      waitFor(
        'a matching event in /dev/events',
        async () => (await events()).find(predicate),
        timeoutMs,
        100,
      ),
    async eventTopic() {
      const { topicEndpoint } = await devJson<{ topicEndpoint: string }>('/dev/events', {});
      const keyFile = join(dataDir, 'eventgrid', 'topic.key');
      const key =
        env.DEVHOST_EVENTGRID_KEY || (existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : '');
      return { endpoint: topicEndpoint, key };
    },
    async dispose() {
      await waitForExit('SIGTERM');
      for (const pid of [azuritePid(), cosmosPid()]) {
        if (!pid) continue;
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone: the clean stop took it down
        }
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `Timed out waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`,
  );
}
