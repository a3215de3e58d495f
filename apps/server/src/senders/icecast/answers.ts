// What the icecast sender command answers: its help, and its status (the stream, the live mounts
// and every target's connection and titles).
import type { MountCodec } from '../mounts/types.js';
import type { StreamFile } from '../types.js';
import { UNSUPPORTED } from './content-types.js';
import type { TitleUpdater } from './metadata.js';
import type { IcecastSource, SourceStream } from './source.js';

export const HELP = `usage: {on|off}
usage: {add|delete} icecast://[user:]password@host[:port]/mount[?from=live.mp3|live.aac|live.opus]
examples: add icecast://source:hackme@127.0.0.1:8000/live.mp3
          add http://source:hackme@relay.example.net/paraweb.ogg
          add icecast://source:hackme@relay.example.net/radio.mp3?from=live.mp3 (the live mount)
          delete icecast://127.0.0.1:8000/live.mp3 (the credentials do not matter)
`;

export function statusText(view: {
  on: boolean;
  file: StreamFile | undefined;
  /** the current file's stream, undefined when its format cannot go to Icecast */
  stream: SourceStream | undefined;
  /** mp3 and aac mounts get titles through the admin interface, Ogg ones in their header */
  titlesByAdmin: boolean;
  mounts: ReadonlyMap<MountCodec, { title: string | undefined }>;
  targets: readonly { source: IcecastSource; titles: TitleUpdater }[];
  /** the standby push's sources (--icecast-standby-target) */
  standby: readonly IcecastSource[];
}): string {
  const file = view.file;
  const stream = !file
    ? 'none'
    : view.stream
      ? `${file.format} as ${view.stream.contentType}: ${file.title}`
      : `${file.format}: not sent (${UNSUPPORTED[file.format] ?? 'Icecast cannot carry it'})`;
  const lines = [
    `status: ${view.on ? 'on' : 'off'}`,
    `stream: ${stream}`,
    ...[...view.mounts].map(([c, m]) => `live.${c}: ${m.title ?? '(nothing yet)'}`),
    `targets: ${view.targets.length > 0 ? view.targets.map((t) => t.source.name).join(' ') : '(none)'}`,
  ];
  for (const { source, titles } of view.targets) {
    lines.push(
      ...sourceLines(source),
      `  title: ${titleStatus(titles, view.stream, view.titlesByAdmin)}`,
    );
  }
  if (view.standby.length > 0) {
    lines.push(`standby targets (silence while this node does not stream the main mounts):`);
    for (const source of view.standby) lines.push(...sourceLines(source));
  }
  return `${lines.join('\n')}\n`;
}

function sourceLines(s: IcecastSource): string[] {
  const at = (d: Date): string => d.toISOString();
  let state = `${s.state} since ${at(s.since)}`;
  if (s.state === 'waiting' && s.retryAt) state += `, retry at ${at(s.retryAt)}`;
  if (s.contentType) state += ` (${s.contentType})`;
  return [
    `${s.name}:`,
    `  state: ${state}`,
    `  bytes sent: ${s.bytesSent}, queued: ${s.queued}`,
    `  connections: ${s.connects}, failures in a row: ${s.failures}`,
    `  last error: ${s.lastError ? `${s.lastError.message} (${at(s.lastError.at)})` : '(none)'}`,
  ];
}

function titleStatus(
  titles: TitleUpdater,
  stream: SourceStream | undefined,
  titlesByAdmin: boolean,
): string {
  if (stream && !titlesByAdmin) return 'in the Ogg header of each file';
  const last = titles.last;
  if (!last) return '(none sent)';
  return `${last.title} (${last.answer.ok ? 'accepted' : `refused: ${last.answer.message}`})`;
}
