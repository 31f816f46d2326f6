// Business caps that hold on any number of instances, because the database keeps the count:
// purchase requests per requester and day, and approval mails per approver and hour (asks beyond
// that wait in approval_asks for the approver's next digest). Frozen once shipped.
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations use Kysely<any> by design */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Requests submitted per requester and UTC day. The create transaction increments the row with
    -- an upsert that only counts below the limit, so two instances cannot both take the last one.
    create table purchase_request_quota (
      requester_id integer not null references employees(id),
      day date not null,
      submitted integer not null check (submitted >= 0),
      primary key (requester_id, day)
    );

    -- Approval mails (asks, reminders, escalations, digests) per approver and UTC hour.
    create table approval_mail_quota (
      approver_id integer not null references employees(id),
      hour timestamptz not null,
      sent integer not null check (sent >= 0),
      primary key (approver_id, hour)
    );

    -- How each ask reached its approver, decided once per ask (key = the mail's key): a mail of its
    -- own, or a line in a digest. A digest ask without digest_key waits for the next digest.
    create table approval_asks (
      key text primary key,
      approver_id integer not null references employees(id),
      request_id uuid not null references purchase_requests(id),
      step integer not null,
      reason text not null check (reason in ('ask', 'remind', 'escalate')),
      asked_at timestamptz not null,
      delivery text not null check (delivery in ('mail', 'digest')),
      digest_key text,
      check (delivery = 'digest' or digest_key is null)
    );
    create index approval_asks_held_idx on approval_asks (approver_id) where delivery = 'digest' and digest_key is null;
    create index approval_asks_digest_idx on approval_asks (digest_key) where digest_key is not null;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists approval_asks, approval_mail_quota, purchase_request_quota`.execute(db);
}
