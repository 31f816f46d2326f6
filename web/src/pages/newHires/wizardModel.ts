// The wizard's rules without React: what each step needs before the next one (the same bounds the
// API checks, so the person hears it here first), and the bundle as the person adjusts it (remove,
// add from the catalog, change plan) with its totals.
import type { CatalogApp } from '../../api/types';
import type {
  JdCoverage,
  JdMatchResult,
  JdReason,
  NewHire,
  NewHireInput,
  Seniority,
} from '../../api/newHireTypes';
import type { Template } from '../../api/templates';

export interface PersonDraft {
  displayName: string;
  email: string;
  jobTitle: string;
  department: string;
  managerEmail: string;
  companyCode: string;
  startDate: string;
}

export interface JobDraft {
  jobDescription: string;
  seniority: Seniority | '';
}

export type Errors = Partial<Record<string, string>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DEPARTMENT = /^[A-Z][A-Z0-9]{1,9}$/;
const COMPANY = /^[A-Z0-9][A-Z0-9-]{1,19}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Step 1: who is starting, where and when. `today` is YYYY-MM-DD. */
export function validatePerson(draft: PersonDraft, today: string): Errors {
  const errors: Errors = {};
  const name = draft.displayName.trim();
  if (name.length < 2) errors.displayName = 'Give the person’s name.';
  else if (name.length > 200) errors.displayName = 'The name can be at most 200 characters.';
  const email = draft.email.trim();
  if (!email) errors.email = 'Give the person’s work e-mail.';
  else if (!EMAIL.test(email) || email.length > 320) errors.email = 'This is not an e-mail address.';
  const title = draft.jobTitle.trim();
  if (title.length < 2) errors.jobTitle = 'Give the job title.';
  else if (title.length > 200) errors.jobTitle = 'The job title can be at most 200 characters.';
  const department = draft.department.trim();
  if (department && !DEPARTMENT.test(department))
    errors.department = 'Use the department code, such as “DATA” (capital letters and digits).';
  const manager = draft.managerEmail.trim();
  if (manager && !EMAIL.test(manager)) errors.managerEmail = 'This is not an e-mail address.';
  else if (manager && manager.toLowerCase() === email.toLowerCase())
    errors.managerEmail = 'The manager cannot be the new hire.';
  const company = draft.companyCode.trim();
  if (company && !COMPANY.test(company)) errors.companyCode = 'Use the company code, such as “SCB”.';
  if (!draft.startDate) errors.startDate = 'Give the start date.';
  else if (!DAY.test(draft.startDate) || Number.isNaN(Date.parse(`${draft.startDate}T00:00:00Z`)))
    errors.startDate = 'This is not a date.';
  else if (draft.startDate < today) errors.startDate = 'The start date cannot be in the past.';
  return errors;
}

/** Step 2: the job description (at least a sentence, as the JD match needs). */
export function validateJob(draft: JobDraft): Errors {
  const text = draft.jobDescription.trim();
  if (text.length < 20) return { jobDescription: 'Paste the job description (at least a sentence).' };
  if (text.length > 20_000)
    return { jobDescription: 'The job description can be at most 20,000 characters.' };
  return {};
}

/** Step 4: something to request, and a justification of a sentence if one is given. */
export function validateBundle(lines: BundleLine[], justification = ''): Errors {
  const errors: Errors = {};
  if (lines.length === 0) errors.bundle = 'Keep or add at least one app for the new hire.';
  const text = justification.trim();
  if (text && text.length < 10)
    errors.justification = 'Say in a sentence why this is needed, or leave it empty.';
  return errors;
}

export const hasErrors = (errors: Errors): boolean => Object.values(errors).some(Boolean);

export function hireInput(person: PersonDraft, job: JobDraft): NewHireInput {
  const optional = (value: string) => value.trim() || undefined;
  const input: NewHireInput = {
    displayName: person.displayName.trim(),
    email: person.email.trim(),
    jobTitle: person.jobTitle.trim(),
    startDate: person.startDate,
    jobDescription: job.jobDescription.trim(),
  };
  const department = optional(person.department);
  const managerEmail = optional(person.managerEmail);
  const companyCode = optional(person.companyCode);
  if (department) input.department = department;
  if (managerEmail) input.managerEmail = managerEmail;
  if (companyCode) input.companyCode = companyCode;
  if (job.seniority) input.seniority = job.seniority;
  return input;
}

// Which step a field the API names belongs to, to send the person back there.
const PERSON_FIELDS = [
  'displayName',
  'email',
  'jobTitle',
  'department',
  'managerEmail',
  'companyCode',
  'startDate',
];
export function stepOfField(path: string): 1 | 2 | 4 {
  const field = path.split('.')[0] ?? '';
  if (PERSON_FIELDS.includes(field)) return 1;
  if (field === 'jobDescription' || field === 'seniority' || field === 'jobTitle') return 2;
  return 4;
}

// --- the bundle ---

export interface PlanChoice {
  code: string;
  name: string;
  /** per seat a month in the company's currency; null when priced by use */
  monthlyPrice: number | null;
}

export interface BundleLine {
  slug: string;
  name: string;
  vendor: string;
  category: string;
  /** the JD match's rank; undefined for an app the person added or a template brought */
  rank?: number;
  source: 'jd-match' | 'added' | 'template';
  plan: PlanChoice;
  /** the plans the person may pick from, once known (the JD match names one) */
  plans: PlanChoice[];
  /** per person a month, in the company's currency */
  monthlyCost: number;
  /** null until the catalog has said where a seat would come from (a template's line) */
  coverage: JdCoverage | null;
  reasons: JdReason[];
  confidence?: number;
  companyStandard: boolean;
}

export function linesFromMatch(match: JdMatchResult): BundleLine[] {
  return [...match.apps]
    .sort((a, b) => a.rank - b.rank)
    .map((a) => {
      const plan = {
        code: a.plan.code,
        name: a.plan.name,
        monthlyPrice: a.plan.pricingModel === 'pay_per_use' ? null : a.monthlyCost,
      };
      return {
        slug: a.app.slug,
        name: a.app.name,
        vendor: a.app.vendor,
        category: a.app.category,
        rank: a.rank,
        source: 'jd-match' as const,
        plan,
        plans: [plan],
        monthlyCost: a.monthlyCost,
        coverage: a.coverage,
        reasons: a.reasons,
        confidence: a.confidence,
        companyStandard: a.companyStandard,
      };
    });
}

export const planChoices = (app: CatalogApp): PlanChoice[] =>
  app.plans.map((p) => ({ code: p.code ?? String(p.id), name: p.name, monthlyPrice: p.monthlyPrice }));

/** How a seat would be found for an app from the catalog: a free one here, at a sibling, or bought. */
export function coverageOf(app: CatalogApp, companyCode: string): JdCoverage {
  if (app.freeSeats.own > 0) return { kind: 'free-seat', companyCode, freeSeats: app.freeSeats.own };
  const sibling = app.freeSeats.affiliates.find((a) => a.seats > 0);
  if (sibling) return { kind: 'affiliate-seat', companyCode: sibling.companyCode, freeSeats: sibling.seats };
  return { kind: 'purchase' };
}

export function removeLine(lines: BundleLine[], slug: string): BundleLine[] {
  return lines.filter((l) => l.slug !== slug);
}

/** Adds a catalog app on its first plan; an app already in the bundle is left as it is. */
export function addApp(lines: BundleLine[], app: CatalogApp, companyCode: string): BundleLine[] {
  if (lines.some((l) => l.slug === app.slug)) return lines;
  const plans = planChoices(app);
  const plan = plans[0] ?? { code: '', name: 'Default', monthlyPrice: null };
  return [
    ...lines,
    {
      slug: app.slug,
      name: app.name,
      vendor: app.vendor,
      category: app.category,
      source: 'added',
      plan,
      plans,
      monthlyCost: plan.monthlyPrice ?? 0,
      coverage: coverageOf(app, companyCode),
      reasons: [],
      companyStandard: false,
    },
  ];
}

/** The plans a line may change to, once the catalog has answered for it (the current plan kept). */
export function withPlans(lines: BundleLine[], slug: string, plans: PlanChoice[]): BundleLine[] {
  return lines.map((l) => {
    if (l.slug !== slug || plans.length === 0) return l;
    // the line's own plan keeps its price (the JD match's price for this company)
    const known = plans.some((p) => p.code === l.plan.code);
    return {
      ...l,
      plans: known ? plans.map((p) => (p.code === l.plan.code ? l.plan : p)) : [l.plan, ...plans],
    };
  });
}

export function changePlan(lines: BundleLine[], slug: string, code: string): BundleLine[] {
  return lines.map((l) => {
    if (l.slug !== slug) return l;
    const plan = l.plans.find((p) => p.code === code);
    if (!plan) return l;
    return { ...l, plan, monthlyCost: plan.monthlyPrice ?? 0 };
  });
}

export interface BundleTotals {
  apps: number;
  /** every app's cost per person a month */
  monthly: number;
  annual: number;
  /** of which on seats to buy (no free seat here or at a sibling) */
  toPurchaseMonthly: number;
  toPurchase: number;
  /** apps covered by a free seat here or at a sibling */
  covered: number;
}

const cents = (value: number): number => Math.round(value * 100) / 100;

export function bundleTotals(lines: BundleLine[]): BundleTotals {
  const monthly = lines.reduce((sum, l) => sum + l.monthlyCost, 0);
  const buying = lines.filter((l) => l.coverage?.kind === 'purchase');
  return {
    apps: lines.length,
    monthly: cents(monthly),
    annual: cents(monthly * 12),
    toPurchaseMonthly: cents(buying.reduce((sum, l) => sum + l.monthlyCost, 0)),
    toPurchase: buying.length,
    covered: lines.filter((l) => l.coverage !== null && l.coverage.kind !== 'purchase').length,
  };
}

/** The PUT /bundle items for the bundle as adjusted. */
export const bundleItems = (lines: BundleLine[]): { app: string; plan?: string }[] =>
  lines.map((l) => (l.plan.code ? { app: l.slug, plan: l.plan.code } : { app: l.slug }));

/** A line's cost as people read it: "priced by use" for a pay-per-use plan. */
export const costText = (
  line: Pick<BundleLine, 'plan' | 'monthlyCost'>,
  format: (n: number) => string,
): string => (line.plan.monthlyPrice === null ? 'priced by use' : `${format(line.monthlyCost)} a month`);

export function coverageText(coverage: JdCoverage, own: string): string {
  switch (coverage.kind) {
    case 'free-seat':
      return `Free seat at ${coverage.companyCode || own} (${coverage.freeSeats} free)`;
    case 'affiliate-seat':
      return `Free seat at sibling ${coverage.companyCode} (${coverage.freeSeats} free)`;
    default:
      return 'To purchase';
  }
}

// --- a purchase template loaded into the bundle ---

/** The template the bundle was loaded from, and the bundle as it was loaded (to tell if it changed). */
export interface TemplateChoice {
  id: number;
  name: string;
  version: number;
  optionalItems: string[];
  signature: string;
}

/** The template's items for one person: everything not optional, plus the optional ones picked. */
export function linesFromTemplate(template: Template, optionalItems: string[]): BundleLine[] {
  return template.items
    .filter((i) => !i.optional || optionalItems.includes(i.app))
    .map((i) => {
      const perSeat = i.price ? i.price.monthlyCost / Math.max(i.seats, 1) : 0;
      // a pay-per-use plan is priced at 0 with a note: it is priced by use, not free
      const byUse = i.price !== null && i.price.monthlyCost === 0 && i.price.note !== undefined;
      const plan: PlanChoice = {
        code: i.plan ?? i.price?.plan ?? '',
        name: i.planName ?? i.price?.planName ?? 'Default plan',
        monthlyPrice: byUse ? null : Math.round(perSeat * 100) / 100,
      };
      return {
        slug: i.app,
        name: i.appName,
        vendor: '',
        category: '',
        source: 'template' as const,
        plan,
        plans: [plan],
        monthlyCost: plan.monthlyPrice ?? 0,
        coverage: null,
        reasons: [],
        companyStandard: false,
      };
    });
}

/** The apps and plans of a bundle, in order: what a template choice is compared against. */
export const bundleSignature = (lines: BundleLine[]): string =>
  lines.map((l) => `${l.slug}:${l.plan.code}`).join(',');

export function chooseTemplate(
  template: Template,
  optionalItems: string[],
): {
  lines: BundleLine[];
  choice: TemplateChoice;
} {
  const lines = linesFromTemplate(template, optionalItems);
  const picked = template.items.filter((i) => i.optional && optionalItems.includes(i.app)).map((i) => i.app);
  return {
    lines,
    choice: {
      id: template.id,
      name: template.name,
      version: template.currentVersion,
      optionalItems: picked,
      signature: bundleSignature(lines),
    },
  };
}

/** The template still describes the bundle only while nobody removed, added or re-planned a line. */
export const templateApplies = (choice: TemplateChoice | undefined, lines: BundleLine[]): boolean =>
  choice !== undefined && choice.signature === bundleSignature(lines);

/** The lines still to be seen from the catalog: a template line learns where its seat comes from. */
export function withCoverage(lines: BundleLine[], app: CatalogApp, companyCode: string): BundleLine[] {
  return lines.map((l) =>
    l.slug === app.slug && l.coverage === null ? { ...l, coverage: coverageOf(app, companyCode) } : l,
  );
}

/** A draft hire's bundle as lines to adjust on the hire's page. */
export function linesFromHire(hire: NewHire): BundleLine[] {
  return hire.bundle.map((item) => {
    const ranked = hire.match?.apps.find((a) => a.app.slug === item.app.slug);
    const plan: PlanChoice = {
      code: item.plan?.code ?? '',
      name: item.plan?.name ?? 'Default plan',
      monthlyPrice: item.plan?.pricingModel === 'pay_per_use' ? null : item.monthlyCost,
    };
    return {
      slug: item.app.slug,
      name: item.app.name,
      vendor: ranked?.app.vendor ?? '',
      category: ranked?.app.category ?? '',
      ...(ranked && item.source === 'jd-match' ? { rank: ranked.rank, confidence: ranked.confidence } : {}),
      source: item.source,
      plan,
      plans: [plan],
      monthlyCost: item.monthlyCost,
      coverage: item.coverage,
      reasons: item.reasons,
      companyStandard: ranked?.companyStandard ?? false,
    };
  });
}
