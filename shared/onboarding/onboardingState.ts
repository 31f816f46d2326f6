// What the onboarding workflow reads on every wake: where the hire stands and the start date as the
// database has it now (HR may have moved it since the timer was set).
import type { Kysely } from 'kysely';
import type { Database, NewHireStatus, PurchaseRequestStatus } from '../platform/db/schema';
import { dateOnly } from '../purchasing/requestSummary';

export interface OnboardingState {
  exists: boolean;
  status: NewHireStatus | null;
  /** YYYY-MM-DD; the day starts at 00:00 UTC */
  startDate: string | null;
  requestStatus: PurchaseRequestStatus | null;
}

export async function readOnboardingState(db: Kysely<Database>, hireId: string): Promise<OnboardingState> {
  const row = await db
    .selectFrom('new_hires as h')
    .leftJoin('purchase_requests as pr', 'pr.id', 'h.purchase_request_id')
    .select(['h.status', 'h.start_date', 'pr.status as request_status'])
    .where('h.id', '=', hireId)
    .executeTakeFirst();
  if (!row) return { exists: false, status: null, startDate: null, requestStatus: null };
  return {
    exists: true,
    status: row.status,
    startDate: dateOnly(row.start_date),
    requestStatus: row.request_status,
  };
}
