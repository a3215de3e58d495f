// The dashboard's one search rule (search.ts): accents and case do not count, words match
// anywhere in the path and tags, '*' and '?' make a wildcard that matches a whole field.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { synthetic } from '../../test/synthetic-rows.js';
import type { AudioFileRecord } from '../afs/index.js';
import { compileSearch, fold, searchText } from './search.js';

function file(tags: Partial<AudioFileRecord>): AudioFileRecord {
  const row: Partial<ReturnType<typeof synthetic>[number]> = { ...synthetic(1)[0]! };
  delete row.chunkTable;
  return { ...(row as Omit<AudioFileRecord, 'id'>), id: 1, ...tags };
}

const matches = (query: string, f: AudioFileRecord): boolean =>
  compileSearch(query)!(searchText(f));

describe('library search rule', () => {
  const bjork = file({ path: '/m/bjork/homogenic/01.flac', artist: 'Björk', title: 'Hunter' });
  const sigur = file({
    path: '/m/x/track.ogg',
    artist: 'Sigur Rós',
    title: 'Hoppípolla',
    album: 'Takk...',
    year: '2005',
    comment: 'post-rock',
  });

  test('folds case and accents', () => {
    assert.equal(fold('Björk SIGUR RÓS ﬁne'), 'bjork sigur ros fine');
    assert.ok(matches('bjork', file({ path: '/m/a.mp3', artist: 'Björk' })));
    assert.ok(matches('BJÖRK', file({ path: '/m/a.mp3', artist: 'bjork' })));
    assert.ok(matches('sigur ros', sigur));
    assert.ok(matches('hoppipolla', sigur));
  });

  test('every word must occur, each anywhere in path, artist, title, album, year or comment', () => {
    assert.ok(matches('sigur 2005', sigur));
    assert.ok(matches('takk track.ogg', sigur));
    assert.ok(matches('post-rock', sigur));
    assert.ok(!matches('sigur 2006', sigur));
    assert.ok(matches('homogenic hunter', bjork));
    assert.ok(!matches('homogenic sigur', bjork));
  });

  test('a text with * or ? is one wildcard that must match a whole field', () => {
    assert.ok(matches('*.flac', bjork));
    assert.ok(!matches('*.flac', sigur));
    assert.ok(matches('/m/*/homogenic/*', bjork));
    assert.ok(matches('sigur r?s', sigur));
    assert.ok(matches('bj?rk', bjork));
    // whole field: "sigur*" matches the artist, "igur*" nothing
    assert.ok(matches('sigur*', sigur));
    assert.ok(!matches('igur*', sigur));
    assert.ok(matches('200?', sigur));
  });

  test('blank text matches everything (no test at all)', () => {
    assert.equal(compileSearch('   '), undefined);
  });
});
