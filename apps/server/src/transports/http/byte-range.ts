// One byte range of a Range header (RFC 9110 §14.1.2) over a body of `size` bytes. The public
// routes take a single range; anything else gets a 416 that says what is accepted.

export type RangeResult =
  | { kind: 'none' }
  | { kind: 'range'; start: number; end: number }
  | { kind: 'bad'; message: string };

export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: 'none' };
  const m = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === ''))
    return { kind: 'bad', message: 'Range: only one range of the form bytes=first-last is served' };
  let start: number;
  let end: number;
  if (m[1] === '') {
    // bytes=-n: the last n bytes
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end || size === 0)
    return { kind: 'bad', message: `Range: not satisfiable (the body has ${size} bytes)` };
  return { kind: 'range', start, end };
}
