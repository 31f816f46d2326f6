// devhost's part of the local Event Grid topic: start it before the app loads (the app reads
// EVENTGRID_TOPIC_ENDPOINT when it starts, and the main HTTP port may not be known yet), point the
// app at it when the endpoint is not set, then deliver to the app's triggers and serve /dev/events.
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE, writeFileAtomic } from '../atomicFile';
import type { RegisteredFunction } from '../coreApi';
import type { HttpHost } from '../http/httpHost';
import type { InvocationLog } from '../invocationLog';
import type { Invoker } from '../invoker';
import { portSetting } from '../mail/smtpSink';
import { eventsRoute } from './eventsPage';
import { LocalEventGridTopic, newTopicKey } from './localTopic';

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}=${value} must be a whole number ≥ ${min}.`);
  return n;
}

/** DEVHOST_EVENTGRID_KEY, else the key kept in the data folder (made on first start), so it survives restarts. */
async function topicKey(env: NodeJS.ProcessEnv, dataDir: string): Promise<string> {
  if (env.DEVHOST_EVENTGRID_KEY) return env.DEVHOST_EVENTGRID_KEY;
  const file = join(dataDir, 'eventgrid', 'topic.key');
  ensurePrivateDir(join(dataDir, 'eventgrid'));
  if (existsSync(file)) {
    chmodSync(file, PRIVATE_FILE); // a key written by an older devhost was world-readable
    return readFileSync(file, 'utf8').trim();
  }
  const key = newTopicKey();
  await writeFileAtomic(file, key, { mode: PRIVATE_FILE });
  return key;
}

export interface EventGridHosting {
  topic: LocalEventGridTopic;
  endpoint: string;
  /** once the app is loaded: deliver to its Event Grid triggers (resuming pending deliveries) and serve /dev/events */
  attach(options: { functions: RegisteredFunction[]; invoker: Invoker; http: HttpHost }): void;
  stop(): Promise<void>;
}

export async function startEventGridForDevhost(options: {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  log: InvocationLog;
}): Promise<EventGridHosting> {
  const { env, dataDir, log } = options;
  const key = await topicKey(env, dataDir);
  const topic = new LocalEventGridTopic({
    dataDir,
    key,
    port: portSetting(env, 'DEVHOST_EVENTGRID_PORT'),
    maxAttempts: positiveInteger(env, 'DEVHOST_EVENTGRID_MAX_ATTEMPTS', 5, 1),
    retryDelayMs: positiveInteger(env, 'DEVHOST_EVENTGRID_RETRY_DELAY_MS', 1000, 0),
    log,
  });
  await topic.listen();
  if (!env.EVENTGRID_TOPIC_ENDPOINT) {
    env.EVENTGRID_TOPIC_ENDPOINT = topic.endpoint;
    env.EVENTGRID_TOPIC_KEY = key;
    log.host(`eventgrid: local topic on ${topic.endpoint} (EVENTGRID_TOPIC_ENDPOINT), log in /dev/events`);
  } else {
    log.host(
      `eventgrid: local topic on ${topic.endpoint}; the app publishes to its own EVENTGRID_TOPIC_ENDPOINT`,
    );
  }
  return {
    topic,
    endpoint: topic.endpoint,
    attach({ functions, invoker, http }) {
      http.devRoutes.set('/dev/events', eventsRoute(topic));
      topic.deliverTo(functions, invoker);
      const pending = topic.store
        .all()
        .flatMap((r) => r.deliveries ?? [])
        .filter((d) => d.status === 'pending').length;
      if (pending > 0) log.host(`eventgrid: resuming ${pending} pending delivery(ies)`);
    },
    stop: () => topic.stop(),
  };
}
