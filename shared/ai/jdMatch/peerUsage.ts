// The peers signal: people of the company with the same job title (seniority words aside, so a
// "Senior Data Analyst" counts for a "Data Analyst"), or the department when fewer than MIN_PEERS
// hold the title, and which apps they actively USED in the last 60 days (usage_daily, not licence
// holdings: a seat nobody opens says nothing about the job). Beside each app's share among the
// peers comes its share among everybody active in the company, so an app everyone uses (e-mail,
// chat) is not taken for something this role needs.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';

export const PEER_WINDOW_DAYS = 60;
/** fewer people than this with the title: the department speaks for the role instead */
export const MIN_PEERS = 3;

const SENIORITY_WORDS = /^(senior|sr|junior|jr|lead|principal|staff|associate|head of)\s+/;

export function normaliseTitle(title: string): string {
  return title.toLowerCase().replace(/\s+/g, ' ').trim().replace(SENIORITY_WORDS, '');
}

export interface PeerUsage {
  basis: 'title' | 'department';
  /** the department's name when basis is department */
  departmentName: string | null;
  peers: number;
  /** by app id: peers active on it, and the share of the company's active people on it */
  apps: Map<number, { activePeers: number; companyShare: number }>;
}

export async function peerUsage(
  db: Kysely<Database>,
  company: { id: number },
  jobTitle: string,
  department: { id: number; name: string } | null,
  now: Date,
): Promise<PeerUsage | null> {
  const title = normaliseTitle(jobTitle);
  const titleHolders = await db
    .selectFrom('employees')
    .select(['id', 'department_id'])
    .where('company_id', '=', company.id)
    .where('status', '=', 'active')
    .where(
      sql<string>`regexp_replace(lower(trim(job_title)), '^(senior|sr|junior|jr|lead|principal|staff|associate|head of)\\s+', '')`,
      '=',
      title,
    )
    .execute();
  let basis: PeerUsage['basis'] = 'title';
  let peerIds = titleHolders.map((e) => e.id);
  let departmentName: string | null = null;
  if (peerIds.length < MIN_PEERS) {
    let dept = department;
    if (!dept && titleHolders.length > 0) {
      // the department most holders of the title work in
      const counts = new Map<number, number>();
      for (const e of titleHolders)
        if (e.department_id !== null) counts.set(e.department_id, (counts.get(e.department_id) ?? 0) + 1);
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
      if (top) {
        const row = await db
          .selectFrom('departments')
          .select(['id', 'name'])
          .where('id', '=', top[0])
          .executeTakeFirst();
        dept = row ?? null;
      }
    }
    if (!dept) return null;
    const members = await db
      .selectFrom('employees')
      .select('id')
      .where('company_id', '=', company.id)
      .where('status', '=', 'active')
      .where('department_id', '=', dept.id)
      .execute();
    if (members.length < MIN_PEERS) return null;
    basis = 'department';
    departmentName = dept.name;
    peerIds = members.map((e) => e.id);
  }
  const since = new Date(now.getTime() - PEER_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
  // one round trip: per app, and everybody active in the company on any app
  const rows = await sql<{ app_id: number | null; peers_active: number; all_active: number }>`
    select app_id,
           count(distinct employee_id) filter (where employee_id = any(${peerIds}::int[]))::int as peers_active,
           count(distinct employee_id)::int as all_active
    from usage_daily
    where company_id = ${company.id} and day >= ${since}::date
    group by grouping sets ((app_id), ())`.execute(db);
  const everybody = rows.rows.find((row) => row.app_id === null);
  const activeInCompany = Math.max(1, Number(everybody?.all_active ?? 0));
  const apps = new Map<number, { activePeers: number; companyShare: number }>();
  for (const row of rows.rows) {
    if (row.app_id === null) continue;
    apps.set(row.app_id, {
      activePeers: Number(row.peers_active),
      companyShare: Number(row.all_active) / activeInCompany,
    });
  }
  return { basis, departmentName, peers: peerIds.length, apps };
}

/** how many people's worth of the company's habits a peer group is pulled towards (few peers, little say) */
const PRIOR_PEOPLE = 4;

/**
 * 0 … 1: how much the peers use an app beyond the company at large. Their share is shrunk towards
 * the company's (PRIOR_PEOPLE), then weighted by how specific it is, 1 − base / share: an app every
 * peer and most others use (e-mail, chat) scores near 0, one the peers use and few others do near 1.
 */
export function peerLift(activePeers: number, peers: number, companyShare: number): number {
  if (peers === 0) return 0;
  const base = Math.min(Math.max(companyShare, 0), 1);
  const share = (activePeers + PRIOR_PEOPLE * base) / (peers + PRIOR_PEOPLE);
  if (share <= 0) return 0;
  return Math.max(0, share * (1 - base / share));
}
