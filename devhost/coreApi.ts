// The `@azure/functions-core` module that `@azure/functions` looks for. In Azure the Node.js worker
// provides it; here devhost does, so every app.http/storageQueue/timer/... call in the app registers
// for real, and invocations run through the app's own programming model (the same argument and
// response conversion code as in Azure).

/* eslint-disable @typescript-eslint/no-explicit-any -- this mirrors an untyped runtime contract */

export interface RpcBindingInfo {
  type: string;
  direction?: 'in' | 'out' | 'inout';
  name?: string;
  [key: string]: unknown;
}

export interface FunctionMetadata {
  name: string;
  bindings: Record<string, RpcBindingInfo>;
  retryOptions?: unknown;
}

export type FunctionCallback = (...args: any[]) => unknown;

export interface RegisteredFunction {
  metadata: FunctionMetadata;
  callback: FunctionCallback;
  trigger: RpcBindingInfo & { name: string };
}

export type HookName = 'appStart' | 'appTerminate' | 'preInvocation' | 'postInvocation';
export type HookCallback = (context: any) => unknown;

/** What a programming model gives back for one invocation (see @azure/functions InvocationModel). */
export interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], handler: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<{ returnValue?: unknown; outputData?: unknown[] }>;
}

export interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreContext: unknown): InvocationModel;
  getCapabilities?(capabilities: Record<string, string>): Promise<Record<string, string>>;
}

export type LogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';

class Disposable {
  #callback: (() => void) | undefined;
  constructor(callback: () => void) {
    this.#callback = callback;
  }
  static from(...items: { dispose(): void }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.#callback?.();
    this.#callback = undefined;
  }
}

export class FunctionsCoreApi {
  readonly functions = new Map<string, RegisteredFunction>();
  readonly hooks: Record<HookName, HookCallback[]> = {
    appStart: [],
    appTerminate: [],
    preInvocation: [],
    postInvocation: [],
  };
  #programmingModel: ProgrammingModel | undefined;

  constructor(private readonly logSink: (level: LogLevel, category: string, message: string) => void) {}

  get programmingModel(): ProgrammingModel {
    if (!this.#programmingModel) {
      throw new Error('The app registered no functions: no programming model was set by @azure/functions.');
    }
    return this.#programmingModel;
  }

  /** The module object handed to `require('@azure/functions-core')`. */
  module(): Record<string, unknown> {
    return {
      version: '3.10.1-devhost',
      Disposable,
      setProgrammingModel: (model: ProgrammingModel) => {
        this.#programmingModel = model;
      },
      getProgrammingModel: () => this.#programmingModel,
      registerFunction: (metadata: FunctionMetadata, callback: FunctionCallback) =>
        this.register(metadata, callback),
      registerHook: (name: HookName, callback: HookCallback) => {
        const list = this.hooks[name];
        if (!list) throw new Error(`Unknown hook "${String(name)}".`);
        list.push(callback);
        return new Disposable(() => list.splice(list.indexOf(callback) >>> 0, 1));
      },
      log: (level: LogLevel, category: string, message: string) => this.logSink(level, category, message),
    };
  }

  private register(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
    const name = metadata.name;
    if (!/^[a-zA-Z][a-zA-Z0-9_-]{0,127}$/.test(name)) {
      throw new Error(
        `"${name}" is not a valid function name (letters, digits, "_" and "-", from a letter).`,
      );
    }
    if (this.functions.has(name.toLowerCase())) {
      throw new Error(`A function named "${name}" is already registered.`);
    }
    const triggerEntry = Object.entries(metadata.bindings).find(([, b]) => /trigger$/i.test(b.type));
    if (!triggerEntry) throw new Error(`Function "${name}" has no trigger binding.`);
    const [triggerName, trigger] = triggerEntry;
    this.functions.set(name.toLowerCase(), {
      metadata,
      callback,
      trigger: { ...trigger, name: triggerName },
    });
    return new Disposable(() => this.functions.delete(name.toLowerCase()));
  }
}
