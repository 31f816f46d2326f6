// The body of POST /api/purchase-requests: either items or a purchase template, never both.
import { z } from 'zod';

const isoDate = z.iso.date('neededBy must be a date, YYYY-MM-DD');

export const purchaseItemInputSchema = z.strictObject({
  /** the app's slug, e.g. "figma" */
  app: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'an app slug such as "figma"'),
  /** the pricing plan's code; default: the plan of the company's contract, else the cheapest */
  plan: z.string().min(1).max(80).optional(),
  seats: z.number().int().min(1).max(10_000).default(1),
  /** e-mail of the person the seat is for (default: the requester, for a single seat) */
  forEmployee: z.email().optional(),
});

export const purchaseRequestInputSchema = z
  .strictObject({
    items: z.array(purchaseItemInputSchema).min(1).max(50).optional(),
    templateId: z.number().int().positive().optional(),
    /** for whom a template is requested (default: the requester) */
    forEmployee: z.email().optional(),
    justification: z.string().trim().min(10, 'say in a sentence why this is needed').max(4000),
    neededBy: isoDate,
  })
  .refine((b) => (b.items === undefined) !== (b.templateId === undefined), {
    message: 'give either items or templateId',
    path: ['items'],
  })
  .refine((b) => b.templateId !== undefined || b.forEmployee === undefined, {
    message: 'forEmployee at the top level goes with templateId; put it on the items otherwise',
    path: ['forEmployee'],
  });

export type PurchaseRequestInput = z.infer<typeof purchaseRequestInputSchema>;
export type PurchaseItemInput = z.infer<typeof purchaseItemInputSchema>;
