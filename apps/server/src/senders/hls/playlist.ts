// The HLS playlists (RFC 8216 §4): the media playlist of one variant (a sliding window of its
// newest segments) and the master playlist that lists the variants with their CODECS.
import type { MountCodec } from '../mounts/types.js';

export interface SegmentInfo {
  /** media sequence number */
  seq: number;
  /** discontinuity sequence number of this segment */
  disc: number;
  /** an EXT-X-DISCONTINUITY precedes it: the stream really broke (stop/start, restart) */
  discontinuity: boolean;
  /** wall time of its first sample, ms since the epoch (EXT-X-PROGRAM-DATE-TIME) */
  pdtMs: number;
  /** seconds */
  duration: number;
  /** its URI relative to /hls/ */
  uri: string;
  /** fMP4: the init segment's URI relative to /hls/ */
  map?: string;
}

/** The media playlist over `segments` (oldest first), live: no EXT-X-ENDLIST. */
export function mediaPlaylist(targetS: number, segments: readonly SegmentInfo[]): string {
  const first = segments[0];
  const lines = [
    '#EXTM3U',
    // 6: EXT-X-MAP in a playlist that is not I-frames only (RFC 8216 §7)
    '#EXT-X-VERSION:6',
    `#EXT-X-TARGETDURATION:${targetS}`,
    `#EXT-X-MEDIA-SEQUENCE:${first?.seq ?? 0}`,
    // the first listed segment's own number: its EXT-X-DISCONTINUITY, if any, is left out
    // (a client counts each tag it sees, and this segment's number must not change as it slides)
    `#EXT-X-DISCONTINUITY-SEQUENCE:${first?.disc ?? 0}`,
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  let map: string | undefined;
  for (const [i, s] of segments.entries()) {
    if (s.discontinuity && i > 0) lines.push('#EXT-X-DISCONTINUITY');
    if (s.map !== undefined && s.map !== map) lines.push(`#EXT-X-MAP:URI="${s.map}"`);
    map = s.map;
    lines.push(
      `#EXT-X-PROGRAM-DATE-TIME:${new Date(Math.round(s.pdtMs)).toISOString()}`,
      `#EXTINF:${s.duration.toFixed(5)},`,
      s.uri,
    );
  }
  return lines.join('\n') + '\n';
}

/** RFC 6381 codec strings: AAC-LC, MP3 (mp4a.40.34, as Apple's HLS authoring spec names it), Opus */
export const CODECS: Record<MountCodec, string> = {
  aac: 'mp4a.40.2',
  mp3: 'mp4a.40.34',
  opus: 'opus',
};

export interface VariantInfo {
  codec: MountCodec;
  /** kbit/s of the audio */
  bitrate: number;
  /** the media playlist's URI relative to /hls/ */
  uri: string;
}

/** The master playlist: AAC first (what Safari and iOS play best), then MP3, then Opus. */
export function masterPlaylist(variants: readonly VariantInfo[]): string {
  const order: MountCodec[] = ['aac', 'mp3', 'opus'];
  const sorted = [...variants].sort((a, b) => order.indexOf(a.codec) - order.indexOf(b.codec));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of sorted) {
    // BANDWIDTH is the peak: the audio plus the container's few bytes, rounded up
    const peak = Math.ceil(v.bitrate * 1000 * 1.05);
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${peak},AVERAGE-BANDWIDTH=${v.bitrate * 1000},CODECS="${CODECS[v.codec]}"`,
      v.uri,
    );
  }
  return lines.join('\n') + '\n';
}
