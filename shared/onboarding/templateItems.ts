// The current items of a purchase template, read straight from the template tables (the template
// feature owns writing them): what a hire's bundle loads when HR picks a template.
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';

export interface TemplateForBundle {
  id: number;
  name: string;
  version: number;
  items: { appSlug: string; planCode: string | null; optional: boolean }[];
}

/** The template as it is now, if it is the group's or the company's and not archived. */
export async function templateForBundle(
  db: Kysely<Database>,
  templateId: number,
  companyId: number,
): Promise<TemplateForBundle | undefined> {
  const template = await db
    .selectFrom('purchase_templates')
    .select(['id', 'name', 'current_version'])
    .where('id', '=', templateId)
    .where('archived_at', 'is', null)
    .where((eb) => eb.or([eb('company_id', 'is', null), eb('company_id', '=', companyId)]))
    .executeTakeFirst();
  if (!template) return undefined;
  const items = await db
    .selectFrom('purchase_template_items as i')
    .innerJoin('apps as a', 'a.id', 'i.app_id')
    .leftJoin('pricing_plans as p', 'p.id', 'i.plan_id')
    .select(['a.slug', 'p.code', 'i.optional'])
    .where('i.template_id', '=', template.id)
    .orderBy('a.slug')
    .execute();
  return {
    id: template.id,
    name: template.name,
    version: template.current_version,
    items: items.map((i) => ({ appSlug: i.slug, planCode: i.code, optional: i.optional })),
  };
}
