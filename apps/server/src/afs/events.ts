// afs events (docs/paraslash/afs.md §3): every change of the database is announced so that moods, playlists,
// the streaming side and live status can follow without polling.
import { EventEmitter } from 'node:events';
import type { AudioFileRecord, Afsi } from './audio-file.js';

export interface AfsEventMap {
  'audio-file:add': [file: AudioFileRecord];
  'audio-file:remove': [file: AudioFileRecord];
  'audio-file:rename': [file: AudioFileRecord, oldPath: string];
  'afsi:change': [file: AudioFileRecord, old: Afsi];
  'afhi:change': [file: AudioFileRecord];
  /** many files changed at once; listeners rescan instead of following file by file */
  'files:bulk-change': [count: number];
  'attribute:add': [name: string, bit: number];
  'attribute:rename': [oldName: string, newName: string, bit: number];
  'attribute:remove': [name: string, bit: number];
  'blob:add': [table: string, name: string, id: number];
  'blob:rename': [table: string, oldName: string, newName: string, id: number];
  'blob:remove': [table: string, name: string, id: number];
  /** select made another mood or playlist current (or a reload fell back to the dummy mood) */
  'mode:change': [spec: string];
  /** the next file is decided differently now (a request queued, a scheduled fit begins): a
   * file chosen ahead is stale */
  'next:change': [];
  /** a chosen file starts streaming, its play counted (requests follow their files) */
  'play:start': [file: AudioFileRecord, request: number | undefined];
}

export class AfsEvents extends EventEmitter<AfsEventMap> {}
