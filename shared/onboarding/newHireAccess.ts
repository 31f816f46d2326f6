// Who may see and change a hire: HR and Admin of the hire's company (or group-wide), and, to read
// only, the manager HR named. Anyone else is told the hire does not exist (404), so ids of other
// subsidiaries are not confirmed; someone who may read but not write gets 403.
import type { Kysely } from 'kysely';
import { companyInScope } from '../identity/companyScope';
import { hasRole, type UserPrincipal } from '../identity/principal';
import type { Database } from '../platform/db/schema';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** HR or Admin with this company in reach. */
export function managesHiresOf(actor: UserPrincipal, companyId: number): boolean {
  return hasRole(actor, 'HR', 'Admin') && companyInScope(actor, companyId);
}

export type HireAccess =
  { kind: 'none' } | { kind: 'read'; companyId: number } | { kind: 'write'; companyId: number };

export async function hireAccess(
  db: Kysely<Database>,
  actor: UserPrincipal,
  hireId: string,
): Promise<HireAccess> {
  if (!UUID.test(hireId)) return { kind: 'none' };
  const hire = await db
    .selectFrom('new_hires')
    .select(['company_id', 'manager_id'])
    .where('id', '=', hireId)
    .executeTakeFirst();
  if (!hire) return { kind: 'none' };
  if (managesHiresOf(actor, hire.company_id)) return { kind: 'write', companyId: hire.company_id };
  if (hire.manager_id === actor.employeeId) return { kind: 'read', companyId: hire.company_id };
  return { kind: 'none' };
}

/** The answer of a write for an actor who may not make it. */
export type Refusal = { kind: 'not-found' } | { kind: 'forbidden'; detail: string };

export async function writeAccess(
  db: Kysely<Database>,
  actor: UserPrincipal,
  hireId: string,
): Promise<{ kind: 'ok'; companyId: number } | Refusal> {
  const access = await hireAccess(db, actor, hireId);
  if (access.kind === 'write') return { kind: 'ok', companyId: access.companyId };
  if (access.kind === 'read') return { kind: 'forbidden', detail: 'Only HR and admins change a new hire.' };
  if (!hasRole(actor, 'HR', 'Admin'))
    return { kind: 'forbidden', detail: 'Only HR and admins change a new hire.' };
  return { kind: 'not-found' };
}
