// The engine's one timer: step() runs at the earliest time asked for (a later time asked while an
// earlier one is pending changes nothing), on the engine's Clock; once closed it never fires.
import type { Clock } from './clock.js';

export class StepTimer {
  private cancel: (() => void) | undefined;
  private dueUs = Infinity;
  private isClosed = false;

  constructor(
    private readonly clock: Clock,
    private readonly step: () => void,
  ) {}

  /** the engine is closed: no step runs any more */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Runs step() at atUs (0: as soon as possible), unless it runs at or before then already. */
  at(atUs: number): void {
    if (this.isClosed || atUs >= this.dueUs) return;
    this.cancel?.();
    this.dueUs = atUs;
    const delayMs = Math.max(0, Math.ceil((atUs - this.clock.nowUs()) / 1000));
    this.cancel = this.clock.after(delayMs, () => {
      this.cancel = undefined;
      this.dueUs = Infinity;
      this.step();
    });
  }

  close(): void {
    this.isClosed = true;
    this.cancel?.();
    this.cancel = undefined;
  }
}
