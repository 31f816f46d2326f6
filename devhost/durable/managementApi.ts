// The durable HTTP management API, as the Durable Task extension's HttpApiHandler answers it, and the
// client binding data that points the app's durable client at it. It is mounted twice:
// - the app's own RPC endpoint (`rpcBaseUrl`, see rpcListener.ts): a loopback listener of its own
//   whose paths start with a per-process secret, so only the process that got the binding data can
//   call it;
// - /runtime/webhooks/durabletask/ on devhost's port, for people and pipelines: it wants the
//   extension's system key (or the master key), which is what the URLs handed out by
//   createCheckStatusResponse carry, as in Azure. The host key is never put into a URL.
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAuthorized, type KeyRing } from '../http/functionKeys';
import { requestText } from '../http/requestText';
import type { RpcTypedData } from '../invoker';
import { DurableError, type DurableEngine } from './durableEngine';
import { EventType, type HistoryEvent } from './history';
import type { InstanceState, RuntimeStatus } from './instanceStore';

export const WEBHOOK_PREFIX = '/runtime/webhooks/durabletask/';
const ID_PLACEHOLDER = 'INSTANCEID';
const RUNTIME_STATUSES: RuntimeStatus[] = [
  'Pending',
  'Running',
  'Completed',
  'Failed',
  'Terminated',
  'ContinuedAsNew',
  'Suspended',
];
const ENDED: RuntimeStatus[] = ['Completed', 'Failed', 'Terminated'];
const DEFAULT_PAGE_SIZE = 100;

/**
 * The durabletask extension's system key. In Azure it is a host-managed secret of its own; here it
 * is derived from the host key (HMAC, so knowing it reveals nothing of the host key) so that it
 * stays the same across restarts and status URLs handed out before a restart keep working.
 * DEVHOST_DURABLETASK_KEY sets it outright; with no host key either, it is random per process.
 */
export function durableSystemKey(env: NodeJS.ProcessEnv): string {
  if (env.DEVHOST_DURABLETASK_KEY) return env.DEVHOST_DURABLETASK_KEY;
  if (env.DEVHOST_HOST_KEY)
    return createHmac('sha256', env.DEVHOST_HOST_KEY).update('durabletask_extension').digest('base64url');
  return randomBytes(32).toString('base64url');
}

export interface ManagementApiOptions {
  engine: DurableEngine;
  keys: KeyRing;
  systemKey: string;
  /** devhost's own origin, for the webhook URLs it hands out (never taken from a request's Host) */
  origin(): string;
}

function webhookUrls(options: ManagementApiOptions) {
  const base = `${options.origin()}${WEBHOOK_PREFIX.replace(/\/$/, '')}`;
  const common = `taskHub=${encodeURIComponent(options.engine.hubName)}&connection=Storage&code=${options.systemKey}`;
  return { base, common };
}

/** The webhook URLs of one instance, in the extension's order. */
function instanceUrls(options: ManagementApiOptions, id: string) {
  const { base, common } = webhookUrls(options);
  const instance = `${base}/instances/${id}`;
  return {
    statusQueryGetUri: `${instance}?${common}`,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}?${common}`,
    terminatePostUri: `${instance}/terminate?reason={text}&${common}`,
    purgeHistoryDeleteUri: `${instance}?${common}`,
    restartPostUri: `${instance}/restart?${common}`,
    suspendPostUri: `${instance}/suspend?reason={text}&${common}`,
    resumePostUri: `${instance}/resume?reason={text}&${common}`,
  };
}

/**
 * The durable client's input binding data. The management URLs are the set the extension's
 * createCheckStatusResponse hands out; the rewind URL is left out because devhost does not rewind
 * (see `rewind` below), so the app never advertises a URL that cannot work.
 */
export function durableClientData(options: ManagementApiOptions, rpcBaseUrl: string): RpcTypedData {
  const { base, common } = webhookUrls(options);
  return {
    json: JSON.stringify({
      taskHubName: options.engine.hubName,
      creationUrls: {
        createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?${common}`,
        createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${common}`,
      },
      managementUrls: { id: ID_PLACEHOLDER, ...instanceUrls(options, ID_PLACEHOLDER) },
      baseUrl: base,
      requiredQueryStringParameters: common,
      rpcBaseUrl,
    }),
  };
}

function parseJsonText(text: string | null | undefined): unknown {
  if (text === null || text === undefined) return null;
  if (text.trim() === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** .NET's "s" format plus Z, as the extension writes createdTime and lastUpdatedTime. */
const sortableTime = (iso: string) => `${iso.slice(0, 19)}Z`;

/**
 * The history as the extension's GetStatusAsync shapes it: event types by name, the scheduling
 * events folded into their completions (FunctionName, ScheduledTime, Input), the orchestrator's own
 * step markers left out, results only with showHistoryOutput, inputs only with showInput.
 */
function historyEvents(events: HistoryEvent[], showHistoryOutput: boolean, showInput: boolean): unknown[] {
  const scheduled = new Map<string, { index: number; name: unknown; at: string; input: unknown }>();
  const dropped = new Set<number>();
  const items = events.map((event, index) => {
    const { EventType: type, EventId: eventId, IsPlayed: _played, ...rest } = event;
    const item: Record<string, unknown> = { EventType: EventType[type], ...rest };
    const foldInto = (prefix: string) => {
      const origin = scheduled.get(`${prefix}_${String(item.TaskScheduledId)}`);
      if (origin) {
        item.ScheduledTime = origin.at;
        item.FunctionName = origin.name;
        if (showInput) item.Input = origin.input;
        dropped.add(origin.index);
      }
      delete item.TaskScheduledId;
    };
    const result = (completed: boolean) => {
      if (!showHistoryOutput && completed) delete item.Result;
      else if (showHistoryOutput && completed) item.Result = parseJsonText(item.Result as string | null);
    };
    switch (type) {
      case EventType.TaskScheduled:
      case EventType.SubOrchestrationInstanceCreated:
        scheduled.set(`${EventType[type]}_${eventId}`, {
          index,
          name: item.Name,
          at: event.Timestamp,
          input: item.Input,
        });
        break;
      case EventType.TaskCompleted:
      case EventType.TaskFailed:
        foldInto('TaskScheduled');
        result(type === EventType.TaskCompleted);
        break;
      case EventType.SubOrchestrationInstanceCompleted:
      case EventType.SubOrchestrationInstanceFailed:
        foldInto('SubOrchestrationInstanceCreated');
        result(type === EventType.SubOrchestrationInstanceCompleted);
        break;
      case EventType.ExecutionStarted:
        item.FunctionName = item.Name;
        delete item.Name;
        delete item.OrchestrationInstance;
        break;
      case EventType.ExecutionCompleted:
        result(true);
        break;
      case EventType.TimerFired:
        delete item.TimerId;
        break;
      case EventType.OrchestratorStarted:
      case EventType.OrchestratorCompleted:
        dropped.add(index);
        break;
    }
    if (!showInput) delete item.Input;
    return item;
  });
  return items.filter((_item, index) => !dropped.has(index));
}

interface StatusOptions {
  showHistory?: boolean;
  showHistoryOutput?: boolean;
  showInput?: boolean;
}

/** One instance as the extension's status API answers it (StatusResponsePayload). */
export function statusPayload(state: InstanceState, options: StatusOptions = {}): Record<string, unknown> {
  const showInput = options.showInput ?? true;
  return {
    name: state.name,
    instanceId: state.instanceId,
    runtimeStatus: state.runtimeStatus,
    input: showInput ? parseJsonText(state.input) : null,
    customStatus: state.customStatus ?? null,
    output: parseJsonText(state.output),
    createdTime: sortableTime(state.createdTime),
    lastUpdatedTime: sortableTime(state.lastUpdatedTime),
    ...(options.showHistory && state.runtimeStatus !== 'Pending'
      ? { historyEvents: historyEvents(state.history, options.showHistoryOutput ?? false, showInput) }
      : {}),
  };
}

/** devhost's own view for /dev/orchestrations: every field of every event, as stored. */
export function devStatus(state: InstanceState, withHistory: boolean): Record<string, unknown> {
  return {
    name: state.name,
    instanceId: state.instanceId,
    runtimeStatus: state.runtimeStatus,
    input: withHistory ? parseJsonText(state.input) : undefined,
    customStatus: state.customStatus ?? null,
    output: parseJsonText(state.output),
    createdTime: state.createdTime,
    lastUpdatedTime: state.lastUpdatedTime,
    ...(withHistory
      ? {
          history: state.history
            .filter(
              (e) =>
                e.EventType !== EventType.OrchestratorStarted &&
                e.EventType !== EventType.OrchestratorCompleted,
            )
            .map(({ EventType: type, IsPlayed: _played, Result, ...rest }) => ({
              ...rest,
              EventType: EventType[type],
              ...(Result === undefined
                ? {}
                : { Result: parseJsonText(typeof Result === 'string' ? Result : JSON.stringify(Result)) }),
            })),
        }
      : {}),
  };
}

function send(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    ...headers,
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

/** The extension's error bodies (ASP.NET's HttpError): a general message and the exception's. */
function sendError(res: ServerResponse, error: DurableError): void {
  const general =
    error.status === 400
      ? 'One or more of the arguments submitted is incorrect'
      : error.status >= 500
        ? 'Something went wrong while processing your request'
        : error.message;
  send(res, error.status, { Message: general, ExceptionMessage: error.message });
}

/** .NET bool.TryParse: "true"/"false" in any case, anything else is "not given". */
function boolParam(url: URL, name: string): boolean | undefined {
  const value = url.searchParams.get(name)?.trim().toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

function dateParam(url: URL, name: string): Date | undefined {
  const value = url.searchParams.get(name);
  if (value === null || value.trim() === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** runtimeStatus=a,b (or repeated): the known names, case-insensitive, unknown ones skipped. */
function statusParam(url: URL): RuntimeStatus[] | undefined {
  const wanted = url.searchParams
    .getAll('runtimeStatus')
    .flatMap((v) => v.split(','))
    .map((v) => RUNTIME_STATUSES.find((s) => s.toLowerCase() === v.trim().toLowerCase()))
    .filter((s): s is RuntimeStatus => s !== undefined);
  return wanted.length > 0 ? wanted : undefined;
}

/** timeout / pollingInterval: seconds, fractional allowed (double.TryParse). */
function secondsParam(url: URL, name: string): number | undefined {
  const value = url.searchParams.get(name);
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds : undefined;
}

const continuation = {
  encode: (lastId: string) => Buffer.from(JSON.stringify({ after: lastId })).toString('base64url'),
  decode(token: string | undefined): string | undefined {
    if (!token) return undefined;
    try {
      const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
      return typeof parsed.after === 'string' ? parsed.after : undefined;
    } catch {
      return undefined;
    }
  },
};

export class ManagementApi {
  constructor(private readonly options: ManagementApiOptions) {}

  /** The webhook mount: the extension's system key or the master key, in `code` or x-functions-key. */
  webhook = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const key =
      (req.headers['x-functions-key'] as string | undefined) ?? url.searchParams.get('code') ?? undefined;
    const systemKeys: KeyRing = {
      masterKey: this.options.keys.masterKey,
      hostKey: undefined,
      functionKey: (name) => (name === 'durabletask_extension' ? this.options.systemKey : undefined),
    };
    if (!isAuthorized('function', 'durabletask_extension', key, systemKeys)) {
      return send(res, 401, {
        Message: 'The durable webhooks need the durabletask extension key (code=) or the master key.',
      });
    }
    await this.handle(req, res, url, url.pathname.slice(WEBHOOK_PREFIX.length));
  };

  /** Answers one request; `path` is what follows the mount point (e.g. "instances/abc"). */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> {
    let segments: string[];
    try {
      segments = path.replace(/\/+$/, '').split('/').map(decodeURIComponent);
    } catch {
      return send(res, 400, { Message: 'The path has a malformed % escape.' });
    }
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      const [controller, id, operation, eventName, ...extra] = segments;
      if (controller === 'orchestrators' && id && segments.length <= 3) {
        if (method !== 'POST') return send(res, 404);
        return await this.start(req, res, url, id, operation);
      }
      if (controller === 'entities') {
        return send(res, 501, {
          Message: 'devhost does not run durable entities; use orchestrations and activities.',
        });
      }
      if (controller !== 'instances' || extra.length > 0) return send(res, 404);
      if (!id) {
        if (method === 'GET') return this.list(req, res, url);
        if (method === 'DELETE') return await this.purgeBy(res, url);
        return send(res, 404);
      }
      if (!operation) {
        if (method === 'GET') return this.status(res, url, id);
        if (method === 'DELETE') return await this.purge(res, id);
        return send(res, 404);
      }
      if (operation.toLowerCase() === 'raiseevent') {
        if (method !== 'POST' || !eventName) return send(res, 404);
        return await this.raiseEvent(req, res, id, eventName);
      }
      if (method !== 'POST' || eventName !== undefined) return send(res, 404);
      const reason = url.searchParams.get('reason') ?? '';
      switch (operation.toLowerCase()) {
        case 'terminate':
          return await this.lifecycle(res, id, () => this.options.engine.terminate(id, reason));
        case 'suspend':
          return await this.lifecycle(res, id, () => this.options.engine.suspend(id, reason));
        case 'resume':
          return await this.lifecycle(res, id, () => this.options.engine.resumeInstance(id, reason));
        case 'rewind':
          return this.rewind(res, id);
        case 'restart':
          return await this.restart(res, url, id);
        default:
          return send(res, 404);
      }
    } catch (error) {
      if (error instanceof DurableError) return sendError(res, error);
      throw error;
    }
  }

  private async start(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    name: string,
    instanceId: string | undefined,
  ): Promise<void> {
    const body = await requestText(req);
    if (body.length > 0) {
      try {
        JSON.parse(body);
      } catch (error) {
        return sendError(res, new DurableError(400, `Invalid JSON content: ${(error as Error).message}`));
      }
    }
    const state = await this.options.engine.startNew(name, instanceId, body.length > 0 ? body : null);
    return this.checkStatusOrWait(res, url, state.instanceId);
  }

  private async restart(res: ServerResponse, url: URL, id: string): Promise<void> {
    let state: InstanceState;
    try {
      state = await this.options.engine.restart(id, boolParam(url, 'restartWithNewInstanceId') ?? true);
    } catch (error) {
      if (error instanceof DurableError && error.status === 400) {
        return send(res, 400, {
          Message: 'InstanceId does not match a valid orchestration instance.',
          ExceptionMessage: error.message,
        });
      }
      throw error;
    }
    return this.checkStatusOrWait(res, url, state.instanceId);
  }

  /**
   * With `timeout` and `pollingInterval` (seconds) the extension waits for the instance to end:
   * Completed answers 200 with the output, Failed/Terminated the status, and otherwise (still
   * running at the timeout) the check-status 202. Without them, the 202 at once.
   */
  private async checkStatusOrWait(res: ServerResponse, url: URL, id: string): Promise<void> {
    const timeout = secondsParam(url, 'timeout');
    const interval = secondsParam(url, 'pollingInterval');
    if (timeout !== undefined && interval !== undefined) {
      if (interval > timeout) {
        throw new DurableError(
          400,
          `Total timeout ${timeout} should be bigger than retry timeout ${interval}`,
        );
      }
      const deadline = performance.now() + timeout * 1000;
      for (;;) {
        const state = this.options.engine.get(id);
        if (state?.runtimeStatus === 'Completed') return send(res, 200, parseJsonText(state.output));
        if (state && ENDED.includes(state.runtimeStatus)) return this.status(res, url, id);
        const left = deadline - performance.now();
        if (left <= 0) break;
        await new Promise((resolve) => setTimeout(resolve, Math.min(left, Math.max(interval * 1000, 10))));
      }
    }
    const urls = instanceUrls(this.options, encodeURIComponent(id));
    return send(
      res,
      202,
      { id, ...urls },
      // The async HTTP 202 pattern: where to look, and not before 10 s.
      { location: urls.statusQueryGetUri, 'retry-after': '10' },
    );
  }

  private status(res: ServerResponse, url: URL, id: string): void {
    const state = this.options.engine.get(id);
    if (!state) return send(res, 404);
    const body = statusPayload(state, {
      showHistory: boolParam(url, 'showHistory') ?? false,
      showHistoryOutput: boolParam(url, 'showHistoryOutput') ?? false,
      showInput: boolParam(url, 'showInput') ?? true,
    });
    if (['Running', 'Pending', 'ContinuedAsNew', 'Suspended'].includes(state.runtimeStatus)) {
      // Still going: 202, the same URL to poll, and a pause so clients do not spin.
      return send(res, 202, body, { location: url.toString(), 'retry-after': '5' });
    }
    const failedAs500 =
      state.runtimeStatus === 'Failed' && boolParam(url, 'returnInternalServerErrorOnFailure') === true;
    return send(res, failedAs500 ? 500 : 200, body);
  }

  /**
   * The instance query: instanceIdPrefix, createdTimeFrom/To, runtimeStatus, showInput, and pages
   * of `top` (100 by default) in instance id order, the next page's token in x-ms-continuation-token
   * (sent back in the same request header; empty on the last page).
   */
  private list(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const prefix = url.searchParams.get('instanceIdPrefix') ?? undefined;
    const from = dateParam(url, 'createdTimeFrom')?.getTime();
    const to = dateParam(url, 'createdTimeTo')?.getTime();
    const statuses = statusParam(url);
    const showInput = boolParam(url, 'showInput') ?? true;
    const topValue = Number.parseInt(url.searchParams.get('top') ?? '', 10);
    const top = Number.isInteger(topValue) && topValue > 0 ? topValue : DEFAULT_PAGE_SIZE;
    const header = req.headers['x-ms-continuation-token'];
    const after = continuation.decode(Array.isArray(header) ? header[0] : header);
    const matching = this.options.engine
      .list()
      .filter((s) => prefix === undefined || s.instanceId.startsWith(prefix))
      .filter((s) => from === undefined || Date.parse(s.createdTime) >= from)
      .filter((s) => to === undefined || Date.parse(s.createdTime) <= to)
      .filter((s) => statuses === undefined || statuses.includes(s.runtimeStatus))
      .sort((a, b) => (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0))
      .filter((s) => after === undefined || s.instanceId > after);
    const page = matching.slice(0, top);
    const last = page[page.length - 1];
    const next = matching.length > top && last ? continuation.encode(last.instanceId) : '';
    return send(
      res,
      200,
      page.map((s) => statusPayload(s, { showInput })),
      { 'x-ms-continuation-token': next },
    );
  }

  private async purge(res: ServerResponse, id: string): Promise<void> {
    if (!(await this.options.engine.purge(id))) return send(res, 404);
    return send(res, 200, { instancesDeleted: 1 });
  }

  /** createdTimeFrom is required; createdTimeTo defaults to now; 404 when nothing was deleted. */
  private async purgeBy(res: ServerResponse, url: URL): Promise<void> {
    const from = dateParam(url, 'createdTimeFrom');
    if (!from) return send(res, 400, "Please provide value for 'createdTimeFrom' parameter.");
    const deleted = await this.options.engine.purgeBy({
      createdTimeFrom: from,
      createdTimeTo: dateParam(url, 'createdTimeTo') ?? new Date(),
      runtimeStatus: statusParam(url),
    });
    if (deleted === 0) return send(res, 404);
    return send(res, 200, { instancesDeleted: deleted });
  }

  /** 404 unknown, 410 ended, then the body must be application/json and parse; 202. */
  private async raiseEvent(
    req: IncomingMessage,
    res: ServerResponse,
    id: string,
    name: string,
  ): Promise<void> {
    const state = this.options.engine.get(id);
    if (!state) return send(res, 404);
    if (ENDED.includes(state.runtimeStatus)) return send(res, 410);
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      return send(res, 400, { Message: 'Only application/json request content is supported' });
    }
    const body = await requestText(req);
    try {
      JSON.parse(body);
    } catch (error) {
      return send(res, 400, { Message: 'Invalid JSON content', ExceptionMessage: (error as Error).message });
    }
    await this.options.engine.raiseEvent(id, name, body);
    return send(res, 202);
  }

  private async lifecycle(res: ServerResponse, id: string, operation: () => Promise<void>): Promise<void> {
    if (!this.options.engine.get(id)) return send(res, 404);
    await operation();
    return send(res, 202);
  }

  /**
   * Rewind: the extension answers 404 for an unknown instance, 410 for an ended one that did not
   * fail, and 500 for one still running (RewindAsync's InvalidOperationException). A failed one it
   * rewinds where the storage provider can; devhost's cannot, and answers 501 as such providers
   * do, which the durable client reports as "not supported by the underlying storage provider".
   */
  private rewind(res: ServerResponse, id: string): void {
    const state = this.options.engine.get(id);
    if (!state) return send(res, 404);
    if (state.runtimeStatus === 'Completed' || state.runtimeStatus === 'Terminated') return send(res, 410);
    if (state.runtimeStatus !== 'Failed') {
      return sendError(
        res,
        new DurableError(500, 'The rewind operation is only supported on failed orchestration instances.'),
      );
    }
    return send(res, 501, {
      Message: 'devhost does not rewind failed instances; restart the instance instead (restartPostUri).',
    });
  }
}
