// HR adjusts a hire's bundle while it is a draft: either the lines themselves ({ app, plan? }; an
// app the match proposed keeps its reasons, anything else is "added") or a purchase template's
// current items plus the optional ones HR picked. Every change names the revision it read; a stale
// one is refused (409) so two HR people cannot overwrite each other unknowingly.
import type { UserPrincipal } from '../identity/principal';
import { writeAudit } from '../platform/audit/auditLog';
import type { NewHireBundleItem } from '../platform/db/schema';
import type { JdMatchResult } from '../ai/jdMatch/jdMatchContract';
import { resolveBundleItems } from './bundlePricing';
import { writeAccess, type Refusal } from './newHireAccess';
import { loadNewHire, type NewHireDetail } from './newHireDetail';
import type { UpdateBundleInput } from './newHireInput';
import type { OnboardingDeps } from './onboardingDeps';
import { templateForBundle } from './templateItems';

export type UpdateBundleResult =
  | { kind: 'updated'; hire: NewHireDetail }
  | Refusal
  | { kind: 'invalid'; errors: { path: string; message: string }[] }
  | { kind: 'stale'; detail: string; revision: number }
  | { kind: 'not-draft'; detail: string };

export async function updateBundle(
  deps: Pick<OnboardingDeps, 'db' | 'now'>,
  actor: UserPrincipal,
  hireId: string,
  input: UpdateBundleInput,
): Promise<UpdateBundleResult> {
  const { db } = deps;
  const access = await writeAccess(db, actor, hireId);
  if (access.kind !== 'ok') return access;
  const hire = await db
    .selectFrom('new_hires as h')
    .innerJoin('companies as c', 'c.id', 'h.company_id')
    .select(['h.status', 'h.revision', 'h.jd_match', 'h.company_id', 'c.currency'])
    .where('h.id', '=', hireId)
    .executeTakeFirstOrThrow();
  if (hire.status !== 'draft') {
    return {
      kind: 'not-draft',
      detail: `The hire is ${hire.status}; the bundle changes only while it is a draft.`,
    };
  }
  if (hire.revision !== input.revision) {
    return {
      kind: 'stale',
      revision: hire.revision,
      detail: `The hire changed since revision ${input.revision} (it is at ${hire.revision}); reload it and try again.`,
    };
  }
  const company = { id: hire.company_id, currency: hire.currency.trim() };
  const matched = new Set(
    ((hire.jd_match ?? null) as JdMatchResult | null)?.apps.map((a) => a.app.slug) ?? [],
  );
  let items: NewHireBundleItem[];
  let template: { id: number; version: number; name: string } | null = null;
  if (input.templateId !== undefined) {
    const found = await templateForBundle(db, input.templateId, hire.company_id);
    if (!found)
      return { kind: 'invalid', errors: [{ path: 'templateId', message: 'no such purchase template' }] };
    const optional = new Set(input.optionalItems ?? []);
    const unknown = (input.optionalItems ?? []).findIndex(
      (slug) => !found.items.some((i) => i.optional && i.appSlug === slug),
    );
    if (unknown >= 0) {
      return {
        kind: 'invalid',
        errors: [
          {
            path: `optionalItems.${unknown}`,
            message: `${input.optionalItems?.[unknown]} is not an optional item of ${found.name}`,
          },
        ],
      };
    }
    const chosen = found.items.filter((i) => !i.optional || optional.has(i.appSlug));
    const resolved = await resolveBundleItems(
      db,
      company,
      chosen.map((i) => ({ app: i.appSlug, ...(i.planCode !== null && { plan: i.planCode }) })),
      () => 'template',
      'templateId',
    );
    if (!resolved.ok) return { kind: 'invalid', errors: resolved.errors };
    items = resolved.items;
    template = found;
  } else {
    const resolved = await resolveBundleItems(db, company, input.items ?? [], (slug) =>
      matched.has(slug) ? 'jd-match' : 'added',
    );
    if (!resolved.ok) return { kind: 'invalid', errors: resolved.errors };
    items = resolved.items;
  }
  const at = deps.now();
  const updated = await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('new_hires')
      .set({
        bundle: JSON.stringify(items),
        template_id: template?.id ?? null,
        template_version: template?.version ?? null,
        revision: input.revision + 1,
        updated_at: at,
      })
      .where('id', '=', hireId)
      .where('revision', '=', input.revision)
      .where('status', '=', 'draft')
      .returning('revision')
      .executeTakeFirst();
    if (!row) return false;
    await writeAudit(trx, {
      occurredAt: at,
      companyId: access.companyId,
      entityType: 'new_hire',
      entityId: hireId,
      action: 'bundle_changed',
      actorId: actor.employeeId,
      details: {
        detail: template
          ? `from template ${template.name} (version ${template.version})`
          : `${items.length} app(s)`,
        revision: row.revision,
        items,
      },
      idempotencyKey: `new-hire:${hireId}:bundle:${row.revision}`,
    });
    return true;
  });
  if (!updated) {
    const now = await db
      .selectFrom('new_hires')
      .select(['revision', 'status'])
      .where('id', '=', hireId)
      .executeTakeFirstOrThrow();
    return {
      kind: 'stale',
      revision: now.revision,
      detail: `The hire changed while you edited it (it is at revision ${now.revision}); reload it and try again.`,
    };
  }
  const detail = await loadNewHire(db, hireId);
  return { kind: 'updated', hire: detail! };
}
