// GET /api/health: the host is alive. GET /api/health/ready: its dependencies answer (503 naming
// the failing part otherwise). Anonymous, for load balancers and probes.
import { app, type HttpResponseInit } from '@azure/functions';
import { guardedHandler, type HttpGuardDeps } from '../../shared/platform/http/guardedHandler';
import { problem } from '../../shared/platform/http/problem';
import { checkReadiness, type ReadinessDeps } from '../../shared/platform/readiness';

export function registerHealth(deps: ReadinessDeps & { guard: HttpGuardDeps }): void {
  app.http('health', {
    route: 'health',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, () =>
      Promise.resolve({ status: 200, jsonBody: { status: 'alive' } }),
    ),
  });

  app.http('healthReady', {
    route: 'health/ready',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (): Promise<HttpResponseInit> => {
      const readiness = await checkReadiness(deps);
      if (readiness.failing.length > 0) {
        return problem(
          503,
          'Service Unavailable',
          `Not ready: ${readiness.failing.join(', ')} unreachable.`,
          {
            checks: readiness.checks,
          },
        );
      }
      return {
        status: 200,
        jsonBody: { status: 'ready', database: readiness.database, checks: readiness.checks },
      };
    }),
  });
}
