// The bodies and queries of /api/purchase-templates, checked at the edge. Every field is bounded to
// its column (shared/platform/validation/columnBounds.ts), so a body the database would refuse is a
// 400 naming the field. The rules between fields (a role or a department; no app twice) are here
// too, so the portal and the API say the same thing.
import { z } from 'zod';
import {
  appSlug,
  boundedText,
  companyCode,
  emailAddress,
  int4Id,
  isoDateWithin,
} from '../platform/validation/columnBounds';

/** Seats per person a template may ask for. */
export const MAX_TEMPLATE_SEATS = 100;
/** Items a template may hold. */
export const MAX_TEMPLATE_ITEMS = 50;

export const templateItemSchema = z.strictObject({
  /** the app's slug, e.g. "figma" */
  app: appSlug('an app slug such as "figma"'),
  /** the pricing plan's code; default: the company's contract plan, else the cheapest */
  plan: boundedText(80, { min: 1 }).optional(),
  /** seats per person */
  seats: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_TEMPLATE_SEATS, `must be at most ${MAX_TEMPLATE_SEATS}`)
    .default(1),
  /** offered, not included unless the requester picks it */
  optional: z.boolean().default(false),
});

export const templateCodeSchema = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'must be 2–40 capital letters, digits or "-", e.g. ENG-STARTER');

const roleTitle = boundedText(200, { trim: true }).optional();
const department = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{0,19}$/, 'must be a department code like ENG')
  .optional();

type WithItems = {
  items?: { app: string }[];
  roleTitle?: string | undefined;
  department?: string | undefined;
};

/** No app twice; a role or a department named. */
function itemRules<T extends WithItems>(schema: z.ZodType<T>, requireRole: boolean) {
  return schema.superRefine((body, ctx) => {
    const seen = new Map<string, number>();
    (body.items ?? []).forEach((item, index) => {
      const first = seen.get(item.app);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['items', index, 'app'],
          message: `"${item.app}" is already item ${first + 1}; an app appears once`,
        });
      else seen.set(item.app, index);
    });
    if (requireRole && !body.roleTitle && !body.department)
      ctx.addIssue({
        code: 'custom',
        path: ['roleTitle'],
        message: 'name a role (job title) or a department',
      });
  });
}

const templateFields = z.strictObject({
  /** default: the caller's company */
  companyCode: companyCode().optional(),
  code: templateCodeSchema,
  name: boundedText(200, { min: 1, trim: true, minMessage: 'give the template a name' }),
  description: boundedText(2000, { trim: true }).optional(),
  roleTitle,
  department,
  items: z.array(templateItemSchema).min(1, 'add at least one app').max(MAX_TEMPLATE_ITEMS),
});

export const createTemplateSchema = itemRules(templateFields, true);
export type CreateTemplateInput = z.infer<typeof createTemplateSchema>;

export const updateTemplateSchema = itemRules(
  templateFields.omit({ companyCode: true }).extend({
    /** the version the edit was made on; a newer one makes the edit 409 */
    expectedVersion: z.number().int().min(1).max(1_000_000),
  }),
  true,
);
export type UpdateTemplateInput = z.infer<typeof updateTemplateSchema>;

export const listTemplatesQuerySchema = z.strictObject({
  companyCode: companyCode().optional(),
});

export const suggestionsQuerySchema = z.strictObject({
  companyCode: companyCode().optional(),
  minShare: z.coerce
    .number('must be a number between 0.05 and 1')
    .min(0.05, 'must be at least 0.05')
    .max(1, 'must be at most 1')
    .default(0.5),
});
export type SuggestionsQuery = z.infer<typeof suggestionsQuerySchema>;

export const acceptSuggestionSchema = itemRules(
  z.strictObject({
    companyCode: companyCode(),
    basis: z.enum(['title', 'department']),
    roleTitle,
    department,
    items: z.array(templateItemSchema).min(1, 'keep at least one app').max(MAX_TEMPLATE_ITEMS),
    /** a new version of this template; omitted: a new template (code and name required) */
    templateId: int4Id().optional(),
    expectedVersion: z.number().int().min(1).max(1_000_000).optional(),
    code: templateCodeSchema.optional(),
    name: boundedText(200, { min: 1, trim: true }).optional(),
  }),
  true,
).superRefine((body, ctx) => {
  if (body.templateId !== undefined) {
    if (body.expectedVersion === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['expectedVersion'],
        message: 'give the version you are replacing',
      });
  } else {
    if (body.code === undefined)
      ctx.addIssue({ code: 'custom', path: ['code'], message: 'a new template needs a code' });
    if (body.name === undefined)
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'a new template needs a name' });
  }
});
export type AcceptSuggestionInput = z.infer<typeof acceptSuggestionSchema>;

export const requestTemplateSchema = z.strictObject({
  /** the person the software is for (default: the caller) */
  forEmployee: emailAddress().optional(),
  justification: boundedText(4000, {
    min: 10,
    trim: true,
    minMessage: 'say in a sentence why this is needed',
  }),
  neededBy: isoDateWithin(undefined, 'neededBy must be a date, YYYY-MM-DD'),
  /** the optional items to include, by app slug */
  optionalItems: z.array(appSlug()).max(MAX_TEMPLATE_ITEMS).default([]),
});
export type RequestTemplateInput = z.infer<typeof requestTemplateSchema>;

/** A template id in a path. */
export const templateIdSchema = z.coerce.number('must be a template id').pipe(int4Id());
export const templateVersionSchema = z.coerce
  .number('must be a version number')
  .pipe(z.number().int().min(1).max(1_000_000));
