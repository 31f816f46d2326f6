// The bodies and queries of the new-hire routes (docs/onboarding-api.md), strict and bounded to the
// columns they land in: a bad body is a 400 naming the field, and nothing is written.
import { z } from 'zod';
import { SENIORITIES } from '../ai/jdMatch/jdMatchContract';
import {
  appSlug,
  boundedText,
  companyCode,
  emailAddress,
  int4Id,
  isoDateWithin,
} from '../platform/validation/columnBounds';

const startDate = isoDateWithin(undefined, 'startDate must be a date, YYYY-MM-DD');

export const recordNewHireSchema = z.strictObject({
  displayName: boundedText(200, { min: 2, trim: true, minMessage: "give the hire's name" }),
  email: emailAddress(),
  jobTitle: boundedText(200, { min: 2, trim: true, minMessage: 'give the job title' }),
  /** a department code of the company, e.g. "DATA" */
  department: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9]{1,9}$/, 'must be a department code such as "DATA"')
    .optional(),
  managerEmail: emailAddress().optional(),
  companyCode: companyCode(),
  startDate,
  jobDescription: boundedText(20_000, {
    min: 20,
    trim: true,
    minMessage: 'paste the job description (at least a sentence)',
  }),
  seniority: z.enum(SENIORITIES).optional(),
});
export type RecordNewHireInput = z.infer<typeof recordNewHireSchema>;

const bundleItem = z.strictObject({
  app: appSlug('an app slug such as "figma"'),
  plan: boundedText(80, { min: 1 }).optional(),
});

/** Either the bundle's items, or a template (its current items, plus the optional ones picked). */
export const updateBundleSchema = z
  .strictObject({
    revision: int4Id(),
    items: z.array(bundleItem).max(50).optional(),
    templateId: int4Id().optional(),
    optionalItems: z.array(appSlug()).max(50).optional(),
  })
  .refine((b) => (b.items === undefined) !== (b.templateId === undefined), {
    message: 'give either items or templateId',
    path: ['items'],
  })
  .refine((b) => b.templateId !== undefined || b.optionalItems === undefined, {
    message: 'optionalItems go with templateId',
    path: ['optionalItems'],
  });
export type UpdateBundleInput = z.infer<typeof updateBundleSchema>;

export const submitNewHireSchema = z.strictObject({
  justification: boundedText(4000, {
    min: 10,
    trim: true,
    minMessage: 'say in a sentence why this is needed',
  }).optional(),
});

export const moveStartDateSchema = z.strictObject({ startDate });

export const cancelNewHireSchema = z.strictObject({
  reason: boundedText(4000, { min: 3, trim: true, minMessage: 'say why the hire is cancelled' }),
});

export const listNewHiresQuerySchema = z.strictObject({
  status: z.enum(['draft', 'requested', 'started', 'cancelled']).optional(),
  companyCode: companyCode().optional(),
});

/** Why a start date is not acceptable today (UTC, by the app's clock), or undefined. */
export function startDateProblem(date: string, now: Date): string | undefined {
  const today = now.toISOString().slice(0, 10);
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + 2);
  if (date < today) return `must not be in the past (at the earliest ${today})`;
  if (date > latest.toISOString().slice(0, 10)) return 'must be within 2 years';
  return undefined;
}
