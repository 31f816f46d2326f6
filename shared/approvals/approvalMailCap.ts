// The hourly cap on approval mails per approver, kept in the database so it holds on every instance:
// each mail takes one of the approver's slots for the UTC hour with a single upsert that only counts
// below the limit. An ask that finds no slot is not lost: it is recorded for the approver's next
// digest (approvalDigest.ts), and the step waits in the portal as usual.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';
import type { AskReason } from './approvalMail';

const HOUR_MS = 3_600_000;

/** The start of the UTC hour `at` falls in. */
export function hourOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

/** Takes one of the approver's mails for the hour of `at`; false when the hour's limit is used up. */
export async function takeMailSlot(
  db: Kysely<Database>,
  approverId: number,
  at: Date,
  limit: number,
): Promise<boolean> {
  const taken = await db
    .insertInto('approval_mail_quota')
    .values({ approver_id: approverId, hour: hourOf(at), sent: 1 })
    .onConflict((oc) =>
      oc
        .columns(['approver_id', 'hour'])
        .doUpdateSet({ sent: sql`approval_mail_quota.sent + 1` })
        .where('approval_mail_quota.sent', '<', limit),
    )
    .returning('sent')
    .executeTakeFirst();
  return taken !== undefined;
}

export interface Ask {
  /** the ask's mail key (request:step:reason:approver) */
  key: string;
  approverId: number;
  requestId: string;
  step: number;
  reason: AskReason;
  at: Date;
}

/**
 * How this ask reaches its approver — its own mail, or a line in the next digest — decided once:
 * the first run records it with the slot it took, and a retried activity (or a second run at the
 * same time, which waits for the first one's row) finds that answer instead of taking another slot.
 */
export async function deliveryOf(db: Kysely<Database>, ask: Ask, limit: number): Promise<'mail' | 'digest'> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('approval_asks')
      .values({
        key: ask.key,
        approver_id: ask.approverId,
        request_id: ask.requestId,
        step: ask.step,
        reason: ask.reason,
        asked_at: ask.at,
        delivery: 'mail',
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) {
      const decided = await trx
        .selectFrom('approval_asks')
        .select('delivery')
        .where('key', '=', ask.key)
        .executeTakeFirstOrThrow();
      return decided.delivery;
    }
    if (await takeMailSlot(trx, ask.approverId, ask.at, limit)) return 'mail';
    await trx.updateTable('approval_asks').set({ delivery: 'digest' }).where('key', '=', ask.key).execute();
    return 'digest';
  });
}
