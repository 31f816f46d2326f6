// Timer triggers: NCRONTAB with six fields ({second} {minute} {hour} {day} {month} {day-of-week}),
// always UTC as on Flex Consumption, `%Setting%` schedules, `runOnStartup`, and no overlapping runs
// of the same function (the runtime's singleton lock). Cron parsing is croner's.
import { Cron } from 'croner';
import type { RegisteredFunction } from '../coreApi';
import type { Invoker } from '../invoker';
import type { InvocationLog } from '../invocationLog';
import { resolveSettingExpression } from '../settingExpression';

export function resolveSchedule(schedule: unknown, fnName: string, env: NodeJS.ProcessEnv): string {
  if (typeof schedule !== 'string' || schedule.trim() === '') {
    throw new Error(`Timer function "${fnName}" has no schedule.`);
  }
  const value = String(resolveSettingExpression(schedule.trim(), env));
  if (value.split(/\s+/).length !== 6) {
    throw new Error(
      `Timer function "${fnName}": "${value}" must be an NCRONTAB expression with six fields ` +
        '({second} {minute} {hour} {day} {month} {day-of-week}).',
    );
  }
  return value;
}

export class TimerScheduler {
  readonly #jobs: Cron[] = [];
  readonly #running = new Map<string, Promise<void>>();
  readonly #last = new Map<string, Date>();

  constructor(
    private readonly functions: RegisteredFunction[],
    private readonly invoker: Invoker,
    private readonly log: InvocationLog,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Validates every schedule first, so a bad one stops start-up with its name. */
  start(): { name: string; schedule: string; next: Date | null }[] {
    const timers = this.functions.filter((f) => f.trigger.type.toLowerCase() === 'timertrigger');
    const plans = timers.map((fn) => ({
      fn,
      schedule: resolveSchedule(fn.trigger.schedule, fn.metadata.name, this.env),
    }));
    return plans.map(({ fn, schedule }) => {
      const job: Cron = new Cron(schedule, { timezone: 'UTC', protect: true }, (): void =>
        this.fire(fn, job, false),
      );
      this.#jobs.push(job);
      if (fn.trigger.runOnStartup === true) this.fire(fn, job, false);
      return { name: fn.metadata.name, schedule, next: job.nextRun() };
    });
  }

  async stop(): Promise<void> {
    for (const job of this.#jobs) job.stop();
    await Promise.allSettled([...this.#running.values()]);
  }

  private fire(fn: RegisteredFunction, job: Cron, isPastDue: boolean): void {
    const name = fn.metadata.name;
    if (this.#running.has(name)) {
      this.log.host(`timer ${name}: previous run still going; skipping this one`);
      return;
    }
    const now = new Date();
    const input = {
      Schedule: { AdjustForDST: false },
      ScheduleStatus: {
        Last: this.#last.get(name)?.toISOString() ?? null,
        Next: job.nextRun()?.toISOString() ?? null,
        LastUpdated: now.toISOString(),
      },
      IsPastDue: isPastDue,
    };
    this.#last.set(name, now);
    const started = performance.now();
    const run = this.invoker
      .invoke(fn, { inputData: [{ name: fn.trigger.name, data: { json: JSON.stringify(input) } }] })
      .then(
        () => this.log.invocation(name, 'timer', performance.now() - started, 'Succeeded'),
        (error: unknown) =>
          this.log.invocation(name, 'timer', performance.now() - started, 'Failed', undefined, error),
      )
      .finally(() => this.#running.delete(name));
    this.#running.set(name, run);
  }
}
