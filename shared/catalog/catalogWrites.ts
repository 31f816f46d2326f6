// The Admin's catalog writes: add an app (with its vendor, category, description and features) and
// edit an app's description and features. Each write is audited in its transaction and then
// announced as AssetPulse.Catalog.Changed { appIds }, which starts a similarity job for those apps.
// Features are matched by name on an edit, so an unchanged feature keeps its id (and its embedding).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../platform/audit/auditLog';
import type { EventPublisher } from '../platform/clients/eventPublisher';
import type { Database } from '../platform/db/schema';
import { appSlug, boundedText } from '../platform/validation/columnBounds';
import type { UserPrincipal } from '../identity/principal';

export const CATALOG_CHANGED = 'AssetPulse.Catalog.Changed';

const featureSchema = z.strictObject({
  name: boundedText(120, { min: 1, trim: true, minMessage: 'give the feature a name' }),
  description: boundedText(2000, { trim: true }),
});
const featuresSchema = z
  .array(featureSchema)
  .max(100)
  .refine(
    (features) => new Set(features.map((f) => f.name.toLowerCase())).size === features.length,
    'feature names must be distinct',
  );

export const createAppSchema = z.strictObject({
  slug: appSlug(),
  name: boundedText(200, { min: 1, trim: true, minMessage: 'give the app a name' }),
  vendor: boundedText(200, { min: 1, trim: true, minMessage: 'name the vendor' }),
  category: boundedText(100, { min: 1, trim: true, minMessage: 'give a category' }),
  description: boundedText(4000, { min: 1, trim: true, minMessage: 'describe the app' }),
  features: featuresSchema.default([]),
});
export type CreateAppInput = z.infer<typeof createAppSchema>;

export const editAppSchema = z
  .strictObject({
    description: boundedText(4000, { min: 1, trim: true, minMessage: 'describe the app' }).optional(),
    features: featuresSchema.optional(),
  })
  .refine((body) => body.description !== undefined || body.features !== undefined, {
    message: 'change the description, the features or both',
  });
export type EditAppInput = z.infer<typeof editAppSchema>;

export interface CatalogWriteDeps {
  db: Kysely<Database>;
  events: EventPublisher;
  now: () => Date;
  newId: () => string;
}

export type CatalogWriteOutcome =
  | { kind: 'written'; app: { id: number; slug: string } }
  | { kind: 'exists'; slug: string }
  | { kind: 'not-found'; slug: string };

async function announce(deps: CatalogWriteDeps, app: { id: number; slug: string }): Promise<void> {
  await deps.events.publish([
    {
      id: deps.newId(),
      type: CATALOG_CHANGED,
      subject: `catalog/apps/${app.slug}`,
      data: { appIds: [app.id] },
    },
  ]);
}

export async function createCatalogApp(
  deps: CatalogWriteDeps,
  admin: UserPrincipal,
  input: CreateAppInput,
): Promise<CatalogWriteOutcome> {
  const created = await deps.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('apps').select('id').where('slug', '=', input.slug).executeTakeFirst();
    if (taken) return undefined;
    await trx
      .insertInto('vendors')
      .values({ name: input.vendor, website: null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const vendor = await trx
      .selectFrom('vendors')
      .select('id')
      .where('name', '=', input.vendor)
      .executeTakeFirstOrThrow();
    const app = await trx
      .insertInto('apps')
      .values({
        vendor_id: vendor.id,
        slug: input.slug,
        name: input.name,
        category: input.category,
        description: input.description,
      })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning(['id', 'slug'])
      .executeTakeFirst();
    if (!app) return undefined;
    if (input.features.length > 0) {
      await trx
        .insertInto('app_features')
        .values(input.features.map((f) => ({ app_id: app.id, name: f.name, description: f.description })))
        .execute();
    }
    await writeAudit(trx, {
      occurredAt: deps.now(),
      companyId: null,
      entityType: 'app',
      entityId: app.slug,
      action: 'catalog_app_created',
      actorId: admin.employeeId,
      details: {
        name: input.name,
        vendor: input.vendor,
        category: input.category,
        features: input.features.length,
      },
    });
    return app;
  });
  if (!created) return { kind: 'exists', slug: input.slug };
  await announce(deps, created);
  return { kind: 'written', app: created };
}

export async function editCatalogApp(
  deps: CatalogWriteDeps,
  admin: UserPrincipal,
  slug: string,
  input: EditAppInput,
): Promise<CatalogWriteOutcome> {
  const edited = await deps.db.transaction().execute(async (trx) => {
    const app = await trx
      .selectFrom('apps')
      .select(['id', 'slug', 'description'])
      .where('slug', '=', slug)
      .forUpdate()
      .executeTakeFirst();
    if (!app) return undefined;
    const changes: Record<string, unknown> = {};
    if (input.description !== undefined && input.description !== app.description) {
      await trx
        .updateTable('apps')
        .set({ description: input.description })
        .where('id', '=', app.id)
        .execute();
      changes.description = true;
    }
    if (input.features !== undefined) {
      const current = await trx
        .selectFrom('app_features')
        .select(['id', 'name', 'description'])
        .where('app_id', '=', app.id)
        .execute();
      const wanted = new Map(input.features.map((f) => [f.name.toLowerCase(), f]));
      const removed = current.filter((f) => !wanted.has(f.name.toLowerCase()));
      if (removed.length > 0)
        await trx
          .deleteFrom('app_features')
          .where(
            'id',
            'in',
            removed.map((f) => f.id),
          )
          .execute();
      const byName = new Map(current.map((f) => [f.name.toLowerCase(), f]));
      let updated = 0;
      const added: { app_id: number; name: string; description: string }[] = [];
      for (const [key, feature] of wanted) {
        const existing = byName.get(key);
        if (!existing) added.push({ app_id: app.id, name: feature.name, description: feature.description });
        else if (existing.description !== feature.description || existing.name !== feature.name) {
          await trx
            .updateTable('app_features')
            .set({ name: feature.name, description: feature.description })
            .where('id', '=', existing.id)
            .execute();
          updated++;
        }
      }
      if (added.length > 0) await trx.insertInto('app_features').values(added).execute();
      if (removed.length + added.length + updated > 0)
        changes.features = { added: added.length, updated, removed: removed.length };
    }
    if (Object.keys(changes).length > 0) {
      await writeAudit(trx, {
        occurredAt: deps.now(),
        companyId: null,
        entityType: 'app',
        entityId: app.slug,
        action: 'catalog_app_edited',
        actorId: admin.employeeId,
        details: changes,
      });
    }
    return { app: { id: app.id, slug: app.slug }, changed: Object.keys(changes).length > 0 };
  });
  if (!edited) return { kind: 'not-found', slug };
  // An edit that changes nothing announces nothing: there is nothing to compare again.
  if (edited.changed) await announce(deps, edited.app);
  return { kind: 'written', app: edited.app };
}
