// check and init: consistency checks of the database, and table creation.
import fs from 'node:fs';
import { z } from 'zod';
import { MAX_ATTRIBUTES } from '../../afs/index.js';
import { ParaError } from '../../errors.js';
import { fewOf } from '../echo.js';
import { permBits } from '../perms.js';
import { args, flag } from '../schema.js';
import type { Services } from '../types.js';
import { defineCommand } from '../types.js';

export interface CheckFinding {
  check: 'aft' | 'attribute' | 'mood' | 'playlist';
  message: string;
}

function checkAft({ afs, watch }: Services): CheckFinding[] {
  const out: CheckFinding[] = [];
  const grace = watch?.graceSeconds;
  for (const f of afs.files.all()) {
    if (f.missingSince !== undefined) {
      const since = new Date(f.missingSince * 1000).toISOString();
      const until =
        grace === undefined
          ? ''
          : `, row removed after ${new Date((f.missingSince + grace) * 1000).toISOString()}`;
      out.push({ check: 'aft', message: `${f.path}: missing since ${since}${until}` });
    } else if (!fs.existsSync(f.path))
      out.push({ check: 'aft', message: `${f.path}: no such file` });
    if (f.imageId && afs.blobs.img.nameOf(f.imageId) === undefined) {
      out.push({ check: 'aft', message: `${f.path}: invalid image id ${f.imageId}` });
    }
    if (f.lyricsId && afs.blobs.lyr.nameOf(f.lyricsId) === undefined) {
      out.push({ check: 'aft', message: `${f.path}: invalid lyrics id ${f.lyricsId}` });
    }
  }
  return out;
}

function checkAttributes({ afs }: Services): CheckFinding[] {
  const out: CheckFinding[] = [];
  let known = 0n;
  const seen = new Set<number>();
  for (const [name, bit] of afs.attributes.entries()) {
    if (bit < 0 || bit >= MAX_ATTRIBUTES)
      out.push({ check: 'attribute', message: `${name}: invalid bit ${bit}` });
    if (seen.has(bit)) out.push({ check: 'attribute', message: `bit ${bit} used twice` });
    seen.add(bit);
    known |= 1n << BigInt(bit);
  }
  for (const f of afs.files.all()) {
    const orphan = f.attributes & ~known;
    if (orphan !== 0n) {
      out.push({
        check: 'attribute',
        message: `${f.path}: bits set that no attribute owns (0x${orphan.toString(16)})`,
      });
    }
  }
  return out;
}

async function checkPlaylists({ afs }: Services): Promise<CheckFinding[]> {
  const out: CheckFinding[] = [];
  for (const { name } of afs.blobs.pl.list()) {
    const text = Buffer.from(await afs.blobs.pl.get(name)).toString('utf8');
    for (const line of text.split('\n')) {
      const p = line.trim();
      if (p && !afs.files.getByPath(p))
        out.push({ check: 'playlist', message: `${name}: ${p}: not in the audio file table` });
    }
  }
  return out;
}

export const checkCommand = defineCommand({
  name: 'check',
  summary: 'check the database for inconsistencies',
  synopsis: 'check [-a] [-A] [-m] [-p]',
  description:
    'Without options every check runs: -a the audio file table (missing files, invalid image and lyrics ids), -A the attribute table, -m mood syntax, -p playlist entries.',
  perms: permBits('AFS_READ'),
  kind: 'query',
  options: [
    { key: 'aft', short: 'a', long: 'aft', arg: 'none', help: 'check the audio file table' },
    {
      key: 'attribute',
      short: 'A',
      long: 'attribute',
      arg: 'none',
      help: 'check the attribute table',
    },
    {
      key: 'mood',
      short: 'm',
      long: 'mood',
      arg: 'none',
      help: 'check the moods for syntax errors',
    },
    { key: 'playlist', short: 'p', long: 'playlist', arg: 'none', help: 'check the playlists' },
  ],
  input: z.object({
    aft: flag,
    attribute: flag,
    mood: flag,
    playlist: flag,
    args: z.array(z.string()).max(0).default([]),
  }),
  async run({ services }, input) {
    const all = !input.aft && !input.attribute && !input.mood && !input.playlist;
    const findings: CheckFinding[] = [];
    const ran: string[] = [];
    if (all || input.aft) {
      ran.push('audio file table');
      findings.push(...checkAft(services));
    }
    if (all || input.attribute) {
      ran.push('attribute table');
      findings.push(...checkAttributes(services));
    }
    if (all || input.mood) {
      ran.push('moods');
      findings.push(
        ...(await services.afs.checkMoods()).map((message) => ({
          check: 'mood' as const,
          message,
        })),
      );
    }
    if (all || input.playlist) {
      ran.push('playlists');
      findings.push(...(await checkPlaylists(services)));
    }
    return { ran, findings };
  },
  render: (out) =>
    out.findings.map((f) => `${f.message}\n`).join('') +
    `checked ${out.ran.join(', ')}: ${out.findings.length} problem${out.findings.length === 1 ? '' : 's'}\n`,
});

export const initCommand = defineCommand({
  name: 'init',
  summary: 'create the database tables',
  synopsis: 'init [table...]',
  description:
    'The server creates and migrates its database at start, so init only reports the tables.',
  perms: permBits('AFS_READ', 'AFS_WRITE'),
  kind: 'mutation',
  options: [],
  input: z.object({ args }),
  run({ services }, input) {
    const tables = [
      'audio_files',
      'attributes',
      'scores',
      'moods',
      'lyrics',
      'images',
      'playlists',
    ];
    const wanted = input.args.length > 0 ? input.args : tables;
    const unknown = wanted.filter((t) => !tables.includes(t));
    if (unknown.length > 0) {
      return Promise.reject(
        new ParaError('E_NOT_FOUND', `no such table: ${fewOf(unknown, 'table')}`),
      );
    }
    return Promise.resolve({ tables: wanted, database: services.afs.db.kind });
  },
  render: (out) => out.tables.map((t) => `${t}: ok (${out.database})\n`).join(''),
});
