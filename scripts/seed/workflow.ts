// Who holds which role, the exchange rates, each company's approval policy and a few purchase
// templates. Derived from the organisation plan, so the same seed always grants the same roles.
import type { Kysely, Transaction } from 'kysely';
import { defaultPolicyFor } from '../../shared/approvals/approvalPolicy';
import type { Database, DirectoryRole } from '../../shared/platform/db/schema';
import { EUR_TO } from './licensing';
import type { OrganisationPlan } from './organisation';

export interface RoleGrant {
  employeeKey: number;
  role: DirectoryRole;
  scope: 'company' | 'group';
}

/**
 * Everyone active is an Employee; people with reports are Managers; the CTO title holds CTO; the
 * finance and people departments hold Finance and HR; the IT department's head and directors hold
 * Admin. In the first company (the group's parent) the CTO, the finance and people heads and the
 * IT head hold their role for the whole group.
 */
export function planRoleGrants(organisation: OrganisationPlan): RoleGrant[] {
  const managerKeys = new Set(organisation.employees.map((e) => e.managerKey).filter((k) => k !== null));
  const grants: RoleGrant[] = [];
  for (const e of organisation.employees) {
    if (e.leftOn) continue;
    const parent = e.companyIndex === 0;
    const grant = (role: DirectoryRole, groupWide = false) =>
      grants.push({ employeeKey: e.key, role, scope: groupWide && parent ? 'group' : 'company' });
    grant('Employee');
    if (managerKeys.has(e.key)) grant('Manager');
    const head = e.seniority === 'head';
    if (e.department === 'ENG' && head) grant('CTO', true);
    if (e.department === 'FIN') grant('Finance', head);
    if (e.department === 'HR') grant('HR', head);
    if (e.department === 'IT' && (head || e.seniority === 'director')) grant('Admin', head);
  }
  return grants;
}

/** Bundles per role, offered group-wide: requestable as one purchase request. */
const TEMPLATES = [
  {
    code: 'ENG-STARTER',
    name: 'Software engineer starter kit',
    description: 'What a new engineer needs on day one.',
    department: 'ENG',
    items: [
      { app: 'github-enterprise', plan: 'enterprise' },
      { app: 'jira', plan: 'standard' },
      { app: 'jetbrains-all-products-pack', plan: 'commercial-annual' },
      { app: 'postman', plan: 'professional' },
    ],
  },
  {
    code: 'DES-STARTER',
    name: 'Product designer starter kit',
    description: 'Design, prototyping and whiteboarding.',
    department: 'DES',
    items: [
      { app: 'figma', plan: 'professional' },
      { app: 'miro', plan: 'business' },
      { app: 'adobe-creative-cloud', plan: 'all-apps-teams' },
    ],
  },
  {
    code: 'SAL-STARTER',
    name: 'Account executive starter kit',
    description: 'CRM, prospecting and e-signature.',
    department: 'SAL',
    items: [
      { app: 'salesforce-sales-cloud', plan: 'enterprise' },
      { app: 'linkedin-sales-navigator', plan: 'core' },
      { app: 'docusign', plan: 'standard' },
    ],
  },
] as const;

export async function seedWorkflow(
  trx: Transaction<Database> | Kysely<Database>,
  organisation: OrganisationPlan,
  ids: {
    employee: (key: number) => number;
    company: (index: number) => number;
    plan: (appSlug: string, planCode: string) => number | undefined;
    app: (slug: string) => number | undefined;
  },
  now: Date,
): Promise<{ roleGrants: number; templates: number }> {
  const grants = planRoleGrants(organisation);
  for (let i = 0; i < grants.length; i += 5000) {
    await trx
      .insertInto('employee_roles')
      .values(
        grants
          .slice(i, i + 5000)
          .map((g) => ({ employee_id: ids.employee(g.employeeKey), role: g.role, scope: g.scope })),
      )
      .execute();
  }

  await trx
    .insertInto('exchange_rates')
    .values(
      Object.entries(EUR_TO).map(([currency, perEur]) => ({ currency, per_eur: perEur, updated_at: now })),
    )
    .execute();

  await trx
    .insertInto('approval_policies')
    .values(
      organisation.companies.map((c) => ({
        company_id: ids.company(c.index),
        policy: JSON.stringify(defaultPolicyFor(EUR_TO[c.spec.currency] ?? 1)),
        updated_at: now,
      })),
    )
    .execute();

  let templates = 0;
  for (const t of TEMPLATES) {
    const items = t.items.flatMap((item) => {
      const appId = ids.app(item.app);
      const planId = ids.plan(item.app, item.plan);
      return appId === undefined || planId === undefined ? [] : [{ app_id: appId, plan_id: planId }];
    });
    if (items.length === 0) continue;
    const row = await trx
      .insertInto('purchase_templates')
      .values({
        company_id: null,
        code: t.code,
        name: t.name,
        description: t.description,
        department_code: t.department,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('purchase_template_items')
      .values(items.map((i) => ({ ...i, template_id: row.id, seats: 1 })))
      .execute();
    // every template has its versions; a request records the one it came from
    await trx
      .insertInto('purchase_template_versions')
      .values({
        template_id: row.id,
        version: 1,
        name: t.name,
        description: t.description,
        role_title: null,
        department_code: t.department,
        items: JSON.stringify(
          items.map((i) => ({ appId: i.app_id, planId: i.plan_id, seats: 1, optional: false })),
        ),
        created_at: now,
      })
      .execute();
    templates++;
  }
  return { roleGrants: grants.length, templates };
}
