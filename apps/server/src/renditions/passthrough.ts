// Which files `rendition make` leaves out: those already in a mount's codec, rate and channel
// layout play on it as they are (senders/mounts/passthrough.ts decides that for a streamed file,
// from its bytes; this looks at the row alone).
import type { AudioFileRecord } from '../afs/index.js';
import { formatName } from '../afs/index.js';
import type { MountProfile } from '../senders/mounts/index.js';

export function fitsRecord(
  f: Pick<AudioFileRecord, 'format' | 'frequency' | 'channels'>,
  profile: MountProfile,
): boolean {
  const format = formatName(f.format);
  if (f.channels !== profile.channels) return false;
  if (profile.codec === 'opus') return format === 'opus';
  return format === profile.codec && f.frequency === profile.frequency;
}
