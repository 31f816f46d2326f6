// One action turns the hire's bundle into one purchase request through the ordinary purchasing path
// (createPurchaseRequest): every item for the hire's e-mail, needed by the start date, priced in the
// hire's company, approved along the hire's management line (the manager HR named) as any other
// request. The hire is claimed first (draft → requested), so a double submit makes one request.
import type { UserPrincipal } from '../identity/principal';
import { writeAudit } from '../platform/audit/auditLog';
import { createPurchaseRequest } from '../purchasing/createPurchaseRequest';
import { dateOnly } from '../purchasing/requestSummary';
import { writeAccess, type Refusal } from './newHireAccess';
import { loadNewHire, type NewHireDetail } from './newHireDetail';
import type { OnboardingDeps } from './onboardingDeps';

/** a submission that has not linked its request after this long was interrupted (a crash) */
export const INTERRUPTED_AFTER_MS = 2 * 60_000;

export type SubmitNewHireResult =
  | { kind: 'submitted'; hire: NewHireDetail }
  | Refusal
  | { kind: 'invalid'; errors: { path: string; message: string }[] }
  | { kind: 'conflict'; detail: string }
  | { kind: 'no-approver'; detail: string }
  | { kind: 'limited'; detail: string; limit: number; retryAfterSeconds: number }
  | { kind: 'workflow-unavailable'; detail: string };

export async function submitNewHire(
  deps: OnboardingDeps,
  actor: UserPrincipal,
  hireId: string,
  input: { justification?: string | undefined },
): Promise<SubmitNewHireResult> {
  const { db } = deps;
  const access = await writeAccess(db, actor, hireId);
  if (access.kind !== 'ok') return access;
  const hire = await db
    .selectFrom('new_hires as h')
    .innerJoin('employees as e', 'e.id', 'h.employee_id')
    .innerJoin('companies as c', 'c.id', 'h.company_id')
    .select([
      'h.status',
      'h.bundle',
      'h.employee_id',
      'h.purchase_request_id',
      'h.updated_at',
      'h.start_date',
      'h.template_id',
      'h.template_version',
      'e.email',
      'e.display_name',
      'e.job_title',
    ])
    .where('h.id', '=', hireId)
    .executeTakeFirstOrThrow();
  const at = deps.now();
  const cutoff = new Date(at.getTime() - INTERRUPTED_AFTER_MS);
  const interrupted =
    hire.status === 'requested' && hire.purchase_request_id === null && new Date(hire.updated_at) < cutoff;
  if (hire.status !== 'draft' && !interrupted) {
    return { kind: 'conflict', detail: `The hire is ${hire.status}; only a draft is submitted.` };
  }
  const bundle = hire.bundle;
  if (bundle.length === 0) {
    return {
      kind: 'invalid',
      errors: [{ path: 'bundle', message: 'the bundle is empty; add at least one app' }],
    };
  }
  const apps = await db
    .selectFrom('apps')
    .select(['id', 'slug'])
    .where(
      'id',
      'in',
      bundle.map((b) => b.appId),
    )
    .execute();
  const plans = await db
    .selectFrom('pricing_plans')
    .select(['id', 'code'])
    .where(
      'id',
      'in',
      bundle.map((b) => b.planId),
    )
    .execute();
  const startDate = dateOnly(hire.start_date);

  // Claim the draft (or a submission interrupted before it linked its request): a second submit in
  // flight finds it requested and makes nothing.
  const claimed = await db
    .updateTable('new_hires')
    .set({ status: 'requested', updated_at: at })
    .where('id', '=', hireId)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'draft'),
        eb.and([
          eb('status', '=', 'requested'),
          eb('purchase_request_id', 'is', null),
          eb('updated_at', '<', cutoff),
        ]),
      ]),
    )
    .returning('revision')
    .executeTakeFirst();
  if (!claimed) return { kind: 'conflict', detail: 'The hire was submitted a moment ago.' };
  const link = async (request: { id: string; code: string }) => {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('new_hires')
        .set({ purchase_request_id: request.id, revision: claimed.revision + 1, updated_at: at })
        .where('id', '=', hireId)
        .execute();
      if (hire.template_id !== null && hire.template_version !== null) {
        await trx
          .updateTable('purchase_requests')
          .set({ template_id: hire.template_id, template_version: hire.template_version })
          .where('id', '=', request.id)
          .execute();
      }
      await writeAudit(trx, {
        occurredAt: at,
        companyId: access.companyId,
        entityType: 'new_hire',
        entityId: hireId,
        action: 'submitted',
        actorId: actor.employeeId,
        details: { detail: request.code, requestId: request.id },
        idempotencyKey: `new-hire:${hireId}:submitted`,
      });
    });
    const detail = await loadNewHire(db, hireId);
    return { kind: 'submitted' as const, hire: detail! };
  };
  if (interrupted) {
    // The interrupted submission may have made its request before it stopped: that one counts.
    const made = await db
      .selectFrom('purchase_requests as pr')
      .select(['pr.id', 'pr.code'])
      .where('pr.status', '<>', 'cancelled')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('purchase_request_items as i')
            .select('i.line')
            .whereRef('i.request_id', '=', 'pr.id')
            .where('i.for_employee_id', '=', hire.employee_id),
        ),
      )
      .orderBy('pr.created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (made) return link(made);
  }
  const release = () =>
    db
      .updateTable('new_hires')
      .set({ status: 'draft', updated_at: at })
      .where('id', '=', hireId)
      .where('status', '=', 'requested')
      .where('purchase_request_id', 'is', null)
      .execute();

  let result;
  try {
    result = await createPurchaseRequest(
      { db, now: deps.now, newId: deps.newId, ...deps.purchasing },
      actor,
      {
        items: bundle.map((b) => ({
          app: apps.find((a) => a.id === b.appId)?.slug ?? '',
          ...(plans.find((p) => p.id === b.planId) && { plan: plans.find((p) => p.id === b.planId)!.code }),
          seats: 1,
          forEmployee: hire.email,
        })),
        justification:
          input.justification ??
          `Software for ${hire.display_name}, ${hire.job_title}, who starts on ${startDate}.`,
        neededBy: startDate,
      },
    );
  } catch (error) {
    await release();
    throw error;
  }
  switch (result.kind) {
    case 'created':
      break;
    case 'invalid':
      await release();
      return {
        kind: 'invalid',
        errors: result.errors.map((e) => ({
          ...e,
          path: e.path.replace(/^items/, 'bundle').replace(/^neededBy$/, 'startDate'),
        })),
      };
    case 'forbidden':
      await release();
      return { kind: 'forbidden', detail: result.detail };
    case 'no-approver':
      await release();
      return result;
    case 'limited':
      await release();
      return result;
    case 'workflow-unavailable':
      await release();
      return {
        kind: 'workflow-unavailable',
        detail: `${result.code} could not start its approval; it is cancelled. Submit again.`,
      };
  }
  return link(result);
}
