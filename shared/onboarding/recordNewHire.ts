// HR records a new hire: the person exists from now on with status 'starting' (no sign-in, no
// seat, not counted as staff), the JD match runs on the job description and its best apps become
// the bundle, the hire is stored with an audit entry, and the onboarding workflow starts (a durable
// timer to the start date). All rows in one transaction; nothing is written on a refused body.
import type { JdMatchResult } from '../ai/jdMatch/jdMatchContract';
import { hasRole, type UserPrincipal } from '../identity/principal';
import { writeAudit } from '../platform/audit/auditLog';
import type { NewHireBundleItem } from '../platform/db/schema';
import { managesHiresOf } from './newHireAccess';
import { loadNewHire, type NewHireDetail } from './newHireDetail';
import { startDateProblem, type RecordNewHireInput } from './newHireInput';
import type { OnboardingDeps } from './onboardingDeps';

/** Apps the match is less sure of than this are shown in the match, not put in the bundle. */
export const BUNDLE_MIN_CONFIDENCE = 0.35;
/** At most this many apps go into the first bundle; HR adds more by hand. */
export const BUNDLE_MAX_APPS = 6;

export type RecordNewHireResult =
  | { kind: 'created'; hire: NewHireDetail }
  | { kind: 'invalid'; errors: { path: string; message: string }[] }
  | { kind: 'forbidden'; detail: string }
  | { kind: 'conflict'; detail: string }
  | { kind: 'workflow-unavailable'; detail: string };

/** The first bundle: the match's ranked apps above the confidence floor, best first, capped. */
export function bundleFromMatch(match: JdMatchResult | null): NewHireBundleItem[] {
  if (!match) return [];
  return [...match.apps]
    .sort((a, b) => a.rank - b.rank)
    .filter((a) => a.confidence >= BUNDLE_MIN_CONFIDENCE)
    .slice(0, BUNDLE_MAX_APPS)
    .map((a) => ({ appId: a.app.id, planId: a.plan.id, source: 'jd-match' as const }));
}

export async function recordNewHire(
  deps: OnboardingDeps,
  actor: UserPrincipal,
  input: RecordNewHireInput,
): Promise<RecordNewHireResult> {
  const { db } = deps;
  if (!hasRole(actor, 'HR', 'Admin')) {
    return { kind: 'forbidden', detail: 'Only HR and admins record new hires.' };
  }
  const at = deps.now();
  const company = await db
    .selectFrom('companies')
    .select(['id', 'code'])
    .where('code', '=', input.companyCode)
    .executeTakeFirst();
  if (!company) {
    return {
      kind: 'invalid',
      errors: [{ path: 'companyCode', message: `no company "${input.companyCode}"` }],
    };
  }
  if (!managesHiresOf(actor, company.id)) {
    return { kind: 'forbidden', detail: `${company.code} is outside your reach.` };
  }
  const errors: { path: string; message: string }[] = [];
  const late = startDateProblem(input.startDate, at);
  if (late) errors.push({ path: 'startDate', message: late });
  const email = input.email.toLowerCase();
  const department = input.department
    ? await db
        .selectFrom('departments')
        .select('id')
        .where('company_id', '=', company.id)
        .where('code', '=', input.department)
        .executeTakeFirst()
    : undefined;
  if (input.department && !department) {
    errors.push({ path: 'department', message: `${company.code} has no department "${input.department}"` });
  }
  const manager = input.managerEmail
    ? await db
        .selectFrom('employees')
        .select(['id', 'status', 'company_id'])
        .where('email', '=', input.managerEmail.toLowerCase())
        .executeTakeFirst()
    : undefined;
  if (input.managerEmail && (!manager || manager.status !== 'active')) {
    errors.push({ path: 'managerEmail', message: `no active employee ${input.managerEmail}` });
  } else if (manager && manager.company_id !== company.id) {
    errors.push({ path: 'managerEmail', message: `${input.managerEmail} works for another subsidiary` });
  }
  if (errors.length) return { kind: 'invalid', errors };
  const existing = await db
    .selectFrom('employees')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (existing) return { kind: 'conflict', detail: `${email} is already an employee.` };

  // The match runs before anything is written; a provider that fails leaves the bundle to HR.
  let match: JdMatchResult | null = null;
  try {
    const outcome = await deps.matchJobDescription(actor, {
      jobTitle: input.jobTitle,
      jobDescription: input.jobDescription,
      companyCode: company.code,
      limit: 8,
      ...(input.department !== undefined && { department: input.department }),
      ...(input.seniority !== undefined && { seniority: input.seniority }),
    });
    if (outcome.kind === 'invalid') return outcome;
    if (outcome.kind === 'forbidden') return outcome;
    match = outcome.result;
  } catch {
    match = null;
  }
  const bundle = bundleFromMatch(match);

  const hireId = deps.newId();
  const written = await db.transaction().execute(async (trx) => {
    const employee = await trx
      .insertInto('employees')
      .values({
        company_id: company.id,
        department_id: department?.id ?? null,
        email,
        display_name: input.displayName,
        job_title: input.jobTitle,
        manager_id: manager?.id ?? null,
        hired_on: input.startDate,
        status: 'starting',
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!employee) return false;
    await trx.insertInto('employee_roles').values({ employee_id: employee.id, role: 'Employee' }).execute();
    await trx
      .insertInto('new_hires')
      .values({
        id: hireId,
        company_id: company.id,
        employee_id: employee.id,
        manager_id: manager?.id ?? null,
        start_date: input.startDate,
        job_description: input.jobDescription,
        seniority: input.seniority ?? null,
        jd_match: match ? JSON.stringify(match) : null,
        bundle: JSON.stringify(bundle),
        created_by: actor.employeeId,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await writeAudit(trx, {
      occurredAt: at,
      companyId: company.id,
      entityType: 'new_hire',
      entityId: hireId,
      action: 'recorded',
      actorId: actor.employeeId,
      details: {
        detail: `${input.displayName} (${input.jobTitle}) starts on ${input.startDate}`,
        employeeId: employee.id,
        bundle: bundle.length,
        matched: match !== null,
      },
      idempotencyKey: `new-hire:${hireId}:recorded`,
    });
    return true;
  });
  if (!written) return { kind: 'conflict', detail: `${email} is already an employee.` };

  try {
    await deps.workflow.start(hireId);
  } catch {
    // Without its workflow the hire would never start: take it back rather than leave it half made.
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .deleteFrom('new_hires')
        .where('id', '=', hireId)
        .returning('employee_id')
        .executeTakeFirst();
      if (row) {
        await trx.deleteFrom('employee_roles').where('employee_id', '=', row.employee_id).execute();
        await trx.deleteFrom('employees').where('id', '=', row.employee_id).execute();
      }
    });
    return {
      kind: 'workflow-unavailable',
      detail: 'The onboarding workflow could not start; nothing was recorded. Try again.',
    };
  }
  const hire = await loadNewHire(db, hireId);
  if (!hire) throw new Error(`New hire ${hireId} vanished after it was recorded.`);
  return { kind: 'created', hire };
}
