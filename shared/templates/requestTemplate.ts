// Requesting a template: its current version's items (the optional ones the requester picked) become
// ONE purchase request through the ordinary purchasing path (createPurchaseRequest: pricing, the
// approval chain, the daily limit, the workflow), which records the template id and the version in
// the same transaction as the request. Apps the person already holds are left out rather than
// refused; when nothing is left the answer is a 400 saying so. For someone else: HR of the company
// and the person's managers, as for any request (canActOnEmployee).
import type { Kysely } from 'kysely';
import { companyInScope } from '../identity/companyScope';
import { canActOnEmployee } from '../identity/employeeScope';
import { hasRole, type UserPrincipal } from '../identity/principal';
import type { Database, TemplateVersionItem } from '../platform/db/schema';
import {
  createPurchaseRequest,
  type CreatePurchaseRequestDeps,
  type CreatePurchaseRequestResult,
} from '../purchasing/createPurchaseRequest';
import type { RequestTemplateInput } from './templateInput';

export interface SkippedItem {
  app: string;
  appName: string;
  reason: string;
}

export type RequestTemplateResult =
  | (Exclude<CreatePurchaseRequestResult, { kind: 'created' | 'workflow-unavailable' }> & {
      skipped?: SkippedItem[];
    })
  | {
      kind: 'created' | 'workflow-unavailable';
      id: string;
      code: string;
      templateId: number;
      templateVersion: number;
      skipped: SkippedItem[];
    }
  | { kind: 'not-found'; detail: string };

export async function requestTemplate(
  deps: CreatePurchaseRequestDeps,
  actor: UserPrincipal,
  templateId: number,
  input: RequestTemplateInput,
): Promise<RequestTemplateResult> {
  const { db } = deps;
  // The person: the caller, or someone they may request for (a new hire: HR or Admin of their company).
  const person = await personFor(db, actor, input.forEmployee);
  if (person.kind !== 'ok') return person;
  // The template and its current version's items in one statement: a version is never changed, so
  // the items read are exactly the version the request records.
  const template = await db
    .selectFrom('purchase_templates as t')
    .innerJoin('purchase_template_versions as v', (j) =>
      j.onRef('v.template_id', '=', 't.id').onRef('v.version', '=', 't.current_version'),
    )
    .select(['t.id', 't.code', 't.company_id', 'v.version', 'v.items'])
    .where('t.id', '=', templateId)
    .where('t.archived_at', 'is', null)
    .where((eb) => eb.or([eb('t.company_id', 'is', null), eb('t.company_id', '=', person.companyId)]))
    .executeTakeFirst();
  if (!template)
    return {
      kind: 'not-found',
      detail: `No purchase template ${templateId} offered to your company (archived ones are not requested).`,
    };
  const versionItems = template.items;
  const apps = await appNames(db, versionItems);

  // Optional items picked must be optional items of this version.
  const errors: { path: string; message: string }[] = [];
  input.optionalItems.forEach((slug, index) => {
    const item = versionItems.find((i) => apps.get(i.appId)?.slug === slug);
    if (!item) errors.push({ path: `optionalItems.${index}`, message: `${slug} is not in ${template.code}` });
    else if (!item.optional)
      errors.push({
        path: `optionalItems.${index}`,
        message: `${slug} is included anyway; it is not optional`,
      });
  });
  if (errors.length) return { kind: 'invalid', errors };

  const wanted = versionItems.filter(
    (i) => !i.optional || input.optionalItems.includes(apps.get(i.appId)?.slug ?? ''),
  );
  const held = await heldApps(
    db,
    person.id,
    wanted.map((i) => i.appId),
  );
  const skipped: SkippedItem[] = wanted
    .filter((i) => held.has(i.appId))
    .map((i) => ({
      app: apps.get(i.appId)?.slug ?? '',
      appName: apps.get(i.appId)?.name ?? '',
      reason: `${person.name} already has a seat`,
    }));
  const lines = wanted.filter((i) => !held.has(i.appId));
  if (lines.length === 0)
    return {
      kind: 'invalid',
      errors: [
        {
          path: 'templateId',
          message: `${person.name} already has every app of ${template.code} that was asked for; nothing to request`,
        },
      ],
      skipped,
    };

  const plans = await planCodes(db, lines);
  const forOther = person.id !== actor.employeeId;
  const result = await createPurchaseRequest(
    deps,
    actor,
    {
      items: lines.map((i) => ({
        app: apps.get(i.appId)?.slug ?? '',
        ...(i.planId !== null && plans.has(i.planId) && { plan: plans.get(i.planId) ?? '' }),
        seats: i.seats,
        // one seat is the person's own; more seats per person are bought for the company's pool.
        // A new hire's request names the hire on every line, one seat each (the hire's own).
        ...(person.starting ? { seats: 1, forEmployee: person.email } : {}),
        ...(!person.starting && forOther && i.seats === 1 && { forEmployee: person.email }),
      })),
      justification: input.justification,
      neededBy: input.neededBy,
    },
    { templateId: template.id, templateVersion: template.version },
  );
  if (result.kind === 'created' || result.kind === 'workflow-unavailable')
    return { ...result, templateId: template.id, templateVersion: template.version, skipped };
  return { ...result, skipped };
}

async function appNames(db: Kysely<Database>, items: TemplateVersionItem[]) {
  const ids = [...new Set(items.map((i) => i.appId))];
  const rows = ids.length
    ? await db.selectFrom('apps').select(['id', 'slug', 'name']).where('id', 'in', ids).execute()
    : [];
  return new Map(rows.map((r) => [r.id, r]));
}

async function planCodes(db: Kysely<Database>, items: TemplateVersionItem[]) {
  const ids = [...new Set(items.flatMap((i) => (i.planId === null ? [] : [i.planId])))];
  const rows = ids.length
    ? await db.selectFrom('pricing_plans').select(['id', 'code']).where('id', 'in', ids).execute()
    : [];
  return new Map(rows.map((r) => [r.id, r.code]));
}

async function heldApps(db: Kysely<Database>, employeeId: number, appIds: number[]): Promise<Set<number>> {
  if (appIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('license_assignments as l')
    .innerJoin('contracts as k', 'k.id', 'l.contract_id')
    .select('k.app_id')
    .where('l.employee_id', '=', employeeId)
    .where('l.status', '=', 'active')
    .where('k.app_id', 'in', appIds)
    .execute();
  return new Set(rows.map((r) => r.app_id));
}

async function personFor(
  db: Kysely<Database>,
  actor: UserPrincipal,
  email: string | undefined,
): Promise<
  | { kind: 'ok'; id: number; email: string; name: string; companyId: number; starting: boolean }
  | { kind: 'invalid'; errors: { path: string; message: string }[] }
  | { kind: 'forbidden'; detail: string }
> {
  const row = await db
    .selectFrom('employees')
    .select(['id', 'email', 'display_name', 'status', 'company_id'])
    .$call((q) =>
      email === undefined ? q.where('id', '=', actor.employeeId) : q.where('email', '=', email.toLowerCase()),
    )
    .executeTakeFirst();
  // A new hire (not started yet) is requested for by HR or Admin of the hire's company only.
  const hire =
    row?.status === 'starting' && row.id !== actor.employeeId && hasRole(actor, 'HR', 'Admin')
      ? companyInScope(actor, row.company_id)
      : false;
  if (!row || (row.status !== 'active' && !hire))
    return {
      kind: 'invalid',
      errors: [{ path: 'forEmployee', message: `no active employee ${email ?? actor.email}` }],
    };
  if (row.id !== actor.employeeId && !hire) {
    if (row.company_id !== actor.companyId)
      return {
        kind: 'forbidden',
        detail: `${row.email} works for another subsidiary; they request through their own company.`,
      };
    if (!(await canActOnEmployee(db, actor, row.id)))
      return {
        kind: 'forbidden',
        detail: `You may request software for yourself and for the people you manage, not for ${row.email}.`,
      };
  }
  return {
    kind: 'ok',
    id: row.id,
    email: row.email,
    name: row.display_name,
    companyId: row.company_id,
    starting: hire,
  };
}
