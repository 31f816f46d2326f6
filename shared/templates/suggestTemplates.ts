// Suggested templates, mined from what people in a role actually use: for each job title (seniority
// words aside, so "Senior Data Analyst" counts as "Data Analyst") and each department of a company,
// the apps that at least `minShare` of the role's active people used in the last 60 days, from the
// usage rollups (usage_daily) and not from licence holdings: a seat nobody opens says nothing about
// the job. Roles with fewer than MIN_ROLE_PEOPLE people are skipped (one person's habits are not a
// role's). Each suggestion is priced per person in the company's currency and says which template of
// the company already covers the same role, so HR can accept it as that template's next version.
import { sql, type Kysely } from 'kysely';
import type { UserPrincipal } from '../identity/principal';
import type { Database } from '../platform/db/schema';
import { companyFor, writeProblem, type CompanyLookup } from './templateAccess';
import { costPerPerson, priceLines, type CostPerPerson, type LinePrice } from './templatePricing';

export const SUGGESTION_WINDOW_DAYS = 60;
/** fewer active people than this in a role: no suggestion for it */
export const MIN_ROLE_PEOPLE = 3;

const SENIORITY = /^(senior|sr\.?|junior|jr\.?|lead|principal|staff|associate)\s+/;

/** The role a job title names: lower case, single spaces, a leading seniority word dropped. */
export function roleOf(title: string): string {
  return title.toLowerCase().replace(/\s+/g, ' ').trim().replace(SENIORITY, '');
}

export interface SuggestedItem {
  app: string;
  appName: string;
  /** people of the role active on the app in the window */
  activePeople: number;
  /** activePeople / people, 0 … 1 */
  share: number;
  seats: 1;
  optional: false;
  price: LinePrice | null;
}

export interface Suggestion {
  basis: 'title' | 'department';
  /** the job title as most of the role's people write it (basis title) */
  roleTitle: string | null;
  /** the department code (basis department) */
  department: string | null;
  departmentName: string | null;
  /** the role's active people */
  people: number;
  items: SuggestedItem[];
  costPerPerson: CostPerPerson;
  /** an active template of the company (or group-wide) for the same role or department */
  existingTemplate: {
    id: number;
    code: string;
    name: string;
    currentVersion: number;
    editable: boolean;
  } | null;
}

export type SuggestionsResult =
  | {
      kind: 'ok';
      company: string;
      currency: string;
      minShare: number;
      windowDays: number;
      minPeople: number;
      suggestions: Suggestion[];
    }
  | Exclude<CompanyLookup, { kind: 'ok' }>
  | { kind: 'forbidden'; detail: string };

export async function suggestTemplates(
  deps: { db: Kysely<Database>; now: () => Date },
  actor: UserPrincipal,
  query: { companyCode?: string | undefined; minShare: number },
): Promise<SuggestionsResult> {
  const { db } = deps;
  const found = await companyFor(db, actor, query.companyCode);
  if (found.kind !== 'ok') return found;
  const { company } = found;
  const refused = writeProblem(actor, company.id);
  if (refused) return { kind: 'forbidden', detail: 'Only HR and Admin see suggested templates.' };

  const people = await db
    .selectFrom('employees as e')
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .select(['e.id', 'e.job_title', 'd.code as dept_code', 'd.name as dept_name'])
    .where('e.company_id', '=', company.id)
    .where('e.status', '=', 'active')
    .execute();
  const since = new Date(deps.now().getTime() - SUGGESTION_WINDOW_DAYS * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const used = await sql<{ employee_id: number; app_id: number }>`
    select distinct u.employee_id, u.app_id
    from usage_daily u
    join employees e on e.id = u.employee_id and e.status = 'active'
    where u.company_id = ${company.id} and u.day >= ${since}::date`.execute(db);
  const appsOf = new Map<number, Set<number>>();
  for (const r of used.rows) {
    const set = appsOf.get(r.employee_id) ?? new Set<number>();
    set.add(r.app_id);
    appsOf.set(r.employee_id, set);
  }

  // The roles: by title and by department.
  interface Role {
    basis: 'title' | 'department';
    key: string;
    titles: Map<string, number>;
    department: string | null;
    departmentName: string | null;
    members: number[];
  }
  const roles = new Map<string, Role>();
  const add = (key: string, make: () => Omit<Role, 'members' | 'titles'>, id: number, title: string) => {
    const role = roles.get(key) ?? { ...make(), members: [], titles: new Map<string, number>() };
    role.members.push(id);
    role.titles.set(title.trim(), (role.titles.get(title.trim()) ?? 0) + 1);
    roles.set(key, role);
  };
  for (const p of people) {
    const title = roleOf(p.job_title);
    if (title)
      add(
        `t:${title}`,
        () => ({ basis: 'title', key: title, department: null, departmentName: null }),
        p.id,
        p.job_title,
      );
    if (p.dept_code)
      add(
        `d:${p.dept_code}`,
        () => ({
          basis: 'department',
          key: p.dept_code ?? '',
          department: p.dept_code,
          departmentName: p.dept_name,
        }),
        p.id,
        p.job_title,
      );
  }

  const mined: { role: Role; apps: { appId: number; active: number }[] }[] = [];
  for (const role of roles.values()) {
    if (role.members.length < MIN_ROLE_PEOPLE) continue;
    const counts = new Map<number, number>();
    for (const id of role.members)
      for (const app of appsOf.get(id) ?? []) counts.set(app, (counts.get(app) ?? 0) + 1);
    const apps = [...counts.entries()]
      .filter(([, active]) => active / role.members.length >= query.minShare)
      .map(([appId, active]) => ({ appId, active }));
    if (apps.length) mined.push({ role, apps });
  }

  const appIds = [...new Set(mined.flatMap((m) => m.apps.map((a) => a.appId)))];
  const apps = appIds.length
    ? await db.selectFrom('apps').select(['id', 'slug', 'name']).where('id', 'in', appIds).execute()
    : [];
  const prices = await priceLines(
    db,
    company,
    apps.map((a) => ({ app: a.slug, seats: 1 })),
  );
  const priceOf = new Map(apps.map((a, i) => [a.id, prices[i]]));
  const templates = await db
    .selectFrom('purchase_templates')
    .select(['id', 'code', 'name', 'current_version', 'company_id', 'role_title', 'department_code'])
    .where((eb) => eb.or([eb('company_id', '=', company.id), eb('company_id', 'is', null)]))
    .where('archived_at', 'is', null)
    .orderBy('company_id')
    .orderBy('id')
    .execute();

  const suggestions: Suggestion[] = mined.map(({ role, apps: used }) => {
    const commonest = [...role.titles.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    const items: SuggestedItem[] = used
      .flatMap(({ appId, active }) => {
        const app = apps.find((a) => a.id === appId);
        if (!app) return [];
        return [
          {
            app: app.slug,
            appName: app.name,
            activePeople: active,
            share: Math.round((active / role.members.length) * 1000) / 1000,
            seats: 1 as const,
            optional: false as const,
            price: priceOf.get(appId) ?? null,
          },
        ];
      })
      .sort((a, b) => b.share - a.share || a.appName.localeCompare(b.appName));
    const existing = templates.find((t) =>
      role.basis === 'title'
        ? t.role_title !== null && roleOf(t.role_title) === role.key
        : t.role_title === null && t.department_code === role.department,
    );
    return {
      basis: role.basis,
      roleTitle: role.basis === 'title' ? (commonest?.[0] ?? role.key) : null,
      department: role.department,
      departmentName: role.departmentName,
      people: role.members.length,
      items,
      costPerPerson: costPerPerson(
        company.currency,
        items.map((i) => ({ optional: false, price: i.price ?? undefined })),
      ),
      existingTemplate: existing
        ? {
            id: existing.id,
            code: existing.code,
            name: existing.name,
            currentVersion: existing.current_version,
            editable: writeProblem(actor, existing.company_id) === undefined,
          }
        : null,
    };
  });
  suggestions.sort(
    (a, b) =>
      (a.basis === b.basis ? 0 : a.basis === 'title' ? -1 : 1) ||
      b.people - a.people ||
      (a.roleTitle ?? a.department ?? '').localeCompare(b.roleTitle ?? b.department ?? ''),
  );
  return {
    kind: 'ok',
    company: company.code,
    currency: company.currency,
    minShare: query.minShare,
    windowDays: SUGGESTION_WINDOW_DAYS,
    minPeople: MIN_ROLE_PEOPLE,
    suggestions,
  };
}
