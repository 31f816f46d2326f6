// A minimal organisation and catalog for database tests: one company, three people, two apps.
import type { Kysely } from 'kysely';
import type { Database } from '../../shared/db/schema';

export interface DirectoryFixture {
  companyId: number;
  employees: { id: number; email: string }[];
  apps: { id: number; slug: string }[];
}

export async function insertDirectoryFixture(db: Kysely<Database>): Promise<DirectoryFixture> {
  const group = await db.insertInto('company_groups').values({ code: 'TESTG', name: 'Test Group', reporting_currency: 'EUR' }).returning('id').executeTakeFirstOrThrow();
  const company = await db
    .insertInto('companies')
    .values({ group_id: group.id, code: 'TST', name: 'Test Company', country: 'SE', currency: 'SEK' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const employees = await db
    .insertInto('employees')
    .values(
      ['ada.lind', 'bo.nyberg', 'cia.holm'].map((name) => ({
        company_id: company.id,
        email: `${name}@tst.example.com`,
        display_name: name,
        job_title: 'Engineer',
      })),
    )
    .returning(['id', 'email'])
    .execute();
  const vendor = await db.insertInto('vendors').values({ name: 'Test Vendor', website: null }).returning('id').executeTakeFirstOrThrow();
  const apps = await db
    .insertInto('apps')
    .values(
      ['chatter', 'tracker'].map((slug) => ({ vendor_id: vendor.id, slug, name: slug, category: 'Collaboration', description: `${slug} app` })),
    )
    .returning(['id', 'slug'])
    .execute();
  return { companyId: company.id, employees, apps };
}
