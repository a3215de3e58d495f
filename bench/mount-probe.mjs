// What one more listener of a live mount (/live.mp3) sees: each arrival's lateness against the
// mount's byte clock (http-listeners.bench.mjs, mounts.bench.mjs).
import net from 'node:net';
import { BYTES_PER_SECOND } from './http-servers.mjs';

/**
 * A listener on a live mount (`urlPath`) whose arrivals are timed against the mount's byte
 * clock (ICY metadata asked for, so that its audio bytes are counted without it and each file
 * change is seen). The smallest delay is taken per file: a file's audio on the mount may be a
 * little longer or shorter than on `/`, which moves the byte clock by a step at the change, not a
 * late chunk. The first arrival of each file (it may hold the change itself) is left out, and so
 * is what arrives in the first `pastBurstMs` (the burst). stop() gives each arrival's lateness
 * (sorted), whether the server closed it, and how many files it saw.
 */
export function mountProbe(port, urlPath, pastBurstMs = 3000) {
  const files = [[]];
  let bytes = -1;
  let head = Buffer.alloc(0);
  let t0 = 0;
  let closed = false;
  let metaint = 0;
  let toMeta = 0; // audio bytes before the next metadata block
  let meta; // the metadata block being read: { left, parts }
  let title;
  const sock = net.connect(port, '127.0.0.1');
  sock.on('connect', () => {
    t0 = performance.now();
    sock.write(`GET ${urlPath} HTTP/1.0\r\nHost: bench\r\nIcy-MetaData: 1\r\n\r\n`);
  });
  const onMeta = (text) => {
    const t = /StreamTitle='(.*?)';/.exec(text)?.[1];
    if (t !== undefined && t !== title) {
      if (title !== undefined) files.push([]);
      title = t;
    }
  };
  const body = (d) => {
    for (let i = 0; i < d.length;) {
      if (meta) {
        if (meta.left < 0) {
          meta.left = d[i++] * 16;
        } else {
          const n = Math.min(meta.left, d.length - i);
          meta.parts.push(d.subarray(i, i + n));
          meta.left -= n;
          i += n;
        }
        if (meta.left === 0) {
          onMeta(Buffer.concat(meta.parts).toString('utf8'));
          meta = undefined;
          toMeta = metaint;
        }
      } else {
        const n = metaint ? Math.min(toMeta, d.length - i) : d.length - i;
        bytes += n;
        toMeta -= n;
        i += n;
        if (metaint && toMeta === 0) meta = { left: -1, parts: [] };
      }
    }
  };
  sock.on('data', (d) => {
    const now = performance.now();
    if (bytes < 0) {
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      metaint = Number(/icy-metaint:\s*(\d+)/i.exec(head.toString('latin1', 0, end))?.[1] ?? 0);
      toMeta = metaint;
      bytes = 0;
      body(head.subarray(end + 4));
    } else body(d);
    if (now - t0 >= pastBurstMs) files.at(-1).push(now - (bytes / BYTES_PER_SECOND) * 1000);
  });
  sock.on('error', () => {});
  sock.on('close', () => (closed = true));
  return {
    mark: () => files.splice(0, files.length, []),
    stop() {
      sock.destroy();
      const late = files.flatMap((xs) => {
        const min = Math.min(...xs.slice(1));
        return xs.slice(1).map((x) => x - min);
      });
      return { late: late.sort((p, q) => p - q), closed, files: files.length };
    },
  };
}
