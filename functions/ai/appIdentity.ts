// GET /api/app-identity/unknown-apps: names seen in ingest that match no catalog app, with the
// candidate the similarity job found (Admin; a company's Admin sees the names its people sent).
// POST /api/app-identity/aliases { name, appSlug }: accept a name as an alias of an app and ingest
// the events waiting for it, exactly once (group-wide Admin: an alias changes ingest for every
// company). 201 when created, 200 when it was there already for that app, 409 for another app.
import { app } from '@azure/functions';
import type { Kysely } from 'kysely';
import { acceptAlias, acceptAliasBodySchema } from '../../shared/ai/appIdentity/acceptAlias';
import {
  listUnknownApps,
  mayAcceptAlias,
  mayManageAppIdentity,
} from '../../shared/ai/appIdentity/listUnknownApps';
import type { RequestIdentity } from '../../shared/identity/requestIdentity';
import type { EventPublisher } from '../../shared/platform/clients/eventPublisher';
import type { Database } from '../../shared/platform/db/schema';
import { guardedHandler, type HttpGuardDeps } from '../../shared/platform/http/guardedHandler';
import { problem, validationProblem } from '../../shared/platform/http/problem';
import { readJsonBody } from '../../shared/platform/http/readJson';
import type { PartitionKeeper } from '../../shared/usage/partitionKeeper';

export const MAX_ALIAS_BODY_BYTES = 2048;

export interface AppIdentityRouteDeps {
  guard: HttpGuardDeps;
  identity: RequestIdentity;
  db: Kysely<Database>;
  events: EventPublisher;
  partitions: PartitionKeeper;
  now: () => Date;
}

export function registerAppIdentityRoutes(deps: AppIdentityRouteDeps): void {
  app.http('listUnknownApps', {
    route: 'app-identity/unknown-apps',
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const auth = await deps.identity.user(request);
      if (!auth.ok) return auth.response;
      if (!mayManageAppIdentity(auth.user))
        return problem(403, 'Forbidden', 'Only an Admin sees the unknown app names.');
      return { status: 200, jsonBody: { items: await listUnknownApps(deps.db, auth.user) } };
    }),
  });

  app.http('acceptAppAlias', {
    route: 'app-identity/aliases',
    methods: ['POST'],
    authLevel: 'anonymous',
    handler: guardedHandler(deps.guard, async (request) => {
      const auth = await deps.identity.user(request);
      if (!auth.ok) return auth.response;
      if (!mayAcceptAlias(auth.user))
        return problem(
          403,
          'Forbidden',
          'Only an Admin with group-wide reach accepts aliases: an alias changes ingest for every company.',
        );
      const body = await readJsonBody(request, MAX_ALIAS_BODY_BYTES);
      if (!body.ok) return body.response;
      const parsed = acceptAliasBodySchema.safeParse(body.value);
      if (!parsed.success) return validationProblem(parsed.error, 'The alias is not valid.');
      const result = await acceptAlias(deps.db, deps, { ...parsed.data, by: auth.user });
      if (!result.ok && result.reason === 'invalid')
        return problem(400, 'Bad Request', 'The alias is not valid.', { errors: result.errors });
      if (!result.ok)
        return problem(
          409,
          'Conflict',
          `"${result.alias}" is an alias of ${result.app.name} (${result.app.slug}) already.`,
          { app: result.app },
        );
      return {
        status: result.created ? 201 : 200,
        jsonBody: {
          alias: result.alias,
          app: result.app,
          reingested: result.reingested,
          stillQuarantined: result.stillQuarantined,
        },
      };
    }),
  });
}
