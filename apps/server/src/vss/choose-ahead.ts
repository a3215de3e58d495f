// The file chosen ahead: the FileSource is asked for the next file before the current one ends
// (or at once when none is open), one question at a time. An answer that comes after the choice
// was dropped (stop, a mood change) or after the engine closed is ignored.
import type { EngineOptions } from './engine-options.js';
import type { NextFile } from './file-source.js';

export class ChooseAhead {
  /** the file chosen ahead, streamed when the current one ends */
  upcoming: NextFile | undefined;
  private asking = false;
  /** bumped when a file being chosen must not be used (stop, a stale choice) */
  private generation = 0;

  constructor(
    private readonly opts: Pick<EngineOptions, 'source' | 'log'>,
    private readonly closed: () => boolean,
    /** the answer: the next file, or undefined when there is none or it could not be opened */
    private readonly chosen: (next: NextFile | undefined) => void,
  ) {}

  /** a next file is being asked of the source (afs reads it) */
  get requesting(): boolean {
    return this.asking;
  }

  /** Asks the source for the next file, needed in `neededInUs`, unless asked or chosen already. */
  request(neededInUs = 0): void {
    if (this.asking || this.upcoming) return;
    this.asking = true;
    const generation = this.generation;
    this.opts.source.next(Math.round(neededInUs / 1000)).then(
      (next) => {
        if (generation !== this.generation || this.closed()) return;
        this.asking = false;
        this.chosen(next);
      },
      (err: unknown) => {
        if (generation !== this.generation || this.closed()) return;
        this.asking = false;
        this.opts.log?.error({ err }, 'could not open the next audio file');
        this.chosen(undefined);
      },
    );
  }

  /** Drops the file chosen ahead, and the answer to a question under way. */
  drop(): void {
    this.upcoming = undefined;
    this.generation++;
    this.asking = false;
  }
}
