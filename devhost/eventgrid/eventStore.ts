// The local topic's log on disk: one JSON file per accepted event under <data dir>/eventgrid/events,
// holding the event and the state of its delivery to each Event Grid trigger. Written atomically
// before the publisher gets its 200 and again after each delivery attempt, so a killed host resumes
// the deliveries still pending and never loses an event it acknowledged.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TEMP_SUFFIX, writeFileAtomic } from '../atomicFile';
import type { CloudEvent } from './cloudEvents';

export type DeliveryStatus = 'pending' | 'delivered' | 'dead-lettered';

export interface Delivery {
  /** the function (an Event Grid trigger) */
  function: string;
  status: DeliveryStatus;
  attempts: number;
  lastError?: string;
  /** when a pending delivery is tried next */
  nextAttemptAt?: string;
  deliveredAt?: string;
  deadLetteredAt?: string;
  /** as Event Grid names it in dead-lettered events */
  deadLetterReason?: string;
}

export interface EventRecord {
  /** the store's own key: time-ordered, unique even when a publisher repeats an event id */
  key: string;
  receivedAt: string;
  event: CloudEvent;
  /** null until the event has been routed to the app's triggers (the topic takes events before the app has loaded) */
  deliveries: Delivery[] | null;
}

export class EventStore {
  readonly #records = new Map<string, EventRecord>();
  readonly #writes = new Map<string, Promise<void>>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(dir)) {
      if (file.endsWith(TEMP_SUFFIX)) rmSync(join(dir, file), { force: true });
      else if (file.endsWith('.json')) {
        const record = JSON.parse(readFileSync(join(dir, file), 'utf8')) as EventRecord;
        this.#records.set(record.key, record);
      }
    }
  }

  /** Stores a batch, each event with its own copy of `deliveries`; resolves when all of it is on disk. */
  async add(events: CloudEvent[], deliveries: Delivery[] | null, now = new Date()): Promise<EventRecord[]> {
    const stamp = now.toISOString().replace(/[-:.]/g, '');
    const records: EventRecord[] = events.map((event, index) => ({
      key: `${stamp}-${String(index).padStart(4, '0')}-${randomBytes(4).toString('hex')}`,
      receivedAt: now.toISOString(),
      event,
      deliveries: deliveries && deliveries.map((d) => ({ ...d })),
    }));
    await Promise.all(records.map((r) => writeFileAtomic(this.path(r.key), JSON.stringify(r))));
    for (const r of records) this.#records.set(r.key, r);
    return records;
  }

  /** Persists a record's current state; writes of one record go out in order. */
  save(record: EventRecord): Promise<void> {
    const previous = this.#writes.get(record.key) ?? Promise.resolve();
    const write = previous
      .catch(() => undefined)
      .then(() => writeFileAtomic(this.path(record.key), JSON.stringify(record)));
    this.#writes.set(record.key, write);
    void write.finally(() => {
      if (this.#writes.get(record.key) === write) this.#writes.delete(record.key);
    });
    return write;
  }

  /** oldest first */
  all(): EventRecord[] {
    return [...this.#records.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.#writes.values()]);
  }

  private path(key: string): string {
    return join(this.dir, `${key}.json`);
  }
}
