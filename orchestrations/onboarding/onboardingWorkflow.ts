// One onboarding workflow per new hire (instance id `onboarding-<hireId>`): it sleeps until the start
// date and then has the hire started (seats, events, the welcome mail). The date is read from the
// database on every wake, so a date HR moves moves the timer: timers last at most three days, and a
// "date moved" or "cancelled" event wakes it at once. On the date, if the purchase request is still
// pending, it keeps looking every few hours (and on any event) until the request is decided.
// Every ~30 waits it continues as new, so its history stays short however far off the date is.
//
// Deterministic: time only from context.df.currentUtcDateTime, all I/O in activities. The events
// are hints; what the activities read decides.
import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler, Task, TimerTask } from 'durable-functions';
import { z } from 'zod';
import type { OnboardingState } from '../../shared/onboarding/onboardingState';
import type { StartOutcome } from '../../shared/onboarding/startNewHire';

export const ONBOARDING_ORCHESTRATION = 'newHireOnboarding';
/** raised after HR moved the start date or cancelled the hire: { what } — a hint to read again */
export const ONBOARDING_EVENT = 'NewHireChanged';

export const ONBOARDING_ACTIVITIES = {
  read: 'newHireOnboarding_read',
  start: 'newHireOnboarding_start',
} as const;

export const onboardingInputSchema = z.strictObject({
  hireId: z.uuid(),
  /** waits done before the last continue-as-new (a count, for the custom status) */
  generation: z.number().int().min(0).max(1_000_000).default(0),
});
export const onboardingEventSchema = z.strictObject({ what: z.enum(['date-moved', 'cancelled']) });

export type OnboardingResult =
  | { outcome: 'started'; seats: number; awaiting: number }
  | { outcome: 'cancelled' }
  | { outcome: 'gone' }
  | { outcome: 'continued' };

const DAY_MS = 86_400_000;
/** the longest single durable timer (Azure Storage splits longer ones anyway) */
export const MAX_TIMER_MS = 3 * DAY_MS;
/** how often a hire whose request is still pending on the start date looks again */
export const PENDING_RECHECK_MS = 6 * 3_600_000;
/** waits before the history is started afresh */
export const WAITS_PER_GENERATION = 30;

const activityRetry = new df.RetryOptions(5_000, 6);
activityRetry.backoffCoefficient = 2;

/** 00:00 UTC of the start date */
const startOf = (date: string) => new Date(`${date}T00:00:00.000Z`).getTime();

export const onboardingOrchestrator: OrchestrationHandler = function* (
  context: OrchestrationContext,
): Generator<Task, OnboardingResult, unknown> {
  const input = onboardingInputSchema.parse(context.df.getInput());
  const { hireId } = input;
  const call = context.df.callActivityWithRetry.bind(context.df);
  let changed = context.df.waitForExternalEvent(ONBOARDING_EVENT);

  for (let wait = 0; wait < WAITS_PER_GENERATION; wait++) {
    const state = (yield call(ONBOARDING_ACTIVITIES.read, activityRetry, hireId)) as OnboardingState;
    if (!state.exists || !state.startDate) return { outcome: 'gone' };
    if (state.status === 'cancelled') {
      context.df.setCustomStatus({ status: 'cancelled' });
      return { outcome: 'cancelled' };
    }
    const now = context.df.currentUtcDateTime.getTime();
    const due = startOf(state.startDate);
    let wakeAt: number;
    if (now >= due) {
      // The workflow's clock says the day has come; the activity checks the database's date against it.
      const started = (yield call(ONBOARDING_ACTIVITIES.start, activityRetry, {
        hireId,
        asOf: context.df.currentUtcDateTime.toISOString(),
      })) as StartOutcome;
      if (started.outcome === 'started') {
        context.df.setCustomStatus({ status: 'started', startDate: state.startDate });
        return started;
      }
      if (started.outcome === 'cancelled' || started.outcome === 'gone') return started;
      if (started.outcome === 'not-due') {
        // The activity's clock and ours disagree by moments, or the date moved: wait for the date it read.
        wakeAt = Math.min(startOf(started.startDate), now + MAX_TIMER_MS);
        if (wakeAt <= now) wakeAt = now + 60_000;
      } else {
        context.df.setCustomStatus({ status: 'waiting-approval', startDate: state.startDate });
        wakeAt = now + PENDING_RECHECK_MS;
      }
    } else {
      context.df.setCustomStatus({ status: 'waiting', startDate: state.startDate });
      wakeAt = Math.min(due, now + MAX_TIMER_MS);
    }
    const timer: TimerTask = context.df.createTimer(new Date(wakeAt));
    const winner = yield context.df.Task.any([timer, changed]);
    if (winner !== timer) {
      timer.cancel();
      const parsed = onboardingEventSchema.safeParse((winner as Task).result);
      if (!parsed.success && !context.df.isReplaying) {
        context.warn(`Onboarding ${context.df.instanceId}: ignored a malformed ${ONBOARDING_EVENT} event.`);
      }
      changed = context.df.waitForExternalEvent(ONBOARDING_EVENT);
    }
  }
  // A long wait: start afresh with a short history (events raised meanwhile are kept for the new run).
  context.df.continueAsNew({ hireId, generation: input.generation + 1 });
  return { outcome: 'continued' };
};
