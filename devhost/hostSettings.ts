// host.json and local.settings.json, as the Functions host reads them: host.json for the runtime's
// settings (overridable by AzureFunctionsJobHost__path__to__setting variables, as in Azure), and
// local.settings.json "Values" as environment variables (a variable already set wins, which is
// what lets tests and CI point the same app elsewhere).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { PRIVATE_FILE } from './atomicFile';

export interface QueueSettings {
  batchSize: number;
  newBatchThreshold: number;
  maxDequeueCount: number;
  /** seconds a failed message stays invisible before its next try */
  visibilityTimeoutSeconds: number;
  maxPollingIntervalMs: number;
  messageEncoding: 'base64' | 'none';
}

export interface DurableTaskSettings {
  hubName: string;
  maxConcurrentActivityFunctions: number;
  maxConcurrentOrchestratorFunctions: number;
}

export interface HostSettings {
  routePrefix: string;
  queues: QueueSettings;
  durableTask: DurableTaskSettings;
  raw: Record<string, unknown>;
}

/** Parses a .NET TimeSpan ("00:00:30", "1.02:00:00") or a number of milliseconds into milliseconds. */
export function parseTimeSpanMs(value: unknown, setting: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(value.trim());
    if (match) {
      const [, days = '0', h = '0', m = '0', s = '0', fraction = '0'] = match;
      return (
        ((Number(days) * 24 + Number(h)) * 60 + Number(m)) * 60_000 +
        Number(s) * 1000 +
        Math.round(Number(`0.${fraction}`) * 1000)
      );
    }
  }
  throw new Error(`host.json: ${setting} must be a time span like "00:00:30", not ${JSON.stringify(value)}.`);
}

function applyEnvOverrides(json: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  const prefix = 'azurefunctionsjobhost__';
  for (const [key, value] of Object.entries(env)) {
    if (!key.toLowerCase().startsWith(prefix) || value === undefined) continue;
    const path = key.slice(prefix.length).split('__');
    let node: Record<string, unknown> = json;
    path.forEach((segment, index) => {
      const existing = Object.keys(node).find((k) => k.toLowerCase() === segment.toLowerCase()) ?? segment;
      if (index === path.length - 1) {
        const numeric = Number(value);
        node[existing] = value.trim() !== '' && !Number.isNaN(numeric) ? numeric : value;
      } else {
        const child = node[existing];
        node = (node[existing] = typeof child === 'object' && child !== null ? child : {}) as Record<
          string,
          unknown
        >;
      }
    });
  }
}

function positiveInt(
  value: unknown,
  fallback: number,
  setting: string,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(
      `host.json: ${setting} must be a whole number from 1 to ${max}, not ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

export function readHostSettings(appDir: string, env: NodeJS.ProcessEnv = process.env): HostSettings {
  const path = join(appDir, 'host.json');
  if (!existsSync(path)) throw new Error(`No host.json in the app folder ${appDir}.`);
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  if (raw.version !== '2.0') throw new Error(`${path}: "version" must be "2.0" (Functions v4).`);
  applyEnvOverrides(raw, env);
  const extensions = (raw.extensions ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const http = extensions.http ?? {};
  const queues = extensions.queues ?? {};
  const batchSize = positiveInt(queues.batchSize, 16, 'extensions.queues.batchSize', 32);
  const encoding = queues.messageEncoding ?? 'base64';
  if (encoding !== 'base64' && encoding !== 'none') {
    throw new Error('host.json: extensions.queues.messageEncoding must be "base64" or "none".');
  }
  const durable = extensions.durableTask ?? {};
  const cores = Math.max(1, availableParallelism());
  if (
    durable.hubName !== undefined &&
    (typeof durable.hubName !== 'string' || !/^[a-zA-Z][a-zA-Z0-9]{2,44}$/.test(durable.hubName))
  ) {
    throw new Error(
      'host.json: extensions.durableTask.hubName must be 3 to 45 letters and digits, starting with a letter.',
    );
  }
  return {
    durableTask: {
      hubName: typeof durable.hubName === 'string' ? durable.hubName : 'DevHostHub',
      maxConcurrentActivityFunctions: positiveInt(
        durable.maxConcurrentActivityFunctions,
        10 * cores,
        'extensions.durableTask.maxConcurrentActivityFunctions',
      ),
      maxConcurrentOrchestratorFunctions: positiveInt(
        durable.maxConcurrentOrchestratorFunctions,
        10 * cores,
        'extensions.durableTask.maxConcurrentOrchestratorFunctions',
      ),
    },
    routePrefix: typeof http.routePrefix === 'string' ? http.routePrefix.replace(/^\/+|\/+$/g, '') : 'api',
    queues: {
      batchSize,
      newBatchThreshold:
        queues.newBatchThreshold === undefined
          ? Math.floor(batchSize / 2)
          : positiveInt(queues.newBatchThreshold, 0, 'extensions.queues.newBatchThreshold'),
      maxDequeueCount: positiveInt(queues.maxDequeueCount, 5, 'extensions.queues.maxDequeueCount'),
      visibilityTimeoutSeconds: parseTimeSpanMs(queues.visibilityTimeout ?? 0, 'visibilityTimeout') / 1000,
      maxPollingIntervalMs: Math.max(
        100,
        parseTimeSpanMs(queues.maxPollingInterval ?? '00:01:00', 'extensions.queues.maxPollingInterval'),
      ),
      messageEncoding: encoding,
    },
    raw,
  };
}

/** The placeholder in local.settings.sample.json for a secret devhost generates on first start. */
export const GENERATE = '<generate>';

export interface LocalSettings {
  path: string;
  values: Record<string, string>;
}

/**
 * Reads local.settings.json (created from local.settings.sample.json when missing), makes sure it
 * holds a host key, and copies its Values into the environment without overriding what is set.
 */
export function loadLocalSettings(appDir: string, env: NodeJS.ProcessEnv = process.env): LocalSettings {
  const path = join(appDir, 'local.settings.json');
  const sample = join(appDir, 'local.settings.sample.json');
  // It holds the app's secrets (the link key, the host key): readable by its owner only.
  if (!existsSync(path) && existsSync(sample))
    writeFileSync(path, readFileSync(sample), { mode: PRIVATE_FILE });
  const file = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as { Values?: Record<string, unknown> })
    : { Values: {} };
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(file.Values ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      values[key] = String(value);
  }
  // A secret the app needs locally (the host key, a signing key) is made here, once, and kept in
  // local.settings.json (git-ignored): the sample says "<generate>" instead of holding a value.
  const generated = Object.keys(values).filter((key) => values[key] === GENERATE);
  if (!values.DEVHOST_HOST_KEY) generated.push('DEVHOST_HOST_KEY');
  if (generated.length > 0 && existsSync(path)) {
    // 256 bits from the system's CSPRNG, base64url (43 characters)
    for (const key of generated) values[key] = randomBytes(32).toString('base64url');
    file.Values = { ...(file.Values ?? {}), ...Object.fromEntries(generated.map((k) => [k, values[k]])) };
    writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: PRIVATE_FILE });
    chmodSync(path, PRIVATE_FILE); // the mode above applies to a new file only
  }
  for (const [key, value] of Object.entries(values)) {
    if (env[key] === undefined) env[key] = value;
  }
  return { path, values };
}
