// Puts Durable Functions into devhost when the app has orchestrations, activities or durable
// clients: the engine, the durable client input binding, the management API (the app's own RPC
// listener and the webhooks), the adjustable clock and the /dev/orchestrations view.
import { join } from 'node:path';
import type { RegisteredFunction } from '../coreApi';
import type { DurableTaskSettings } from '../hostSettings';
import type { KeyRing } from '../http/functionKeys';
import type { HttpHost } from '../http/httpHost';
import { requestText } from '../http/requestText';
import type { InvocationLog } from '../invocationLog';
import type { Invoker } from '../invoker';
import { DurableClock } from './clock';
import { DurableEngine, DurableError } from './durableEngine';
import {
  devStatus,
  durableClientData,
  durableSystemKey,
  ManagementApi,
  WEBHOOK_PREFIX,
} from './managementApi';
import { instancePage, instancesPage } from './orchestrationsPage';
import { RpcListener } from './rpcListener';

export interface DurableHostingOptions {
  functions: RegisteredFunction[];
  invoker: Invoker;
  log: InvocationLog;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  settings: DurableTaskSettings;
  http: HttpHost;
  keys: KeyRing;
}

const DURABLE_TYPES = ['orchestrationtrigger', 'activitytrigger', 'entitytrigger'];

function usesDurable(functions: RegisteredFunction[]): boolean {
  return functions.some(
    (f) =>
      DURABLE_TYPES.includes(f.trigger.type.toLowerCase()) ||
      Object.values(f.metadata.bindings).some((b) =>
        ['durableclient', 'orchestrationclient'].includes(b.type.toLowerCase()),
      ),
  );
}

export interface DurableHosting {
  engine: DurableEngine;
  setOrigin(origin: string): void;
  /** opens the app's RPC listener; before the first invocation that gets a durable client */
  listen(): Promise<void>;
  stop(): Promise<void>;
}

export function startDurable(options: DurableHostingOptions): DurableHosting | undefined {
  if (!usesDurable(options.functions)) return undefined;
  const clock = new DurableClock(options.env.DEVHOST_ADJUSTABLE_CLOCK === 'true');
  const engine = new DurableEngine({
    functions: options.functions,
    invoker: options.invoker,
    log: options.log,
    clock,
    settings: options.settings,
    dataDir: join(options.dataDir, 'durable', options.settings.hubName),
  });
  let origin = 'http://127.0.0.1:7071';
  const apiOptions = {
    engine,
    keys: options.keys,
    systemKey: durableSystemKey(options.env),
    origin: () => origin,
  };
  const api = new ManagementApi(apiOptions);
  const rpc = new RpcListener(
    (req, res, url, path) => api.handle(req, res, url, path),
    (error) => options.log.host(`durable: the RPC endpoint failed: ${String(error)}`),
  );
  const bindingData = () => durableClientData(apiOptions, rpc.baseUrl);
  options.invoker.inputProviders.set('durableclient', bindingData);
  options.invoker.inputProviders.set('orchestrationclient', bindingData);
  options.http.prefixRoutes.push({ prefix: WEBHOOK_PREFIX, handler: api.webhook });

  options.http.devRoutes.set('/dev/orchestrations', (req, res, url) => {
    const id = url.searchParams.get('instanceId');
    const state = id ? engine.get(id) : undefined;
    if (id && !state) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `No instance ${id}.` }));
      return;
    }
    const body = state
      ? devStatus(state, true)
      : engine
          .list()
          .sort((a, b) => b.lastUpdatedTime.localeCompare(a.lastUpdatedTime))
          .map((s) => devStatus(s, false));
    if ((req.headers.accept ?? '').includes('text/html')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(Array.isArray(body) ? instancesPage(body) : instancePage(body));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body, null, 2));
  });
  options.http.devRoutes.set('/dev/orchestrations/replay', async (req, res, url) => {
    const id = url.searchParams.get('instanceId') ?? '';
    try {
      const outcome = await engine.replay(id);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(outcome));
    } catch (error) {
      res.writeHead(error instanceof DurableError ? error.status : 500, {
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ message: (error as Error).message }));
    }
  });
  options.http.devRoutes.set('/dev/clock', async (req, res) => {
    try {
      if (req.method === 'POST') {
        const { advanceMs } = JSON.parse((await requestText(req)) || '{}') as { advanceMs?: number };
        clock.advance(Number(advanceMs));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ now: clock.now().toISOString(), adjustable: clock.adjustable }));
    } catch (error) {
      res.writeHead(400, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ title: 'Bad Request', status: 400, detail: (error as Error).message }));
    }
  });
  return {
    engine,
    setOrigin(value: string) {
      origin = value;
    },
    listen: () => rpc.listen(),
    async stop() {
      // The engine first: activities it waits for may still call the durable client.
      await engine.stop();
      await rpc.close();
    },
  };
}
