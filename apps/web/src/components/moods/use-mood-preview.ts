// What the mood being typed would select: afs.previewmood on the text once typing pauses; a
// syntax error comes back with its line and column.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDebounced } from '@/lib/use-debounced';
import { useTRPC } from '@/lib/trpc';
import { moodError, type MoodError } from './mood-error';

export const PREVIEW_COUNT = 10;
const DEBOUNCE_MS = 300;

export interface PreviewFile {
  id: number;
  score: number;
  path: string;
}

export interface MoodPreview {
  /** the text the answer is for is older than what is typed */
  stale: boolean;
  /** the text the answer (and its error position) is for */
  text: string;
  error: MoodError | null;
  admissible: number | undefined;
  files: PreviewFile[];
}

/** the command's text lists "rank<TAB>score<TAB>path" (full paths with fullPath) */
function pathsFromText(text: string): string[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => /^\d+\t-?\d+\t(.*)$/.exec(line)?.[1])
    .filter((p): p is string => p !== undefined);
}

export function useMoodPreview(text: string): MoodPreview {
  const trpc = useTRPC();
  const debounced = useDebounced(text, DEBOUNCE_MS);
  const q = useQuery(
    trpc.afs.previewmood.queryOptions(
      { text: debounced, count: PREVIEW_COUNT, fullPath: true },
      { retry: false, placeholderData: keepPreviousData, staleTime: 5_000 },
    ),
  );
  const stale = debounced !== text || q.isFetching;
  if (q.isError)
    return { stale, text: debounced, error: moodError(q.error), admissible: undefined, files: [] };
  if (!q.data) return { stale, text: debounced, error: null, admissible: undefined, files: [] };
  const paths = pathsFromText(q.data.text);
  return {
    stale,
    text: debounced,
    error: null,
    admissible: q.data.output.admissible,
    files: q.data.output.files.map((f, i) => ({ ...f, path: paths[i] ?? `#${f.id}` })),
  };
}
