// Reads and writes a company's approval policy. A company without a stored policy gets the group
// default in its currency, so a new subsidiary is never without approvals.
import type { Kysely } from 'kysely';
import { writeAudit } from '../platform/audit/auditLog';
import type { Database } from '../platform/db/schema';
import { approvalPolicySchema, defaultPolicyFor, type ApprovalPolicy } from './approvalPolicy';

export async function loadApprovalPolicy(db: Kysely<Database>, companyId: number): Promise<ApprovalPolicy> {
  const row = await db
    .selectFrom('approval_policies')
    .select('policy')
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  if (row) return approvalPolicySchema.parse(row.policy);
  const rate = await db
    .selectFrom('companies as c')
    .leftJoin('exchange_rates as x', 'x.currency', 'c.currency')
    .select('x.per_eur')
    .where('c.id', '=', companyId)
    .executeTakeFirst();
  return defaultPolicyFor(Number(rate?.per_eur ?? 1));
}

export async function saveApprovalPolicy(
  db: Kysely<Database>,
  companyId: number,
  policy: ApprovalPolicy,
  by: { employeeId: number; at: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('approval_policies')
      .values({
        company_id: companyId,
        policy: JSON.stringify(policy),
        updated_at: by.at,
        updated_by: by.employeeId,
      })
      .onConflict((oc) =>
        oc.column('company_id').doUpdateSet({
          policy: JSON.stringify(policy),
          updated_at: by.at,
          updated_by: by.employeeId,
        }),
      )
      .execute();
    await writeAudit(trx, {
      occurredAt: by.at,
      companyId,
      entityType: 'approval_policy',
      entityId: String(companyId),
      action: 'updated',
      actorId: by.employeeId,
      details: { policy },
    });
  });
}

/** The company named by a code in a route, if the user may see it (their own, or any for group-wide roles). */
export async function findVisibleCompany(
  db: Kysely<Database>,
  user: { companyId: number; groupWide: boolean },
  code: string,
): Promise<{ id: number; code: string } | undefined> {
  const company = await db
    .selectFrom('companies')
    .select(['id', 'code'])
    .where('code', '=', code.toUpperCase())
    .executeTakeFirst();
  return company && (company.id === user.companyId || user.groupWide) ? company : undefined;
}
