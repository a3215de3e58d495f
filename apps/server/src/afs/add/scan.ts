// Walks the paths given to `add`: files as they are, directories recursively (symlinked
// directories are not followed, so a link loop cannot trap the scan).
import fs from 'node:fs/promises';
import path from 'node:path';

export async function* walk(
  root: string,
  accept: (file: string) => boolean,
  signal?: AbortSignal,
  onError?: (path: string, err: Error) => void,
): AsyncGenerator<string> {
  const st = await fs.stat(root);
  if (!st.isDirectory()) {
    if (accept(root)) yield root;
    return;
  }
  const stack = [root];
  while (stack.length > 0) {
    if (signal?.aborted) return;
    const dir = stack.pop()!;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      onError?.(dir, err as Error);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    const files: string[] = [];
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (e.isFile()) files.push(full);
      else if (e.isSymbolicLink()) {
        const target = await fs.stat(full).catch(() => undefined);
        if (target?.isFile()) files.push(full);
      }
    }
    for (const f of files.reverse()) if (accept(f)) yield f;
  }
}
