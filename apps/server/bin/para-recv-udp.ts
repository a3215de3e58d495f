#!/usr/bin/env node
// para-recv-udp: receives the UDP sender's FEC stream on a port (joining a multicast group if the
// address is one) and writes the rebuilt audio bytes to stdout or a file, like para_recv -r udp.
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { FecReceiver, isMulticast } from '../src/senders/udp/index.js';

const USAGE = `usage: para-recv-udp [options]
  -i, --host ADDR      address to listen on; a multicast address is joined (default 0.0.0.0)
  -p, --port N         UDP port (default 8000; 0 = any free port)
  -o, --output FILE    write the stream here instead of stdout
  -n, --streams N      exit after N streams (EOF packets); 0 = never (default 1)
      --iface ADDR     local interface address for joining a multicast group
  -v, --verbose        report bad packets and lost groups on stderr
Prints "listening on ADDR:PORT" on stderr once ready, and a summary at the end.
`;

function fail(msg: string): never {
  process.stderr.write(`para-recv-udp: ${msg}\n${USAGE}`);
  process.exit(2);
}

function options() {
  try {
    return parseArgs({
      options: {
        host: { type: 'string', short: 'i', default: '0.0.0.0' },
        port: { type: 'string', short: 'p', default: '8000' },
        output: { type: 'string', short: 'o' },
        streams: { type: 'string', short: 'n', default: '1' },
        iface: { type: 'string' },
        verbose: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
}

const opts = options();
if (opts.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const port = Number(opts.port);
const streams = Number(opts.streams);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad port ${opts.port}`);
if (!Number.isInteger(streams) || streams < 0) fail(`bad stream count ${opts.streams}`);
if (!net.isIP(opts.host)) fail(`not an IP address: ${opts.host}`);

const out = opts.output ? fs.createWriteStream(opts.output) : process.stdout;
const socket = dgram.createSocket({
  type: net.isIPv6(opts.host) ? 'udp6' : 'udp4',
  reuseAddr: true,
});
let ended = 0;
let done = false;

function finish(code: number): void {
  if (done) return;
  done = true;
  socket.close();
  receiver.flush();
  const s = receiver.stats;
  process.stderr.write(
    `para-recv-udp: ${s.bytesOut} bytes, ${s.groupsOut} groups (${s.groupsRecovered} repaired, ` +
      `${s.groupsLost} lost), ${s.packets} packets (${s.badPackets} bad, ${s.duplicates} duplicates)\n`,
  );
  if (out === process.stdout) process.exitCode = code;
  else out.end(() => process.exit(code));
}

const receiver = new FecReceiver({
  onData: (bytes) => out.write(bytes),
  onEof: () => {
    if (++ended === streams) finish(0);
  },
  onWarning: (msg) => {
    if (opts.verbose) process.stderr.write(`para-recv-udp: ${msg}\n`);
  },
});

socket.on('message', (msg) => receiver.push(msg));
socket.on('error', (err) => {
  process.stderr.write(`para-recv-udp: ${err.message}\n`);
  finish(1);
});
socket.bind(port, isMulticast(opts.host) ? undefined : opts.host, () => {
  if (isMulticast(opts.host)) socket.addMembership(opts.host, opts.iface);
  const addr = socket.address();
  process.stderr.write(`listening on ${opts.host}:${addr.port}\n`);
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => finish(0));
