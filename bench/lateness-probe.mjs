// The para_recv listener of latenessProbe (http-servers.mjs), in a process of its own: forked by
// it, given a higher priority where the system allows it, so that what it measures is when the
// server's chunks arrive, not when a busy bench process got round to reading them. Each arrival's
// delay against the stream's byte clock, less the smallest delay of its connection; it reconnects
// at the end of each file, as para_recv does. On the message 'stop' it sends the delays (ms,
// sorted) and exits.
// Usage (by fork only): lateness-probe.mjs PORT BYTES_PER_SECOND
import net from 'node:net';

const [port, bytesPerSecond] = process.argv.slice(2).map(Number);
const late = [];
let stopped = false;
let sock;

function connect() {
  if (stopped) return;
  const xs = [];
  let bytes = -1;
  let head = Buffer.alloc(0);
  sock = net.connect(port, '127.0.0.1');
  sock.on('connect', () => sock.write('GET / HTTP/1.0\n\n'));
  sock.on('data', (d) => {
    const now = performance.now();
    if (bytes < 0) {
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\n\n');
      if (end < 0) return;
      bytes = head.length - end - 2;
    } else bytes += d.length;
    xs.push(now - (bytes / bytesPerSecond) * 1000);
  });
  sock.on('error', () => {});
  sock.on('close', () => {
    const min = Math.min(...xs.slice(1));
    // the first arrival carries the connect itself
    for (const x of xs.slice(1)) late.push(x - min);
    setTimeout(connect, 100);
  });
}

process.on('message', (m) => {
  if (m !== 'stop') return;
  stopped = true;
  sock?.destroy();
  setTimeout(
    () =>
      process.send(
        late.sort((a, b) => a - b),
        () => process.exit(0),
      ),
    200,
  );
});
connect();
