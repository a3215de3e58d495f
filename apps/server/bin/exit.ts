// How the command-line tools end: only once what they wrote has left for the pipe. process.exit
// right after a write drops what a slow reader has not taken yet (`para_admin ls -l | wc -l`
// counted 559 of 5,006 lines).

/** Exits with `code` after stdout and stderr are written out; a reader that left (`| head -1`)
 * ends the process at once, with status 1 if nothing else failed. */
export function exitWhenWritten(code: number): void {
  let waiting = 2;
  for (const stream of [process.stdout, process.stderr]) {
    stream.once('error', () => process.exit(code || 1));
    // callbacks run in order: this one after everything written before it
    stream.write('', () => {
      if (--waiting === 0) process.exit(code);
    });
  }
}
