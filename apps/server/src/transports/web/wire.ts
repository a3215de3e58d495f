// What command results look like on the wire: JSON has no bigint, Date or typed arrays, so they
// become decimal strings, ISO strings and number arrays, in the types as well as at run time.

/** T as it arrives at a JSON client */
export type Wire<T> = T extends bigint
  ? string
  : T extends Date
    ? string
    : T extends ArrayBufferView
      ? number[]
      : T extends readonly (infer U)[]
        ? Wire<U>[]
        : T extends Map<infer K, infer V>
          ? [Wire<K>, Wire<V>][]
          : T extends Set<infer U>
            ? Wire<U>[]
            : T extends (...args: never[]) => unknown
              ? never
              : T extends object
                ? { [K in keyof T]: Wire<T[K]> }
                : T;

function convert(value: unknown): unknown {
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) return null;
  if (Array.isArray(value)) return value.map(convert);
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) {
    return value instanceof DataView
      ? Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))
      : Array.from(value as unknown as ArrayLike<unknown>, (v) => convert(v));
  }
  if (value instanceof Map) return [...value].map(([k, v]) => [convert(k), convert(v)]);
  if (value instanceof Set) return [...value].map(convert);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = convert(v);
  return out;
}

export function toWire<T>(value: T): Wire<T> {
  return convert(value) as Wire<T>;
}
