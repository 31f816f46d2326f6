// Use case: the unknown app names awaiting an alias, for an Admin: each normalised name with how many
// events wait for it, when it was first and last seen, the companies whose people sent it, and the
// catalog app the similarity job matched it to (if any). A group-wide Admin sees every name; an
// Admin of one subsidiary sees the names its own people sent, counted over their events only (as the
// quarantine list is cut).
import { sql, type Kysely } from 'kysely';
import type { UserPrincipal } from '../../identity/principal';
import type { Database } from '../../platform/db/schema';
import { quarantinedAppName, quarantinedForUnknownApp } from './unknownAppNames';

export interface UnknownApp {
  name: string;
  events: number;
  firstSeen: string;
  lastSeen: string;
  /** codes of the companies whose people sent it (none when the sender is unknown too) */
  companies: string[];
  /** the catalog app the similarity job matched the name to (the portal's shape: the app's slug and name flat) */
  candidate: {
    slug: string;
    name: string;
    similarity: number;
    confirmed: boolean;
    rationale: string;
    answeredBy: { provider: string; model: string; deterministic: boolean };
    computedAt: string;
  } | null;
}

/** Admins manage aliases; the trigger answers 403 to anyone else. */
export function mayManageAppIdentity(principal: UserPrincipal): boolean {
  return principal.roles.has('Admin');
}

/** Accepting an alias changes ingest for the whole group, so it takes an Admin with group-wide reach. */
export function mayAcceptAlias(principal: UserPrincipal): boolean {
  return principal.roles.has('Admin') && principal.groupWide;
}

export async function listUnknownApps(db: Kysely<Database>, principal: UserPrincipal): Promise<UnknownApp[]> {
  const companyFilter = principal.groupWide ? sql`true` : sql`e.company_id = ${principal.companyId}`;
  const rows = await sql<{
    name: string;
    events: number;
    first_seen: Date | string;
    last_seen: Date | string;
    companies: string[] | null;
  }>`
    select ${quarantinedAppName} as name, count(distinct q.id)::int as events,
           min(q.occurred_at) as first_seen, max(q.occurred_at) as last_seen,
           array_remove(array_agg(distinct btrim(c.code)), null) as companies
    from usage_quarantine q
    left join employees e
      on e.id::text = q.event->>'employeeId' or e.email = lower(q.event->>'userEmail')
    left join companies c on c.id = e.company_id
    where ${quarantinedForUnknownApp} and ${companyFilter}
      and not exists (select 1 from app_aliases al where al.alias = ${quarantinedAppName})
    group by 1
    order by 2 desc, 1`.execute(db);
  const names = rows.rows.map((r) => r.name);
  const candidates = names.length
    ? await db
        .selectFrom('app_identity_candidates as ic')
        .innerJoin('apps as a', 'a.id', 'ic.app_id')
        .select([
          'ic.name',
          'a.slug',
          'a.name as app_name',
          'ic.similarity',
          'ic.confirmed',
          'ic.rationale',
          'ic.provider',
          'ic.model',
          'ic.computed_at',
        ])
        .where('ic.name', 'in', names)
        .execute()
    : [];
  const byName = new Map(candidates.map((c) => [c.name, c]));
  return rows.rows.map((r) => {
    const c = byName.get(r.name);
    return {
      name: r.name,
      events: Number(r.events),
      firstSeen: new Date(r.first_seen).toISOString(),
      lastSeen: new Date(r.last_seen).toISOString(),
      companies: [...(r.companies ?? [])].sort(),
      candidate: c
        ? {
            slug: c.slug,
            name: c.app_name,
            similarity: Number(c.similarity),
            confirmed: c.confirmed,
            rationale: c.rationale,
            answeredBy: { provider: c.provider, model: c.model, deterministic: c.provider === 'local' },
            computedAt: new Date(c.computed_at).toISOString(),
          }
        : null,
    };
  });
}
