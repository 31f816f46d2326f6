// Sends a notification at most once per key when the send succeeds: an activity or an Event Grid
// delivery that runs again finds the key and sends nothing. (A crash between the SMTP accept and
// the insert can still send twice; the SMTP relay offers no way to ask whether it has a message.)
import type { Kysely } from 'kysely';
import type { Mailer, OutgoingMail } from '../clients/mailer';
import type { Database } from '../db/schema';

export async function alreadySent(db: Kysely<Database>, key: string): Promise<boolean> {
  const row = await db
    .selectFrom('sent_notifications')
    .select('key')
    .where('key', '=', key)
    .executeTakeFirst();
  return row !== undefined;
}

export async function sendOnce(
  deps: { db: Kysely<Database>; mailer: Mailer; now: () => Date },
  key: string,
  mail: OutgoingMail,
): Promise<'sent' | 'already-sent'> {
  if (await alreadySent(deps.db, key)) return 'already-sent';
  const { messageId } = await deps.mailer.send(mail);
  await deps.db
    .insertInto('sent_notifications')
    .values({
      key,
      recipient: Array.isArray(mail.to) ? mail.to.join(', ') : mail.to,
      message_id: messageId,
      sent_at: deps.now(),
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return 'sent';
}
