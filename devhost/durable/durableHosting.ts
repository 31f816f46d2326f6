// Puts Durable Functions into devhost when the app has orchestrations, activities or durable
// clients: the engine, the durable client input binding, the management API, the adjustable clock
// and the /dev/orchestrations view.
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
import { durableClientData, managementApi, RPC_PREFIX, statusOf, WEBHOOK_PREFIX } from './managementApi';
import { instancePage, instancesPage } from './orchestrationsPage';

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

export function startDurable(
  options: DurableHostingOptions,
): { engine: DurableEngine; setOrigin(origin: string): void } | undefined {
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
  const hostKey = options.env.DEVHOST_HOST_KEY || undefined;
  options.invoker.inputProviders.set('durableclient', () => durableClientData(engine, origin, hostKey));
  options.invoker.inputProviders.set('orchestrationclient', () => durableClientData(engine, origin, hostKey));

  const api = managementApi(engine, options.keys, hostKey);
  options.http.prefixRoutes.push(
    { prefix: RPC_PREFIX, handler: api },
    { prefix: WEBHOOK_PREFIX, handler: api },
  );

  options.http.devRoutes.set('/dev/orchestrations', (req, res, url) => {
    const id = url.searchParams.get('instanceId');
    const state = id ? engine.get(id) : undefined;
    if (id && !state) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `No instance ${id}.` }));
      return;
    }
    const body = state
      ? statusOf(state, { showHistory: true, showHistoryOutput: true })
      : engine
          .list()
          .sort((a, b) => b.lastUpdatedTime.localeCompare(a.lastUpdatedTime))
          .map((s) => statusOf(s, { showInput: false }));
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
  };
}
