// The onboarding orchestrator, replayed from histories: the test plays the runtime (activity results,
// raised events, fired timers). It sleeps in timers of at most three days to the start date, reads
// the date again on every wake (so a moved date moves the timer), starts the hire on the date, keeps
// looking while the request is pending, ends on a cancellation and continues as new on a long wait.
import { describe, expect, it } from 'vitest';
import {
  MAX_TIMER_MS,
  ONBOARDING_ACTIVITIES as A,
  ONBOARDING_EVENT,
  PENDING_RECHECK_MS,
  WAITS_PER_GENERATION,
  onboardingOrchestrator,
} from '../../orchestrations/onboarding/onboardingWorkflow';
import { OrchestrationReplay } from '../support/orchestrationReplay';

const hireId = '0b7f8c1e-2d4a-4e0f-9a55-6c1e7d3b9a21';
const recorded = new Date('2026-12-01T10:00:00Z');
const DAY = 86_400_000;
const state = (startDate: string, status = 'requested', requestStatus: string | null = 'pending') => ({
  exists: true,
  status,
  startDate,
  requestStatus,
});
const midnight = (date: string) => new Date(`${date}T00:00:00.000Z`);

async function begun(startDate: string): Promise<OrchestrationReplay> {
  const replay = new OrchestrationReplay(
    onboardingOrchestrator,
    { hireId },
    recorded,
    `onboarding-${hireId}`,
  );
  await replay.run();
  expect(replay.activities.map((a) => a.name)).toEqual([A.read]);
  await replay.completeActivity(A.read, state(startDate));
  return replay;
}

describe('onboarding orchestrator', () => {
  it('waits to the start date in timers of at most three days, reading the date on each wake, then starts the hire', async () => {
    const replay = await begun('2026-12-08');
    expect(replay.timers.map((t) => t.fireAt)).toEqual([new Date(recorded.getTime() + MAX_TIMER_MS)]);
    await replay.fireNextTimer();
    await replay.completeActivity(A.read, state('2026-12-08', 'requested', 'fulfilled'));
    expect(replay.timers.map((t) => t.fireAt)).toEqual([new Date(recorded.getTime() + 2 * MAX_TIMER_MS)]);
    await replay.fireNextTimer();
    await replay.completeActivity(A.read, state('2026-12-08', 'requested', 'fulfilled'));
    // The last stretch ends at midnight of the start date, not three days on.
    expect(replay.timers.map((t) => t.fireAt)).toEqual([midnight('2026-12-08')]);
    await replay.fireNextTimer();
    expect(replay.activities.map((a) => a.name)).toEqual([A.read]);
    await replay.completeActivity(A.read, state('2026-12-08', 'requested', 'fulfilled'));
    const start = await replay.completeActivity(A.start, { outcome: 'started', seats: 2, awaiting: 0 });
    expect(start.input).toEqual({ hireId, asOf: midnight('2026-12-08').toISOString() });
    expect(replay.done).toBe(true);
    expect(replay.output).toEqual({ outcome: 'started', seats: 2, awaiting: 0 });
    // No activity started the hire before the date.
    expect(replay.scheduled.filter((a) => a.name === A.start)).toHaveLength(1);
  });

  it('moves the timer when the start date moves: the event wakes it and the date is read again', async () => {
    const replay = await begun('2026-12-03');
    expect(replay.timers.map((t) => t.fireAt)).toEqual([midnight('2026-12-03')]);
    await replay.raiseEvent(ONBOARDING_EVENT, { what: 'date-moved' });
    // The old timer is cancelled; the workflow reads the new date before setting another.
    expect(replay.timers).toEqual([]);
    await replay.completeActivity(A.read, state('2026-12-04'));
    expect(replay.timers.map((t) => t.fireAt)).toEqual([midnight('2026-12-04')]);
    // Moved earlier again, and this time the workflow only learns it when its timer fires.
    await replay.raiseEvent(ONBOARDING_EVENT, { what: 'date-moved' });
    await replay.completeActivity(A.read, state('2026-12-02'));
    expect(replay.timers.map((t) => t.fireAt)).toEqual([midnight('2026-12-02')]);
    await replay.fireNextTimer();
    await replay.completeActivity(A.read, state('2026-12-02', 'requested', 'fulfilled'));
    expect(replay.activities.map((a) => a.name)).toEqual([A.start]);
  });

  it('ends when the hire is cancelled, without starting anyone', async () => {
    const replay = await begun('2026-12-20');
    await replay.raiseEvent(ONBOARDING_EVENT, { what: 'cancelled' });
    await replay.completeActivity(A.read, state('2026-12-20', 'cancelled', 'cancelled'));
    expect(replay.done).toBe(true);
    expect(replay.output).toEqual({ outcome: 'cancelled' });
    expect(replay.timers).toEqual([]);
    expect(replay.scheduled.map((a) => a.name)).not.toContain(A.start);
  });

  it('keeps looking on and after the date while the request is pending, and starts once it is approved', async () => {
    const replay = await begun('2026-12-02');
    await replay.fireNextTimer();
    await replay.completeActivity(A.read, state('2026-12-02'));
    await replay.completeActivity(A.start, { outcome: 'waiting-approval' });
    expect(replay.done).toBe(false);
    expect(replay.timers.map((t) => t.fireAt)).toEqual([
      new Date(midnight('2026-12-02').getTime() + PENDING_RECHECK_MS),
    ]);
    await replay.fireNextTimer();
    await replay.completeActivity(A.read, state('2026-12-02', 'requested', 'fulfilled'));
    await replay.completeActivity(A.start, { outcome: 'started', seats: 1, awaiting: 0 });
    expect(replay.output).toEqual({ outcome: 'started', seats: 1, awaiting: 0 });
  });

  it('ignores a malformed event: it reads the date again and waits on', async () => {
    const replay = await begun('2026-12-04');
    await replay.raiseEvent(ONBOARDING_EVENT, { what: 'approve-everything' });
    await replay.completeActivity(A.read, state('2026-12-04'));
    expect(replay.done).toBe(false);
    expect(replay.timers.map((t) => t.fireAt)).toEqual([midnight('2026-12-04')]);
    expect(replay.scheduled.map((a) => a.name)).not.toContain(A.start);
  });

  it('continues as new after a long wait, keeping the hire', async () => {
    // A start date a year and more ahead: three-day timers, one read each.
    const replay = await begun('2028-01-31');
    for (let i = 1; i < WAITS_PER_GENERATION; i++) {
      await replay.fireNextTimer();
      await replay.completeActivity(A.read, state('2028-01-31'));
    }
    expect(replay.continuedAsNew).toBeUndefined();
    await replay.fireNextTimer();
    expect(replay.continuedAsNew).toEqual({ hireId, generation: 1 });
    expect(replay.done).toBe(true);
    expect(replay.now.getTime()).toBe(recorded.getTime() + WAITS_PER_GENERATION * 3 * DAY);
  });
});
