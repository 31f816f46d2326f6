// Runs one invocation the way the Azure Node.js worker does: the app's programming model turns the
// host's RPC data into handler arguments and the handler's result back into RPC data, with the
// preInvocation/postInvocation hooks around it.
import { randomUUID } from 'node:crypto';
import type { FunctionsCoreApi, LogLevel, RegisteredFunction, RpcBindingInfo } from './coreApi';

/** The RPC "TypedData" shapes the host sends and receives (a subset: what devhost produces). */
export type RpcTypedData =
  | { string: string }
  | { json: string }
  | { bytes: Uint8Array }
  | { int: number }
  | { double: number }
  | { http: RpcHttpData };

export interface RpcHttpData {
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  params?: Record<string, string>;
  statusCode?: string;
  body?: { bytes?: Uint8Array; string?: string } | null;
  cookies?: { name: string; value: string; [key: string]: unknown }[];
}

export interface InvocationRequest {
  /** set by the caller when something else must name the invocation too (streamed HTTP requests) */
  invocationId?: string;
  inputData: { name: string; data: RpcTypedData }[];
  triggerMetadata?: Record<string, RpcTypedData>;
  retryContext?: { retryCount: number; maxRetryCount: number };
}

export interface InvocationResult {
  invocationId: string;
  returnValue?: RpcTypedData | null;
  outputData: { name: string; data: RpcTypedData }[];
  /** what the handler returned (after postInvocation hooks), before conversion */
  result?: unknown;
}

/** Supplies the data of an input binding (other than the trigger), e.g. the durable client's. */
export type InputProvider = (binding: RpcBindingInfo, fn: RegisteredFunction) => RpcTypedData;

export type OutputWriter = (
  fn: RegisteredFunction,
  request: InvocationRequest,
  result: InvocationResult,
) => Promise<void>;

export type UserLog = (
  fn: RegisteredFunction,
  invocationId: string,
  level: LogLevel,
  message: string,
) => void;

export class Invoker {
  /** by binding type, lower case */
  readonly inputProviders = new Map<string, InputProvider>();
  /** carries out the output bindings (blob, queue) of a successful invocation; its failure fails it */
  outputWriter: OutputWriter | undefined;

  constructor(
    private readonly core: FunctionsCoreApi,
    private readonly userLog: UserLog,
    private readonly appHookData: Record<string, unknown>,
  ) {}

  async invoke(fn: RegisteredFunction, request: InvocationRequest): Promise<InvocationResult> {
    const invocationId = request.invocationId ?? randomUUID();
    const extraInputs = Object.entries(fn.metadata.bindings).flatMap(([name, binding]) => {
      const provider =
        binding.direction === 'in' && name !== fn.trigger.name
          ? this.inputProviders.get(binding.type.toLowerCase())
          : undefined;
      return provider ? [{ name, data: provider(binding, fn) }] : [];
    });
    const coreContext: Record<string, unknown> = {
      invocationId,
      request: {
        invocationId,
        functionId: fn.metadata.name,
        ...request,
        inputData: [...request.inputData, ...extraInputs],
      },
      metadata: fn.metadata,
      state: undefined,
      log: (level: LogLevel, _category: string, message: string) =>
        this.userLog(fn, invocationId, level, message),
    };
    const model = this.core.programmingModel.getInvocationModel(coreContext);
    const { context, inputs } = await model.getArguments();

    const hookData: Record<string, unknown> = {};
    const pre = {
      invocationContext: context,
      inputs,
      functionCallback: fn.callback,
      hookData,
      appHookData: this.appHookData,
    };
    coreContext.state = 'preInvocationHooks';
    for (const hook of this.core.hooks.preInvocation) await hook(pre);

    coreContext.state = 'invocation';
    let result: unknown = undefined;
    let error: unknown;
    try {
      result = await model.invokeFunction(context, pre.inputs, pre.functionCallback);
    } catch (caught) {
      error = caught;
    }

    const post = {
      invocationContext: context,
      inputs: pre.inputs,
      result,
      error,
      hookData,
      appHookData: this.appHookData,
    };
    coreContext.state = 'postInvocationHooks';
    for (const hook of this.core.hooks.postInvocation) await hook(post);
    coreContext.state = undefined;
    // The function's own error, rethrown as it came (the app may throw anything).
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    if (post.error) throw post.error;

    const response = await model.getResponse(context, post.result);
    const invocationResult: InvocationResult = {
      invocationId,
      returnValue: response.returnValue as RpcTypedData | null | undefined,
      outputData: (response.outputData ?? []) as InvocationResult['outputData'],
      result: post.result,
    };
    await this.outputWriter?.(fn, request, invocationResult);
    return invocationResult;
  }
}
