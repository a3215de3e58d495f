// The mood editor's highlighting tokens: every character of a mood line gets its kind, bad input
// is marked invalid (never thrown), and patterns after =~ and =| are one token.
import { describe, expect, test } from 'vitest';
import { moodTokens, type MoodTokenKind } from './mood-tokens';

/** [text, kind] for each token, so a test reads like the line it checks */
function kinds(text: string): [string, MoodTokenKind][] {
  return moodTokens(text).map((t) => [text.slice(t.from, t.to), t.kind]);
}

describe('moodTokens', () => {
  test('a typical mood line', () => {
    expect(kinds('is_set("rock") && year >= 1990 # old')).toEqual([
      ['is_set', 'function'],
      ['(', 'operator'],
      ['"rock"', 'string'],
      [')', 'operator'],
      ['&&', 'operator'],
      ['year', 'keyword'],
      ['>=', 'operator'],
      ['1990', 'number'],
      ['# old', 'comment'],
    ]);
  });

  test('every keyword of the language, the constants, and unknown words', () => {
    const words = 'num_played audio_format true false yaer';
    expect(kinds(words).map(([, k]) => k)).toEqual([
      'keyword',
      'keyword',
      'constant',
      'constant',
      'invalid',
    ]);
  });

  test('a regex or glob pattern after =~ / =| is one token with its flags', () => {
    expect(kinds('artist =~ /^a b\\/c/i')).toEqual([
      ['artist', 'keyword'],
      ['=~', 'operator'],
      ['/^a b\\/c/i', 'pattern'],
    ]);
    expect(kinds('path =| |*/rock/*|')).toEqual([
      ['path', 'keyword'],
      ['=|', 'operator'],
      ['|*/rock/*|', 'pattern'],
    ]);
    // the same slash elsewhere is division
    expect(kinds('year / 2')[1]).toEqual(['/', 'operator']);
  });

  test('strings keep escaped quotes and end at the line', () => {
    expect(kinds('title == "say \\"hi\\""')[2]).toEqual(['"say \\"hi\\""', 'string']);
    // unterminated: the string stops at the newline, the next line is tokenized anew
    expect(kinds('"open\nyear')).toEqual([
      ['"open', 'string'],
      ['year', 'keyword'],
    ]);
  });

  test('bad input is marked invalid, never thrown', () => {
    expect(kinds('12ab')).toEqual([['12ab', 'invalid']]);
    expect(kinds('year @ 3')[1]).toEqual(['@', 'invalid']);
    expect(moodTokens('')).toEqual([]);
    // tokens cover the text in order without overlap
    const text = 'x =~ /unterminated';
    let end = 0;
    for (const t of moodTokens(text)) {
      expect(t.from).toBeGreaterThanOrEqual(end);
      expect(t.to).toBeGreaterThan(t.from);
      end = t.to;
    }
    expect(end).toBe(text.length);
  });
});
