// Version 1 mood tests: accept/deny/score lines, with score, if not, methods, scores, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MoodContext, MoodFile } from './ast.js';
import { MoodSyntaxError } from './errors.js';
import { parseV1, v1Year } from './v1.js';
import { bits, ctx, file } from './test-util.js';

const admits = (mood: string, f: MoodFile = file(), c: MoodContext = ctx): boolean =>
  parseV1(mood, c).isAdmissible(f);
const score = (mood: string, f: MoodFile = file(), c: MoodContext = ctx): number | undefined =>
  parseV1(mood, c).evaluate(f);

function v1Error(text: string): MoodSyntaxError {
  try {
    parseV1(text, ctx);
  } catch (e) {
    assert.ok(e instanceof MoodSyntaxError, String(e));
    return e;
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

test('accept and deny decide admissibility', () => {
  const rock = file({ attributes: bits('rock') });
  const live = file({ attributes: bits('rock', 'live') });
  const mood = 'accept is_set rock\ndeny is_set live';
  assert.ok(admits(mood, rock));
  assert.ok(!admits(mood, live), 'a matching deny line wins');
  assert.ok(!admits(mood, file()), 'no accept line matches');
  assert.ok(admits('deny is_set live', file()), 'without accept lines everything not denied');
  assert.ok(!admits('deny is_set live', live));
  assert.ok(admits('', file()));
  assert.ok(admits('# comment\n\n   \naccept is_set rock', rock));
  assert.ok(admits('accept is_set jazz\naccept is_set rock', rock), 'any accept line suffices');
});

test('if and not', () => {
  const rock = file({ attributes: bits('rock') });
  assert.ok(admits('accept if is_set rock', rock));
  assert.ok(!admits('accept not is_set rock', rock));
  assert.ok(admits('accept if not is_set live', rock));
  assert.ok(admits('deny if not is_set rock', rock));
  assert.ok(!admits('deny if not is_set live', rock));
});

test('mood methods', () => {
  const f = file({ numPlayed: 4, imageId: 2, lyricsId: 0, comment: 'live at Birdland' });
  for (const [line, want] of [
    ['accept no_attributes_set', true],
    ['accept path_matches /music/jazz/*', true],
    ['accept path_matches *.ogg', false],
    ['accept artist_matches ^John', true],
    ['accept artist_matches ^john', false],
    ['accept title_matches Steps$', true],
    ['accept album_matches ^Giant', true],
    ['accept comment_matches Bird', true],
    ['accept comment_matches ^$', false],
    ['accept year < 1970', true],
    ['accept year >= 1961', false],
    ['accept year = 1960', true],
    ['accept year>=1960', true],
    ['accept year >=1960', true],
    ['accept bitrate == 128', true],
    ['accept frequency != 44100', false],
    ['accept channels > 1', true],
    ['accept num_played <= 4', true],
    ['accept image_id > 1', true],
    ['accept lyrics_id = 0', true],
  ] as const) {
    assert.equal(admits(line, f), want, line);
  }
  assert.ok(!admits('accept no_attributes_set', file({ attributes: bits('jazz') })));
  assert.ok(admits('accept comment_matches ^$'), 'an empty tag matches as the empty string');
});

test('v1 year: two-digit years fall into the last hundred years; junk never matches', () => {
  assert.equal(v1Year('1960', 2025), 1960);
  assert.equal(v1Year('24', 2025), 2024);
  assert.equal(v1Year('25', 2025), 2025);
  assert.equal(v1Year('26', 2025), 1926);
  assert.equal(v1Year('99', 2025), 1999);
  assert.equal(v1Year('', 2025), undefined);
  assert.equal(v1Year('-5', 2025), undefined);
  assert.ok(admits('accept year = 2020', file({ year: '20' })));
  assert.ok(!admits('accept year > 0', file({ year: 'n/a' })));
  assert.ok(admits('accept not year > 0', file({ year: 'n/a' })));
});

test('scores: with score, score lines, normalization to [-100, 100]', () => {
  const rock = file({ attributes: bits('rock') });
  assert.equal(score('accept is_set rock', rock), 0, 'no scores given');
  assert.equal(score('accept with score 30 is_set rock', rock), 100);
  assert.equal(score('accept with score -30 if is_set rock', rock), -100);
  const mood = [
    'accept with score 10 if is_set rock',
    'accept with score 20 if is_set jazz',
    'score 30 if not is_set live',
    'score -40 is_set favorite',
  ].join('\n');
  // matching: 10 (rock) and 30 (not live): 100 * 40 / (10 + 20 + 30 + 40)
  assert.equal(score(mood, rock), 40);
  assert.equal(score(mood, file({ attributes: bits('jazz', 'favorite') })), 10);
  assert.equal(score(mood, file()), undefined, 'not admissible');
  assert.equal(score('deny with score 50 is_set live', rock), 0, 'deny lines do not score');
  assert.equal(score('score 50 is_set live', rock), 0, 'score lines do not restrict');
  assert.ok(admits('score 50 is_set live', rock));
  assert.equal(score('score 7', rock), 100, 'a score line without method applies to all');
});

test('random scores draw 0..99 per evaluation', () => {
  let r = 0.425;
  const c: MoodContext = { ...ctx, random: () => r };
  assert.equal(score('score random', file(), c), 42);
  r = 0.999;
  assert.equal(score('accept with score random if no_attributes_set', file(), c), 99);
  assert.equal(score('score random\nscore 100 is_set rock', file(), c), 49);
});

test('errors point at the offending word', () => {
  const cases: [string, string][] = [
    [
      'allow is_set rock',
      "line 1, column 1: expected 'accept', 'deny' or 'score' but found 'allow'",
    ],
    ['accept is_set rock\n  accept  is_set pop', "line 2, column 18: unknown attribute 'pop'"],
    ['accept with 3 is_set rock', "line 1, column 13: expected 'score' after 'with' but found '3'"],
    [
      'accept with score x is_set rock',
      "line 1, column 19: expected a score (an integer or 'random') but found 'x'",
    ],
    ['score', "line 1, column 6: expected a score (an integer or 'random') but found end of line"],
    ['accept if', 'line 1, column 10: expected a mood method but found end of line'],
    ['accept not', 'line 1, column 11: expected a mood method but found end of line'],
    ['accept is_set', "line 1, column 8: mood method 'is_set' takes exactly one argument"],
    [
      'accept is_set rock live',
      "line 1, column 20: mood method 'is_set' takes exactly one argument",
    ],
    [
      'accept no_attributes_set x',
      "line 1, column 26: mood method 'no_attributes_set' takes no argument",
    ],
    ['accept artist_matches (a', "line 1, column 23: invalid pattern '(a': unmatched '('"],
    [
      'deny played_rarely',
      "line 1, column 6: mood method 'played_rarely' was removed from paraslash; use num_played",
    ],
  ];
  for (const [text, message] of cases) assert.equal(v1Error(text).message, message, text);
  assert.match(
    v1Error('accept year').message,
    /^line 1, column 12: expected a comparison like 'year >= 10'/,
  );
  assert.match(
    v1Error('accept year ~ 3').message,
    /^line 1, column 13: expected a comparison .* but found '~ 3'/,
  );
  assert.match(
    v1Error('accept bogus').message,
    /^line 1, column 8: expected a mood method \(no_attributes_set, is_set/,
  );
});
