// Finds the employee a sign-in belongs to: by the identity subject (Entra object id) first, then by
// e-mail. Answers are cached briefly (a burst of portal requests makes one lookup), including
// "nobody", so an unknown caller cannot make every request hit the database.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';

export interface EmployeeIdentity {
  employeeId: number;
  companyId: number;
  companyCode: string;
  groupId: number;
  groupCode: string;
  email: string;
  displayName: string;
  status: 'active' | 'leaver';
}

export interface EmployeeIdentities {
  /** subjects are tried in order (oid, then sub), then the e-mail (already lower-cased) */
  find(subjects: string[], email: string | undefined): Promise<EmployeeIdentity | undefined>;
}

export interface EmployeeIdentitiesOptions {
  ttlMs?: number;
  now?: () => number;
  maxEntries?: number;
}

export function createEmployeeIdentities(
  db: Kysely<Database>,
  options: EmployeeIdentitiesOptions = {},
): EmployeeIdentities {
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, { value: EmployeeIdentity | undefined; expires: number }>();

  const base = () =>
    db
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

  async function lookup(
    subjects: string[],
    email: string | undefined,
  ): Promise<EmployeeIdentity | undefined> {
    for (const subject of subjects) {
      const row = await base().where('e.identity_subject', '=', subject).executeTakeFirst();
      if (row) return row;
    }
    if (!email) return undefined;
    return base().where('e.email', '=', email).executeTakeFirst();
  }

  return {
    async find(subjects, email) {
      const key = JSON.stringify([subjects, email ?? null]);
      const hit = cache.get(key);
      if (hit && hit.expires > now()) return hit.value;
      const value = await lookup(subjects, email);
      if (cache.size >= maxEntries) cache.clear();
      cache.set(key, { value, expires: now() + ttlMs });
      return value;
    },
  };
}
