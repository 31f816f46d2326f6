// Use case: an Admin accepts a name pipelines send as an alias of a catalog app. The alias is stored
// (normalised), and the events quarantined for that unknown name are moved into usage_events in the
// same transaction: deleted from the quarantine as they are inserted, rollups added once. The
// quarantine rows are locked while they move, and the insert ignores events already stored, so a
// repeated accept, or two at once, moves each event exactly once. From then on ingest resolves the
// name through app_aliases (shared/usage/usageDirectory.ts) and stores such events directly.
// Audited; publishes AssetPulse.AppAlias.Accepted.
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { UserPrincipal } from '../../identity/principal';
import { writeAudit } from '../../platform/audit/auditLog';
import type { EventPublisher } from '../../platform/clients/eventPublisher';
import type { Database } from '../../platform/db/schema';
import type { FieldError } from '../../platform/http/problem';
import { appSlug, boundedText } from '../../platform/validation/columnBounds';
import type { PartitionKeeper } from '../../usage/partitionKeeper';
import { createUsageDirectory } from '../../usage/usageDirectory';
import { usageEventSchema } from '../../usage/usageEvent';
import { insertUsageEvents, type ResolvedUsageEvent } from '../../usage/usageEventRepository';
import { normaliseAppName, quarantinedAppName, quarantinedForUnknownApp } from './unknownAppNames';

export const ALIAS_ACCEPTED_EVENT = 'AssetPulse.AppAlias.Accepted';

export const acceptAliasBodySchema = z.strictObject({
  /** the name as events carry it; stored lower case and trimmed */
  name: boundedText(200, { min: 1, trim: true, minMessage: 'give the name events carry' }),
  appSlug: appSlug(),
});

export type AcceptAliasBody = z.infer<typeof acceptAliasBodySchema>;

export interface AcceptAliasDeps {
  events: EventPublisher;
  partitions: PartitionKeeper;
  now: () => Date;
}

export type AcceptAliasResult =
  | {
      ok: true;
      /** false when the alias was there already (for the same app) */
      created: boolean;
      alias: string;
      app: { slug: string; name: string };
      /** events moved from the quarantine into usage_events by this call */
      reingested: number;
      /** events of that name left in the quarantine because their sender is unknown too */
      stillQuarantined: number;
    }
  | { ok: false; reason: 'invalid'; errors: FieldError[] }
  | { ok: false; reason: 'conflict'; alias: string; app: { slug: string; name: string } };

class AliasTakenError extends Error {
  constructor(readonly app: { slug: string; name: string }) {
    super('alias taken');
  }
}

export async function acceptAlias(
  db: Kysely<Database>,
  deps: AcceptAliasDeps,
  input: AcceptAliasBody & { by: UserPrincipal },
): Promise<AcceptAliasResult> {
  const alias = normaliseAppName(input.name);
  const app = await db
    .selectFrom('apps')
    .select(['id', 'slug', 'name'])
    .where('slug', '=', input.appSlug)
    .executeTakeFirst();
  if (!app) {
    return {
      ok: false,
      reason: 'invalid',
      errors: [{ path: 'appSlug', message: `no app "${input.appSlug}" in the catalog` }],
    };
  }
  const clash = await db.selectFrom('apps').select('slug').where('slug', '=', alias).executeTakeFirst();
  if (clash) {
    return {
      ok: false,
      reason: 'invalid',
      errors: [
        { path: 'name', message: `"${alias}" is a catalog app's slug already; events naming it are stored` },
      ],
    };
  }

  // Partitions are created outside the transaction (DDL on its own connection) for the months the
  // waiting events fall in, before the rows are locked.
  const months = await sql<{ occurred_at: Date | string }>`
    select distinct date_trunc('month', q.occurred_at) as occurred_at from usage_quarantine q
    where ${quarantinedForUnknownApp} and ${quarantinedAppName} = ${alias}`.execute(db);
  await deps.partitions.ensureFor(months.rows.map((r) => new Date(r.occurred_at)));

  const at = deps.now();
  let outcome;
  try {
    outcome = await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('app_aliases')
        .values({ alias, app_id: app.id, accepted_by: input.by.employeeId, accepted_at: at })
        .onConflict((oc) => oc.column('alias').doNothing())
        .returning('alias')
        .executeTakeFirst();
      if (!inserted) {
        const existing = await trx
          .selectFrom('app_aliases as al')
          .innerJoin('apps as a', 'a.id', 'al.app_id')
          .select(['a.id', 'a.slug', 'a.name'])
          .where('al.alias', '=', alias)
          .executeTakeFirstOrThrow();
        if (existing.id !== app.id) throw new AliasTakenError({ slug: existing.slug, name: existing.name });
      }

      // Locked: a concurrent accept waits here, then finds these rows gone.
      const waiting = await sql<{
        id: string;
        event: Record<string, unknown>;
        source: string | null;
      }>`
        select q.id, q.event, b.source
        from usage_quarantine q left join ingest_batches b on b.batch_id = q.batch_id
        where ${quarantinedForUnknownApp} and ${quarantinedAppName} = ${alias}
        order by q.id
        for update of q`.execute(trx);

      const schema = usageEventSchema(() => at);
      const parsed = waiting.rows.map((row) => ({ row, event: schema.safeParse(row.event) }));
      const directory = createUsageDirectory(trx, 0);
      const valid = parsed.flatMap((p) => (p.event.success ? [{ row: p.row, event: p.event.data }] : []));
      const [byEmail, byId] = await Promise.all([
        directory.employeesByEmail(
          valid.flatMap((v) => (v.event.userEmail ? [v.event.userEmail.toLowerCase()] : [])),
        ),
        directory.employeesById(valid.flatMap((v) => (v.event.employeeId ? [v.event.employeeId] : []))),
      ]);
      const moved: string[] = [];
      const resolved: ResolvedUsageEvent[] = [];
      const unknownSender: { id: string; reason: string }[] = [];
      for (const { row, event } of valid) {
        const employee = event.userEmail
          ? byEmail.get(event.userEmail.toLowerCase())
          : byId.get(event.employeeId!);
        if (!employee) {
          unknownSender.push({
            id: row.id,
            reason: `unknown user ${event.userEmail ? `"${event.userEmail}"` : `id ${event.employeeId}`}`,
          });
          continue;
        }
        moved.push(row.id);
        resolved.push({
          eventId: event.eventId,
          occurredAt: event.occurredAt,
          employeeId: employee.id,
          appId: app.id,
          companyId: employee.companyId,
          eventType: event.eventType,
          quantity: event.quantity ?? 1,
          properties: event.properties ?? null,
          source: event.source ?? row.source ?? 'app-alias',
        });
      }
      if (moved.length > 0) await trx.deleteFrom('usage_quarantine').where('id', 'in', moved).execute();
      // ON CONFLICT DO NOTHING on (event_id, occurred_at): an event stored meanwhile is not counted twice.
      const stored = await insertUsageEvents(trx, resolved);
      // The app is known now; what still keeps these events out is their sender.
      for (const u of unknownSender) {
        await trx.updateTable('usage_quarantine').set({ reason: u.reason }).where('id', '=', u.id).execute();
      }
      if (inserted || stored > 0) {
        await writeAudit(trx, {
          occurredAt: at,
          companyId: null,
          entityType: 'app_alias',
          entityId: alias,
          action: inserted ? 'accepted' : 'reingested',
          actorId: input.by.employeeId,
          details: {
            appSlug: app.slug,
            reingested: stored,
            moved: moved.length,
            stillQuarantined: unknownSender.length,
          },
        });
      }
      return { created: Boolean(inserted), reingested: stored, stillQuarantined: unknownSender.length };
    });
  } catch (error) {
    if (error instanceof AliasTakenError) return { ok: false, reason: 'conflict', alias, app: error.app };
    throw error;
  }

  if (outcome.created || outcome.reingested > 0) {
    await deps.events.publish([
      {
        // one id per alias and outcome: a retried call publishes the same event again, and subscribers dedupe
        id: `app-alias.${alias}.${outcome.created ? 'accepted' : `reingested-${outcome.reingested}`}`,
        type: ALIAS_ACCEPTED_EVENT,
        subject: `app-aliases/${encodeURIComponent(alias)}`,
        data: {
          alias,
          app: { slug: app.slug, name: app.name },
          reingested: outcome.reingested,
          acceptedBy: input.by.employeeId,
        },
        time: at,
      },
    ]);
  }
  return { ok: true, alias, app: { slug: app.slug, name: app.name }, ...outcome };
}
