// The body of POST /api/purchase-requests: either items or a purchase template, never both. Every
// field is bounded to what its column holds (shared/validation/columnBounds.ts), so a body the
// database would refuse is a 400 naming the field, not a 500. When the request is needed by is
// checked against the clock in the use case (neededByProblem), since it moves with the day.
import { z } from 'zod';
import {
  appSlug,
  boundedText,
  emailAddress,
  int4Id,
  isoDateWithin,
} from '../platform/validation/columnBounds';

export const purchaseItemInputSchema = z.strictObject({
  /** the app's slug, e.g. "figma" */
  app: appSlug('an app slug such as "figma"'),
  /** the pricing plan's code; default: the plan of the company's contract, else the cheapest */
  plan: boundedText(80, { min: 1 }).optional(),
  seats: z.number().int().min(1).max(10_000).default(1),
  /** e-mail of the person the seat is for (default: the requester, for a single seat) */
  forEmployee: emailAddress().optional(),
});

const purchaseRequestFields = z.strictObject({
  items: z.array(purchaseItemInputSchema).min(1).max(50).optional(),
  templateId: int4Id().optional(),
  /** for whom a template is requested (default: the requester) */
  forEmployee: emailAddress().optional(),
  justification: boundedText(4000, {
    min: 10,
    trim: true,
    minMessage: 'say in a sentence why this is needed',
  }),
  neededBy: isoDateWithin(undefined, 'neededBy must be a date, YYYY-MM-DD'),
});

/** The rules between fields, the same for a submission and a quote. */
function withItemRules<T extends { items?: unknown; templateId?: unknown; forEmployee?: unknown }>(
  schema: z.ZodType<T>,
) {
  return schema
    .refine((b) => (b.items === undefined) !== (b.templateId === undefined), {
      message: 'give either items or templateId',
      path: ['items'],
    })
    .refine((b) => b.templateId !== undefined || b.forEmployee === undefined, {
      message: 'forEmployee at the top level goes with templateId; put it on the items otherwise',
      path: ['forEmployee'],
    });
}

export const purchaseRequestInputSchema = withItemRules(purchaseRequestFields);

/** The body of POST /api/purchase-requests/quote: a draft, so justification and neededBy may be missing. */
export const purchaseDraftInputSchema = withItemRules(
  purchaseRequestFields.extend({
    justification: purchaseRequestFields.shape.justification.optional(),
    neededBy: purchaseRequestFields.shape.neededBy.optional(),
  }),
);

export type PurchaseDraftInput = z.infer<typeof purchaseDraftInputSchema>;
export type PurchaseRequestInput = z.infer<typeof purchaseRequestInputSchema>;
export type PurchaseItemInput = z.infer<typeof purchaseItemInputSchema>;

/** How far back neededBy may be: yesterday (UTC), so a requester a time zone behind is not refused. */
export const NEEDED_BY_DAYS_BACK = 1;
/** How far ahead neededBy may be: two years, longer than any purchase is planned. */
export const NEEDED_BY_YEARS_AHEAD = 2;

/** Why `neededBy` is outside yesterday … two years from today (UTC, by the app's clock), or undefined. */
export function neededByProblem(neededBy: string, now: Date): string | undefined {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const earliest = day(new Date(now.getTime() - NEEDED_BY_DAYS_BACK * 86_400_000));
  const ahead = new Date(now);
  ahead.setUTCFullYear(ahead.getUTCFullYear() + NEEDED_BY_YEARS_AHEAD);
  const latest = day(ahead);
  if (neededBy < earliest) return `must not be in the past (at the earliest ${earliest})`;
  if (neededBy > latest) return `must be within ${NEEDED_BY_YEARS_AHEAD} years (at the latest ${latest})`;
  return undefined;
}
