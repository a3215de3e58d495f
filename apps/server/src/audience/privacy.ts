// What is kept of a listener (issue #17): the address truncated to its network (IPv4 /24, IPv6
// /48) unless the operator chose whole addresses or none, and the user agent reduced to a player
// family, so the database never holds a fingerprint.
import net from 'node:net';

/** --audience-addresses */
export const ADDRESS_MODES = ['truncated', 'whole', 'none'] as const;
export type AddressMode = (typeof ADDRESS_MODES)[number];

/** The address as stored: a.b.c.0 (/24), x:y:z:: (/48), whole, or nothing. */
export function storedAddress(address: string, mode: AddressMode): string | null {
  if (mode === 'none' || address === '') return null;
  if (mode === 'whole') return address;
  if (net.isIPv4(address)) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  if (net.isIPv6(address)) return `${expand6(address).slice(0, 3).join(':')}::/48`;
  return null;
}

/** the eight groups of an IPv6 address, "::" expanded, without leading zeros */
function expand6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...h, ...new Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return groups.map((g) => (g.includes('.') ? g : parseInt(g, 16).toString(16)));
}

/** [family, test] in order: the first that matches names the player */
const FAMILIES: [string, RegExp][] = [
  ['VLC', /\bVLC\b|LibVLC/i],
  ['ffmpeg', /Lavf|ffmpeg|ffplay/i],
  ['mpv', /\bmpv\b/i],
  ['relay', /Icecast|Liquidsoap|butt|DarkIce|edcast|paraweb-relay/i],
  ['para_recv', /para_recv|paraslash/i],
  ['Winamp', /Winamp|NSPlayer|Nullsoft/i],
  ['iTunes', /iTunes|AppleCoreMedia|Music\/\d/i],
  ['iOS', /iPhone|iPad|iOS/i],
  ['Android', /Android|ExoPlayer|stagefright|Dalvik/i],
  ['curl', /^curl\/|^Wget\//i],
  ['Edge', /Edg\//],
  ['Opera', /OPR\/|Opera/],
  ['Firefox', /Firefox\//],
  ['Chrome', /Chrome\/|Chromium\/|HeadlessChrome/],
  ['Safari', /Safari\//],
];

/** The player family of a User-Agent: VLC, ffmpeg, a browser's name, iOS, Android, relay ... */
export function playerFamily(userAgent: string): string {
  if (userAgent.trim() === '') return 'unknown';
  for (const [family, test] of FAMILIES) if (test.test(userAgent)) return family;
  return 'other';
}
