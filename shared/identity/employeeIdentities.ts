// Finds the employee a sign-in belongs to, by the token's immutable ids: the tenant (`tid`) and
// object id (`oid`) a person is bound to. A person not bound yet is bound on their first sign-in,
// atomically, by an object id recorded ahead for them (identity_subject, an HR import) or else by a
// *verified* e-mail; once bound, e-mail claims no longer matter, and a token with other ids naming
// the same e-mail is refused. Mutable claims (`preferred_username`, `upn`, an unverified `email`)
// never reach this module.
//
// Answers are cached briefly (a burst of portal requests makes one lookup), including "nobody", so
// an unknown caller cannot make every request hit the database.
import type { Kysely } from 'kysely';
import { writeAudit } from '../platform/audit/auditLog';
import type { Database, EmployeeStatus } from '../platform/db/schema';

export interface EmployeeIdentity {
  employeeId: number;
  companyId: number;
  companyCode: string;
  groupId: number;
  groupCode: string;
  email: string;
  displayName: string;
  status: EmployeeStatus;
}

/** What a validated person's token says about who they are. */
export interface TokenIdentity {
  /** `tid` */
  tenantId: string;
  /** `oid` */
  objectId: string;
  /** the `email` claim, lower-cased, only when the issuer vouches for it (see authenticator.ts) */
  verifiedEmail: string | undefined;
}

export type IdentityResolution =
  | { kind: 'found'; employee: EmployeeIdentity }
  /** no person is bound to these ids, and nothing in the token may bind one */
  | { kind: 'unknown' }
  /** the verified e-mail is a person's who is bound to (or recorded for) another identity */
  | { kind: 'conflict'; email: string };

export interface EmployeeIdentities {
  resolve(identity: TokenIdentity): Promise<IdentityResolution>;
}

export interface EmployeeIdentitiesOptions {
  ttlMs?: number;
  now?: () => number;
  maxEntries?: number;
}

/** PostgreSQL's unique_violation: another sign-in bound the same ids a moment ago. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export function createEmployeeIdentities(
  db: Kysely<Database>,
  options: EmployeeIdentitiesOptions = {},
): EmployeeIdentities {
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, { value: IdentityResolution; expires: number }>();

  const base = (executor: Kysely<Database>) =>
    executor
      .selectFrom('employees as e')
      .innerJoin('companies as c', 'c.id', 'e.company_id')
      .innerJoin('company_groups as g', 'g.id', 'c.group_id')
      .select([
        'e.id as employeeId',
        'e.company_id as companyId',
        'c.code as companyCode',
        'g.id as groupId',
        'g.code as groupCode',
        'e.email',
        'e.display_name as displayName',
        'e.status',
      ]);

  const boundTo = (identity: TokenIdentity) =>
    base(db)
      .where('e.identity_tenant_id', '=', identity.tenantId)
      .where('e.identity_object_id', '=', identity.objectId)
      .executeTakeFirst();

  /**
   * Binds the person to the token's ids if they are still unbound — one conditional update, so of
   * two sign-ins racing for one person exactly one wins — and audits it in the same transaction.
   */
  async function bind(
    employeeId: number,
    identity: TokenIdentity,
    via: 'recorded-object-id' | 'verified-email',
  ): Promise<boolean> {
    try {
      return await db.transaction().execute(async (trx) => {
        const bound = await trx
          .updateTable('employees')
          .set({
            identity_tenant_id: identity.tenantId,
            identity_object_id: identity.objectId,
            identity_bound_at: new Date(now()),
          })
          .where('id', '=', employeeId)
          .where('identity_object_id', 'is', null)
          .where((eb) =>
            eb.or([eb('identity_subject', 'is', null), eb('identity_subject', '=', identity.objectId)]),
          )
          .returning(['company_id'])
          .executeTakeFirst();
        if (!bound) return false;
        await writeAudit(trx, {
          occurredAt: new Date(now()),
          companyId: bound.company_id,
          entityType: 'employee',
          entityId: String(employeeId),
          action: 'identity_bound',
          actorId: employeeId,
          details: { tenantId: identity.tenantId, objectId: identity.objectId, via },
        });
        return true;
      });
    } catch (error) {
      // These ids were bound to someone else meanwhile: the caller looks them up again.
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async function lookup(identity: TokenIdentity): Promise<IdentityResolution> {
    const known = await boundTo(identity);
    if (known) return { kind: 'found', employee: known };

    // An object id recorded ahead for someone (an HR import) binds them, with the token's tenant.
    const recorded = await base(db)
      .select('e.identity_object_id')
      .where('e.identity_subject', '=', identity.objectId)
      .executeTakeFirst();
    if (recorded && recorded.identity_object_id === null) {
      if (await bind(recorded.employeeId, identity, 'recorded-object-id')) {
        const { identity_object_id: _, ...employee } = recorded;
        return { kind: 'found', employee };
      }
      const winner = await boundTo(identity);
      return winner ? { kind: 'found', employee: winner } : { kind: 'unknown' };
    }

    if (!identity.verifiedEmail) return { kind: 'unknown' };
    const byEmail = await base(db)
      .select(['e.identity_object_id', 'e.identity_subject'])
      .where('e.email', '=', identity.verifiedEmail)
      .executeTakeFirst();
    if (!byEmail) return { kind: 'unknown' };
    // Bound to other ids, or recorded for another object id: the e-mail alone never overrides that.
    // Unless the binding is this very token's: the same person's other request, arriving at the same
    // moment (a page's first requests), may have bound these ids since this one looked.
    if (byEmail.identity_object_id !== null || byEmail.identity_subject !== null) {
      const winner = await boundTo(identity);
      if (winner?.employeeId === byEmail.employeeId) return { kind: 'found', employee: winner };
      return { kind: 'conflict', email: byEmail.email };
    }
    const { identity_object_id: _o, identity_subject: _s, ...employee } = byEmail;
    if (await bind(employee.employeeId, identity, 'verified-email')) {
      return { kind: 'found', employee };
    }
    // Lost a race: the same person's other request bound these very ids (fine), or another
    // identity bound them first (refused).
    const winner = await boundTo(identity);
    return winner?.employeeId === employee.employeeId
      ? { kind: 'found', employee: winner }
      : { kind: 'conflict', email: employee.email };
  }

  return {
    async resolve(identity) {
      const key = JSON.stringify([identity.tenantId, identity.objectId, identity.verifiedEmail ?? null]);
      const hit = cache.get(key);
      if (hit && hit.expires > now()) return hit.value;
      const value = await lookup(identity);
      if (cache.size >= maxEntries) cache.clear();
      cache.set(key, { value, expires: now() + ttlMs });
      return value;
    },
  };
}
