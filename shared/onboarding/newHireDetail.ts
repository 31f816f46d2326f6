// A hire as the wizard and the hire's page show it (docs/onboarding-api.md): the person, the
// manager, the JD match as answered, the bundle priced today, the purchase request with its steps,
// the seats once assigned and the timeline; and the list HR and managers see.
import type { Kysely } from 'kysely';
import type { JdMatchResult } from '../ai/jdMatch/jdMatchContract';
import type { UserPrincipal } from '../identity/principal';
import { hasRole } from '../identity/principal';
import type { Database, NewHireStatus } from '../platform/db/schema';
import { dateOnly, toDate } from '../purchasing/requestSummary';
import { priceBundle, type BundleLine } from './bundlePricing';
import { hireAccess, managesHiresOf } from './newHireAccess';

export type TimelineWhat =
  'recorded' | 'bundle-changed' | 'submitted' | 'approved' | 'start-date-moved' | 'started' | 'cancelled';

export interface NewHireDetail {
  id: string;
  status: NewHireStatus;
  revision: number;
  person: {
    employeeId: number;
    displayName: string;
    email: string;
    jobTitle: string;
    department: string | null;
    status: string;
  };
  manager: { displayName: string; email: string } | null;
  companyCode: string;
  currency: string;
  startDate: string;
  jobDescription: string;
  seniority: string | null;
  match: JdMatchResult | null;
  bundle: BundleLine[];
  bundleMonthlyCost: number;
  template: { id: number; version: number; name: string } | null;
  request: {
    id: string;
    code: string;
    status: string;
    steps: { step: number; kind: string; approver: string; status: string }[];
  } | null;
  seats: { app: { slug: string; name: string }; contractCompanyCode: string; assignedAt: string }[];
  timeline: { at: string; what: TimelineWhat; detail: string }[];
}

const TIMELINE: Record<string, TimelineWhat> = {
  recorded: 'recorded',
  bundle_changed: 'bundle-changed',
  submitted: 'submitted',
  start_date_moved: 'start-date-moved',
  started: 'started',
  cancelled: 'cancelled',
};

function hireQuery(db: Kysely<Database>) {
  return db
    .selectFrom('new_hires as h')
    .innerJoin('employees as e', 'e.id', 'h.employee_id')
    .innerJoin('companies as c', 'c.id', 'h.company_id')
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .leftJoin('employees as m', 'm.id', 'h.manager_id')
    .leftJoin('purchase_requests as pr', 'pr.id', 'h.purchase_request_id')
    .select([
      'h.id',
      'h.status',
      'h.revision',
      'h.start_date',
      'h.job_description',
      'h.seniority',
      'h.jd_match',
      'h.bundle',
      'h.template_id',
      'h.template_version',
      'h.purchase_request_id',
      'h.company_id',
      'h.created_at',
      'e.id as employee_id',
      'e.display_name',
      'e.email',
      'e.job_title',
      'e.status as employee_status',
      'd.code as department',
      'm.display_name as manager_name',
      'm.email as manager_email',
      'c.code as company_code',
      'c.currency',
      'pr.code as request_code',
      'pr.status as request_status',
    ]);
}

/** The hire, or undefined when it does not exist or the actor may not see it. */
export async function getNewHire(
  db: Kysely<Database>,
  actor: UserPrincipal,
  hireId: string,
): Promise<NewHireDetail | undefined> {
  const access = await hireAccess(db, actor, hireId);
  if (access.kind === 'none') return undefined;
  return loadNewHire(db, hireId);
}

/** The hire without an access check (use cases that checked already, activities). */
export async function loadNewHire(db: Kysely<Database>, hireId: string): Promise<NewHireDetail | undefined> {
  const h = await hireQuery(db).where('h.id', '=', hireId).executeTakeFirst();
  if (!h) return undefined;
  const currency = h.currency.trim();
  const match = (h.jd_match ?? null) as JdMatchResult | null;
  const bundle = await priceBundle(db, { id: h.company_id, code: h.company_code, currency }, h.bundle, match);
  const template =
    h.template_id !== null
      ? await db
          .selectFrom('purchase_templates')
          .select(['id', 'name'])
          .where('id', '=', h.template_id)
          .executeTakeFirst()
      : undefined;
  const steps = h.purchase_request_id
    ? await db
        .selectFrom('approval_steps as s')
        .innerJoin('employees as a', 'a.id', 's.approver_id')
        .select(['s.step', 's.kind', 's.status', 'a.display_name'])
        .where('s.request_id', '=', h.purchase_request_id)
        .orderBy('s.step')
        .execute()
    : [];
  const seats = await db
    .selectFrom('license_assignments as l')
    .innerJoin('contracts as k', 'k.id', 'l.contract_id')
    .innerJoin('apps as a', 'a.id', 'k.app_id')
    .innerJoin('companies as c', 'c.id', 'k.company_id')
    .select(['a.slug', 'a.name', 'c.code', 'l.assigned_at'])
    .where('l.employee_id', '=', h.employee_id)
    .where('l.status', '=', 'active')
    .orderBy('a.slug')
    .execute();
  const audit = await db
    .selectFrom('audit_log')
    .select(['occurred_at', 'action', 'details', 'entity_type'])
    .where((eb) =>
      eb.or([
        eb.and([eb('entity_type', '=', 'new_hire'), eb('entity_id', '=', hireId)]),
        ...(h.purchase_request_id
          ? [
              eb.and([
                eb('entity_type', '=', 'purchase_request'),
                eb('entity_id', '=', h.purchase_request_id),
                eb('action', '=', 'fulfilled'),
              ]),
            ]
          : []),
      ]),
    )
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  const timeline = audit.flatMap((a) => {
    const what = a.entity_type === 'purchase_request' ? 'approved' : TIMELINE[a.action];
    if (!what) return [];
    const details = (a.details ?? {}) as { detail?: string };
    return [{ at: toDate(a.occurred_at).toISOString(), what, detail: details.detail ?? '' }];
  });
  return {
    id: h.id,
    status: h.status,
    revision: h.revision,
    person: {
      employeeId: h.employee_id,
      displayName: h.display_name,
      email: h.email,
      jobTitle: h.job_title,
      department: h.department,
      status: h.employee_status,
    },
    manager: h.manager_email ? { displayName: h.manager_name ?? '', email: h.manager_email } : null,
    companyCode: h.company_code,
    currency,
    startDate: dateOnly(h.start_date),
    jobDescription: h.job_description,
    seniority: h.seniority,
    match,
    bundle: bundle.lines,
    bundleMonthlyCost: bundle.monthly,
    template:
      template && h.template_version !== null
        ? { id: template.id, version: h.template_version, name: template.name }
        : null,
    request:
      h.purchase_request_id && h.request_code
        ? {
            id: h.purchase_request_id,
            code: h.request_code,
            status: h.request_status ?? 'pending',
            steps: steps.map((s) => ({
              step: s.step,
              kind: s.kind,
              approver: s.display_name,
              status: s.status,
            })),
          }
        : null,
    seats: seats.map((s) => ({
      app: { slug: s.slug, name: s.name },
      contractCompanyCode: s.code,
      assignedAt: toDate(s.assigned_at).toISOString(),
    })),
    timeline,
  };
}

export interface NewHireSummary {
  id: string;
  status: NewHireStatus;
  person: { employeeId: number; displayName: string; email: string; jobTitle: string; status: string };
  manager: { displayName: string; email: string } | null;
  companyCode: string;
  startDate: string;
  bundleSize: number;
  request: { id: string; code: string; status: string } | null;
}

export type ListNewHiresResult =
  | { kind: 'ok'; items: NewHireSummary[] }
  | { kind: 'forbidden'; detail: string }
  | { kind: 'invalid'; errors: { path: string; message: string }[] };

/** HR and Admin: the hires of the companies in reach; a Manager: the hires they will manage. Newest start date first. */
export async function listNewHires(
  db: Kysely<Database>,
  actor: UserPrincipal,
  filter: { status?: NewHireStatus; companyCode?: string },
): Promise<ListNewHiresResult> {
  const hr = hasRole(actor, 'HR', 'Admin');
  if (!hr && !hasRole(actor, 'Manager')) {
    return { kind: 'forbidden', detail: 'New hires are for HR, admins and the managers of the hires.' };
  }
  let companyId: number | undefined;
  if (filter.companyCode !== undefined) {
    const company = await db
      .selectFrom('companies')
      .select('id')
      .where('code', '=', filter.companyCode)
      .executeTakeFirst();
    if (!company) {
      return {
        kind: 'invalid',
        errors: [{ path: 'companyCode', message: `no company "${filter.companyCode}"` }],
      };
    }
    if (hr && !managesHiresOf(actor, company.id) && !hasRole(actor, 'Manager')) {
      return { kind: 'forbidden', detail: `${filter.companyCode} is outside your reach.` };
    }
    companyId = company.id;
  }
  let query = hireQuery(db);
  if (filter.status) query = query.where('h.status', '=', filter.status);
  if (companyId !== undefined) query = query.where('h.company_id', '=', companyId);
  query = query.where((eb) => {
    const mine = eb('h.manager_id', '=', actor.employeeId);
    if (!hr) return mine;
    if (actor.groupWide) return eb.or([mine, eb.lit(true)]);
    return eb.or([mine, eb('h.company_id', '=', actor.companyId)]);
  });
  const rows = await query
    .orderBy('h.start_date', 'desc')
    .orderBy('h.created_at', 'desc')
    .limit(500)
    .execute();
  return {
    kind: 'ok',
    items: rows.map((h) => ({
      id: h.id,
      status: h.status,
      person: {
        employeeId: h.employee_id,
        displayName: h.display_name,
        email: h.email,
        jobTitle: h.job_title,
        status: h.employee_status,
      },
      manager: h.manager_email ? { displayName: h.manager_name ?? '', email: h.manager_email } : null,
      companyCode: h.company_code,
      startDate: dateOnly(h.start_date),
      bundleSize: h.bundle.length,
      request:
        h.purchase_request_id && h.request_code
          ? { id: h.purchase_request_id, code: h.request_code, status: h.request_status ?? 'pending' }
          : null,
    })),
  };
}
