// A software-usage event as pipelines send it (HTTP body and queue messages alike). Strict: unknown
// fields are refused, so a typo in a pipeline shows up at once instead of silently losing data.
import { z } from 'zod';

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
      eventId: z.string().trim().min(1).max(200),
      occurredAt: z.iso
        .datetime({
          offset: true,
          message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-11-02T09:30:00Z',
        })
        .refine((v) => new Date(v) >= EARLIEST_EVENT, 'must not be before 2000-01-01')
        .refine(
          (v) => new Date(v).getTime() <= now().getTime() + MAX_FUTURE_SKEW_MS,
          'must not be more than 24 hours in the future',
        ),
      userEmail: z.email().max(320).optional(),
      employeeId: z.number().int().positive().optional(),
      app: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'must be a catalog slug (lowercase letters, digits, "-")')
        .optional(),
      appId: z.number().int().positive().optional(),
      eventType: z.enum(EVENT_TYPES),
      quantity: z.number().finite().min(0).max(1e12).optional(),
      properties: z
        .record(z.string(), z.unknown())
        .refine(
          (p) => Buffer.byteLength(JSON.stringify(p)) <= MAX_PROPERTIES_BYTES,
          `must be at most ${MAX_PROPERTIES_BYTES} bytes as JSON`,
        )
        .optional(),
      source: z.string().trim().min(1).max(100).optional(),
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
