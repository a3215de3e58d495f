// Commands over many files go in slices of paths, so that no request is huge; each path is
// escaped so that the command's wildcard matching takes it literally.

const SLICE = 500;

/** escapes wildcard characters: the pattern matches exactly this path */
export function literalPattern(path: string): string {
  return path.replace(/[*?[\\]/g, '\\$&');
}

/** Runs `run` on successive slices of the paths as literal patterns; returns how many ran. */
export async function inSlices(
  paths: readonly string[],
  run: (patterns: string[]) => Promise<unknown>,
): Promise<number> {
  const patterns = paths.map(literalPattern);
  for (let i = 0; i < patterns.length; i += SLICE) await run(patterns.slice(i, i + SLICE));
  return patterns.length;
}
