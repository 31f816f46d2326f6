// A company's approval policy: the ordered chain of approval steps with the thresholds that switch
// them on, and the timings of reminder, escalation and expiry. Stored as JSON per company, edited
// by Admin, and copied onto each request when it starts so a later edit never changes a running one.
import { z } from 'zod';
import { companyCode } from '../platform/validation/columnBounds';

export const APPROVER_KINDS = ['manager', 'department_head', 'cto', 'finance'] as const;
export type ApproverKind = (typeof APPROVER_KINDS)[number];

const amount = z.number().min(0).max(1e9);

export const approvalStepRuleSchema = z.strictObject({
  approver: z.enum(APPROVER_KINDS),
  /** the step applies when the request's monthly cost (company currency) is at least this */
  minMonthlyCost: amount.optional(),
  /** ... or when its annual cost is at least this; with neither, the step always applies */
  minAnnualCost: amount.optional(),
});
export type ApprovalStepRule = z.infer<typeof approvalStepRuleSchema>;

const hours = z
  .number()
  .positive()
  .max(24 * 60);

export const approvalPolicySchema = z
  .strictObject({
    steps: z.array(approvalStepRuleSchema).min(1).max(8),
    reminderAfterHours: hours,
    escalateAfterHours: hours,
    expireAfterHours: hours,
  })
  .refine((p) => p.reminderAfterHours < p.escalateAfterHours, {
    message: 'the reminder must come before the escalation',
    path: ['reminderAfterHours'],
  })
  .refine((p) => p.escalateAfterHours < p.expireAfterHours, {
    message: 'the escalation must come before the expiry',
    path: ['escalateAfterHours'],
  });
export type ApprovalPolicy = z.infer<typeof approvalPolicySchema>;

/** The path of /api/approval-policies/{company}: a company code (any case), checked before any query. */
export const policyPathSchema = z.strictObject({
  company: z
    .string()
    .transform((v) => v.toUpperCase())
    .pipe(companyCode()),
});

/** The group's standard policy, in euros; `defaultPolicyFor` converts it to a company's currency. */
export const DEFAULT_POLICY_EUR: ApprovalPolicy = {
  steps: [
    { approver: 'manager' },
    { approver: 'department_head', minMonthlyCost: 250 },
    { approver: 'cto', minMonthlyCost: 1000 },
    { approver: 'finance', minAnnualCost: 10000 },
  ],
  reminderAfterHours: 24,
  escalateAfterHours: 48,
  expireAfterHours: 7 * 24,
};

/** The default policy with its thresholds in a currency (`perEur` units per euro), rounded. */
export function defaultPolicyFor(perEur: number): ApprovalPolicy {
  const convert = (v: number | undefined) => (v === undefined ? undefined : roundNicely(v * perEur));
  return {
    ...DEFAULT_POLICY_EUR,
    steps: DEFAULT_POLICY_EUR.steps.map((s) => ({
      approver: s.approver,
      ...(s.minMonthlyCost !== undefined && { minMonthlyCost: convert(s.minMonthlyCost) }),
      ...(s.minAnnualCost !== undefined && { minAnnualCost: convert(s.minAnnualCost) }),
    })),
  };
}

/** Two significant figures: 2,800 SEK rather than 2,798.40. */
function roundNicely(value: number): number {
  if (value === 0) return 0;
  const magnitude = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Math.round(value / magnitude) * magnitude;
}

/** The steps of the policy that apply to a request of this cost, in order. */
export function applicableSteps(
  policy: ApprovalPolicy,
  cost: { monthly: number; annual: number },
): ApprovalStepRule[] {
  return policy.steps.filter((s) => {
    if (s.minMonthlyCost === undefined && s.minAnnualCost === undefined) return true;
    return (
      (s.minMonthlyCost !== undefined && cost.monthly >= s.minMonthlyCost) ||
      (s.minAnnualCost !== undefined && cost.annual >= s.minAnnualCost)
    );
  });
}
