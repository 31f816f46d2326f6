// Output bindings, run for real the way the Functions host runs them after a function succeeds:
// `blob` writes the value to <container>/<path> (container created if missing), `queue` adds the
// value as a message (an array as one message per element), base64-encoded unless host.json says
// messageEncoding "none" — both against the binding's storage connection (Azurite locally).
// Paths and queue names take binding expressions ({name}, {rand-guid}, {DateTime}, %Setting%).
//
// A binding devhost cannot run would otherwise be dropped without a word (the function "works" and
// nothing is sent), so devhost refuses to start, naming the function and the binding, instead.
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import type { RegisteredFunction, RpcBindingInfo } from '../coreApi';
import type { QueueSettings } from '../hostSettings';
import type { InvocationRequest, InvocationResult, RpcTypedData } from '../invoker';
import { connectionString } from '../queue/storageConnection';
import { resolveSettingExpression } from '../settingExpression';
import { resolveBindingExpression, type BindingData } from './bindingExpressions';

const RETURN = '$return';
const QUEUE_NAME = /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/;
const CONTAINER_NAME = /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/;

export interface BindingSupport {
  /** input binding types devhost supplies (lower case), e.g. the durable client when durable runs */
  inputs: string[];
}

const OUTPUTS = ['http', 'blob', 'queue'];

function bindingLabel(name: string, binding: RpcBindingInfo): string {
  return `${binding.type} ${binding.direction ?? 'in'}put binding "${name === RETURN ? 'return' : name}"`;
}

/**
 * The bindings of the app that devhost cannot run, or that are set up so they could never work,
 * one line each naming the function and the binding. Triggers are not judged here: devhost lists
 * the triggers it does not run at start-up (and durable entities keep their own refusal).
 */
export function unsupportedBindings(
  functions: RegisteredFunction[],
  support: BindingSupport,
  env: NodeJS.ProcessEnv,
): string[] {
  const problems: string[] = [];
  for (const fn of functions) {
    for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
      if (name === fn.trigger.name) continue;
      const type = binding.type.toLowerCase();
      const where = `function "${fn.metadata.name}": ${bindingLabel(name, binding)}`;
      const direction = binding.direction ?? 'in';
      if (direction === 'in' && !support.inputs.includes(type)) {
        problems.push(`${where} is not supported by devhost`);
        continue;
      }
      if (direction === 'inout') {
        problems.push(`${where} is not supported by devhost`);
        continue;
      }
      if (direction !== 'out') continue;
      if (!OUTPUTS.includes(type)) {
        problems.push(`${where} is not supported by devhost (it runs http, blob and queue outputs)`);
        continue;
      }
      if (type === 'http') continue;
      const target = type === 'blob' ? binding.path : binding.queueName;
      if (typeof target !== 'string' || target.trim() === '') {
        problems.push(`${where} has no ${type === 'blob' ? 'path' : 'queueName'}`);
        continue;
      }
      try {
        resolveSettingExpression(target, env);
        connectionString(typeof binding.connection === 'string' ? binding.connection : undefined, env);
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}

/** The value of an output as the host sees it: bytes, or text. */
function valueOf(data: RpcTypedData): Buffer | string | undefined {
  if ('string' in data) return data.string;
  if ('json' in data) return data.json;
  if ('bytes' in data) return Buffer.from(data.bytes);
  if ('int' in data) return String(data.int);
  if ('double' in data) return String(data.double);
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Adds the top-level fields of a JSON object text, without replacing what is there. */
function addJsonFields(data: BindingData, text: string | undefined): void {
  if (text === undefined) return;
  const parsed = parseJson(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return;
  for (const [key, value] of Object.entries(parsed)) {
    if (!Object.keys(data).some((k) => k.toLowerCase() === key.toLowerCase())) data[key] = value;
  }
}

/**
 * The binding data of one invocation: the trigger metadata (QueueTrigger, DequeueCount, instance
 * ids...), for HTTP the route values and query parameters (except `code`), and the fields of a JSON
 * payload (an HTTP body, a queue message, an activity's input).
 */
export function bindingDataOf(fn: RegisteredFunction, request: InvocationRequest): BindingData {
  const data: BindingData = {};
  for (const [key, value] of Object.entries(request.triggerMetadata ?? {})) {
    const text = valueOf(value);
    data[key] = 'json' in value && typeof text === 'string' ? (parseJson(text) ?? text) : text;
  }
  const trigger = request.inputData.find((input) => input.name === fn.trigger.name)?.data;
  if (!trigger) return data;
  if ('http' in trigger) {
    const http = trigger.http;
    if (http.url) {
      for (const [key, value] of new URL(http.url).searchParams) {
        if (key.toLowerCase() !== 'code') data[key] = value;
      }
    }
    Object.assign(data, http.params ?? {});
    const body = http.body?.bytes ? Buffer.from(http.body.bytes).toString('utf8') : http.body?.string;
    addJsonFields(data, body);
    return data;
  }
  const payload = valueOf(trigger);
  addJsonFields(data, typeof payload === 'string' ? payload : payload?.toString('utf8'));
  return data;
}

export class OutputBindings {
  readonly #blobServices = new Map<string, BlobServiceClient>();
  readonly #queueServices = new Map<string, QueueServiceClient>();
  readonly #createdContainers = new Set<string>();
  readonly #createdQueues = new Set<string>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly queueSettings: QueueSettings,
  ) {}

  /** Writes every blob and queue output the invocation set. Throws (failing the invocation) if one fails. */
  async write(fn: RegisteredFunction, request: InvocationRequest, result: InvocationResult): Promise<void> {
    const outputs = Object.entries(fn.metadata.bindings).filter(
      ([, b]) => b.direction === 'out' && ['blob', 'queue'].includes(b.type.toLowerCase()),
    );
    if (outputs.length === 0) return;
    let data: BindingData | undefined;
    for (const [name, binding] of outputs) {
      const value =
        name === RETURN ? result.returnValue : result.outputData.find((o) => o.name === name)?.data;
      if (value === null || value === undefined) continue;
      data ??= bindingDataOf(fn, request);
      const connection = typeof binding.connection === 'string' ? binding.connection : undefined;
      if (binding.type.toLowerCase() === 'blob') {
        await this.writeBlob(fn, binding, connection, data, value);
      } else {
        await this.writeQueue(fn, binding, connection, data, value);
      }
    }
  }

  private async writeBlob(
    fn: RegisteredFunction,
    binding: RpcBindingInfo,
    connection: string | undefined,
    data: BindingData,
    value: RpcTypedData,
  ): Promise<void> {
    const path = resolveBindingExpression(String(binding.path), data, this.env, fn.metadata.name);
    const slash = path.indexOf('/');
    const container = slash === -1 ? '' : path.slice(0, slash);
    const blobName = slash === -1 ? '' : path.slice(slash + 1);
    if (!CONTAINER_NAME.test(container) || blobName === '') {
      throw new Error(
        `Function "${fn.metadata.name}": blob path "${path}" must be <container>/<blob> with a valid container name.`,
      );
    }
    const body = valueOf(value) ?? '';
    const service = this.service(this.#blobServices, connection, (c) =>
      BlobServiceClient.fromConnectionString(c),
    );
    const containerClient = service.getContainerClient(container);
    const key = `${connection ?? ''}/${container}`;
    if (!this.#createdContainers.has(key)) {
      await containerClient.createIfNotExists();
      this.#createdContainers.add(key);
    }
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    await containerClient.getBlockBlobClient(blobName).upload(bytes, bytes.length);
  }

  private async writeQueue(
    fn: RegisteredFunction,
    binding: RpcBindingInfo,
    connection: string | undefined,
    data: BindingData,
    value: RpcTypedData,
  ): Promise<void> {
    const queueName = resolveBindingExpression(String(binding.queueName), data, this.env, fn.metadata.name);
    if (!QUEUE_NAME.test(queueName)) {
      throw new Error(`Function "${fn.metadata.name}": "${queueName}" is not a valid queue name.`);
    }
    const service = this.service(this.#queueServices, connection, (c) =>
      QueueServiceClient.fromConnectionString(c),
    );
    const queue = service.getQueueClient(queueName);
    const key = `${connection ?? ''}/${queueName}`;
    if (!this.#createdQueues.has(key)) {
      await queue.createIfNotExists();
      this.#createdQueues.add(key);
    }
    const messages = this.messagesOf(value);
    for (const message of messages) {
      const bytes = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
      // The host writes base64 unless host.json's messageEncoding is "none".
      await queue.sendMessage(
        this.queueSettings.messageEncoding === 'base64' ? bytes.toString('base64') : bytes.toString('utf8'),
      );
    }
  }

  /** An array is one message per element (strings as they are, anything else as JSON). */
  private messagesOf(value: RpcTypedData): (string | Buffer)[] {
    if ('json' in value) {
      const parsed = parseJson(value.json);
      if (Array.isArray(parsed))
        return parsed.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
    }
    const single = valueOf(value);
    return single === undefined ? [] : [single];
  }

  private service<T>(cache: Map<string, T>, connection: string | undefined, make: (value: string) => T): T {
    const key = connection ?? '';
    let client = cache.get(key);
    if (!client) {
      client = make(connectionString(connection, this.env));
      cache.set(key, client);
    }
    return client;
  }
}
