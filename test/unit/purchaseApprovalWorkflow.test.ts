// The approval orchestrator, replayed from histories: each test plays the runtime (activity results,
// raised events, fired timers) and checks what the orchestrator schedules next and how it ends.
// Events only make it look: the `read` activity answers with what the database holds.
import { describe, expect, it } from 'vitest';
import {
  APPROVAL_ACTIVITIES as A,
  CANCEL_EVENT,
  DECISION_EVENT,
  purchaseApprovalOrchestrator,
} from '../../orchestrations/approvals/purchaseApprovalWorkflow';
import { OrchestrationReplay } from '../support/orchestrationReplay';

const requestId = '6f1c1c8e-5a43-4a8e-9d7e-0c6f2b0f7a11';
const start = new Date('2026-11-02T09:00:00Z');
const HOUR = 3_600_000;
const plan = (steps: number[]) => ({
  status: 'pending',
  steps,
  reminderAfterHours: 24,
  escalateAfterHours: 48,
  expireAfterHours: 168,
});
const asked = { decision: null, approverId: 7, pending: true };
const nothingRecorded = { decision: null, requestStatus: 'pending' };
const concluded = (outcome: string) => ({ outcome });

async function begun(steps = [1, 2]): Promise<OrchestrationReplay> {
  const replay = new OrchestrationReplay(purchaseApprovalOrchestrator, { requestId }, start);
  await replay.run();
  expect(replay.activities.map((a) => a.name)).toEqual([A.begin]);
  await replay.completeActivity(A.begin, plan(steps));
  const ask = await replay.completeActivity(A.ask, asked);
  expect(ask.input).toEqual({ requestId, step: 1, reason: 'ask' });
  return replay;
}

/** A decision recorded and announced: the event, then the read activity finds the row. */
async function decided(replay: OrchestrationReplay, step: number, decision: 'approve' | 'reject') {
  await replay.raiseEvent(DECISION_EVENT, { step, decision });
  const read = await replay.completeActivity(A.read, { decision, requestStatus: 'pending' });
  expect(read.input).toEqual({ requestId, step });
}

describe('purchase approval orchestrator', () => {
  it('asks each approver in turn and fulfils after the last approval', async () => {
    const replay = await begun();
    expect(replay.timers.map((t) => t.fireAt)).toEqual([new Date(start.getTime() + 24 * HOUR)]);

    await replay.raiseEvent(DECISION_EVENT, { step: 1, decision: 'approve' });
    expect(replay.timers).toEqual([]);
    await replay.completeActivity(A.read, { decision: 'approve', requestStatus: 'pending' });
    await replay.completeActivity(A.conclude, concluded('approved'));
    expect(replay.scheduled.at(-2)?.input).toEqual({ requestId, step: 1, outcome: 'approved' });
    expect(replay.activities.map((a) => [a.name, a.input])).toEqual([
      [A.ask, { requestId, step: 2, reason: 'ask' }],
    ]);

    await replay.completeActivity(A.ask, asked);
    await decided(replay, 2, 'approve');
    await replay.completeActivity(A.conclude, concluded('approved'));
    expect(replay.activities.map((a) => a.name)).toEqual([A.fulfil]);
    await replay.completeActivity(A.fulfil, { assignments: [] });
    expect(replay.done).toBe(true);
    expect(replay.output).toEqual({ outcome: 'fulfilled' });
  });

  it('ends at a rejection without asking later steps', async () => {
    const replay = await begun();
    await decided(replay, 1, 'reject');
    const conclude = await replay.completeActivity(A.conclude, concluded('rejected'));
    expect(conclude.input).toEqual({ requestId, step: 1, outcome: 'rejected' });
    expect(replay.done).toBe(true);
    expect(replay.output).toEqual({ outcome: 'rejected', step: 1 });
    expect(replay.scheduled.filter((a) => a.name === A.ask)).toHaveLength(1);
  });

  it('reminds after 24 hours, escalates after 48, and still takes the decision afterwards', async () => {
    const replay = await begun([1]);
    const reminderTimer = await replay.fireNextTimer();
    expect(reminderTimer.fireAt).toEqual(new Date(start.getTime() + 24 * HOUR));
    const remind = await replay.completeActivity(A.ask, asked);
    expect(remind.input).toEqual({ requestId, step: 1, reason: 'remind' });
    expect(replay.timers.map((t) => t.fireAt)).toEqual([new Date(start.getTime() + 48 * HOUR)]);

    await replay.fireNextTimer();
    const escalate = await replay.completeActivity(A.ask, { ...asked, approverId: 9 });
    expect(escalate.input).toEqual({ requestId, step: 1, reason: 'escalate' });
    expect(replay.timers.map((t) => t.fireAt)).toEqual([new Date(start.getTime() + 168 * HOUR)]);

    await decided(replay, 1, 'approve');
    await replay.completeActivity(A.conclude, concluded('approved'));
    await replay.completeActivity(A.fulfil, {});
    expect(replay.output).toEqual({ outcome: 'fulfilled' });
  });

  it('expires a step nobody decides within seven days', async () => {
    const replay = await begun();
    await replay.fireNextTimer();
    await replay.completeActivity(A.ask, asked);
    await replay.fireNextTimer();
    await replay.completeActivity(A.ask, asked);
    const expiry = await replay.fireNextTimer();
    expect(expiry.fireAt).toEqual(new Date(start.getTime() + 168 * HOUR));
    const conclude = await replay.completeActivity(A.conclude, concluded('expired'));
    expect(conclude.input).toEqual({ requestId, step: 1, outcome: 'expired' });
    expect(replay.output).toEqual({ outcome: 'expired', step: 1 });
  });

  it('stops when the requester cancels', async () => {
    const replay = await begun();
    await replay.raiseEvent(CANCEL_EVENT, {});
    expect(replay.timers).toEqual([]);
    await replay.completeActivity(A.read, { decision: null, requestStatus: 'cancelled' });
    const conclude = await replay.completeActivity(A.conclude, concluded('cancelled'));
    expect(conclude.input).toEqual({ requestId, step: 1, outcome: 'cancelled' });
    expect(replay.output).toEqual({ outcome: 'cancelled', step: 1 });
  });

  it('ignores a repeated decision of an earlier step and keeps its deadlines', async () => {
    const replay = await begun();
    await decided(replay, 1, 'approve');
    await replay.completeActivity(A.conclude, concluded('approved'));
    await replay.completeActivity(A.ask, asked);
    const askedAt = replay.now.getTime();
    await replay.raiseEvent(DECISION_EVENT, { step: 1, decision: 'approve' });
    expect(replay.done).toBe(false);
    expect(replay.activities).toEqual([]);
    expect(replay.timers.map((t) => t.fireAt)).toEqual([new Date(askedAt + 24 * HOUR)]);
  });

  it('moves on when a reminder finds a decision whose event never arrived', async () => {
    const replay = await begun([1]);
    await replay.fireNextTimer();
    await replay.completeActivity(A.ask, { ...asked, decision: 'approve' });
    const conclude = await replay.completeActivity(A.conclude, concluded('approved'));
    expect(conclude.input).toEqual({ requestId, step: 1, outcome: 'approved' });
    expect(replay.activities.map((a) => a.name)).toEqual([A.fulfil]);
  });

  it('does nothing for a request that is no longer pending', async () => {
    const replay = new OrchestrationReplay(purchaseApprovalOrchestrator, { requestId }, start);
    await replay.run();
    await replay.completeActivity(A.begin, { ...plan([1]), status: 'cancelled' });
    expect(replay.done).toBe(true);
    expect(replay.output).toEqual({ outcome: 'not-pending' });
  });

  describe('an event is a hint; the database decides', () => {
    it('keeps waiting when an ApprovalDecision event finds no recorded decision, with the same deadline', async () => {
      const replay = await begun([1]);
      const reminderAt = new Date(start.getTime() + 24 * HOUR);
      replay.now = new Date(start.getTime() + 2 * HOUR);
      await replay.raiseEvent(DECISION_EVENT, { step: 1, decision: 'approve' });
      const read = await replay.completeActivity(A.read, nothingRecorded);
      expect(read.input).toEqual({ requestId, step: 1 });

      expect(replay.done).toBe(false);
      expect(replay.activities).toEqual([]);
      expect(replay.scheduled.map((a) => a.name)).not.toContain(A.conclude);
      expect(replay.scheduled.map((a) => a.name)).not.toContain(A.fulfil);
      expect(replay.timers.map((t) => t.fireAt)).toEqual([reminderAt]);
      expect(replay.logs).toEqual([
        expect.stringMatching(
          /^warning: Approval workflow replay-instance: a ApprovalDecision event found nothing recorded for step 1/,
        ),
      ]);

      // The reminder still comes when it was due, and a real decision afterwards still counts.
      const reminder = await replay.fireNextTimer();
      expect(reminder.fireAt).toEqual(reminderAt);
      expect((await replay.completeActivity(A.ask, asked)).input).toEqual({
        requestId,
        step: 1,
        reason: 'remind',
      });
      await decided(replay, 1, 'approve');
      await replay.completeActivity(A.conclude, concluded('approved'));
      expect(replay.activities.map((a) => a.name)).toEqual([A.fulfil]);
    });

    it('takes the recorded decision, not the one the event names', async () => {
      const replay = await begun();
      await replay.raiseEvent(DECISION_EVENT, { step: 1, decision: 'approve' });
      await replay.completeActivity(A.read, { decision: 'reject', requestStatus: 'pending' });
      const conclude = await replay.completeActivity(A.conclude, concluded('rejected'));
      expect(conclude.input).toEqual({ requestId, step: 1, outcome: 'rejected' });
      expect(replay.output).toEqual({ outcome: 'rejected', step: 1 });
      expect(replay.scheduled.map((a) => a.name)).not.toContain(A.fulfil);
    });

    it('ignores a malformed event without looking, and keeps the deadline', async () => {
      const replay = await begun([1]);
      for (const payload of [
        { step: '1', decision: 'approve' },
        { step: 1, decision: 'approve', by: 'someone' },
        { step: 1, decision: 'maybe' },
        'approve',
        null,
      ]) {
        await replay.raiseEvent(DECISION_EVENT, payload);
      }
      expect(replay.activities).toEqual([]);
      expect(replay.done).toBe(false);
      expect(replay.timers.map((t) => t.fireAt)).toEqual([new Date(start.getTime() + 24 * HOUR)]);
      expect(replay.logs).toHaveLength(5);
      expect(
        replay.logs.every((l) => /^warning: .*replay-instance: ignored a malformed ApprovalDecision/.test(l)),
      ).toBe(true);
    });

    it('keeps waiting when a CancelRequest event finds the request still pending', async () => {
      const replay = await begun([1]);
      await replay.raiseEvent(CANCEL_EVENT, {});
      await replay.completeActivity(A.read, nothingRecorded);
      expect(replay.done).toBe(false);
      expect(replay.activities).toEqual([]);
      expect(replay.timers.map((t) => t.fireAt)).toEqual([new Date(start.getTime() + 24 * HOUR)]);
      // a real cancellation afterwards still ends it
      await replay.raiseEvent(CANCEL_EVENT, {});
      await replay.completeActivity(A.read, { decision: null, requestStatus: 'cancelled' });
      await replay.completeActivity(A.conclude, concluded('cancelled'));
      expect(replay.output).toEqual({ outcome: 'cancelled', step: 1 });
    });

    it('goes on with what the conclude activity recorded: a decision that beat the expiry', async () => {
      const replay = await begun([1]);
      await replay.fireNextTimer();
      await replay.completeActivity(A.ask, asked);
      await replay.fireNextTimer();
      await replay.completeActivity(A.ask, asked);
      await replay.fireNextTimer();
      const conclude = await replay.completeActivity(A.conclude, concluded('approved'));
      expect(conclude.input).toEqual({ requestId, step: 1, outcome: 'expired' });
      expect(replay.activities.map((a) => a.name)).toEqual([A.fulfil]);
    });
  });
});
