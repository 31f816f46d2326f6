// Who holds a role for a company: its own holders first (department heads before their staff, so
// the CFO before an accountant), then holders of the role group-wide. Active people only.
import type { Kysely } from 'kysely';
import type { Database, DirectoryRole } from '../platform/db/schema';

export async function roleHolders(
  db: Kysely<Database>,
  role: DirectoryRole,
  companyId: number,
  options: { limit: number; excluding?: number },
): Promise<{ id: number; email: string }[]> {
  return db
    .selectFrom('employee_roles as r')
    .innerJoin('employees as e', 'e.id', 'r.employee_id')
    .leftJoin('departments as d', 'd.head_employee_id', 'e.id')
    .select(['e.id', 'e.email'])
    .where('r.role', '=', role)
    .where('e.status', '=', 'active')
    .where('e.id', '!=', options.excluding ?? -1)
    .where((eb) => eb.or([eb('e.company_id', '=', companyId), eb('r.scope', '=', 'group')]))
    .orderBy((eb) => eb.case().when('e.company_id', '=', companyId).then(0).else(1).end())
    .orderBy((eb) => eb.case().when('d.id', 'is not', null).then(0).else(1).end())
    .orderBy('e.id')
    .limit(options.limit)
    .execute();
}
