// Compiles a version 2 mood tree into one closure per node, so evaluating a file is a few
// direct calls with no per-file parsing, lookups or allocation beyond BigInt masking.
import { FORMAT_NAMES } from '../formats/types.js';
import type {
  ArithOp,
  BoolNode,
  CompareOp,
  IntKeyword,
  IntNode,
  MoodFile,
  Node,
  Program,
  StringKeyword,
  StringNode,
} from './ast.js';

export type Predicate = (f: MoodFile) => boolean;
type IntFn = (f: MoodFile) => number;
type StrFn = (f: MoodFile) => string;

const TRUE: Predicate = () => true;
const FALSE: Predicate = () => false;

/** 64-bit signed arithmetic on JS numbers; division by zero yields 0 (docs/paraslash/moods.md §2.5). */
export function arith(op: ArithOp, a: number, b: number): number {
  let r: number;
  switch (op) {
    case '+':
      r = a + b;
      break;
    case '-':
      r = a - b;
      break;
    case '*':
      r = a * b;
      break;
    case '/':
      // + 0 turns -0 into 0
      return b === 0 ? 0 : Math.trunc(a / b) + 0;
  }
  return Number.isSafeInteger(r) ? r : wrap(op, a, b);
}

/** The rare overflow path: exact int64 wrap-around, then back to the nearest double. */
function wrap(op: ArithOp, a: number, b: number): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return Number(BigInt.asIntN(64, op === '+' ? x + y : op === '-' ? x - y : x * y));
}

/**
 * A numeric tag as para_atoi64 reads it: optional sign and decimal digits, nothing else
 * (surrounding blanks are tolerated); NaN if the tag is not such a number.
 */
export function tagNumber(tag: string): number {
  let i = 0;
  let end = tag.length;
  while (i < end && tag.charCodeAt(i) <= 32) i++;
  while (end > i && tag.charCodeAt(end - 1) <= 32) end--;
  let negative = false;
  const sign = tag.charCodeAt(i);
  if (sign === 43 || sign === 45) {
    negative = sign === 45;
    i++;
  }
  if (i >= end || end - i > 15) return NaN;
  let v = 0;
  for (; i < end; i++) {
    const c = tag.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return negative ? -v : v;
}

/**
 * The `year` keyword: -1 if the tag is not a number (so that `year > N` fails), two-digit
 * years taken as 19xx (docs/paraslash/moods.md §2.4).
 */
export function parseYear(tag: string): number {
  const v = tagNumber(tag);
  if (Number.isNaN(v)) return -1;
  return v >= 0 && v < 100 ? v + 1900 : v;
}

function pop32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Number of set bits of a 64-bit attribute mask. */
export function popcount64(x: bigint): number {
  if (x === 0n) return 0;
  return pop32(Number(x & 0xffffffffn)) + pop32(Number((x >> 32n) & 0xffffffffn));
}

/** The admissibility test of a parsed mood: true, non-zero or non-empty admits the file. */
export function compileProgram(p: Program): Predicate {
  return p.root ? compileTruth(p.root) : TRUE;
}

/** Any node as a truth value, the rule for the top level and for !, && and ||. */
export function compileTruth(n: Node): Predicate {
  switch (n.type) {
    case 'bool':
      return compileBool(n);
    case 'int': {
      if (n.kind === 'num') return n.value !== 0 ? TRUE : FALSE;
      const g = compileInt(n);
      return (f) => g(f) !== 0;
    }
    case 'string': {
      if (n.kind === 'string') return n.value !== '' ? TRUE : FALSE;
      const g = compileStr(n);
      return (f) => g(f) !== '';
    }
  }
}

function compileBool(n: BoolNode): Predicate {
  switch (n.kind) {
    case 'bool':
      return n.value ? TRUE : FALSE;
    case 'isSet': {
      const mask = 1n << BigInt(n.bit);
      return (f) => (f.attributes & mask) !== 0n;
    }
    case 'not': {
      const g = compileTruth(n.operand);
      return (f) => !g(f);
    }
    case 'and':
    case 'or':
      return compileLogical(n.kind, n.operands.map(compileTruth));
    case 'compare':
      return compileCompare(n.op, n.left, n.right);
    case 'match': {
      const re = n.pattern.re;
      if (n.subject.kind === 'string') return re.test(n.subject.value) ? TRUE : FALSE;
      const s = compileStr(n.subject);
      return (f) => re.test(s(f));
    }
  }
}

function compileLogical(kind: 'and' | 'or', gs: Predicate[]): Predicate {
  const [a, b, c] = gs;
  if (a && b && gs.length === 2) return kind === 'and' ? (f) => a(f) && b(f) : (f) => a(f) || b(f);
  if (a && b && c && gs.length === 3) {
    return kind === 'and' ? (f) => a(f) && b(f) && c(f) : (f) => a(f) || b(f) || c(f);
  }
  const stop = kind === 'or';
  return (f) => {
    for (let i = 0; i < gs.length; i++) if (gs[i]!(f) === stop) return stop;
    return !stop;
  };
}

function compileCompare(op: CompareOp, left: Node, right: Node): Predicate {
  if (left.type === 'int' && right.type === 'int') {
    const l = compileInt(left);
    if (right.kind === 'num') return compareWithConstant(op, l, right.value);
    const r = compileInt(right);
    switch (op) {
      case '==':
        return (f) => l(f) === r(f);
      case '!=':
        return (f) => l(f) !== r(f);
      case '<':
        return (f) => l(f) < r(f);
      case '>':
        return (f) => l(f) > r(f);
      case '<=':
        return (f) => l(f) <= r(f);
      case '>=':
        return (f) => l(f) >= r(f);
    }
  }
  // strings and booleans only have == and != (the parser enforces it)
  const equal = op === '==';
  if (left.type === 'string' && right.type === 'string') {
    const l = compileStr(left);
    if (right.kind === 'string') {
      const c = right.value;
      return equal ? (f) => l(f) === c : (f) => l(f) !== c;
    }
    const r = compileStr(right);
    return equal ? (f) => l(f) === r(f) : (f) => l(f) !== r(f);
  }
  const l = compileTruth(left);
  const r = compileTruth(right);
  return equal ? (f) => l(f) === r(f) : (f) => l(f) !== r(f);
}

function compareWithConstant(op: CompareOp, l: IntFn, c: number): Predicate {
  switch (op) {
    case '==':
      return (f) => l(f) === c;
    case '!=':
      return (f) => l(f) !== c;
    case '<':
      return (f) => l(f) < c;
    case '>':
      return (f) => l(f) > c;
    case '<=':
      return (f) => l(f) <= c;
    case '>=':
      return (f) => l(f) >= c;
  }
}

export function compileInt(n: IntNode): IntFn {
  switch (n.kind) {
    case 'num': {
      const v = n.value;
      return () => v;
    }
    case 'intKeyword':
      return intKeyword(n.name);
    case 'neg': {
      const g = compileInt(n.operand);
      return (f) => arith('-', 0, g(f));
    }
    case 'arith': {
      const l = compileInt(n.left);
      const r = compileInt(n.right);
      const op = n.op;
      return (f) => arith(op, l(f), r(f));
    }
  }
}

function intKeyword(name: IntKeyword): IntFn {
  switch (name) {
    case 'num_played':
      return (f) => f.numPlayed;
    case 'image_id':
      return (f) => f.imageId;
    case 'lyrics_id':
      return (f) => f.lyricsId;
    case 'num_attributes_set':
      return (f) => popcount64(f.attributes);
    case 'bitrate':
      return (f) => f.bitrate;
    case 'frequency':
      return (f) => f.frequency;
    case 'channels':
      return (f) => f.channels;
    case 'year':
      return (f) => parseYear(f.year);
    case 'duration':
      return (f) => f.secondsTotal;
  }
}

export function compileStr(n: StringNode): StrFn {
  if (n.kind === 'string') {
    const v = n.value;
    return () => v;
  }
  return stringKeyword(n.name);
}

function stringKeyword(name: StringKeyword): StrFn {
  switch (name) {
    case 'path':
      return (f) => f.path;
    case 'artist':
      return (f) => f.artist;
    case 'title':
      return (f) => f.title;
    case 'album':
      return (f) => f.album;
    case 'comment':
      return (f) => f.comment;
    case 'audio_format':
      return (f) => FORMAT_NAMES[f.format] ?? '';
  }
}
