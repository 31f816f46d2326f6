// The durable HTTP management API that durable-functions' client talks to (its `rpcBaseUrl`), and
// the webhook URLs that `createCheckStatusResponse` hands out. Two mounts of the same handler:
// /durabletask/ for the client inside the app (loopback, like the extension's local RPC endpoint),
// and /runtime/webhooks/durabletask/ for people and pipelines, which needs the host or master key.
import { isLoopback } from '../http/isLoopback';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAuthorized, type KeyRing } from '../http/functionKeys';
import { sendProblem } from '../http/httpHost';
import { requestText } from '../http/requestText';
import type { RpcTypedData } from '../invoker';
import { DurableError, type DurableEngine } from './durableEngine';
import { EventType, type HistoryEvent } from './history';
import type { InstanceState, RuntimeStatus } from './instanceStore';

export const RPC_PREFIX = '/durabletask/';
export const WEBHOOK_PREFIX = '/runtime/webhooks/durabletask/';
const ID_PLACEHOLDER = 'INSTANCEID';

/** Where the durable client's calls go: the input binding's data, and the URLs of one instance. */
function clientData(engine: DurableEngine, origin: string, hostKey: string | undefined) {
  const base = `${origin}${WEBHOOK_PREFIX.replace(/\/$/, '')}`;
  const common = `taskHub=${engine.hubName}&connection=Storage${hostKey ? `&code=${hostKey}` : ''}`;
  const instance = `${base}/instances/${ID_PLACEHOLDER}`;
  return {
    taskHubName: engine.hubName,
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?${common}`,
      createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${common}`,
    },
    managementUrls: {
      id: ID_PLACEHOLDER,
      statusQueryGetUri: `${instance}?${common}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${common}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${common}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${common}`,
      resumePostUri: `${instance}/resume?reason={text}&${common}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${common}`,
      purgeHistoryDeleteUri: `${instance}?${common}`,
      restartPostUri: `${instance}/restart?${common}`,
    },
    baseUrl: base,
    requiredQueryStringParameters: common,
    rpcBaseUrl: `${origin}${RPC_PREFIX}`,
  };
}

export function durableClientData(
  engine: DurableEngine,
  origin: string,
  hostKey: string | undefined,
): RpcTypedData {
  return { json: JSON.stringify(clientData(engine, origin, hostKey)) };
}

function parseJsonText(text: string | null): unknown {
  if (text === null || text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function historyForStatus(events: HistoryEvent[], withOutput: boolean): unknown[] {
  return events
    .filter(
      (e) => e.EventType !== EventType.OrchestratorStarted && e.EventType !== EventType.OrchestratorCompleted,
    )
    .map((e) => {
      const { EventType: type, IsPlayed: _played, Result, ...rest } = e;
      return {
        ...rest,
        EventType: EventType[type],
        ...(withOutput && Result !== undefined
          ? { Result: parseJsonText(typeof Result === 'string' ? Result : JSON.stringify(Result)) }
          : {}),
      };
    });
}

export function statusOf(
  state: InstanceState,
  options: { showHistory?: boolean; showHistoryOutput?: boolean; showInput?: boolean } = {},
): Record<string, unknown> {
  return {
    name: state.name,
    instanceId: state.instanceId,
    runtimeStatus: state.runtimeStatus,
    input: options.showInput === false ? null : parseJsonText(state.input),
    customStatus: state.customStatus ?? null,
    output: parseJsonText(state.output),
    createdTime: state.createdTime,
    lastUpdatedTime: state.lastUpdatedTime,
    ...(options.showHistory
      ? { history: historyForStatus(state.history, options.showHistoryOutput ?? false) }
      : {}),
  };
}

function isJsonOrEmpty(text: string): boolean {
  if (text.trim() === '') return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function send(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...headers,
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

/** The management URLs of one instance, as createCheckStatusResponse gives them. */
function links(
  origin: string,
  engine: DurableEngine,
  id: string,
  hostKey: string | undefined,
): Record<string, string> {
  const { id: placeholder, ...urls } = clientData(engine, origin, hostKey).managementUrls;
  return {
    id,
    ...Object.fromEntries(
      Object.entries(urls).map(([name, url]) => [name, url.replace(placeholder, encodeURIComponent(id))]),
    ),
  };
}

const flag = (url: URL, name: string) => url.searchParams.get(name)?.toLowerCase() === 'true';

export function managementApi(engine: DurableEngine, keys: KeyRing, hostKey: string | undefined) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const isWebhook = url.pathname.startsWith(WEBHOOK_PREFIX);
    if (!isWebhook && !isLoopback(req.socket.remoteAddress)) {
      // Like the extension's local endpoint: only for the app on this machine.
      return sendProblem(
        res,
        403,
        'Forbidden',
        'The durable client endpoint answers this machine only; use the webhooks.',
      );
    }
    if (isWebhook) {
      const key =
        (req.headers['x-functions-key'] as string | undefined) ?? url.searchParams.get('code') ?? undefined;
      if (!isAuthorized('function', 'durabletask', key, keys)) {
        return sendProblem(
          res,
          401,
          'Unauthorized',
          'The durable webhooks need the host key (code query or x-functions-key).',
        );
      }
    }
    const path = url.pathname
      .slice((isWebhook ? WEBHOOK_PREFIX : RPC_PREFIX).length)
      .split('/')
      .map(decodeURIComponent);
    const method = req.method ?? 'GET';
    try {
      // POST orchestrators/{name}[/{instanceId}]
      if (path[0] === 'orchestrators' && method === 'POST' && path[1]) {
        const body = await requestText(req);
        if (!isJsonOrEmpty(body))
          return sendProblem(res, 400, 'Bad Request', 'The orchestration input must be JSON.');
        const state = await engine.startNew(path[1], path[2] || undefined, body.trim() === '' ? null : body);
        const payload = links(url.origin, engine, state.instanceId, hostKey);
        return send(res, 202, payload, { location: payload.statusQueryGetUri ?? '' });
      }
      if (path[0] === 'instances') {
        const id = path[1] ?? '';
        const action = path[2];
        if (id === '' && method === 'GET') {
          const statuses = url.searchParams.get('runtimeStatus')?.split(',').filter(Boolean) as
            RuntimeStatus[] | undefined;
          const from = url.searchParams.get('createdTimeFrom');
          const to = url.searchParams.get('createdTimeTo');
          const list = engine
            .list()
            .filter((s) => !statuses?.length || statuses.includes(s.runtimeStatus))
            .filter((s) => !from || s.createdTime >= new Date(from).toISOString())
            .filter((s) => !to || s.createdTime <= new Date(to).toISOString())
            .map((s) => statusOf(s, { showInput: url.searchParams.get('showInput') !== 'false' }));
          return send(res, 200, list);
        }
        if (id === '' && method === 'DELETE') {
          const statuses = url.searchParams.get('runtimeStatus')?.split(',').filter(Boolean);
          let deleted = 0;
          for (const state of engine.list()) {
            if (statuses?.length && !statuses.includes(state.runtimeStatus)) continue;
            if (
              ['Completed', 'Failed', 'Terminated'].includes(state.runtimeStatus) &&
              (await engine.purge(state.instanceId))
            )
              deleted++;
          }
          return send(res, 200, { instancesDeleted: deleted });
        }
        if (!action && method === 'GET') {
          const state = engine.get(id);
          if (!state) return send(res, 404, { message: `No instance with ID "${id}".` });
          const body = statusOf(state, {
            showHistory: flag(url, 'showHistory'),
            showHistoryOutput: flag(url, 'showHistoryOutput'),
            showInput: url.searchParams.get('showInput') !== 'false',
          });
          return send(
            res,
            ['Running', 'Pending', 'Suspended'].includes(state.runtimeStatus) ? 202 : 200,
            body,
          );
        }
        if (!action && method === 'DELETE') {
          return (await engine.purge(id))
            ? send(res, 200, { instancesDeleted: 1 })
            : send(res, 404, { message: `No instance with ID "${id}".` });
        }
        if (action === 'raiseEvent' && method === 'POST' && path[3]) {
          const body = await requestText(req);
          if (!isJsonOrEmpty(body))
            return sendProblem(res, 400, 'Bad Request', 'The event data must be JSON.');
          await engine.raiseEvent(id, path[3], body.trim() === '' ? null : body);
          return send(res, 202);
        }
        const reason = url.searchParams.get('reason') ?? '';
        if (action === 'terminate' && method === 'POST')
          return (await engine.terminate(id, reason), send(res, 202));
        if (action === 'suspend' && method === 'POST')
          return (await engine.suspend(id, reason), send(res, 202));
        if (action === 'resume' && method === 'POST')
          return (await engine.resumeInstance(id, reason), send(res, 202));
      }
      return sendProblem(res, 404, 'Not Found', `The durable API has no ${method} ${url.pathname}.`);
    } catch (error) {
      if (error instanceof DurableError) return send(res, error.status, { message: error.message });
      throw error;
    }
  };
}
