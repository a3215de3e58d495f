// The three afs modes (docs/paraslash/afs.md §6): the dummy mood (every file), a mood (m/<name>) and a playlist
// (p/<name>), parsed from their specifiers and loaded from the blob tables.
import { ParaError } from '../../errors.js';
import type { AudioFileRecord } from '../audio-file.js';
import type { AttributeTable } from '../attributes.js';
import type { BlobTable } from '../blobs.js';
import type { MoodContext } from '../mood/index.js';
import { MoodSyntaxError, parseMood } from '../mood/index.js';

export type ModeSpec =
  | { kind: 'dummy'; spec: 'dummy' }
  | { kind: 'mood'; name: string; spec: string }
  | { kind: 'playlist'; name: string; spec: string };

export function parseSpec(text: string): ModeSpec {
  if (text === 'dummy') return { kind: 'dummy', spec: 'dummy' };
  const m = /^([mp])\/(.+)$/.exec(text);
  if (!m) throw new ParaError('E_SYNTAX', `bad specifier ${text}: use m/<mood> or p/<playlist>`);
  const name = m[2]!;
  return m[1] === 'm'
    ? { kind: 'mood', name, spec: `m/${name}` }
    : { kind: 'playlist', name, spec: `p/${name}` };
}

/** A loaded mode: which files are admissible, with which mood score, in which playlist order. */
export interface LoadedMode {
  spec: ModeSpec;
  /** undefined: not admissible; else the mood's share of the score (0 for v2 and dummy) */
  admit(file: AudioFileRecord): number | undefined;
  /** playlist modes: the admissible files in playlist order */
  order?: number[];
  /** paraweb's optional artist separation: no artist again within this many files (0 = off) */
  artistSeparation: number;
  /** version 1 moods are deprecated; the caller may warn */
  version?: 1 | 2;
  /** lines worth telling the user (skipped playlist entries) */
  notes: string[];
}

/** `# paraweb: artist-separation K` in a mood: a comment to paraslash, a setting to paraweb */
export function artistSeparation(text: string): number {
  const m = /^\s*#\s*paraweb:\s*artist-separation\s*[= ]\s*(\d+)\s*$/m.exec(text);
  return m ? Math.min(Number(m[1]), 1000) : 0;
}

export function moodSyntaxError(name: string, err: MoodSyntaxError): ParaError {
  return new ParaError('E_SYNTAX', `mood ${name}: ${err.message}`);
}

/** Parses mood text; a syntax error becomes a ParaError naming the position. */
export function compileMood(name: string, text: string, ctx: MoodContext): LoadedMode {
  try {
    const mood = parseMood(text, ctx);
    return {
      spec: { kind: 'mood', name, spec: `m/${name}` },
      admit: (f) => mood.evaluate(f),
      artistSeparation: artistSeparation(text),
      version: mood.version,
      notes: mood.version === 1 ? [`mood ${name} uses the deprecated version 1 syntax`] : [],
    };
  } catch (err) {
    if (err instanceof MoodSyntaxError) throw moodSyntaxError(name, err);
    throw err;
  }
}

export interface ModeSources {
  moods: BlobTable;
  playlists: BlobTable;
  attributes: AttributeTable;
  fileByPath(path: string): AudioFileRecord | undefined;
}

export async function loadMode(spec: ModeSpec, src: ModeSources): Promise<LoadedMode> {
  if (spec.kind === 'dummy') return { spec, admit: () => 0, artistSeparation: 0, notes: [] };
  if (spec.kind === 'mood') {
    if (src.moods.idOf(spec.name) === undefined)
      throw new ParaError('E_NOT_FOUND', `no such mood: ${spec.name}`);
    const text = Buffer.from(await src.moods.get(spec.name)).toString('utf8');
    return compileMood(spec.name, text, { attributeBit: (n) => src.attributes.bit(n) });
  }
  if (src.playlists.idOf(spec.name) === undefined) {
    throw new ParaError('E_NOT_FOUND', `no such playlist: ${spec.name}`);
  }
  const text = Buffer.from(await src.playlists.get(spec.name)).toString('utf8');
  const order: number[] = [];
  const seen = new Set<number>();
  const notes: string[] = [];
  for (const line of text.split('\n')) {
    const p = line.trim();
    if (p === '' || p.startsWith('#')) continue;
    const f = src.fileByPath(p);
    if (!f) notes.push(`${p}: not in the audio file table, skipped`);
    else if (!seen.has(f.id)) {
      seen.add(f.id);
      order.push(f.id);
    }
  }
  if (order.length === 0)
    throw new ParaError('E_NOT_FOUND', `playlist ${spec.name} has no admissible file`);
  const members = new Set(order);
  return {
    spec,
    admit: (f) => (members.has(f.id) ? 0 : undefined),
    order,
    artistSeparation: 0,
    notes,
  };
}
