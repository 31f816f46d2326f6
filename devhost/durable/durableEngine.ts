// Durable Functions in devhost. It drives durable-functions' own replay engine the way the Durable
// Task extension does for out-of-process workers: for each step of an orchestration it invokes the
// orchestrator function with the instance's history (HistoryEvent objects, replay schema V4), reads
// back the actions it returns, records them in the history with the ids the library gives its
// tasks, and carries them out — activities (at least once, with retries), durable timers, external
// events, sub-orchestrations, continue-as-new — feeding the results back as new history events.
//
// Every change of an instance is on disk (InstanceStore) before the work it implies starts, so a
// host killed at any point resumes every instance on restart: scheduled activities without a
// result run again, timers are set again, events that had arrived are still in the inbox.
import { randomUUID } from 'node:crypto';
import type { RegisteredFunction } from '../coreApi';
import type { InvocationLog } from '../invocationLog';
import type { Invoker, RpcTypedData } from '../invoker';
import type { DurableClock } from './clock';
import { EventType, failureOf, historyEvent, type HistoryEvent } from './history';
import { InstanceStore, type InstanceState, type RetryPolicy, type RuntimeStatus } from './instanceStore';

export interface DurableSettings {
  hubName: string;
  maxConcurrentActivityFunctions: number;
  maxConcurrentOrchestratorFunctions: number;
}

export interface DurableEngineOptions {
  functions: RegisteredFunction[];
  invoker: Invoker;
  log: InvocationLog;
  clock: DurableClock;
  settings: DurableSettings;
  dataDir: string;
}

/** Action types of durable-functions (lib/src/actions/ActionType). */
enum ActionType {
  CallActivity = 0,
  CallActivityWithRetry = 1,
  CallSubOrchestrator = 2,
  CallSubOrchestratorWithRetry = 3,
  ContinueAsNew = 4,
  CreateTimer = 5,
  WaitForExternalEvent = 6,
  WhenAny = 11,
  WhenAll = 12,
}

interface Action {
  actionType: ActionType;
  functionName?: string;
  input?: unknown;
  instanceId?: string;
  fireAt?: string;
  retryOptions?: RetryPolicy;
  compoundActions?: Action[];
}

interface OrchestratorState {
  isDone: boolean;
  actions: Action[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
  failureDetails?: unknown;
}

/**
 * A refusal of a management operation, with the HTTP status the extension's HTTP API answers it
 * with (HttpApiHandler: an ArgumentException is 400, an InvalidOperationException 500, 404/410 as
 * it checks them itself).
 */
export class DurableError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** What a purge by filter selects, as the extension's `DELETE instances/` reads it. */
export interface PurgeFilter {
  createdTimeFrom: Date;
  createdTimeTo: Date;
  /** only the ended ones among these count (the Azure Storage provider drops the others) */
  runtimeStatus?: RuntimeStatus[] | undefined;
}

/** The durable client's limit on instance ids, and the characters it refuses in them. */
const MAX_INSTANCE_ID_LENGTH = 256;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const INVALID_ID_CHARACTERS = /[/\\?#\u0000-\u001f\u007f-\u009f]/;

const TERMINAL: RuntimeStatus[] = ['Completed', 'Failed', 'Terminated'];
const OUT_OF_PROC_LABEL = '$OutOfProcData$:';

/**
 * Activity and continue-as-new inputs arrive JSON-encoded when they were strings and as values
 * otherwise (durable-functions' Utils.processInput); sub-orchestration inputs always as values.
 */
function inputText(input: unknown, preEncodedStrings = true): string | null {
  if (input === undefined) return null;
  return typeof input === 'string' && preEncodedStrings ? input : JSON.stringify(input);
}

/** The function's result as the JSON text history events carry. */
function resultText(value: RpcTypedData | null | undefined): string {
  if (value === null || value === undefined) return 'null';
  if ('json' in value) return value.json;
  if ('string' in value) return JSON.stringify(value.string);
  if ('int' in value) return String(value.int);
  if ('double' in value) return String(value.double);
  if ('bytes' in value) return JSON.stringify(Buffer.from(value.bytes).toString('base64'));
  return 'null';
}

function flatten(actions: Action[]): Action[] {
  return actions.flatMap((a) =>
    a.actionType === ActionType.WhenAll || a.actionType === ActionType.WhenAny
      ? flatten(a.compoundActions ?? [])
      : [a],
  );
}

function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  const base = policy.firstRetryIntervalInMilliseconds * (policy.backoffCoefficient ?? 1) ** (attempt - 1);
  return Math.min(base, policy.maxRetryIntervalInMilliseconds ?? Number.MAX_SAFE_INTEGER);
}

class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];
  constructor(size: number) {
    this.#free = size;
  }
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

export class DurableEngine {
  readonly #instances = new Map<string, InstanceState>();
  readonly #store: InstanceStore;
  readonly #orchestrators = new Map<string, RegisteredFunction>();
  readonly #activities = new Map<string, RegisteredFunction>();
  readonly #episodes = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  readonly #work = new Set<Promise<unknown>>();
  readonly #timers: { instanceId: string; executionId: string; timerId: number; fireAt: number }[] = [];
  readonly #activitySlots: Semaphore;
  readonly #orchestratorSlots: Semaphore;
  #timerHandle: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(private readonly options: DurableEngineOptions) {
    this.#store = new InstanceStore(options.dataDir);
    for (const fn of options.functions) {
      const type = fn.trigger.type.toLowerCase();
      if (type === 'orchestrationtrigger') this.#orchestrators.set(fn.metadata.name.toLowerCase(), fn);
      if (type === 'activitytrigger') this.#activities.set(fn.metadata.name.toLowerCase(), fn);
    }
    this.#activitySlots = new Semaphore(options.settings.maxConcurrentActivityFunctions);
    this.#orchestratorSlots = new Semaphore(options.settings.maxConcurrentOrchestratorFunctions);
    options.clock.onAdvance(() => this.armTimer());
  }

  get hubName(): string {
    return this.options.settings.hubName;
  }

  /** Loads every instance and resumes the unfinished ones: their pending activities, timers and events. */
  resume(): number {
    let resumed = 0;
    for (const state of this.#store.loadAll()) {
      this.#instances.set(state.instanceId, state);
      if (TERMINAL.includes(state.runtimeStatus)) continue;
      resumed++;
      this.restartPendingWork(state);
      if (state.inbox.length > 0) this.schedule(state.instanceId);
    }
    return resumed;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timerHandle) clearTimeout(this.#timerHandle);
    await Promise.allSettled([...this.#work, ...this.#episodes.values()]);
    await this.#store.flush();
  }

  // ---- the management operations (the durable client's HTTP API calls these) ----

  async startNew(
    name: string,
    instanceId: string | undefined,
    input: string | null,
    parent?: InstanceState['parent'],
  ): Promise<InstanceState> {
    const fn = this.#orchestrators.get(name.toLowerCase());
    // The extension checks this first (ThrowIfFunctionDoesNotExist, an ArgumentException: 400).
    if (!fn)
      throw new DurableError(400, `The function '${name}' doesn't exist or is not an orchestrator function.`);
    const id = instanceId || randomUUID().replace(/-/g, '');
    if (id.startsWith('@')) throw new DurableError(400, 'Orchestration instance ids must not start with @.');
    if (INVALID_ID_CHARACTERS.test(id))
      throw new DurableError(
        400,
        'Orchestration instance ids must not contain /, \\, #, ?, or control characters.',
      );
    if (id.length > MAX_INSTANCE_ID_LENGTH)
      throw new DurableError(
        400,
        `Instance ID lengths must not exceed ${MAX_INSTANCE_ID_LENGTH} characters.`,
      );
    const existing = this.#instances.get(id);
    if (existing && !TERMINAL.includes(existing.runtimeStatus)) {
      // The Azure Storage provider's OrchestrationAlreadyExistsException, which the HTTP API answers with 500.
      throw new DurableError(
        500,
        `An Orchestration instance with the status ${existing.runtimeStatus} already exists.`,
      );
    }
    const now = this.options.clock.now().toISOString();
    const executionId = randomUUID().replace(/-/g, '');
    const state: InstanceState = {
      instanceId: id,
      name: fn.metadata.name,
      executionId,
      runtimeStatus: 'Pending',
      input,
      output: null,
      customStatus: null,
      createdTime: now,
      lastUpdatedTime: now,
      parent,
      history: [],
      inbox: [this.executionStarted(fn.metadata.name, id, executionId, input)],
      nextTaskId: 0,
      actionsDone: 0,
      retries: {},
      retryTimers: {},
    };
    this.#instances.set(id, state);
    await this.#store.save(state);
    this.schedule(id);
    return state;
  }

  async raiseEvent(instanceId: string, eventName: string, data: string | null): Promise<void> {
    const state = this.require(instanceId);
    if (TERMINAL.includes(state.runtimeStatus)) {
      throw new DurableError(
        410,
        `Instance "${instanceId}" is ${state.runtimeStatus}; it takes no more events.`,
      );
    }
    await this.deliver(
      state.instanceId,
      state.executionId,
      historyEvent(EventType.EventRaised, this.options.clock.now(), { Name: eventName, Input: data }),
    );
  }

  async terminate(instanceId: string, reason: string): Promise<void> {
    const state = this.require(instanceId);
    if (TERMINAL.includes(state.runtimeStatus)) {
      throw new DurableError(410, `Instance "${instanceId}" is already ${state.runtimeStatus}.`);
    }
    const now = this.options.clock.now();
    state.history.push(historyEvent(EventType.ExecutionTerminated, now, { Input: JSON.stringify(reason) }));
    this.finish(state, 'Terminated', JSON.stringify(reason), now);
    await this.#store.save(state);
  }

  async suspend(instanceId: string, reason: string): Promise<void> {
    const state = this.require(instanceId);
    if (TERMINAL.includes(state.runtimeStatus))
      throw new DurableError(410, `Instance "${instanceId}" has ended.`);
    // DurableClient.SuspendAsync refuses anything but Running/Pending (InvalidOperationException: 500).
    if (state.runtimeStatus === 'Suspended')
      throw new DurableError(
        500,
        `Cannot suspend the orchestration instance ${instanceId} because instance is in the Suspended state.`,
      );
    state.runtimeStatus = 'Suspended';
    state.history.push(
      historyEvent(EventType.ExecutionSuspended, this.options.clock.now(), { Reason: reason }),
    );
    await this.#store.save(state);
  }

  async resumeInstance(instanceId: string, reason: string): Promise<void> {
    const state = this.require(instanceId);
    if (TERMINAL.includes(state.runtimeStatus))
      throw new DurableError(410, `Instance "${instanceId}" has ended.`);
    // DurableClient.ResumeAsync refuses anything but Suspended (InvalidOperationException: 500).
    if (state.runtimeStatus !== 'Suspended')
      throw new DurableError(
        500,
        `Cannot resume the orchestration instance ${instanceId} because instance is in the ${state.runtimeStatus} state.`,
      );
    state.runtimeStatus = 'Running';
    state.history.push(
      historyEvent(EventType.ExecutionResumed, this.options.clock.now(), { Reason: reason }),
    );
    await this.#store.save(state);
    this.schedule(instanceId);
  }

  /**
   * Deletes an instance and its history. Like the Azure Storage provider, a purge by id does not
   * look at the status: a running instance is deleted too, and the work still out for it is dropped
   * (every result checks that its instance and execution still exist).
   */
  async purge(instanceId: string): Promise<boolean> {
    if (!this.#instances.has(instanceId)) return false;
    this.#instances.delete(instanceId);
    await this.#store.delete(instanceId);
    return true;
  }

  /**
   * Purges the instances created in [createdTimeFrom, createdTimeTo] (both ends included, as the
   * provider's query is) whose status is one of the given ended ones; with no status given, any
   * status, as the Azure Storage provider does. Returns how many were deleted.
   */
  async purgeBy(filter: PurgeFilter): Promise<number> {
    const from = filter.createdTimeFrom.getTime();
    const to = filter.createdTimeTo.getTime();
    const statuses = filter.runtimeStatus?.filter((s) => TERMINAL.includes(s));
    const selected = this.list().filter((state) => {
      const created = Date.parse(state.createdTime);
      if (created < from || created > to) return false;
      return filter.runtimeStatus === undefined || (statuses ?? []).includes(state.runtimeStatus);
    });
    let deleted = 0;
    for (const state of selected) if (await this.purge(state.instanceId)) deleted++;
    return deleted;
  }

  /**
   * Starts the orchestration of an existing instance again with its input, under a new id or (when
   * `newInstanceId` is false) the same one, as DurableClient.RestartAsync does.
   */
  async restart(instanceId: string, newInstanceId: boolean): Promise<InstanceState> {
    const state = this.#instances.get(instanceId);
    if (!state)
      throw new DurableError(400, `An orchestrastion with the instanceId ${instanceId} was not found.`);
    return this.startNew(state.name, newInstanceId ? undefined : state.instanceId, state.input);
  }

  /**
   * Runs the orchestrator once more over its stored history, changing nothing: the determinism check.
   * A deterministic orchestrator schedules the same actions and, if it had ended, returns the same output.
   */
  async replay(
    instanceId: string,
  ): Promise<{ sameOutput: boolean; output: unknown; actions: number; recordedActions: number }> {
    const state = this.require(instanceId);
    const fn = this.#orchestrators.get(state.name.toLowerCase());
    if (!fn) throw new DurableError(404, `The orchestrator "${state.name}" is not registered in this app.`);
    const history = state.history
      .filter((e) => e.EventType !== EventType.ExecutionCompleted)
      .map((e) => ({ ...e, IsPlayed: true }));
    const response = await this.options.invoker.invoke(fn, {
      inputData: [
        { name: fn.trigger.name, data: { string: JSON.stringify(this.triggerPayload(state, history)) } },
      ],
    });
    const result = JSON.parse(resultText(response.returnValue)) as OrchestratorState;
    const actions = flatten(result.actions.flat()).filter(
      (a) => a.actionType !== ActionType.WaitForExternalEvent && a.actionType !== ActionType.ContinueAsNew,
    );
    const output = result.isDone ? (result.output ?? null) : undefined;
    const recorded = state.output === null ? undefined : (JSON.parse(state.output) as unknown);
    return {
      sameOutput: JSON.stringify(output) === JSON.stringify(recorded),
      output,
      actions: actions.length,
      recordedActions: state.actionsDone,
    };
  }

  private triggerPayload(state: InstanceState, history: HistoryEvent[]): Record<string, unknown> {
    return {
      history,
      input: state.input === null ? undefined : (JSON.parse(state.input) as unknown),
      instanceId: state.instanceId,
      isReplaying: history.some((e) => e.IsPlayed),
      parentInstanceId: state.parent?.instanceId,
      upperSchemaVersion: 3,
      upperSchemaVersionNew: 3,
      longRunningTimerIntervalDuration: '3.00:00:00',
      maximumShortTimerDuration: '6.00:00:00',
      defaultHttpAsyncRequestSleepTimeMillseconds: 30_000,
    };
  }

  get(instanceId: string): InstanceState | undefined {
    return this.#instances.get(instanceId);
  }

  list(): InstanceState[] {
    return [...this.#instances.values()];
  }

  // ---- the machinery ----

  private require(instanceId: string): InstanceState {
    const state = this.#instances.get(instanceId);
    if (!state) throw new DurableError(404, `No instance with ID "${instanceId}".`);
    return state;
  }

  private executionStarted(
    name: string,
    instanceId: string,
    executionId: string,
    input: string | null,
  ): HistoryEvent {
    return historyEvent(EventType.ExecutionStarted, this.options.clock.now(), {
      Name: name,
      Input: input,
      OrchestrationInstance: { InstanceId: instanceId, ExecutionId: executionId },
    });
  }

  private track<T>(work: Promise<T>): void {
    this.#work.add(work);
    void work.finally(() => this.#work.delete(work));
  }

  /** Adds an event to an instance's inbox (if it is still that execution), saves, and runs a step. */
  private async deliver(instanceId: string, executionId: string, event: HistoryEvent): Promise<void> {
    const state = this.#instances.get(instanceId);
    if (!state || state.executionId !== executionId || TERMINAL.includes(state.runtimeStatus)) return;
    state.inbox.push(event);
    state.lastUpdatedTime = this.options.clock.now().toISOString();
    await this.#store.save(state);
    this.schedule(instanceId);
  }

  private schedule(instanceId: string): void {
    if (this.#stopped) return;
    if (this.#episodes.has(instanceId)) {
      this.#again.add(instanceId);
      return;
    }
    const episode = this.#orchestratorSlots
      .run(() => this.runEpisode(instanceId))
      .catch((error: unknown) => this.failInstance(instanceId, error))
      .finally(() => {
        this.#episodes.delete(instanceId);
        if (this.#again.delete(instanceId)) this.schedule(instanceId);
      });
    this.#episodes.set(instanceId, episode);
  }

  /**
   * The inbox events of this step: up to and including the first event that drives a retry, which
   * must come last. They stay in the inbox (and so on disk) until the step's result is saved.
   */
  private peekInbox(state: InstanceState): { events: HistoryEvent[]; retryEvent: HistoryEvent | undefined } {
    const index = state.inbox.findIndex((e) => this.isRetryEvent(state, e));
    const events = state.inbox.slice(0, index === -1 ? state.inbox.length : index + 1);
    return { events, retryEvent: index === -1 ? undefined : events[events.length - 1] };
  }

  private isRetryEvent(state: InstanceState, event: HistoryEvent): boolean {
    if (
      event.EventType === EventType.TaskFailed ||
      event.EventType === EventType.SubOrchestrationInstanceFailed
    ) {
      return String(event.TaskScheduledId) in state.retries;
    }
    return event.EventType === EventType.TimerFired && String(event.TimerId) in state.retryTimers;
  }

  private async runEpisode(instanceId: string): Promise<void> {
    const state = this.#instances.get(instanceId);
    if (
      !state ||
      state.inbox.length === 0 ||
      TERMINAL.includes(state.runtimeStatus) ||
      state.runtimeStatus === 'Suspended'
    )
      return;
    const fn = this.#orchestrators.get(state.name.toLowerCase());
    if (!fn) throw new Error(`The orchestrator "${state.name}" is not registered in this app.`);

    const now = this.options.clock.now();
    const { events, retryEvent } = this.peekInbox(state);
    const past = state.history.map((e) => ({ ...e, IsPlayed: true }));
    const history = [...past, historyEvent(EventType.OrchestratorStarted, now), ...events];
    const payload = this.triggerPayload(state, history);

    const started = performance.now();
    let result: OrchestratorState;
    let failed = false;
    try {
      const response = await this.options.invoker.invoke(fn, {
        inputData: [{ name: fn.trigger.name, data: { string: JSON.stringify(payload) } }],
      });
      result = JSON.parse(resultText(response.returnValue)) as OrchestratorState;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = message.indexOf(OUT_OF_PROC_LABEL);
      failed = true;
      result =
        at >= 0
          ? (JSON.parse(message.slice(at + OUT_OF_PROC_LABEL.length)) as OrchestratorState)
          : { isDone: false, actions: [], error: message };
      result.error ??= message.slice(0, at >= 0 ? at : undefined).trim();
    }
    this.options.log.invocation(
      fn.metadata.name,
      `orchestration ${instanceId}`,
      performance.now() - started,
      failed ? 'Failed' : 'Succeeded',
    );

    // Terminated (or purged) while the orchestrator ran: the step's result no longer counts.
    if (this.#instances.get(instanceId) !== state || TERMINAL.includes(state.runtimeStatus)) return;
    // (it may have been suspended while the orchestrator ran)
    const suspended = (state.runtimeStatus as RuntimeStatus) === 'Suspended';

    // From here to the save nothing awaits: the step's result goes to disk as one change.
    state.inbox = state.inbox.slice(events.length);
    state.history = history.map((e) => ({ ...e, IsPlayed: true }));
    if (result.customStatus !== undefined) state.customStatus = result.customStatus;
    const work: (() => void)[] = [];

    const actions = flatten(result.actions.flat()).filter(
      (a) => a.actionType !== ActionType.WaitForExternalEvent,
    );
    const fresh = actions.slice(state.actionsDone);
    let continueAsNew: Action | undefined;
    for (const action of fresh) {
      if (action.actionType === ActionType.ContinueAsNew) {
        continueAsNew = action;
        continue;
      }
      state.actionsDone++;
      const taskId = state.nextTaskId++;
      work.push(this.record(state, action, taskId, now));
    }
    if (retryEvent) work.push(this.recordRetryStep(state, retryEvent, now));
    state.history.push(historyEvent(EventType.OrchestratorCompleted, now));

    if (failed) {
      const error = result.error ?? 'The orchestrator failed.';
      state.history.push(
        historyEvent(EventType.ExecutionCompleted, now, {
          OrchestrationStatus: 'Failed',
          Result: JSON.stringify(error),
        }),
      );
      this.finish(
        state,
        'Failed',
        JSON.stringify(error),
        now,
        result.failureDetails ?? { ErrorType: 'Error', ErrorMessage: error },
      );
    } else if (continueAsNew) {
      const input = inputText(continueAsNew.input);
      state.executionId = randomUUID().replace(/-/g, '');
      state.input = input;
      state.history = [];
      // Events that arrived and were not consumed go to the new execution.
      state.inbox = [
        this.executionStarted(state.name, state.instanceId, state.executionId, input),
        ...state.inbox.filter((e) => e.EventType === EventType.EventRaised),
      ];
      state.nextTaskId = 0;
      state.actionsDone = 0;
      state.retries = {};
      state.retryTimers = {};
      state.runtimeStatus = 'Running';
      work.length = 0;
      this.#again.add(state.instanceId);
    } else if (result.isDone) {
      const output = JSON.stringify(result.output ?? null);
      state.history.push(
        historyEvent(EventType.ExecutionCompleted, now, { OrchestrationStatus: 'Completed', Result: output }),
      );
      this.finish(state, 'Completed', output, now);
    } else {
      state.runtimeStatus = suspended ? 'Suspended' : 'Running';
    }
    state.lastUpdatedTime = now.toISOString();
    // On disk first, then the work it implies: a crash in between re-creates the work on restart.
    await this.#store.save(state);
    for (const start of work) start();
    if (state.inbox.length > 0) this.#again.add(state.instanceId);
  }

  /** Records one new action in the history and returns what starts its work. */
  private record(state: InstanceState, action: Action, taskId: number, now: Date): () => void {
    const { instanceId, executionId } = state;
    switch (action.actionType) {
      case ActionType.CallActivity:
      case ActionType.CallActivityWithRetry: {
        const input = inputText(action.input);
        state.history.push(
          historyEvent(EventType.TaskScheduled, now, { Name: action.functionName, Input: input }, taskId),
        );
        if (action.actionType === ActionType.CallActivityWithRetry && action.retryOptions) {
          state.retries[taskId] = {
            attempt: 1,
            options: action.retryOptions,
            action: { ...action },
            kind: 'activity',
          };
        }
        return () => this.runActivity(instanceId, executionId, taskId, action.functionName ?? '', input);
      }
      case ActionType.CallSubOrchestrator:
      case ActionType.CallSubOrchestratorWithRetry: {
        const input = inputText(action.input, false);
        const childId = action.instanceId || `${instanceId}:${taskId}`;
        state.history.push(
          historyEvent(
            EventType.SubOrchestrationInstanceCreated,
            now,
            { Name: action.functionName, InstanceId: childId, Input: input },
            taskId,
          ),
        );
        if (action.actionType === ActionType.CallSubOrchestratorWithRetry && action.retryOptions) {
          state.retries[taskId] = {
            attempt: 1,
            options: action.retryOptions,
            action: { ...action },
            kind: 'orchestration',
          };
        }
        return () => this.startChild(state, taskId, action.functionName ?? '', childId, input);
      }
      case ActionType.CreateTimer: {
        const fireAt = action.fireAt ?? now.toISOString();
        state.history.push(historyEvent(EventType.TimerCreated, now, { FireAt: fireAt }, taskId));
        return () => this.addTimer(instanceId, executionId, taskId, Date.parse(fireAt));
      }
      default:
        // Entities and callHttp: the orchestration fails at once, saying so, instead of waiting forever.
        throw new Error(
          `devhost does not run durable action type ${action.actionType} (entities and callHttp) yet; ` +
            `orchestration "${state.name}" cannot continue.`,
        );
    }
  }

  /**
   * Retries follow durable-functions' RetryableTask: after a failure it waits for a timer (the next
   * task id), after that timer the next attempt (the id after). Both ids come after the actions of
   * the same step, which is why a retry event is always the last event of its step.
   */
  private recordRetryStep(state: InstanceState, event: HistoryEvent, now: Date): () => void {
    const { instanceId, executionId } = state;
    if (event.EventType === EventType.TimerFired) {
      const failedTaskId = state.retryTimers[String(event.TimerId)]!;
      delete state.retryTimers[String(event.TimerId)];
      const retry = state.retries[failedTaskId]!;
      delete state.retries[failedTaskId];
      if (retry.attempt > retry.options.maxNumberOfAttempts) return () => undefined;
      const taskId = state.nextTaskId++;
      state.retries[taskId] = retry;
      const action = retry.action as unknown as Action;
      return this.record(
        state,
        {
          ...action,
          actionType: retry.kind === 'activity' ? ActionType.CallActivity : ActionType.CallSubOrchestrator,
        },
        taskId,
        now,
      );
    }
    const taskId = String(event.TaskScheduledId);
    const retry = state.retries[taskId]!;
    retry.attempt++;
    const timerId = state.nextTaskId++;
    const exhausted = retry.attempt > retry.options.maxNumberOfAttempts;
    const fireAt = new Date(
      now.getTime() + (exhausted ? 0 : retryDelayMs(retry.options, retry.attempt - 1)),
    ).toISOString();
    state.history.push(historyEvent(EventType.TimerCreated, now, { FireAt: fireAt }, timerId));
    state.retryTimers[String(timerId)] = taskId;
    return () => this.addTimer(instanceId, executionId, timerId, Date.parse(fireAt));
  }

  /** A step that could not run at all (not the orchestrator's own failure) fails the instance, saying why. */
  private async failInstance(instanceId: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    this.options.log.host(`durable: instance ${instanceId} failed outside the orchestrator: ${message}`);
    const state = this.#instances.get(instanceId);
    if (!state || TERMINAL.includes(state.runtimeStatus)) return;
    const now = this.options.clock.now();
    state.history.push(
      historyEvent(EventType.ExecutionCompleted, now, {
        OrchestrationStatus: 'Failed',
        Result: JSON.stringify(message),
      }),
    );
    this.finish(state, 'Failed', JSON.stringify(message), now, failureOf(error));
    await this.#store.save(state);
  }

  private finish(
    state: InstanceState,
    status: RuntimeStatus,
    output: string,
    now: Date,
    failure?: unknown,
  ): void {
    state.runtimeStatus = status;
    state.output = output;
    state.lastUpdatedTime = now.toISOString();
    state.inbox = [];
    state.failure = failure;
    this.notifyParent(state, now);
  }

  private notifyParent(state: InstanceState, now: Date): void {
    const parent = state.parent;
    if (!parent) return;
    const parentState = this.#instances.get(parent.instanceId);
    if (!parentState) return;
    const { runtimeStatus: status, output, failure } = state;
    const event =
      status === 'Completed'
        ? historyEvent(EventType.SubOrchestrationInstanceCompleted, now, {
            TaskScheduledId: parent.taskId,
            Result: output,
          })
        : historyEvent(EventType.SubOrchestrationInstanceFailed, now, {
            TaskScheduledId: parent.taskId,
            Reason: `Sub-orchestration ${state.instanceId} ${status.toLowerCase()}`,
            Details: output ?? '',
            FailureDetails: failure ?? {
              ErrorType: 'Error',
              ErrorMessage: `Sub-orchestration ${state.instanceId} ${status.toLowerCase()}`,
            },
          });
    this.track(this.deliver(parentState.instanceId, parentState.executionId, event));
  }

  private startChild(
    parent: InstanceState,
    taskId: number,
    name: string,
    childId: string,
    input: string | null,
  ): void {
    const existing = this.#instances.get(childId);
    if (existing && existing.parent?.instanceId === parent.instanceId && existing.parent.taskId === taskId) {
      // Started before a crash: if it has ended, the parent may not have heard; tell it (again).
      if (TERMINAL.includes(existing.runtimeStatus)) this.notifyParent(existing, this.options.clock.now());
      return;
    }
    this.track(
      this.startNew(name, childId, input, { instanceId: parent.instanceId, taskId }).catch((error: unknown) =>
        this.deliver(
          parent.instanceId,
          parent.executionId,
          historyEvent(EventType.SubOrchestrationInstanceFailed, this.options.clock.now(), {
            TaskScheduledId: taskId,
            Reason: (error as Error).message,
            Details: '',
            FailureDetails: failureOf(error),
          }),
        ),
      ),
    );
  }

  private runActivity(
    instanceId: string,
    executionId: string,
    taskId: number,
    name: string,
    input: string | null,
  ): void {
    const run = this.#activitySlots.run(async () => {
      const state = this.#instances.get(instanceId);
      if (!state || state.executionId !== executionId || TERMINAL.includes(state.runtimeStatus)) return;
      const fn = this.#activities.get(name.toLowerCase());
      const started = performance.now();
      let event: HistoryEvent;
      try {
        if (!fn) throw new Error(`No activity function named "${name}".`);
        const response = await this.options.invoker.invoke(fn, {
          inputData: [{ name: fn.trigger.name, data: { string: input ?? 'null' } }],
          // The extension's activity binding data: {instanceId} in an output binding's path.
          triggerMetadata: { instanceId: { string: instanceId } },
        });
        event = historyEvent(EventType.TaskCompleted, this.options.clock.now(), {
          TaskScheduledId: taskId,
          Result: resultText(response.returnValue),
        });
        this.options.log.invocation(
          name,
          `activity ${instanceId}#${taskId}`,
          performance.now() - started,
          'Succeeded',
        );
      } catch (error) {
        const failure = failureOf(error);
        event = historyEvent(EventType.TaskFailed, this.options.clock.now(), {
          TaskScheduledId: taskId,
          Reason: failure.ErrorMessage,
          Details: failure.StackTrace ?? '',
          FailureDetails: failure,
        });
        this.options.log.invocation(
          name,
          `activity ${instanceId}#${taskId}`,
          performance.now() - started,
          'Failed',
          undefined,
          error,
        );
      }
      await this.deliver(instanceId, executionId, event);
    });
    this.track(run);
  }

  private addTimer(instanceId: string, executionId: string, timerId: number, fireAt: number): void {
    this.#timers.push({ instanceId, executionId, timerId, fireAt });
    this.armTimer();
  }

  /** One wall-clock timeout for the earliest durable timer; re-armed when the clock is moved. */
  private armTimer(): void {
    if (this.#timerHandle) clearTimeout(this.#timerHandle);
    this.#timerHandle = undefined;
    if (this.#stopped || this.#timers.length === 0) return;
    const now = this.options.clock.now().getTime();
    const due = this.#timers.filter((t) => t.fireAt <= now);
    if (due.length > 0) {
      for (const timer of due) {
        this.#timers.splice(this.#timers.indexOf(timer), 1);
        this.track(
          this.deliver(
            timer.instanceId,
            timer.executionId,
            historyEvent(EventType.TimerFired, this.options.clock.now(), {
              TimerId: timer.timerId,
              FireAt: new Date(timer.fireAt).toISOString(),
            }),
          ),
        );
      }
    }
    if (this.#timers.length === 0) return;
    const next = Math.min(...this.#timers.map((t) => t.fireAt));
    // setTimeout holds at most ~24.8 days; longer waits just re-arm.
    this.#timerHandle = setTimeout(() => this.armTimer(), Math.min(Math.max(0, next - now), 2 ** 31 - 1));
  }

  /** After a restart: activities scheduled without a result run again; timers are set again. */
  private restartPendingWork(state: InstanceState): void {
    const done = new Set<number>();
    const fired = new Set<number>();
    for (const event of [...state.history, ...state.inbox]) {
      if (
        [
          EventType.TaskCompleted,
          EventType.TaskFailed,
          EventType.SubOrchestrationInstanceCompleted,
          EventType.SubOrchestrationInstanceFailed,
        ].includes(event.EventType)
      ) {
        done.add(Number(event.TaskScheduledId));
      }
      if (event.EventType === EventType.TimerFired) fired.add(Number(event.TimerId));
    }
    for (const event of state.history) {
      if (event.EventType === EventType.TaskScheduled && !done.has(event.EventId)) {
        this.runActivity(
          state.instanceId,
          state.executionId,
          event.EventId,
          String(event.Name),
          (event.Input as string | null) ?? null,
        );
      }
      if (event.EventType === EventType.TimerCreated && !fired.has(event.EventId)) {
        this.addTimer(state.instanceId, state.executionId, event.EventId, Date.parse(String(event.FireAt)));
      }
      if (event.EventType === EventType.SubOrchestrationInstanceCreated && !done.has(event.EventId)) {
        this.startChild(
          state,
          event.EventId,
          String(event.Name),
          String(event.InstanceId),
          (event.Input as string | null) ?? null,
        );
      }
    }
  }
}
