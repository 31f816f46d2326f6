// The local stand-in for the Event Grid custom topic. It speaks the topic's publish API
// (POST /api/events with the `aeg-sas-key` header and a CloudEvents 1.0 batch; 200 with an empty
// body, 400 naming what is wrong, 401 for a wrong key, 413 over 1 MB), stores what it accepts
// before it answers, and delivers each event to every Event Grid trigger of the app, one invocation
// per event, as Event Grid does for an `azurefunction` subscription:
// - at least once: a failed invocation is tried again after a growing delay (retryDelayMs, doubled
//   per attempt, at most a minute);
// - after maxAttempts failures the delivery is dead-lettered: kept, with the reason and last error;
// - a delivery pending when the host is killed is resumed by the next start.
// No filters: every trigger receives every event (subscriptions, with their event-type filters,
// live in Azure; see docs/devhost.md).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RegisteredFunction } from '../coreApi';
import type { InvocationLog } from '../invocationLog';
import type { Invoker, RpcTypedData } from '../invoker';
import { parseCloudEventBatch, type CloudEvent } from './cloudEvents';
import { EventStore, type Delivery, type EventRecord } from './eventStore';

export interface LocalTopicOptions {
  dataDir: string;
  key: string;
  /** 0: any free port */
  port?: number;
  maxAttempts?: number;
  retryDelayMs?: number;
  log?: InvocationLog | undefined;
}

/** Event Grid's limit for one publish request. */
export const MAX_BATCH_BYTES = 1024 * 1024;
export const TOPIC_PATH = '/api/events';
const MAX_RETRY_DELAY_MS = 60_000;

const sha256 = (value: string) => createHash('sha256').update(value).digest();

function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  details: string[] = [],
) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(
    JSON.stringify({
      error: {
        code,
        message,
        ...(details.length > 0 ? { details: details.map((d) => ({ code, message: d })) } : {}),
      },
    }),
  );
}

async function readLimited(req: IncomingMessage, limit: number): Promise<string | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class LocalEventGridTopic {
  readonly store: EventStore;
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
  #server: Server | undefined;
  #port = 0;
  #subscribers: RegisteredFunction[] | undefined;
  #invoker: Invoker | undefined;
  #stopped = false;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #running = new Set<Promise<void>>();

  constructor(private readonly options: LocalTopicOptions) {
    this.store = new EventStore(join(options.dataDir, 'eventgrid', 'events'));
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.retryDelayMs = Math.max(0, options.retryDelayMs ?? 1000);
  }

  /** http://127.0.0.1:<port>/api/events, once listening */
  get endpoint(): string {
    return `http://127.0.0.1:${this.#port}${TOPIC_PATH}`;
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.options.log?.host(`eventgrid: request failed: ${(error as Error).message}`);
        if (!res.headersSent)
          sendError(res, 500, 'InternalServerError', 'The local topic failed; see the log.');
        else res.destroy();
      });
    });
    this.#port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
    this.#server = server;
  }

  /**
   * Starts delivering to the app's Event Grid triggers: routes what arrived before the app loaded and
   * resumes every delivery left pending by an earlier run.
   */
  deliverTo(functions: RegisteredFunction[], invoker: Invoker): void {
    this.#subscribers = functions.filter((f) => f.trigger.type.toLowerCase() === 'eventgridtrigger');
    this.#invoker = invoker;
    for (const record of this.store.all()) {
      if (record.deliveries === null) {
        this.route(record);
        void this.store.save(record);
      }
      for (const delivery of record.deliveries ?? [])
        if (delivery.status === 'pending') this.schedule(record, delivery);
    }
  }

  /** Stops taking events and starting deliveries; waits for the running ones and their records. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    const server = this.#server;
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
    }
    await Promise.allSettled([...this.#running]);
    await this.store.flush();
  }

  /** Stores a valid batch and schedules its deliveries (what a publish request does after its checks). */
  async accept(events: CloudEvent[]): Promise<EventRecord[]> {
    const records = await this.store.add(events, this.#subscribers ? this.routes() : null);
    if (!this.#subscribers) return records;
    for (const record of records) {
      if (record.deliveries === null) {
        // the app finished loading while this batch was being written
        this.route(record);
        await this.store.save(record);
      }
      for (const delivery of record.deliveries ?? []) this.schedule(record, delivery);
    }
    return records;
  }

  private routes(): Delivery[] {
    return (this.#subscribers ?? []).map((fn) => ({
      function: fn.metadata.name,
      status: 'pending',
      attempts: 0,
    }));
  }

  private route(record: EventRecord): void {
    record.deliveries = this.routes();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/$/, '');
    if (path !== TOPIC_PATH) return sendError(res, 404, 'NotFound', `Publish to ${TOPIC_PATH}.`);
    if (req.method !== 'POST')
      return sendError(res, 405, 'MethodNotAllowed', 'Events are published with POST.');
    const key = req.headers['aeg-sas-key'];
    if (typeof key !== 'string' || !timingSafeEqual(sha256(key), sha256(this.options.key))) {
      req.resume();
      return sendError(
        res,
        401,
        'Unauthorized',
        req.headers.authorization
          ? 'The local topic takes its access key (aeg-sas-key header), not a token.'
          : 'A valid aeg-sas-key header is required.',
      );
    }
    if (this.#stopped) return sendError(res, 503, 'ServiceUnavailable', 'The local topic is stopping.');
    const body = await readLimited(req, MAX_BATCH_BYTES);
    if (body === undefined)
      return sendError(res, 413, 'RequestEntityTooLarge', 'A publish request may carry at most 1 MB.');
    const parsed = parseCloudEventBatch(req.headers['content-type'], body);
    if ('problems' in parsed) {
      this.options.log?.host(`eventgrid: rejected a publish request: ${parsed.problems.join('; ')}`);
      return sendError(res, 400, 'BadRequest', parsed.problems[0]!, parsed.problems);
    }
    const records = await this.accept(parsed.events);
    this.options.log?.host(
      `eventgrid: accepted ${records.length} event(s): ${[...new Set(parsed.events.map((e) => e.type))].join(', ')}`,
    );
    res.writeHead(200, { 'content-length': '0' });
    res.end();
  }

  private schedule(record: EventRecord, delivery: Delivery): void {
    if (this.#stopped) return;
    const wait = delivery.nextAttemptAt ? Math.max(0, Date.parse(delivery.nextAttemptAt) - Date.now()) : 0;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#stopped) return;
      const work = this.deliver(record, delivery).catch((error: unknown) => {
        // the attempt's outcome could not be saved: the delivery stays pending on disk and runs again on the next start
        this.options.log?.host(
          `eventgrid: delivery of ${record.event.id} to ${delivery.function} not recorded: ${(error as Error).message}`,
        );
      });
      this.#running.add(work);
      void work.finally(() => this.#running.delete(work));
    }, wait);
    this.#timers.add(timer);
  }

  private async deliver(record: EventRecord, delivery: Delivery): Promise<void> {
    const log = this.options.log;
    const fn = this.#subscribers?.find((f) => f.metadata.name === delivery.function);
    const now = () => new Date().toISOString();
    if (!fn || !this.#invoker) {
      Object.assign(delivery, {
        status: 'dead-lettered',
        deadLetteredAt: now(),
        deadLetterReason: 'NoSuchFunction',
        lastError: `The app has no Event Grid trigger named ${delivery.function} any more.`,
      });
      delete delivery.nextAttemptAt;
      await this.store.save(record);
      return;
    }
    const started = performance.now();
    const attempt = delivery.attempts + 1;
    const label = `eventGrid ${record.event.type} #${attempt}`;
    const event = record.event;
    const json = (value: unknown): RpcTypedData => ({ json: JSON.stringify(value) });
    try {
      await this.#invoker.invoke(fn, {
        inputData: [{ name: fn.trigger.name, data: json(event) }],
        // The Event Grid extension's binding data: the event's data.
        triggerMetadata: event.data === undefined ? {} : { data: json(event.data) },
      });
      Object.assign(delivery, { status: 'delivered', attempts: attempt, deliveredAt: now() });
      delete delivery.nextAttemptAt;
      await this.store.save(record);
      log?.invocation(fn.metadata.name, label, performance.now() - started, 'Succeeded');
    } catch (error) {
      const message = error instanceof Error ? error.message : JSON.stringify(error);
      delivery.attempts = attempt;
      delivery.lastError = message ?? String(error);
      if (attempt >= this.maxAttempts) {
        Object.assign(delivery, {
          status: 'dead-lettered',
          deadLetteredAt: now(),
          deadLetterReason: 'MaxDeliveryAttemptsExceeded',
        });
        delete delivery.nextAttemptAt;
        await this.store.save(record);
        log?.invocation(
          fn.metadata.name,
          label,
          performance.now() - started,
          'DeadLettered',
          `after ${attempt} attempts`,
          error,
        );
      } else {
        const delay = Math.min(this.retryDelayMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
        delivery.nextAttemptAt = new Date(Date.now() + delay).toISOString();
        await this.store.save(record);
        log?.invocation(
          fn.metadata.name,
          label,
          performance.now() - started,
          'Failed',
          `will retry in ${delay} ms`,
          error,
        );
        this.schedule(record, delivery);
      }
    }
  }
}

export function newTopicKey(): string {
  return randomBytes(32).toString('base64');
}
