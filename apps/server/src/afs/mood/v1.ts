// Version 1 (line based, deprecated) moods, docs/paraslash/moods.md §3: accept/deny/score lines with mood
// methods, giving admissibility and a per-file mood score.
import type { MoodContext, MoodFile } from './ast.js';
import { MoodSyntaxError, quote } from './errors.js';
import { PatternBudget } from './limits.js';
import { tagNumber } from './evaluate.js';
import type { Predicate } from './evaluate.js';
import { PatternError, compileRegex, compileWildcard } from '../patterns/index.js';
import type { Matcher } from '../patterns/index.js';

interface Word {
  text: string;
  line: number;
  column: number;
}

type LineKind = 'accept' | 'deny' | 'score';

interface MoodLine {
  kind: LineKind;
  /** the score argument; undefined for accept/deny lines without `with score` */
  score: number | 'random' | undefined;
  matches: Predicate;
}

/** What a parsed version 1 mood offers; see index.ts for the shared Mood interface. */
export interface V1Mood {
  readonly isAdmissible: (f: MoodFile) => boolean;
  /** undefined if the file is not admissible, else its mood score in [-100, 100] */
  readonly evaluate: (f: MoodFile) => number | undefined;
}

type Compare = (a: number, b: number) => boolean;
const COMPARATORS: Record<string, Compare> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '=': (a, b) => a === b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>=': (a, b) => a >= b,
  '>': (a, b) => a > b,
};

type Field = (f: MoodFile) => number;
const NUMERIC_METHODS: Record<string, Field> = {
  bitrate: (f) => f.bitrate,
  frequency: (f) => f.frequency,
  channels: (f) => f.channels,
  num_played: (f) => f.numPlayed,
  image_id: (f) => f.imageId,
  lyrics_id: (f) => f.lyricsId,
};

type TagField = 'artist' | 'title' | 'album' | 'comment';
const REGEX_METHODS: Record<string, TagField> = {
  artist_matches: 'artist',
  title_matches: 'title',
  album_matches: 'album',
  comment_matches: 'comment',
};

const METHOD_NAMES = [
  'no_attributes_set',
  'is_set',
  'path_matches',
  ...Object.keys(REGEX_METHODS),
  'year',
  ...Object.keys(NUMERIC_METHODS),
];

const fail = (w: Word, detail: string): never => {
  throw new MoodSyntaxError({ line: w.line, column: w.column, offset: 0 }, detail);
};
const failExpected = (w: Word, expected: string, found: string): never => {
  throw MoodSyntaxError.expected({ line: w.line, column: w.column, offset: 0 }, expected, found);
};

/** Parses a version 1 mood; throws MoodSyntaxError at the offending word. */
export function parseV1(text: string, ctx: MoodContext): V1Mood {
  const nowSeconds = ctx.now ? ctx.now() : Date.now() / 1000;
  const env: MethodEnv = {
    ctx,
    currentYear: new Date(nowSeconds * 1000).getFullYear(),
    budget: new PatternBudget(),
  };
  const lines: MoodLine[] = [];
  text.split('\n').forEach((raw, index) => {
    const words: Word[] = [];
    for (const m of raw.matchAll(/[^\s]+/g)) {
      words.push({ text: m[0], line: index + 1, column: m.index + 1 });
    }
    if (words.length === 0 || words[0]!.text.startsWith('#')) return;
    lines.push(parseLine(words, env));
  });
  return buildMood(lines, ctx.random ?? Math.random);
}

interface MethodEnv {
  ctx: MoodContext;
  currentYear: number;
  budget: PatternBudget;
}

function parseLine(words: Word[], env: MethodEnv): MoodLine {
  let i = 0;
  const end: Word = { text: '', line: words[0]!.line, column: lastColumn(words) };
  const at = (): Word => words[i] ?? end;
  const found = (): string => {
    const w = words[i];
    return w ? quote(w.text) : 'end of line';
  };
  const head = at();
  if (head.text !== 'accept' && head.text !== 'deny' && head.text !== 'score') {
    return failExpected(head, "'accept', 'deny' or 'score'", found());
  }
  const kind: LineKind = head.text;
  i++;
  let score: number | 'random' | undefined;
  if (kind === 'score' || at().text === 'with') {
    if (kind !== 'score') {
      i++;
      if (at().text !== 'score') failExpected(at(), "'score' after 'with'", found());
      i++;
    }
    const s = at().text;
    if (s === 'random') score = 'random';
    else if (/^[+-]?\d{1,9}$/.test(s)) score = Number(s);
    else failExpected(at(), "a score (an integer or 'random')", found());
    i++;
  }
  if (at().text === 'if') i++;
  let negate = false;
  if (at().text === 'not') {
    negate = true;
    i++;
  }
  if (i >= words.length) {
    // no method: the line applies to every file (`if`/`not` alone would be a typo)
    if (negate || words[i - 1]!.text === 'if') failExpected(end, 'a mood method', 'end of line');
    return { kind, score, matches: () => true };
  }
  const method = parseMethod(words.slice(i), env);
  return { kind, score, matches: negate ? (f) => !method(f) : method };
}

function lastColumn(words: Word[]): number {
  const last = words[words.length - 1]!;
  return last.column + last.text.length;
}

function parseMethod(words: Word[], env: MethodEnv): Predicate {
  let [name, ...args] = words as [Word, ...Word[]];
  // `year>=1990` written without blanks: split the comparison off the method name
  const glued = /^([a-z_]+)([<>=!].*)$/.exec(name.text);
  if (glued) {
    const rest = { ...name, text: glued[2]!, column: name.column + glued[1]!.length };
    args = [rest, ...args];
    name = { ...name, text: glued[1]! };
  }
  const oneArg = (): Word => {
    if (args.length !== 1) {
      const w = args[1] ?? name;
      fail(w, `mood method '${name.text}' takes exactly one argument`);
    }
    return args[0]!;
  };
  const noArgs = (): void => {
    if (args.length > 0) fail(args[0]!, `mood method '${name.text}' takes no argument`);
  };
  const m = name.text;
  if (m === 'no_attributes_set') {
    noArgs();
    return (f) => f.attributes === 0n;
  }
  if (m === 'is_set') {
    const attr = oneArg();
    const bit = env.ctx.attributeBit(attr.text);
    if (bit === undefined) return fail(attr, `unknown attribute ${quote(attr.text)}`);
    const mask = 1n << BigInt(bit);
    return (f) => (f.attributes & mask) !== 0n;
  }
  if (m === 'path_matches') {
    const re = pattern(oneArg(), env, (s) => compileWildcard(s));
    return (f) => re.test(f.path);
  }
  const tag = REGEX_METHODS[m];
  if (tag !== undefined) {
    const re = pattern(oneArg(), env, (s) => compileRegex(s));
    return (f) => re.test(f[tag]);
  }
  const field = m === 'year' ? undefined : NUMERIC_METHODS[m];
  if (m === 'year' || field) {
    const { compare, value } = comparison(name, args);
    if (field) return (f) => compare(field(f), value);
    const currentYear = env.currentYear;
    return (f) => {
      const y = v1Year(f.year, currentYear);
      return y !== undefined && compare(y, value);
    };
  }
  if (m === 'played_rarely') {
    return fail(name, "mood method 'played_rarely' was removed from paraslash; use num_played");
  }
  return failExpected(name, `a mood method (${METHOD_NAMES.join(', ')})`, quote(m));
}

function pattern(w: Word, env: MethodEnv, compile: (s: string) => Matcher): Matcher {
  let m: Matcher;
  try {
    m = compile(w.text);
  } catch (e) {
    if (!(e instanceof PatternError)) throw e;
    const at = { ...w, column: w.column + Math.min(e.index, w.text.length) };
    return fail(at, `invalid pattern ${quote(w.text)}: ${e.message}`);
  }
  const over = env.budget.exceeded(m);
  return over === undefined ? m : fail(w, over);
}

/** `<comparator> <number>`, as one or two words. */
function comparison(name: Word, args: Word[]): { compare: Compare; value: number } {
  const joined = args.map((a) => a.text).join(' ');
  const m = /^(<=|>=|==|!=|<|>|=)\s*([+-]?\d{1,15})$/.exec(joined);
  const compare = m ? COMPARATORS[m[1]!] : undefined;
  if (!m || !compare) {
    const at = args[0] ?? { ...name, column: name.column + name.text.length };
    return failExpected(
      at,
      `a comparison like '${name.text} >= 10' (one of < <= = != >= >, then a number)`,
      args.length > 0 ? quote(joined) : 'end of line',
    );
  }
  return { compare, value: Number(m[2]) };
}

/**
 * The year tag as v1 moods read it: undefined if it is not a non-negative number; two-digit
 * years fall into the hundred years ending with the current one (docs/paraslash/moods.md §3.3).
 */
export function v1Year(tag: string, currentYear: number): number | undefined {
  let y = tagNumber(tag);
  if (Number.isNaN(y) || y < 0) return undefined;
  if (y < 100) {
    y += 1900;
    if (y + 100 <= currentYear) y += 100;
  }
  return y;
}

/**
 * Admissible: no deny line matches, and some accept line does (or there are none). The mood
 * score sums 100 * score over the matching accept and score lines, divided by the sum of
 * |score| over all of them, so it lies in [-100, 100]; `random` weighs like 100 and draws
 * 0..99 for each file. Deny lines never score: a file they match is not admissible.
 */
function buildMood(lines: MoodLine[], random: () => number): V1Mood {
  const denies = lines.filter((l) => l.kind === 'deny').map((l) => l.matches);
  const accepts = lines.filter((l) => l.kind === 'accept');
  const acceptTests = accepts.map((l) => l.matches);
  const scoring = lines.filter((l) => l.kind !== 'deny' && l.score !== undefined);
  let weight = 0;
  for (const l of scoring) weight += l.score === 'random' ? 100 : Math.abs(l.score ?? 0);

  const isAdmissible = (f: MoodFile): boolean => {
    for (let i = 0; i < denies.length; i++) if (denies[i]!(f)) return false;
    if (acceptTests.length === 0) return true;
    for (let i = 0; i < acceptTests.length; i++) if (acceptTests[i]!(f)) return true;
    return false;
  };
  const evaluate = (f: MoodFile): number | undefined => {
    if (!isAdmissible(f)) return undefined;
    if (weight === 0) return 0;
    let sum = 0;
    for (let i = 0; i < scoring.length; i++) {
      const l = scoring[i]!;
      if (!l.matches(f)) continue;
      sum += 100 * (l.score === 'random' ? Math.floor(random() * 100) : (l.score ?? 0));
    }
    return Math.trunc(sum / weight) + 0;
  };
  return { isAdmissible, evaluate };
}
