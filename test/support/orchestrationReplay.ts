// Replays an orchestrator from histories, without a host: the test plays the Durable Task runtime.
// Each `run()` calls the orchestrator (durable-functions' own replay engine) with the whole history
// so far, records the actions it returns as TaskScheduled/TimerCreated events, and reports what is
// open; the test then appends results (activity completed, event raised, timer fired) and runs again.
import { InvocationContext } from '@azure/functions';
import type { OrchestrationHandler } from 'durable-functions';
import { EventType, historyEvent, type HistoryEvent } from '../../devhost/durable/history';

// durable-functions exports its orchestrator wrapper only from its testing utilities.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createOrchestrator } = require('durable-functions/lib/src/util/testingUtils') as {
  createOrchestrator: (
    fn: OrchestrationHandler,
  ) => (trigger: unknown, context: InvocationContext) => Promise<unknown>;
};

interface Action {
  actionType: number;
  functionName?: string;
  input?: unknown;
  fireAt?: string;
  instanceId?: string;
  isCanceled?: boolean;
  compoundActions?: Action[];
}

const CALL_ACTIVITY = 0;
const CALL_ACTIVITY_WITH_RETRY = 1;
const CALL_SUB_ORCHESTRATOR = 2;
const CALL_SUB_ORCHESTRATOR_WITH_RETRY = 3;
const CONTINUE_AS_NEW = 4;
const CREATE_TIMER = 5;
const WAIT_FOR_EXTERNAL_EVENT = 6;
const WHEN_ANY = 11;
const WHEN_ALL = 12;

export interface OpenActivity {
  taskId: number;
  name: string;
  input: unknown;
}
export interface OpenSubOrchestration {
  taskId: number;
  name: string;
  instanceId: string | undefined;
  input: unknown;
}
export interface OpenTimer {
  taskId: number;
  fireAt: Date;
}

function flatten(actions: Action[]): Action[] {
  return actions.flatMap((a) =>
    a.actionType === WHEN_ALL || a.actionType === WHEN_ANY ? flatten(a.compoundActions ?? []) : [a],
  );
}

export class OrchestrationReplay {
  readonly history: HistoryEvent[] = [];
  readonly activities: OpenActivity[] = [];
  readonly timers: OpenTimer[] = [];
  /** every activity ever scheduled, in order */
  readonly scheduled: OpenActivity[] = [];
  /** sub-orchestrations started and not yet completed, in order */
  readonly subOrchestrations: OpenSubOrchestration[] = [];
  /** the input of continue-as-new, when the orchestrator asked for it */
  continuedAsNew: unknown;
  output: unknown;
  done = false;
  customStatus: unknown;
  /** what the orchestrator logged through its context, as "level: message" */
  readonly logs: string[] = [];
  private actionsDone = 0;
  private nextTaskId = 0;
  private readonly handler: (trigger: unknown, context: InvocationContext) => Promise<unknown>;

  constructor(
    orchestrator: OrchestrationHandler,
    private readonly input: unknown,
    public now: Date,
    private readonly instanceId = 'replay-instance',
  ) {
    this.handler = createOrchestrator(orchestrator);
    this.history.push(historyEvent(EventType.OrchestratorStarted, now));
    this.history.push(
      historyEvent(EventType.ExecutionStarted, now, {
        Name: 'orchestrator',
        Input: JSON.stringify(input),
        OrchestrationInstance: { InstanceId: instanceId, ExecutionId: 'e1' },
      }),
    );
  }

  /** One episode: replay the history, record the new actions. */
  async run(): Promise<void> {
    const trigger = {
      history: this.history,
      input: this.input,
      instanceId: this.instanceId,
      isReplaying: false,
      parentInstanceId: undefined,
      upperSchemaVersion: 3,
      upperSchemaVersionNew: 3,
      longRunningTimerIntervalDuration: '3.00:00:00',
      maximumShortTimerDuration: '6.00:00:00',
      defaultHttpAsyncRequestSleepTimeMillseconds: 30_000,
    };
    const context = new InvocationContext({
      functionName: 'orchestrator',
      logHandler: (level, ...args) => this.logs.push(`${level}: ${args.map(String).join(' ')}`),
    });
    const state = (await this.handler(trigger, context)) as {
      isDone: boolean;
      output?: unknown;
      error?: string;
      actions: Action[][];
      customStatus?: unknown;
    };
    if (state.error) throw new Error(`The orchestrator failed: ${state.error}`);
    for (const e of this.history) e.IsPlayed = true;
    const actions = flatten(state.actions.flat()).filter((a) => a.actionType !== WAIT_FOR_EXTERNAL_EVENT);
    for (const action of actions.slice(this.actionsDone)) {
      this.actionsDone++;
      const taskId = this.nextTaskId++;
      if (action.actionType === CALL_ACTIVITY || action.actionType === CALL_ACTIVITY_WITH_RETRY) {
        const activity = { taskId, name: action.functionName ?? '', input: action.input };
        this.activities.push(activity);
        this.scheduled.push(activity);
        this.history.push(
          historyEvent(
            EventType.TaskScheduled,
            this.now,
            { Name: activity.name, Input: JSON.stringify(action.input) },
            taskId,
          ),
        );
      } else if (
        action.actionType === CALL_SUB_ORCHESTRATOR ||
        action.actionType === CALL_SUB_ORCHESTRATOR_WITH_RETRY
      ) {
        const child = {
          taskId,
          name: action.functionName ?? '',
          instanceId: action.instanceId,
          input: action.input,
        };
        this.subOrchestrations.push(child);
        this.history.push(
          historyEvent(
            EventType.SubOrchestrationInstanceCreated,
            this.now,
            { Name: child.name, InstanceId: child.instanceId, Input: JSON.stringify(action.input) },
            taskId,
          ),
        );
      } else if (action.actionType === CONTINUE_AS_NEW) {
        this.nextTaskId--; // continue-as-new takes no task id
        this.continuedAsNew = action.input;
      } else if (action.actionType === CREATE_TIMER) {
        const fireAt = new Date(action.fireAt ?? 0);
        this.timers.push({ taskId, fireAt });
        this.history.push(
          historyEvent(EventType.TimerCreated, this.now, { FireAt: fireAt.toISOString() }, taskId),
        );
      } else {
        throw new Error(`The replay harness does not handle action type ${action.actionType}.`);
      }
    }
    // Cancelled timers stay in the history but no longer count as open. The n-th action has task id n.
    actions.forEach((action, taskId) => {
      if (action.actionType !== CREATE_TIMER || !action.isCanceled) return;
      const index = this.timers.findIndex((t) => t.taskId === taskId);
      if (index >= 0) this.timers.splice(index, 1);
    });
    this.history.push(historyEvent(EventType.OrchestratorCompleted, this.now));
    this.done = state.isDone;
    this.output = state.output;
    this.customStatus = state.customStatus;
  }

  private episode(): void {
    this.history.push(historyEvent(EventType.OrchestratorStarted, this.now));
  }

  /** Completes the oldest open activity (it must have this name) with a result, and replays. */
  async completeActivity(name: string, result: unknown): Promise<OpenActivity> {
    const index = this.activities.findIndex((a) => a.name === name);
    const activity = this.activities[index];
    if (!activity) {
      throw new Error(
        `No open activity ${name}; open: ${this.activities.map((a) => a.name).join(', ') || 'none'}`,
      );
    }
    this.activities.splice(index, 1);
    this.episode();
    this.history.push(
      historyEvent(EventType.TaskCompleted, this.now, {
        TaskScheduledId: activity.taskId,
        Result: JSON.stringify(result),
      }),
    );
    await this.run();
    return activity;
  }

  /** Completes the oldest open sub-orchestration (it must have this name) with its output, and replays. */
  async completeSubOrchestration(name: string, result: unknown): Promise<OpenSubOrchestration> {
    const index = this.subOrchestrations.findIndex((c) => c.name === name);
    const child = this.subOrchestrations[index];
    if (!child) throw new Error(`No open sub-orchestration ${name}`);
    this.subOrchestrations.splice(index, 1);
    this.episode();
    this.history.push(
      historyEvent(EventType.SubOrchestrationInstanceCompleted, this.now, {
        TaskScheduledId: child.taskId,
        Result: JSON.stringify(result),
      }),
    );
    await this.run();
    return child;
  }

  async raiseEvent(name: string, data: unknown): Promise<void> {
    this.episode();
    this.history.push(
      historyEvent(EventType.EventRaised, this.now, { Name: name, Input: JSON.stringify(data) }),
    );
    await this.run();
  }

  /** Moves the clock to the earliest open timer, fires it, and replays. */
  async fireNextTimer(): Promise<OpenTimer> {
    const timer = [...this.timers].sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime())[0];
    if (!timer) throw new Error('No open timer.');
    this.timers.splice(this.timers.indexOf(timer), 1);
    this.now = timer.fireAt;
    this.episode();
    this.history.push(
      historyEvent(EventType.TimerFired, this.now, {
        TimerId: timer.taskId,
        FireAt: timer.fireAt.toISOString(),
      }),
    );
    await this.run();
    return timer;
  }
}
