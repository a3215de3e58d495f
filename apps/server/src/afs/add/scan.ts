// Walks the paths given to `add`: regular files as they are, directories recursively (symlinked
// directories are not followed, so a link loop cannot trap the scan). What cannot be added (a
// FIFO, a device, a name afs cannot keep) is reported through onError, per file.
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathProblem, refusal, utf8Name } from './path-rules.js';

export async function* walk(
  root: string,
  accept: (file: string) => boolean,
  signal?: AbortSignal,
  onError?: (path: string, err: Error) => void,
): AsyncGenerator<string> {
  const st = await fs.stat(root);
  if (!st.isDirectory()) {
    if (!st.isFile()) onError?.(root, new Error('not a regular file'));
    else if (accept(root)) yield root;
    return;
  }
  const stack = [root];
  while (stack.length > 0) {
    if (signal?.aborted) return;
    const dir = stack.pop()!;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (err) {
      onError?.(dir, err as Error);
      continue;
    }
    const named = entries.map((e) => ({ e, name: utf8Name(e.name) }));
    named.sort((a, b) => Buffer.compare(b.e.name, a.e.name));
    const files: string[] = [];
    for (const { e, name } of named) {
      const full = path.join(dir, name ?? e.name.toString('utf8'));
      const problem = name === undefined ? 'the name is not valid UTF-8' : pathProblem(full);
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          isFile = (await fs.stat(full)).isFile();
        } catch (err) {
          // a link that reaches no file (a loop, a dangling link) is reported when its name is
          // one an audio file would have; a link to a directory is not followed
          if (accept(full)) onError?.(full, err as Error);
          continue;
        }
      }
      if (e.isDirectory()) {
        if (problem) onError?.(full, new Error(refusal(problem)));
        else stack.push(full);
      } else if (isFile && accept(full)) {
        if (problem) onError?.(full, new Error(refusal(problem)));
        else files.push(full);
      }
    }
    for (const f of files.reverse()) yield f;
  }
}
