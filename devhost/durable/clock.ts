// The clock durable timers and orchestrations see. The wall clock, plus an offset that tests can
// move forward (DEVHOST_ADJUSTABLE_CLOCK=true) so timers of days fire in seconds.
export class DurableClock {
  #offsetMs = 0;
  readonly #listeners = new Set<() => void>();

  constructor(readonly adjustable: boolean) {}

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  advance(ms: number): Date {
    if (!this.adjustable)
      throw new Error(
        'The clock is the wall clock; start devhost with DEVHOST_ADJUSTABLE_CLOCK=true to move it.',
      );
    if (!Number.isFinite(ms) || ms < 0) throw new Error('The clock only moves forward.');
    this.#offsetMs += ms;
    for (const listener of this.#listeners) listener();
    return this.now();
  }

  onAdvance(listener: () => void): void {
    this.#listeners.add(listener);
  }
}
