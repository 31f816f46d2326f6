// Readable request codes: PR-<COMPANY>-<YYYYMMDD>-<seq>, the sequence per company and day. The
// counter row is locked by the upsert, so two requests in the same company never get one code.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';

export async function nextRequestCode(
  trx: Kysely<Database>,
  company: { id: number; code: string },
  at: Date,
): Promise<string> {
  const day = at.toISOString().slice(0, 10);
  const row = await trx
    .insertInto('purchase_request_counters')
    .values({ company_id: company.id, day, last_seq: 1 })
    .onConflict((oc) =>
      oc
        .columns(['company_id', 'day'])
        .doUpdateSet({ last_seq: sql`purchase_request_counters.last_seq + 1` }),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return `PR-${company.code}-${day.replaceAll('-', '')}-${String(row.last_seq).padStart(3, '0')}`;
}
