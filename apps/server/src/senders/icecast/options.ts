// The Icecast sender's options (--icecast-*), with the live mounts and the audience it reports to.
import type { MountProfile } from '../mounts/types.js';
import type { ListenerTap } from '../listener-tap.js';
import type { SenderLog } from './source.js';

export interface IcecastSenderOptions {
  /** --icecast-target: icecast://[user:]password@host[:port]/mount each */
  targets: readonly string[];
  /** --icecast-standby-target: the fallback mount a node holds with silence while it does not
   * stream the main mounts (a standby of the playout leader); each with ?from=live.<codec> */
  standbyTargets?: readonly string[];
  /** --icecast-admin user:password for title updates; default: each target's source login */
  admin?: string;
  /** --icecast-no-autostart */
  noAutostart?: boolean;
  /** --icecast-name, --icecast-description, --icecast-public: what Icecast lists */
  name?: string;
  description?: string;
  public?: boolean;
  /** bytes that may wait for one Icecast before its connection is dropped (512 KiB) */
  maxQueueBytes?: number;
  /** first retry delay after a failure (500 ms), doubling up to maxBackoffMs (60 s) */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** the live mounts on: a target with ?from=live.<codec> sends one of them */
  mounts?: readonly MountProfile[];
  log?: SenderLog;
  /** hears the targets' listener counts from Icecast's stats (the audience) */
  tap?: ListenerTap | undefined;
  /** how often Icecast is asked for them (10 s) */
  statsEveryMs?: number;
}
