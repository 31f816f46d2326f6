// Which apps each subsidiary buys, on which terms, and who gets a licence. Subsidiaries buy on their
// own (the group grew by acquisition), so the same app shows up at different prices, seat counts are
// padded "to be safe", and competing tools sit side by side: the findings the demo should surface.
import type { PriceTier } from '../../shared/platform/db/schema';
import { APPS, GROUPS, type AppSpec, type PlanSpec } from './catalog';
import { addDays, addYears, DAY_MS, HOUR_MS, isoDate, startOfUtcDay } from './dates';
import type { DepartmentCode, OrganisationPlan, PlannedCompany, PlannedEmployee } from './organisation';
import { Random } from './random';

/** Rough list-price conversion from EUR, fixed so the seed does not depend on a rates feed. */
export const EUR_TO: Record<string, number> = {
  EUR: 1,
  SEK: 11.2,
  NOK: 11.7,
  DKK: 7.46,
  GBP: 0.85,
  PLN: 4.25,
  CHF: 0.94,
  USD: 1.08,
};

const MIN_APPS = 20;
const MAX_APPS = 45;
/** A second app of a group is one or two teams' tool; this share of those teams has it. */
const SECONDARY_TEAM_SHARE = 0.7;

export interface PlannedAssignment {
  employeeKey: number;
  assignedAt: Date;
}

export interface PlannedContract {
  companyIndex: number;
  app: AppSpec;
  plan: PlanSpec;
  seats: number;
  unitPrice: number;
  currency: string;
  startDate: string;
  endDate: string;
  renewalDate: string;
  noticeDays: number;
  autoRenew: boolean;
  affiliateSharing: boolean;
  assignments: PlannedAssignment[];
}

function audienceShare(app: AppSpec, department: DepartmentCode): number {
  return app.audience[department] ?? app.audience.ALL ?? 0;
}

/** Graduated tiers: each seat is priced by the tier it falls in; returns the average per seat. */
export function blendedTierPrice(tiers: readonly PriceTier[], seats: number): number {
  let total = 0;
  let priced = 0;
  for (const tier of tiers) {
    const upTo = tier.upTo ?? Number.POSITIVE_INFINITY;
    const inTier = Math.min(seats, upTo) - priced;
    if (inTier <= 0) continue;
    total += inTier * tier.unitPrice;
    priced += inTier;
    if (priced >= seats) break;
  }
  return seats > 0 ? total / seats : (tiers[0]?.unitPrice ?? 0);
}

interface SignatureOverlap {
  /** Companies owning any of these... */
  owned: readonly string[];
  /** ...also get this one (as one or two teams' tool) until this many companies have both. */
  add: string;
  companies: number;
}

const MICROSOFT_365 = ['microsoft-365-e3', 'microsoft-365-e5', 'microsoft-365-business-premium'];

// The overlaps the demo must show in several companies whatever the dice say (Teams comes with
// every Microsoft 365 plan, so Zoom next to it is the classic duplicate).
const SIGNATURE_OVERLAPS: readonly SignatureOverlap[] = [
  { owned: ['asana'], add: 'monday-com', companies: 4 },
  { owned: MICROSOFT_365, add: 'zoom-workplace', companies: 6 },
  { owned: ['confluence'], add: 'notion', companies: 5 },
  { owned: ['1password-business'], add: 'lastpass-business', companies: 3 },
  { owned: ['okta-workforce-identity'], add: 'microsoft-entra-id-p2', companies: 3 },
  { owned: ['salesforce-sales-cloud'], add: 'hubspot-sales-hub', companies: 3 },
];

interface Pick {
  app: AppSpec;
  secondary: boolean;
  /** Higher survives trimming to the company's app budget. */
  keep: number;
}

function chooseApps(
  company: PlannedCompany,
  staff: readonly PlannedEmployee[],
  random: Random,
  /** Per SIGNATURE_OVERLAPS entry: companies so far that have both apps. */
  overlapCounts: number[],
): Pick[] {
  const departments = new Set(staff.map((e) => e.department));
  // Buying behaviour follows the company's real size, so every seed size shows the same portfolio
  // shape; only departments that exist at this size can use an app.
  const headcount = company.spec.headcount;
  const sizeFactor = Math.min(1, 0.55 + headcount / 450);
  const eligible = (app: AppSpec): boolean =>
    (app.maxHeadcount === null || headcount <= app.maxHeadcount) &&
    [...departments].some((d) => audienceShare(app, d) > 0);
  const picks: Pick[] = [];
  const chosen = new Set<string>();
  const requiresMet = (app: AppSpec) => app.requires.length === 0 || app.requires.some((s) => chosen.has(s));
  const take = (app: AppSpec, secondary: boolean, keep: number) => {
    picks.push({ app, secondary, keep });
    chosen.add(app.slug);
  };

  for (const [groupId, group] of Object.entries(GROUPS)) {
    const members = APPS.filter((a) => a.group === groupId && eligible(a) && requiresMet(a));
    if (members.length === 0) continue;
    const essential = group.coverage >= 0.95;
    if (!random.chance(essential ? group.coverage : group.coverage * sizeFactor)) continue;
    const primary = random.weighted(members.map((a) => [a, a.weight] as const));
    take(primary, false, essential ? 2 : random.float());
    const others = members.filter((a) => a !== primary);
    if (others.length > 0 && random.chance(group.overlap)) {
      take(random.weighted(others.map((a) => [a, a.weight] as const)), true, 0.3 + 0.7 * random.float());
    }
  }
  for (const app of APPS) {
    if (app.group !== null || !eligible(app) || !requiresMet(app)) continue;
    if (random.chance(app.weight * sizeFactor)) take(app, false, random.float());
  }
  SIGNATURE_OVERLAPS.forEach((overlap, index) => {
    const owned = picks.filter((p) => overlap.owned.includes(p.app.slug));
    if (owned.length === 0) return;
    const added = picks.find((p) => p.app.slug === overlap.add);
    const app = APPS.find((a) => a.slug === overlap.add);
    if (!added) {
      if ((overlapCounts[index] ?? 0) >= overlap.companies || !app || !eligible(app) || !random.chance(0.7)) {
        return;
      }
      take(app, true, 1.5);
    }
    // Trimming to the app budget must not undo the overlap.
    for (const pick of [...owned, added]) if (pick) pick.keep = Math.max(pick.keep, 1.5);
    overlapCounts[index] = (overlapCounts[index] ?? 0) + 1;
  });

  // A budget of 20 to 45 apps, growing with the company.
  const budget = Math.max(MIN_APPS + 4, Math.min(MAX_APPS, Math.round(20 + headcount / 25)));
  if (picks.length > budget) {
    picks.sort((a, b) => b.keep - a.keep);
    const dropped = new Set(picks.splice(budget).map((p) => p.app.slug));
    // Dropping an app can orphan one that needs it (Copilot without GitHub).
    for (let i = picks.length - 1; i >= 0; i--) {
      const app = (picks[i] as Pick).app;
      if (app.requires.length > 0 && app.requires.every((s) => dropped.has(s) || !chosen.has(s))) {
        picks.splice(i, 1);
      }
    }
  }
  if (picks.length < MIN_APPS) {
    const covered = new Set(picks.map((p) => p.app.group).filter((g) => g !== null));
    const inPicks = new Set(picks.map((p) => p.app.slug));
    const candidates = random
      .shuffle(APPS.filter((a) => !inPicks.has(a.slug) && eligible(a) && a.requires.length === 0))
      .filter((a) => a.group === null || !covered.has(a.group));
    for (const app of candidates) {
      if (picks.length >= MIN_APPS) break;
      if (app.group !== null) {
        if (covered.has(app.group)) continue;
        covered.add(app.group);
      }
      picks.push({ app, secondary: false, keep: 0 });
    }
  }
  return picks;
}

function choosePlan(app: AppSpec, random: Random): PlanSpec {
  // The first plan is the common choice; the others are upgrades or the monthly variant.
  return random.weighted(app.plans.map((plan, i) => [plan, i === 0 ? 3 : 1] as const));
}

function chooseAssignees(
  app: AppSpec,
  secondary: boolean,
  staff: readonly PlannedEmployee[],
  random: Random,
): PlannedEmployee[] {
  const departments = [...new Set(staff.map((e) => e.department))].filter((d) => audienceShare(app, d) > 0);
  // A second tool is one or two teams' choice, not a random sprinkle across the company.
  const teams = secondary ? new Set(random.shuffle(departments).slice(0, random.int(1, 2))) : null;
  const assignees = staff.filter((employee) => {
    if (teams && !teams.has(employee.department)) return false;
    const share = audienceShare(app, employee.department) * (secondary ? SECONDARY_TEAM_SHARE : 1);
    return random.chance(Math.min(1, share));
  });
  if (assignees.length === 0) {
    const fallback = staff.filter((e) => audienceShare(app, e.department) > 0);
    if (fallback.length > 0) assignees.push(random.pick(fallback));
  }
  return assignees;
}

function seatsFor(assigned: number, random: Random): number {
  // Over-provisioning is the norm: seats bought for planned hires or never reclaimed.
  const mode = random.float();
  const padding = mode < 0.55 ? random.between(0.1, 0.35) : mode < 0.85 ? random.between(0, 0.08) : 0;
  let seats = Math.ceil(assigned * (1 + padding));
  if (seats > 20) seats = Math.ceil(seats / 5) * 5;
  return Math.max(seats, assigned, 1);
}

function negotiatedPrice(plan: PlanSpec, seats: number, currency: string, random: Random): number {
  const list = plan.tiers ? blendedTierPrice(plan.tiers, seats) : plan.unitPrice;
  // Mostly discounts, sometimes a reseller mark-up; 5-25% either way, so subsidiaries visibly differ.
  const direction = random.chance(0.75) ? -1 : 1;
  const deviation = random.between(0.05, 0.25);
  const price = list * (EUR_TO[currency] ?? 1) * (1 + direction * deviation);
  const decimals = plan.model === 'pay_per_use' ? 4 : 2;
  const factor = 10 ** decimals;
  return Math.max(1 / factor, Math.round(price * factor) / factor);
}

function assignedAt(employee: PlannedEmployee, start: Date, now: Date, random: Random): Date {
  const from = Math.max(employee.hiredOn.getTime(), start.getTime());
  const at = from + random.int(0, 21) * DAY_MS + random.between(7, 17) * HOUR_MS;
  return new Date(Math.min(at, now.getTime() - random.between(1, 6) * HOUR_MS));
}

export function planLicensing(organisation: OrganisationPlan, now: Date): PlannedContract[] {
  const contracts: PlannedContract[] = [];
  const today = startOfUtcDay(now);
  const overlapCounts = SIGNATURE_OVERLAPS.map(() => 0);
  for (const company of organisation.companies) {
    const random = new Random(`licensing/${company.spec.code}`);
    const staff = organisation.employees.filter((e) => e.companyIndex === company.index);
    for (const { app, secondary } of chooseApps(company, staff, random, overlapCounts)) {
      const plan = choosePlan(app, random);
      const assignees = chooseAssignees(app, secondary, staff, random);
      if (assignees.length === 0) continue;
      const seats = seatsFor(assignees.length, random);
      const start = addDays(today, -random.int(365, 3 * 365));
      // Annual terms that roll on: the current term ends within the next twelve months.
      let years = 1;
      while (addYears(start, years) <= today) years++;
      const renewal = addYears(start, years);
      contracts.push({
        companyIndex: company.index,
        app,
        plan,
        seats,
        unitPrice: negotiatedPrice(plan, seats, company.spec.currency, random),
        currency: company.spec.currency,
        startDate: isoDate(start),
        endDate: isoDate(addDays(renewal, -1)),
        renewalDate: isoDate(renewal),
        noticeDays: random.weighted([
          [30, 5],
          [60, 3],
          [90, 2],
        ]),
        autoRenew: random.chance(0.85),
        affiliateSharing: random.chance(0.3),
        assignments: assignees.map((employee) => ({
          employeeKey: employee.key,
          assignedAt: assignedAt(employee, start, now, random),
        })),
      });
    }
  }
  return contracts;
}
