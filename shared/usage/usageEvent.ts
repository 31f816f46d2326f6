// A software-usage event as pipelines send it (HTTP body and queue messages alike). Strict: unknown
// fields are refused, so a typo in a pipeline shows up at once instead of silently losing data.
// Every field is bounded to what its column in usage_events holds (shared/validation/columnBounds.ts):
// an event the database would refuse is rejected here with the reason, instead of failing the queue
// message it would have travelled in, and with it every good event beside it.
import { z } from 'zod';
import {
  appSlug,
  boundedJsonObject,
  boundedText,
  emailAddress,
  int4Id,
  isoDateTimeWithin,
} from '../platform/validation/columnBounds';

export const EVENT_TYPES = [
  'login',
  'logout',
  'active',
  'feature_used',
  'api_call',
  'seat_assigned',
  'seat_removed',
  'file_shared',
  'meeting_held',
] as const;

export const MAX_PROPERTIES_BYTES = 4096;
/** Clock skew allowed for events stamped in the future. */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;
export const EARLIEST_EVENT = new Date('2000-01-01T00:00:00Z');

export function usageEventSchema(now: () => Date) {
  return z
    .strictObject({
      eventId: boundedText(200, { min: 1, trim: true }),
      occurredAt: isoDateTimeWithin({
        earliest: EARLIEST_EVENT,
        earliestMessage: 'must not be before 2000-01-01',
        latest: () => new Date(now().getTime() + MAX_FUTURE_SKEW_MS),
        latestMessage: 'must not be more than 24 hours in the future',
      }),
      userEmail: emailAddress().optional(),
      employeeId: int4Id().optional(),
      app: appSlug('must be a catalog slug (lowercase letters, digits, "-")').optional(),
      appId: int4Id().optional(),
      eventType: z.enum(EVENT_TYPES),
      // double precision holds far more; the cap keeps sums in the rollups exact enough to be useful.
      quantity: z.number().finite().min(0).max(1e12).optional(),
      properties: boundedJsonObject(MAX_PROPERTIES_BYTES).optional(),
      source: boundedText(100, { min: 1, trim: true }).optional(),
    })
    .refine((e) => (e.userEmail === undefined) !== (e.employeeId === undefined), {
      message: 'give exactly one of userEmail and employeeId',
      path: ['userEmail'],
    })
    .refine((e) => (e.app === undefined) !== (e.appId === undefined), {
      message: 'give exactly one of app and appId',
      path: ['app'],
    });
}

export type UsageEvent = z.infer<ReturnType<typeof usageEventSchema>>;
