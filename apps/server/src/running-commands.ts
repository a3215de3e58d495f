// Every command that runs in the server, whatever door it came through. Shutdown cancels them
// and waits for them before the tables and the database close, so an `add` never finds its file
// readers or the database gone under it (it stops between files and writes what it has).
import type { AnyCommand, CommandContext } from './commands/index.js';
import { CommandTable } from './commands/index.js';
import { ParaError } from './errors.js';

export class RunningCommands {
  private readonly running = new Set<Promise<unknown>>();
  private readonly stopping = new AbortController();

  /** The same commands; each run is counted and cancelled at shutdown. */
  track(table: CommandTable): CommandTable {
    return new CommandTable(
      table
        .all()
        .map((cmd): AnyCommand => ({ ...cmd, run: (ctx, input) => this.run(cmd, ctx, input) })),
    );
  }

  get size(): number {
    return this.running.size;
  }

  private run(cmd: AnyCommand, ctx: CommandContext, input: unknown): Promise<unknown> {
    if (this.stopping.signal.aborted)
      return Promise.reject(
        new ParaError('E_CANCELLED', `${cmd.name}: the server is shutting down`),
      );
    const signal = AbortSignal.any([ctx.signal, this.stopping.signal]);
    const p = cmd.run({ ...ctx, signal }, input);
    this.running.add(p);
    const done = (): void => void this.running.delete(p);
    p.then(done, done);
    return p;
  }

  /** Cancels every command, refuses new ones, and waits up to `waitMs` for them to end. */
  async stop(waitMs: number): Promise<number> {
    this.stopping.abort();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise((resolve) => (timer = setTimeout(resolve, waitMs)));
    await Promise.race([Promise.allSettled([...this.running]), late]);
    clearTimeout(timer);
    return this.running.size;
  }
}
