// The dashboard's request queue (the `request` command's answer): who asked, and where a request
// moves with Up and Down (a 1-based place among the requests of its status, as `request mv` takes).

export interface WaitingRequest {
  id: number;
  status: 'pending' | 'queued' | 'played' | 'rejected';
}

/** "a listener" for the public page's requests, the user's name for an operator's */
export function sourceLabel(source: string): string {
  if (source.startsWith('listener:')) return 'a listener';
  if (source.startsWith('user:')) return source.slice('user:'.length);
  return source;
}

/**
 * The place for `request mv` that moves `id` by `delta` among the waiting requests of its status
 * (the list is in play order: queued ones, then pending ones); undefined at either end.
 */
export function movePlace(
  waiting: readonly WaitingRequest[],
  id: number,
  delta: -1 | 1,
): number | undefined {
  const self = waiting.find((r) => r.id === id);
  if (!self) return undefined;
  const same = waiting.filter((r) => r.status === self.status);
  const place = same.indexOf(self) + 1 + delta;
  return place >= 1 && place <= same.length ? place : undefined;
}
