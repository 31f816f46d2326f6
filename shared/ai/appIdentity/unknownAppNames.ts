// Names pipelines send that match no catalog app: the quarantined events whose reason is an unknown
// app named by text (not by id). Names are compared normalised (lower case, trimmed), as app_aliases
// stores them. findUnknownAppNames is what the similarity job matches to catalog apps.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../platform/db/schema';

/** How an app name is compared and stored as an alias. */
export function normaliseAppName(name: string): string {
  return name.trim().toLowerCase();
}

/** On `usage_quarantine as q`: the event was quarantined for naming an app the catalog lacks. */
export const quarantinedForUnknownApp: RawBuilder<boolean> = sql<boolean>`(q.reason like '%unknown app "%' and q.event->>'app' is not null)`;

/** The normalised app name of a quarantined event (`usage_quarantine as q`). */
export const quarantinedAppName: RawBuilder<string> = sql<string>`lower(btrim(q.event->>'app'))`;

export interface UnknownAppName {
  name: string;
  events: number;
}

/**
 * Distinct unknown names with their event counts, most seen first, leaving out names that have
 * become a catalog slug or an accepted alias since (their events wait for the alias' re-ingest).
 */
export async function findUnknownAppNames(db: Kysely<Database>): Promise<UnknownAppName[]> {
  const rows = await sql<{ name: string; events: number }>`
    select ${quarantinedAppName} as name, count(*)::int as events
    from usage_quarantine q
    where ${quarantinedForUnknownApp}
      and not exists (select 1 from app_aliases al where al.alias = ${quarantinedAppName})
      and not exists (select 1 from apps a where a.slug = ${quarantinedAppName})
    group by 1
    order by 2 desc, 1`.execute(db);
  return rows.rows.map((r) => ({ name: r.name, events: Number(r.events) }));
}
