// Storage queue triggers with the Functions runtime's semantics:
// - messages are fetched in batches of `batchSize`; a new batch is fetched when the number still
//   running falls to `newBatchThreshold`; empty polls back off up to `maxPollingInterval`;
// - a message is leased (invisible) while its function runs, and the lease is renewed, so a
//   crashed host's messages come back after the lease ends (at-least-once);
// - success deletes the message; failure makes it visible again after `visibilityTimeout`;
//   a failure on the `maxDequeueCount`-th delivery moves it to `<queue>-poison`;
// - messages are base64 by default (`messageEncoding`), and the trigger metadata carries
//   DequeueCount, Id, PopReceipt, InsertionTime, ExpirationTime, NextVisibleTime.
// Azure renews a 10-minute lease; devhost uses a shorter one (DEVHOST_QUEUE_LEASE_SECONDS) so a
// killed host's messages return in seconds, not minutes.
import type { DequeuedMessageItem, QueueClient, QueueServiceClient } from '@azure/storage-queue';
import type { RegisteredFunction } from '../coreApi';
import type { QueueSettings } from '../hostSettings';
import type { Invoker, RpcTypedData } from '../invoker';
import type { InvocationLog } from '../invocationLog';
import { resolveSettingExpression } from '../settingExpression';

export interface QueueListenerOptions {
  fn: RegisteredFunction;
  env: NodeJS.ProcessEnv;
  service: QueueServiceClient;
  settings: QueueSettings;
  invoker: Invoker;
  log: InvocationLog;
  leaseSeconds: number;
}

export class QueueListener {
  readonly queueName: string;
  readonly #queue: QueueClient;
  readonly #poison: QueueClient;
  readonly #running = new Set<Promise<void>>();
  #stopped = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(private readonly options: QueueListenerOptions) {
    const name = resolveSettingExpression(options.fn.trigger.queueName, options.env);
    if (typeof name !== 'string' || !/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(name)) {
      throw new Error(`Function "${options.fn.metadata.name}": "${String(name)}" is not a valid queue name.`);
    }
    this.queueName = name;
    this.#queue = options.service.getQueueClient(name);
    this.#poison = options.service.getQueueClient(`${name}-poison`);
  }

  async start(): Promise<void> {
    await this.#queue.createIfNotExists();
    await this.#poison.createIfNotExists();
    this.#loop = this.poll();
  }

  /** Lets the listener look again at once (e.g. after this host enqueued something). */
  nudge(): void {
    this.#wake?.();
  }

  /** Stops fetching and waits for the running messages to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
    await Promise.allSettled([...this.#running]);
  }

  private async poll(): Promise<void> {
    const { batchSize, newBatchThreshold, maxPollingIntervalMs } = this.options.settings;
    let delay = 100;
    while (!this.#stopped) {
      if (this.#running.size > newBatchThreshold) {
        await Promise.race(this.#running);
        continue;
      }
      let messages: DequeuedMessageItem[] = [];
      try {
        const response = await this.#queue.receiveMessages({
          numberOfMessages: batchSize,
          visibilityTimeout: this.options.leaseSeconds,
        });
        messages = response.receivedMessageItems;
      } catch (error) {
        if (this.#stopped) break;
        this.options.log.host(
          `queue ${this.queueName}: receive failed (${(error as Error).message}); retrying`,
        );
      }
      for (const message of messages) {
        const work = this.process(message);
        this.#running.add(work);
        void work.finally(() => this.#running.delete(work));
      }
      if (messages.length > 0) {
        delay = 100;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
      delay = Math.min(delay * 2, maxPollingIntervalMs);
    }
  }

  private decode(message: DequeuedMessageItem): string {
    if (this.options.settings.messageEncoding === 'none') return message.messageText;
    const text = message.messageText.trim();
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
      throw new Error('The message is not valid base64, and host.json says messageEncoding is "base64".');
    }
    return Buffer.from(text, 'base64').toString('utf8');
  }

  private async process(message: DequeuedMessageItem): Promise<void> {
    const { fn, invoker, log, settings, leaseSeconds } = this.options;
    const started = performance.now();
    let popReceipt = message.popReceipt;
    // Keep the lease while the function runs, as the runtime does.
    const renew = setInterval(
      () => {
        void this.#queue
          .updateMessage(message.messageId, popReceipt, undefined, leaseSeconds)
          .then((r) => {
            if (r.popReceipt) popReceipt = r.popReceipt;
          })
          .catch(() => undefined);
      },
      (leaseSeconds * 1000) / 2,
    );
    const json = (value: unknown): RpcTypedData => ({ json: JSON.stringify(value) });
    try {
      const text = this.decode(message);
      await invoker.invoke(fn, {
        inputData: [{ name: fn.trigger.name, data: { string: text } }],
        triggerMetadata: {
          QueueTrigger: { string: text },
          DequeueCount: json(message.dequeueCount),
          Id: { string: message.messageId },
          PopReceipt: { string: popReceipt },
          InsertionTime: json(message.insertedOn),
          ExpirationTime: json(message.expiresOn),
          NextVisibleTime: json(message.nextVisibleOn),
        },
      });
      clearInterval(renew);
      await this.#queue.deleteMessage(message.messageId, popReceipt);
      log.invocation(
        fn.metadata.name,
        `queue ${this.queueName} #${message.dequeueCount}`,
        performance.now() - started,
        'Succeeded',
      );
    } catch (error) {
      clearInterval(renew);
      const elapsed = performance.now() - started;
      if (message.dequeueCount >= settings.maxDequeueCount) {
        // Same text as received, like the runtime: the poison queue holds the original message.
        await this.#poison.sendMessage(message.messageText);
        await this.#queue.deleteMessage(message.messageId, popReceipt);
        log.invocation(
          fn.metadata.name,
          `queue ${this.queueName} #${message.dequeueCount}`,
          elapsed,
          'Poisoned',
          `moved to ${this.queueName}-poison`,
          error,
        );
      } else {
        await this.#queue
          .updateMessage(message.messageId, popReceipt, undefined, settings.visibilityTimeoutSeconds)
          .catch(() => undefined);
        log.invocation(
          fn.metadata.name,
          `queue ${this.queueName} #${message.dequeueCount}`,
          elapsed,
          'Failed',
          'will retry',
          error,
        );
      }
    }
  }
}
