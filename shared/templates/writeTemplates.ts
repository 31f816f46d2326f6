// Writing purchase templates: create (version 1), update (a new version, refused when the caller
// edited an older one), archive, and accept a mined suggestion into a new template or a new version.
// Every write stores the template row, its current items and the immutable version copy in one
// transaction with its audit entry, so a request always finds the version it names.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { UserPrincipal } from '../identity/principal';
import { writeAudit } from '../platform/audit/auditLog';
import type { Database, TemplateVersionItem } from '../platform/db/schema';
import { companyFor, visibleTemplate, writeProblem } from './templateAccess';
import type { AcceptSuggestionInput, CreateTemplateInput, UpdateTemplateInput } from './templateInput';

export interface TemplateWriteDeps {
  db: Kysely<Database>;
  now: () => Date;
}

type FieldError = { path: string; message: string };

export type TemplateWriteResult =
  | { kind: 'saved'; id: number; version: number }
  | { kind: 'invalid'; errors: FieldError[] }
  | { kind: 'not-found'; detail: string }
  | { kind: 'forbidden'; detail: string }
  | { kind: 'conflict'; detail: string; currentVersion?: number };

interface ItemInput {
  app: string;
  plan?: string | undefined;
  seats: number;
  optional: boolean;
}

/** The items as ids, or the errors naming the items that name no app or plan. */
async function resolveItems(
  db: Kysely<Database>,
  items: ItemInput[],
): Promise<{ ok: true; items: TemplateVersionItem[] } | { ok: false; errors: FieldError[] }> {
  const slugs = [...new Set(items.map((i) => i.app))];
  const apps = await db
    .selectFrom('apps')
    .select(['id', 'slug', 'name'])
    .where('slug', 'in', slugs)
    .execute();
  const plans = apps.length
    ? await db
        .selectFrom('pricing_plans')
        .select(['id', 'app_id', 'code'])
        .where(
          'app_id',
          'in',
          apps.map((a) => a.id),
        )
        .execute()
    : [];
  const errors: FieldError[] = [];
  const resolved: TemplateVersionItem[] = [];
  items.forEach((item, index) => {
    const app = apps.find((a) => a.slug === item.app);
    if (!app) {
      errors.push({ path: `items.${index}.app`, message: `no app "${item.app}" in the catalog` });
      return;
    }
    let planId: number | null = null;
    if (item.plan !== undefined) {
      const appPlans = plans.filter((p) => p.app_id === app.id);
      const plan = appPlans.find((p) => p.code === item.plan);
      if (!plan) {
        errors.push({
          path: `items.${index}.plan`,
          message: `"${app.name}" has no plan "${item.plan}"; plans: ${appPlans.map((p) => p.code).join(', ')}`,
        });
        return;
      }
      planId = plan.id;
    }
    resolved.push({ appId: app.id, planId, seats: item.seats, optional: item.optional });
  });
  return errors.length ? { ok: false, errors } : { ok: true, items: resolved };
}

/** The department code, checked against the company's departments (a group-wide one: any company's). */
async function departmentProblem(
  db: Kysely<Database>,
  companyId: number | null,
  department: string | undefined,
): Promise<FieldError | undefined> {
  if (department === undefined) return undefined;
  let query = db.selectFrom('departments').select('id').where('code', '=', department);
  if (companyId !== null) query = query.where('company_id', '=', companyId);
  const found = await query.executeTakeFirst();
  return found ? undefined : { path: 'department', message: `no department ${department} in the company` };
}

async function codeTaken(
  db: Kysely<Database>,
  companyId: number | null,
  code: string,
  exceptId?: number,
): Promise<boolean> {
  let query = db
    .selectFrom('purchase_templates')
    .select('id')
    .where('code', '=', code)
    .where(companyId === null ? sql<boolean>`company_id is null` : sql<boolean>`company_id = ${companyId}`);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

async function writeVersion(
  trx: Transaction<Database>,
  templateId: number,
  version: number,
  fields: {
    name: string;
    description: string;
    roleTitle: string | null;
    department: string | null;
    items: TemplateVersionItem[];
  },
  by: { employeeId: number; at: Date },
) {
  await trx.deleteFrom('purchase_template_items').where('template_id', '=', templateId).execute();
  await trx
    .insertInto('purchase_template_items')
    .values(
      fields.items.map((i) => ({
        template_id: templateId,
        app_id: i.appId,
        plan_id: i.planId,
        seats: i.seats,
        optional: i.optional,
      })),
    )
    .execute();
  await trx
    .insertInto('purchase_template_versions')
    .values({
      template_id: templateId,
      version,
      name: fields.name,
      description: fields.description,
      role_title: fields.roleTitle,
      department_code: fields.department,
      items: JSON.stringify(fields.items),
      created_at: by.at,
      created_by: by.employeeId,
    })
    .execute();
}

const codeConflict = (code: string): TemplateWriteResult => ({
  kind: 'conflict',
  detail: `The company already has a template ${code} (archived ones keep their code).`,
});

export async function createTemplate(
  deps: TemplateWriteDeps,
  actor: UserPrincipal,
  input: CreateTemplateInput,
): Promise<TemplateWriteResult> {
  const { db } = deps;
  const found = await companyFor(db, actor, input.companyCode);
  if (found.kind !== 'ok') return found;
  const company = found.company;
  const refused = writeProblem(actor, company.id);
  if (refused) return { kind: 'forbidden', detail: refused };
  const items = await resolveItems(db, input.items);
  const dept = await departmentProblem(db, company.id, input.department);
  const errors = [...(items.ok ? [] : items.errors), ...(dept ? [dept] : [])];
  if (errors.length || !items.ok) return { kind: 'invalid', errors };
  if (await codeTaken(db, company.id, input.code)) return codeConflict(input.code);

  const at = deps.now();
  const fields = {
    name: input.name,
    description: input.description ?? '',
    roleTitle: input.roleTitle || null,
    department: input.department ?? null,
    items: items.items,
  };
  try {
    const id = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('purchase_templates')
        .values({
          company_id: company.id,
          code: input.code,
          name: fields.name,
          description: fields.description,
          role_title: fields.roleTitle,
          department_code: fields.department,
          current_version: 1,
          created_at: at,
          updated_at: at,
          updated_by: actor.employeeId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeVersion(trx, row.id, 1, fields, { employeeId: actor.employeeId, at });
      await writeAudit(trx, {
        occurredAt: at,
        companyId: company.id,
        entityType: 'purchase_template',
        entityId: String(row.id),
        action: 'created',
        actorId: actor.employeeId,
        details: { code: input.code, version: 1, items: fields.items },
      });
      return row.id;
    });
    return { kind: 'saved', id, version: 1 };
  } catch (error) {
    if (isUniqueViolation(error)) return codeConflict(input.code);
    throw error;
  }
}

export async function updateTemplate(
  deps: TemplateWriteDeps,
  actor: UserPrincipal,
  id: number,
  input: UpdateTemplateInput,
  action: 'updated' | 'accepted-suggestion' = 'updated',
): Promise<TemplateWriteResult> {
  const { db } = deps;
  const template = await visibleTemplate(db, actor, id);
  if (!template) return { kind: 'not-found', detail: `No purchase template ${id} that you can see.` };
  const refused = writeProblem(actor, template.company_id);
  if (refused) return { kind: 'forbidden', detail: refused };
  if (template.archived_at !== null)
    return { kind: 'conflict', detail: `${template.code} is archived; it is not edited any more.` };
  if (template.current_version !== input.expectedVersion)
    return {
      kind: 'conflict',
      detail: `${template.code} is at version ${template.current_version}; you edited version ${input.expectedVersion}. Reload it and make your change again.`,
      currentVersion: template.current_version,
    };
  const items = await resolveItems(db, input.items);
  const dept = await departmentProblem(db, template.company_id, input.department);
  const errors = [...(items.ok ? [] : items.errors), ...(dept ? [dept] : [])];
  if (errors.length || !items.ok) return { kind: 'invalid', errors };
  if (await codeTaken(db, template.company_id, input.code, id)) return codeConflict(input.code);

  const at = deps.now();
  const version = input.expectedVersion + 1;
  const fields = {
    name: input.name,
    description: input.description ?? '',
    roleTitle: input.roleTitle || null,
    department: input.department ?? null,
    items: items.items,
  };
  try {
    const saved = await db.transaction().execute(async (trx) => {
      // The version check and the bump are one statement: of two edits of the same version, one wins.
      const bumped = await trx
        .updateTable('purchase_templates')
        .set({
          code: input.code,
          name: fields.name,
          description: fields.description,
          role_title: fields.roleTitle,
          department_code: fields.department,
          current_version: version,
          updated_at: at,
          updated_by: actor.employeeId,
        })
        .where('id', '=', id)
        .where('current_version', '=', input.expectedVersion)
        .where('archived_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!bumped) return false;
      await writeVersion(trx, id, version, fields, { employeeId: actor.employeeId, at });
      await writeAudit(trx, {
        occurredAt: at,
        companyId: template.company_id,
        entityType: 'purchase_template',
        entityId: String(id),
        action,
        actorId: actor.employeeId,
        details: { code: input.code, version, items: fields.items },
      });
      return true;
    });
    if (!saved)
      return {
        kind: 'conflict',
        detail: `${template.code} changed while you edited it. Reload it and make your change again.`,
      };
    return { kind: 'saved', id, version };
  } catch (error) {
    if (isUniqueViolation(error)) return codeConflict(input.code);
    throw error;
  }
}

export type ArchiveResult =
  | { kind: 'archived'; id: number; archivedAt: string }
  | { kind: 'not-found'; detail: string }
  | { kind: 'forbidden'; detail: string };

/** Archives the template: no longer listed or requestable; its versions stay for the requests naming them. */
export async function archiveTemplate(
  deps: TemplateWriteDeps,
  actor: UserPrincipal,
  id: number,
): Promise<ArchiveResult> {
  const { db } = deps;
  const template = await visibleTemplate(db, actor, id);
  if (!template) return { kind: 'not-found', detail: `No purchase template ${id} that you can see.` };
  const refused = writeProblem(actor, template.company_id);
  if (refused) return { kind: 'forbidden', detail: refused };
  if (template.archived_at !== null)
    return { kind: 'archived', id, archivedAt: new Date(template.archived_at).toISOString() };
  const at = deps.now();
  await db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('purchase_templates')
      .set({ archived_at: at, updated_at: at, updated_by: actor.employeeId })
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!done) return;
    await writeAudit(trx, {
      occurredAt: at,
      companyId: template.company_id,
      entityType: 'purchase_template',
      entityId: String(id),
      action: 'archived',
      actorId: actor.employeeId,
      details: { code: template.code, version: template.current_version },
    });
  });
  return { kind: 'archived', id, archivedAt: at.toISOString() };
}

/**
 * A suggestion accepted: with templateId, its items (and role or department) become that template's
 * next version, the rest of the template kept; without, a new template of the company.
 */
export async function acceptSuggestion(
  deps: TemplateWriteDeps,
  actor: UserPrincipal,
  input: AcceptSuggestionInput,
): Promise<TemplateWriteResult> {
  const roleTitle = input.basis === 'title' ? input.roleTitle : undefined;
  const department = input.basis === 'department' ? input.department : undefined;
  if (!roleTitle && !department)
    return {
      kind: 'invalid',
      errors: [
        {
          path: input.basis === 'title' ? 'roleTitle' : 'department',
          message: `a suggestion by ${input.basis} names its ${input.basis === 'title' ? 'role' : 'department'}`,
        },
      ],
    };
  if (input.templateId === undefined) {
    return createTemplate(deps, actor, {
      companyCode: input.companyCode,
      code: input.code ?? '',
      name: input.name ?? '',
      description: `Suggested from what ${roleTitle ?? department ?? ''} people use.`,
      ...(roleTitle && { roleTitle }),
      ...(department && { department }),
      items: input.items,
    });
  }
  const template = await visibleTemplate(deps.db, actor, input.templateId);
  if (!template)
    return { kind: 'not-found', detail: `No purchase template ${input.templateId} that you can see.` };
  const found = await companyFor(deps.db, actor, input.companyCode);
  if (found.kind !== 'ok') return found;
  if (template.company_id !== null && template.company_id !== found.company.id)
    return {
      kind: 'invalid',
      errors: [
        { path: 'templateId', message: `template ${template.code} is not one of ${input.companyCode}` },
      ],
    };
  return updateTemplate(
    deps,
    actor,
    input.templateId,
    {
      code: template.code,
      name: input.name ?? template.name,
      description: template.description,
      ...((roleTitle ?? template.role_title) && { roleTitle: roleTitle ?? template.role_title ?? undefined }),
      ...((department ?? template.department_code) && {
        department: department ?? template.department_code ?? undefined,
      }),
      items: input.items,
      expectedVersion: input.expectedVersion ?? 0,
    },
    'accepted-suggestion',
  );
}
