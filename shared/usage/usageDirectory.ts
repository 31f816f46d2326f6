// Resolves who and what a usage event is about: e-mails and employee ids to employees (with their
// company), slugs (or accepted aliases) and app ids to catalog apps. Found entries are cached for a few minutes, since a
// stream of events names the same people and apps over and over; misses are never cached, so a
// person added to the directory is recognised at once.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';

export interface EmployeeRef {
  id: number;
  companyId: number;
}

export interface UsageDirectory {
  employeesByEmail(emails: string[]): Promise<Map<string, EmployeeRef>>;
  employeesById(ids: number[]): Promise<Map<number, EmployeeRef>>;
  appsBySlug(slugs: string[]): Promise<Map<string, number>>;
  appsById(ids: number[]): Promise<Set<number>>;
}

class TtlCache<K, V> {
  readonly #entries = new Map<K, { value: V; until: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.until < this.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }
  set(key: K, value: V): void {
    this.#entries.set(key, { value, until: this.now() + this.ttlMs });
  }
}

async function cachedLookup<K, V>(
  keys: K[],
  cache: TtlCache<K, V>,
  load: (missing: K[]) => Promise<Map<K, V>>,
): Promise<Map<K, V>> {
  const found = new Map<K, V>();
  const missing: K[] = [];
  for (const key of new Set(keys)) {
    const hit = cache.get(key);
    if (hit === undefined) missing.push(key);
    else found.set(key, hit);
  }
  if (missing.length > 0) {
    for (const [key, value] of await load(missing)) {
      cache.set(key, value);
      found.set(key, value);
    }
  }
  return found;
}

export function createUsageDirectory(
  db: Kysely<Database>,
  ttlMs = 5 * 60_000,
  now = Date.now,
): UsageDirectory {
  const byEmail = new TtlCache<string, EmployeeRef>(ttlMs, now);
  const byId = new TtlCache<number, EmployeeRef>(ttlMs, now);
  const appSlugs = new TtlCache<string, number>(ttlMs, now);
  const appIds = new TtlCache<number, true>(ttlMs, now);
  return {
    employeesByEmail: (emails) =>
      cachedLookup(emails, byEmail, async (missing) => {
        const rows = await db
          .selectFrom('employees')
          .select(['id', 'company_id', 'email'])
          .where(sql<boolean>`email = any(${missing}::text[])`)
          .execute();
        return new Map(rows.map((r) => [r.email, { id: r.id, companyId: r.company_id }]));
      }),
    employeesById: (ids) =>
      cachedLookup(ids, byId, async (missing) => {
        const rows = await db
          .selectFrom('employees')
          .select(['id', 'company_id'])
          .where(sql<boolean>`id = any(${missing}::int4[])`)
          .execute();
        return new Map(rows.map((r) => [r.id, { id: r.id, companyId: r.company_id }]));
      }),
    appsBySlug: (slugs) =>
      cachedLookup(slugs, appSlugs, async (missing) => {
        // A catalog slug first; else an alias an Admin accepted for a name pipelines send (app_aliases,
        // stored normalised: lower case, trimmed), so events naming it are stored, not quarantined.
        const rows = await sql<{ name: string; id: number }>`
          select slug as name, id from apps where slug = any(${missing}::text[])
          union all
          select s.name, al.app_id as id
          from unnest(${missing}::text[]) as s(name)
          join app_aliases al on al.alias = lower(btrim(s.name))
          where not exists (select 1 from apps where slug = s.name)`.execute(db);
        return new Map(rows.rows.map((r) => [r.name, r.id]));
      }),
    appsById: async (ids) =>
      new Set(
        (
          await cachedLookup(ids, appIds, async (missing) => {
            const rows = await db
              .selectFrom('apps')
              .select('id')
              .where(sql<boolean>`id = any(${missing}::int4[])`)
              .execute();
            return new Map(rows.map((r) => [r.id, true as const]));
          })
        ).keys(),
      ),
  };
}
