// How many bytes the kernel still holds for each listener (written, not yet acknowledged by the
// peer): the `tx_queue` column of Linux's /proc/net/tcp and /proc/net/tcp6. Node offers no
// SIOCOUTQ or TCP_INFO, and a socket buffer on Linux grows to megabytes, minutes of a 128 kbit/s
// stream, before anything waits in the server itself; so a listener that stopped reading is only
// seen there in time (docs/streaming.md, "Slow listeners").
import fs from 'node:fs/promises';
import os from 'node:os';
import { setImmediate as turn } from 'node:timers/promises';

/** lines parsed per event-loop turn (the stream clock runs on this thread) */
const LINES_PER_TURN = 2000;
const LITTLE = os.endianness() === 'LE';

/** An address as /proc prints it (network-order words read as host integers), as text. */
function procAddress(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word = [0, 2, 4, 6].map((i) => parseInt(hex.slice(w + i, w + i + 2), 16));
    bytes.push(...(LITTLE ? word.reverse() : word));
  }
  if (bytes.length === 4) return bytes.join('.');
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255;
  if (mapped) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':');
}

/** An address as Node gives it, in procAddress's spelling: a.b.c.d, or eight bare hex groups. */
export function queueKey(address: string, port: number): string {
  let a = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  if (a.includes(':')) {
    const [head = '', tail] = a.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const zeros = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
    a = [...h, ...zeros, ...t].map((g) => parseInt(g, 16).toString(16)).join(':');
  }
  return `${a}:${port}`;
}

/**
 * The kernel's send queue of every connection to local port `port`, by queueKey(peer address,
 * peer port); undefined where /proc/net cannot be read.
 */
export async function kernelSendQueues(port: number): Promise<Map<string, number> | undefined> {
  const out = new Map<string, number>();
  const portHex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  let read = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await fs.readFile(file, 'latin1');
    } catch {
      continue;
    }
    read++;
    let pos = text.indexOf('\n') + 1;
    let lines = 0;
    while (pos > 0 && pos < text.length) {
      const end = text.indexOf('\n', pos);
      const line = text.slice(pos, end < 0 ? text.length : end);
      pos = end + 1;
      if (++lines % LINES_PER_TURN === 0) await turn();
      // sl: local rem st tx:rx ...
      const f = line.trim().split(/\s+/);
      const local = f[1];
      if (!local || !`${local} `.endsWith(portHex)) continue;
      const rem = f[2]!;
      const colon = rem.indexOf(':');
      const key = `${procAddress(rem.slice(0, colon))}:${parseInt(rem.slice(colon + 1), 16)}`;
      const tx = parseInt(f[4]!.slice(0, f[4]!.indexOf(':')), 16);
      out.set(key, tx);
    }
  }
  return read > 0 ? out : undefined;
}
