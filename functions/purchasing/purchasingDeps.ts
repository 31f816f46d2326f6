// What the purchase-request routes are built from (composed in functions/index.ts).
import type { Kysely } from 'kysely';
import type { RequestIdentity } from '../../shared/identity/requestIdentity';
import type { Database } from '../../shared/platform/db/schema';
import type { HttpGuardDeps } from '../../shared/platform/http/guardedHandler';

export interface PurchasingRouteDeps {
  guard: HttpGuardDeps;
  identity: RequestIdentity;
  db: Kysely<Database>;
  now: () => Date;
}

/** A request is named by its id (uuid) or its code (PR-<company>-<yyyymmdd>-<seq>). */
export const REQUEST_REF =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|PR-[A-Z0-9]{2,10}-\d{8}-\d{3,})$/;
