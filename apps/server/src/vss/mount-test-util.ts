// Test helper: a library streaming with the HTTP sender serving live mounts (the rendition
// tests reuse it with their own feeder). Tone files and players: senders/mounts/test-media.ts.
import path from 'node:path';
import { HttpSender } from '../senders/http/http-sender.js';
import type { ListenerTap } from '../senders/listener-tap.js';
import type { MountFeeder, MountProfile, MountSink } from '../senders/mounts/types.js';
import type { Streaming } from './test-util.js';
import { streaming } from './test-util.js';

export interface MountServer {
  s: Streaming;
  http: HttpSender;
  port: number;
  close(): Promise<void>;
}

/** A library of `files` (paths) streaming, with the HTTP sender serving `mounts`. */
export async function mountStreaming(
  files: string[],
  mounts: MountProfile[],
  opts: {
    feeder?: MountFeeder;
    mountSinks?: MountSink[];
    burstMs?: number;
    tap?: ListenerTap;
  } = {},
): Promise<MountServer> {
  const http = new HttpSender({
    port: 0,
    listenAddresses: ['127.0.0.1'],
    mounts,
    burstMs: opts.burstMs,
    tap: opts.tap,
  });
  const s = await streaming(
    files.map((f): [string, string] => [f, path.basename(f)]),
    { senders: [http], mounts, feeder: opts.feeder, mountSinks: opts.mountSinks },
  );
  await http.start();
  await s.h.run(['play']);
  return { s, http, port: http.port, close: () => s.close() };
}
