// Durable instance state on disk: one JSON file per instance in the task hub's folder, written
// atomically (temporary file + rename), so a host killed at any point finds either the previous or
// the new state, never half of one. Writes of one instance are serialised and coalesced: while one
// is in flight, further changes wait and go out together in the next.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryEvent } from './history';

export type RuntimeStatus =
  'Pending' | 'Running' | 'Completed' | 'Failed' | 'Terminated' | 'ContinuedAsNew' | 'Suspended';

export interface InstanceState {
  instanceId: string;
  name: string;
  executionId: string;
  runtimeStatus: RuntimeStatus;
  /** JSON text, as the extension keeps it */
  input: string | null;
  output: string | null;
  /** failure details of a Failed instance */
  failure?: unknown;
  customStatus: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  parent?: { instanceId: string; taskId: number } | undefined;
  /** the current execution's history, as the orchestrator replays it */
  history: HistoryEvent[];
  /** events that arrived but the orchestrator has not seen yet */
  inbox: HistoryEvent[];
  /** how many sequence numbers the orchestrator has used (task ids of activities, timers, ...) */
  nextTaskId: number;
  /** how many actions of the current execution have been carried out already */
  actionsDone: number;
  /** activity retry bookkeeping by task id: attempt number and the options */
  retries: Record<
    string,
    {
      attempt: number;
      options: RetryPolicy;
      action: Record<string, unknown>;
      kind: 'activity' | 'orchestration';
    }
  >;
  /** ids of timers that are retry delays, with the task they retry */
  retryTimers: Record<string, string>;
}

export interface RetryPolicy {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

const fileName = (instanceId: string) => `${Buffer.from(instanceId).toString('base64url')}.json`;

export class InstanceStore {
  readonly #dir: string;
  readonly #writing = new Map<string, Promise<void>>();
  readonly #pending = new Map<string, InstanceState | 'deleted'>();

  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  loadAll(): InstanceState[] {
    return readdirSync(this.#dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(this.#dir, f), 'utf8')) as InstanceState);
  }

  /**
   * Persists the instance; resolves once a copy at least as new as the call is on disk. The state is
   * serialised when it is written, so many saves in a row cost one write of the latest state.
   */
  save(state: InstanceState): Promise<void> {
    return this.enqueue(state.instanceId, state);
  }

  delete(instanceId: string): Promise<void> {
    return this.enqueue(instanceId, 'deleted');
  }

  /** Resolves when everything saved so far is on disk. */
  async flush(): Promise<void> {
    await Promise.all([...this.#writing.values()]);
  }

  private enqueue(instanceId: string, next: InstanceState | 'deleted'): Promise<void> {
    this.#pending.set(instanceId, next);
    const running = this.#writing.get(instanceId);
    // The running write picks the pending state up before it finishes.
    if (running) return running;
    const write = (async () => {
      for (
        let value = this.#pending.get(instanceId);
        value !== undefined;
        value = this.#pending.get(instanceId)
      ) {
        this.#pending.delete(instanceId);
        const path = join(this.#dir, fileName(instanceId));
        if (value === 'deleted') {
          await rm(path, { force: true });
        } else {
          await writeFile(`${path}.tmp`, JSON.stringify(value));
          await rename(`${path}.tmp`, path);
        }
      }
    })().finally(() => this.#writing.delete(instanceId));
    this.#writing.set(instanceId, write);
    return write;
  }
}
