// What the senders learn about a file when it starts (senders/types.ts StreamFile).
import type { OpenedFile } from '../afs/index.js';
import { basename } from '../afs/audio-file.js';
import { formatName } from '../afs/formats/types.js';
import type { StreamFile } from '../senders/types.js';

export function streamFileOf(opened: OpenedFile, seq: number): StreamFile {
  const file = opened.file;
  const tags = [file.artist, file.title].filter((s) => s !== '');
  return {
    seq,
    format: formatName(file.format) ?? 'mp3',
    path: file.path,
    title: tags.length > 0 ? tags.join(' - ') : basename(file.path),
    header: file.headerLen > 0 ? opened.header : undefined,
    chunkTimeUs: file.chunkTimeUs,
    chunksTotal: file.chunksTotal,
    extra: opened.extra,
    bitrate: file.bitrate,
    frequency: file.frequency,
    channels: file.channels,
  };
}
