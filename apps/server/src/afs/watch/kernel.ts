// Kernel events for a watched tree: @parcel/watcher's inotify backend (one native watcher per
// tree, events batched in C++; VS Code and Parcel use it), and the checks that tell when inotify
// cannot serve a tree, so that the server scans it instead.
//
// Why not fs.watch({ recursive: true }): on Linux, Node 20 implements it in JavaScript, with one
// watcher and a stat per file kept in JS (100,000 objects for 100,000 files) and known misses for
// directories created while it sets up. chokidar 4 likewise keeps an fs.watch per directory and a
// stat per file. @parcel/watcher keeps its tree in C++ and hands over only the changed paths.
import fs from 'node:fs';
import type { AsyncSubscription, Event } from '@parcel/watcher';
import watcher from '@parcel/watcher';

/** statfs f_type magic numbers of file systems whose changes inotify does not see (changes made
 * on another machine): linux/magic.h and the FUSE, SMB and Ceph sources */
const NETWORK_FS = new Map<number, string>([
  [0x6969, 'NFS'],
  [0x517b, 'SMB'],
  [0xff534d42, 'CIFS'],
  [0xfe534d42, 'SMB2'],
  [0x00c36400, 'Ceph'],
  [0x01021997, '9p'],
  [0x65735546, 'FUSE (sshfs, rclone, ...)'],
  [0x0bd00bd0, 'Lustre'],
  [0x47504653, 'GPFS'],
  [0x5346414f, 'AFS'],
]);

/** Why kernel events cannot serve this tree, or undefined when they can. */
export function kernelProblem(root: string): string | undefined {
  let type: number;
  try {
    type = fs.statfsSync(root).type;
  } catch {
    return undefined; // the subscription will say what is wrong
  }
  const name = NETWORK_FS.get(type >>> 0);
  return name
    ? `${root} is on a network file system (${name}): the kernel does not report changes made on other machines`
    : undefined;
}

function maxUserWatches(): string {
  try {
    return fs.readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

/** A subscription failure in words: the inotify limits get the setting to raise. */
export function describeKernelError(root: string, err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (/ENOSPC|No space left on device|max_user_watches/i.test(msg))
    return `${root}: the tree has more directories than inotify may watch (fs.inotify.max_user_watches = ${maxUserWatches()}); raise it, e.g. sysctl fs.inotify.max_user_watches=524288`;
  if (/EMFILE|Too many open files|max_user_instances/i.test(msg))
    return `${root}: no inotify instance left (fs.inotify.max_user_instances); raise it or watch fewer trees`;
  return `${root}: kernel events unavailable: ${msg}`;
}

export type KernelEvent = Event;

/** Subscribes to a tree's events; throws when inotify cannot watch it. */
export function subscribeKernel(
  root: string,
  onEvents: (events: KernelEvent[]) => void,
  onError: (err: Error) => void,
): Promise<AsyncSubscription> {
  return watcher.subscribe(
    root,
    (err, events) => {
      if (err) onError(err);
      else onEvents(events);
    },
    { backend: 'inotify' },
  );
}
