// Who sees and who edits purchase templates. Everyone signed in sees their company's templates and
// the group-wide ones; HR, CTO, Finance and Admin also those of the companies in their scope. HR and
// Admin edit the templates of the companies in their scope; a group-wide template only a group-wide
// Admin. A template of a company out of reach is 404, as if it did not exist.
import type { Kysely } from 'kysely';
import { companyInScope } from '../identity/companyScope';
import { hasRole, type UserPrincipal } from '../identity/principal';
import type { Database } from '../platform/db/schema';

export interface TemplateCompany {
  id: number;
  code: string;
  currency: string;
}

export type CompanyLookup =
  | { kind: 'ok'; company: TemplateCompany }
  | { kind: 'not-found'; detail: string }
  | { kind: 'forbidden'; detail: string };

/** True when the caller may see templates of the company (their own, or one in their scope). */
export function seesCompany(actor: UserPrincipal, companyId: number): boolean {
  return actor.companyId === companyId || companyInScope(actor, companyId);
}

/** The company a query or body names (default: the caller's), if the caller may see it. */
export async function companyFor(
  db: Kysely<Database>,
  actor: UserPrincipal,
  code: string | undefined,
): Promise<CompanyLookup> {
  const row = await db
    .selectFrom('companies')
    .select(['id', 'code', 'currency'])
    .where(code === undefined ? 'id' : 'code', '=', code === undefined ? actor.companyId : code)
    .where('group_id', '=', actor.groupId)
    .executeTakeFirst();
  if (!row) return { kind: 'not-found', detail: `No company ${code ?? ''} in your group.` };
  if (!seesCompany(actor, row.id))
    return {
      kind: 'forbidden',
      detail: `${row.code} is another subsidiary; its templates are for its own people and its HR.`,
    };
  return { kind: 'ok', company: { ...row, currency: row.currency.trim() } };
}

/** Why the caller may not write templates of this company (null: group-wide), or undefined. */
export function writeProblem(actor: UserPrincipal, companyId: number | null): string | undefined {
  if (!hasRole(actor, 'HR', 'Admin')) return 'Only HR and Admin edit purchase templates.';
  if (companyId === null)
    return actor.roles.has('Admin') && actor.groupWide
      ? undefined
      : 'Group-wide templates are edited by a group Admin only.';
  if (!companyInScope(actor, companyId)) return 'You edit the templates of your own company only.';
  return undefined;
}

export interface TemplateRow {
  id: number;
  company_id: number | null;
  code: string;
  name: string;
  description: string;
  role_title: string | null;
  department_code: string | null;
  current_version: number;
  archived_at: Date | null;
  updated_at: Date;
}

/** The template, if the caller may see it (archived ones included: their versions stay readable). */
export async function visibleTemplate(
  db: Kysely<Database>,
  actor: UserPrincipal,
  id: number,
): Promise<TemplateRow | undefined> {
  const row = await db
    .selectFrom('purchase_templates')
    .select([
      'id',
      'company_id',
      'code',
      'name',
      'description',
      'role_title',
      'department_code',
      'current_version',
      'archived_at',
      'updated_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.company_id !== null && !seesCompany(actor, row.company_id)) return undefined;
  return row;
}
