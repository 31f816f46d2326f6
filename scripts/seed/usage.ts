// Usage events for the demo: who used which app when. Each assignment gets a profile (power, regular
// or light user, or idle since 30/60/90 days) and events follow working days in the company's time
// zone. Generation is per assignment from its own random stream, so the output does not depend on
// insertion order, and events are inserted in large unnest() chunks because they are most of the rows.
import { sql, type Kysely } from 'kysely';
import { ensureMonthlyPartitions, monthsOf } from '../../shared/platform/db/partitions';
import type { Database } from '../../shared/platform/db/schema';
import { insertUsageEvents, type ResolvedUsageEvent } from '../../shared/usage/usageEventRepository';
import type { AppSpec, PlanSpec, UsageFrequency } from './catalog';
import { addDays, DAY_MS, HOUR_MS, isWeekend, startOfUtcDay } from './dates';
import type { DepartmentCode } from './organisation';
import { Random } from './random';

export type UsageProfile = 'power' | 'regular' | 'light' | 'idle30' | 'idle60' | 'idle90';

export interface UsageSubject {
  assignmentId: number;
  employeeId: number;
  appId: number;
  companyId: number;
  department: DepartmentCode;
  utcOffset: number;
  assignedAt: Date;
  /** Leavers stop using everything on the day they left. */
  leftOn: Date | null;
  app: AppSpec;
  plan: PlanSpec;
}

/** A seeded event is stored the way ingest stores one (same repository, same rollups). */
export type SeedEvent = ResolvedUsageEvent & { eventType: 'login' | 'active' | 'feature_used' | 'api_call' };

// Chance of being active on a working day, by how often the app is needed...
const WORKDAY_RATE: Record<UsageFrequency, number> = { daily: 0.9, weekly: 0.35, monthly: 0.1 };
// ...scaled by how engaged this user is with it.
const ENGAGEMENT: Record<'power' | 'regular' | 'light', number> = { power: 1, regular: 0.55, light: 0.2 };
const WEEKEND_FACTOR = 0.06;
/** Power and regular users were active at least once in this many recent days. */
const RECENCY_DAYS: Record<UsageFrequency, number> = { daily: 7, weekly: 14, monthly: 28 };
/**
 * Events are a sample of activity, not every session: this keeps size 1 at roughly 270k events
 * (a seed of well under a minute on PGlite) while the shape (weekdays, profiles, idleness) stays.
 * Raise it for denser demo data; event counts grow almost in proportion.
 */
export const ACTIVITY_SAMPLE = 0.1;
const CHUNK_ROWS = 5_000;

function chooseProfile(subject: UsageSubject, now: Date, random: Random): UsageProfile {
  const roll = random.float();
  const profile: UsageProfile =
    roll < 0.07
      ? 'idle30'
      : roll < 0.13
        ? 'idle60'
        : roll < 0.2
          ? 'idle90'
          : roll < 0.62
            ? 'power'
            : roll < 0.88
              ? 'regular'
              : 'light';
  // Idle for N days only makes sense for a licence held longer than that.
  const idleDays = profile === 'idle30' ? 30 : profile === 'idle60' ? 60 : profile === 'idle90' ? 90 : 0;
  if (idleDays > 0 && subject.assignedAt.getTime() > now.getTime() - idleDays * DAY_MS) return 'regular';
  return profile;
}

function frequencyFor(subject: UsageSubject): UsageFrequency {
  return subject.app.dailyFor.includes(subject.department) ? 'daily' : subject.app.usage;
}

/** Typical size of one metered usage report, in the plan's unit (many small, a few big batches). */
const TYPICAL_QUANTITY: Record<string, number> = {
  '1k_tokens': 120,
  '1k_characters': 50,
  '1k_emails': 15,
  '1k_events': 30,
  '1k_mtu': 5,
  '1k_series': 3,
  '1k_active_rows': 200,
  '1m_requests': 3,
  api_call: 400,
  message: 60,
  minute: 25,
  compute_hour: 18,
  host_hour: 24,
  cluster_hour: 24,
  gb_month: 40,
  gb_ingested: 6,
  gb_scanned: 300,
  build_minute: 45,
  resource_month: 30,
  credit: 3,
  dbu: 8,
  resolution: 3,
  signature_request: 4,
};

function apiQuantity(unitName: string, random: Random): number {
  const typical = TYPICAL_QUANTITY[unitName] ?? 20;
  // Log-normal; at least 2 so a metered report always counts more than one unit.
  return Math.max(2, Math.round(typical * Math.exp(random.normal(0, 0.9)) * 100) / 100);
}

/** All events of one assignment over the window, oldest first. */
export function eventsForAssignment(subject: UsageSubject, windowStart: Date, now: Date): SeedEvent[] {
  const random = new Random(`usage/${subject.assignmentId}`);
  const profile = chooseProfile(subject, now, random);
  if (profile === 'idle90') return [];
  const engagement = ENGAGEMENT[profile === 'power' ? 'power' : profile === 'light' ? 'light' : 'regular'];
  const rate = WORKDAY_RATE[frequencyFor(subject)] * engagement * ACTIVITY_SAMPLE;

  // The last moment this licence was used: idle profiles stopped 31-59 or 61-89 days ago.
  let until = now.getTime();
  if (profile === 'idle30') until -= random.int(31, 59) * DAY_MS;
  if (profile === 'idle60') until -= random.int(61, 89) * DAY_MS;
  if (subject.leftOn) until = Math.min(until, subject.leftOn.getTime());
  const from = Math.max(windowStart.getTime(), subject.assignedAt.getTime());
  if (until <= from) return [];

  const activeDays: Date[] = [];
  for (let day = startOfUtcDay(new Date(from)); day.getTime() < until; day = addDays(day, 1)) {
    if (random.chance(isWeekend(day) ? rate * WEEKEND_FACTOR : rate)) activeDays.push(day);
  }
  // The sample must not turn users into idle ones by chance: anyone still using the app was seen
  // within its natural rhythm, and an idle-30/60 licence was last used just before its cutoff, so
  // idleness spreads over the 30/60/90-day thresholds instead of piling up at random.
  const ensureActiveWithin = (days: number) => {
    const earliest = until - days * DAY_MS;
    const last = activeDays[activeDays.length - 1];
    if (earliest < from || (last && last.getTime() >= earliest)) return;
    // Any working day that lies wholly inside the range (weekend anchors would all pile on Fridays).
    const firstDay = startOfUtcDay(new Date(earliest)).getTime() + DAY_MS;
    const candidates: Date[] = [];
    for (let k = 1; k < days; k++) {
      const day = startOfUtcDay(new Date(until - k * DAY_MS));
      if (day.getTime() >= firstDay && !isWeekend(day)) candidates.push(day);
    }
    if (candidates.length > 0) activeDays.push(random.pick(candidates));
  };
  const stillUsing = until === now.getTime();
  if (!stillUsing || profile === 'idle30' || profile === 'idle60')
    ensureActiveWithin(profile === 'light' ? 20 : 5);
  else if (profile === 'light') ensureActiveWithin(28);
  else ensureActiveWithin(RECENCY_DAYS[frequencyFor(subject)]);

  const events: SeedEvent[] = [];
  const features = subject.app.features.map(([name]) => name);
  const payPerUse = subject.plan.model === 'pay_per_use';
  let n = 0;
  const push = (at: number, eventType: SeedEvent['eventType'], quantity: number, properties: unknown) => {
    // Nothing at or after the end of activity, and nothing in the future.
    if (at >= until || at < from) return;
    events.push({
      eventId: `seed-${subject.assignmentId}-${++n}`,
      occurredAt: new Date(at).toISOString(),
      employeeId: subject.employeeId,
      appId: subject.appId,
      companyId: subject.companyId,
      eventType,
      quantity,
      properties: properties as Record<string, unknown> | null,
      source: 'seed',
    });
  };

  for (const day of activeDays) {
    // Local working hours (later and shorter at weekends), converted to UTC.
    const startHour = isWeekend(day) ? random.between(10, 19) : random.between(7.5, 16.5);
    let at = day.getTime() + (startHour - subject.utcOffset) * HOUR_MS;
    if (payPerUse) {
      const calls = random.int(1, 3);
      for (let i = 0; i < calls; i++) {
        push(at, 'api_call', apiQuantity(subject.plan.unitName, random), { unit: subject.plan.unitName });
        at += random.between(0.2, 2.5) * HOUR_MS;
      }
      continue;
    }
    push(at, 'login', 1, null);
    if (random.chance(profile === 'power' ? 0.35 : 0.2)) {
      at += random.between(0.1, 1.5) * HOUR_MS;
      push(at, 'active', 1, { minutes: random.int(5, profile === 'power' ? 240 : 90) });
    }
    const featureUses = random.chance(profile === 'power' ? 0.5 : 0.3)
      ? random.int(1, profile === 'power' ? 2 : 1)
      : 0;
    for (let i = 0; i < featureUses; i++) {
      at += random.between(0.1, 2) * HOUR_MS;
      // Users lean on the first few features; the long tail is what overlap reviews ask about.
      const index = Math.min(
        features.length - 1,
        Math.floor(Math.pow(random.float(), 1.8) * features.length),
      );
      push(at, 'feature_used', 1, { feature: features[index] });
    }
  }
  return events;
}

export interface UsageResult {
  events: number;
  dailyRows: number;
  months: number;
}

/**
 * Generates and stores the events of all subjects, then rebuilds usage_daily from them. Partitions
 * come first so no row lands in the default partition.
 */
export async function seedUsage(
  db: Kysely<Database>,
  subjects: readonly UsageSubject[],
  now: Date,
  usageDays: number,
  log: (line: string) => void,
): Promise<UsageResult> {
  const windowStart = new Date(now.getTime() - usageDays * DAY_MS);
  const months: Date[] = [];
  for (let day = startOfUtcDay(windowStart); day <= now; day = addDays(day, 1)) months.push(day);
  const partitionMonths = monthsOf(months);
  await ensureMonthlyPartitions(db, partitionMonths);

  return db.transaction().execute(async (trx) => {
    let inserted = 0;
    let nextReport = 50_000;
    let chunk: SeedEvent[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      inserted += await insertUsageEvents(trx, chunk);
      chunk = [];
    };
    for (const subject of subjects) {
      for (const event of eventsForAssignment(subject, windowStart, now)) chunk.push(event);
      if (chunk.length >= CHUNK_ROWS) {
        await flush();
        if (inserted >= nextReport) {
          log(`  usage events: ${inserted.toLocaleString('en')}...`);
          nextReport += 50_000;
        }
      }
    }
    await flush();

    const daily = await sql<{ n: number }>`select count(*)::int as n from usage_daily`.execute(trx);
    return {
      events: inserted,
      dailyRows: daily.rows[0]?.n ?? 0,
      months: partitionMonths.length,
    };
  });
}
