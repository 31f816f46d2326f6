// GET /api/health: the host is alive. GET /api/health/ready: its dependencies answer (503 naming
// the failing part otherwise). Anonymous, for load balancers and probes.
import { app, type HttpResponseInit } from '@azure/functions';
import { sql } from 'kysely';
import { problem } from '../../shared/platform/http/problem';
import { getServices } from '../../shared/services';

app.http('health', {
  route: 'health',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: (): HttpResponseInit => ({ status: 200, jsonBody: { status: 'alive' } }),
});

async function check(run: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await run();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

app.http('healthReady', {
  route: 'health/ready',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async (): Promise<HttpResponseInit> => {
    const services = await getServices();
    const checks = {
      postgres: await check(() => sql`select 1`.execute(services.database.db)),
      storage: await check(() => services.usageQueue.ping()),
    };
    const failing = Object.entries(checks)
      .filter(([, c]) => !c.ok)
      .map(([name]) => name);
    if (failing.length > 0) {
      return problem(503, 'Service Unavailable', `Not ready: ${failing.join(', ')} unreachable.`, { checks });
    }
    return { status: 200, jsonBody: { status: 'ready', database: services.database.kind, checks } };
  },
});
