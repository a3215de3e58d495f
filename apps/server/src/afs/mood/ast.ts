// The typed syntax tree of version 2 moods, plus the file and context shapes moods read.
import {
  MOOD_INT_KEYWORDS,
  MOOD_STRING_KEYWORDS,
  type MoodIntKeyword,
  type MoodStringKeyword,
} from '@paraweb/contracts';
import type { AudioFileRecord } from '../audio-file.js';
import type { Matcher } from '../patterns/index.js';
import type { SourcePos } from './errors.js';

/** The fields of an audio file a mood can look at. */
export type MoodFile = Pick<
  AudioFileRecord,
  | 'path'
  | 'attributes'
  | 'numPlayed'
  | 'imageId'
  | 'lyricsId'
  | 'format'
  | 'bitrate'
  | 'frequency'
  | 'channels'
  | 'secondsTotal'
  | 'artist'
  | 'title'
  | 'year'
  | 'album'
  | 'comment'
>;

/** What parsing needs from the rest of afs. */
export interface MoodContext {
  /** bit number of the attribute with this name, undefined if there is none */
  attributeBit: (name: string) => number | undefined;
  /** seconds since the epoch; v1 moods read the current year from it (default: the clock) */
  now?: () => number;
  /** uniform in [0, 1); v1 `random` scores (default: Math.random) */
  random?: () => number;
  /** false rejects line based version 1 moods, as 0.7 does (default: true, as 0.6) */
  allowVersion1?: boolean;
}

export type ValueType = 'bool' | 'int' | 'string';

/** Integer keywords (`duration` is an extension: docs/paraslash/moods.md marks it unconfirmed). */
export const INT_KEYWORDS = MOOD_INT_KEYWORDS;
export type IntKeyword = MoodIntKeyword;

/** String keywords (`audio_format`, the handler's name, is an extension). */
export const STRING_KEYWORDS = MOOD_STRING_KEYWORDS;
export type StringKeyword = MoodStringKeyword;

export type ArithOp = '+' | '-' | '*' | '/';
export type CompareOp = '==' | '!=' | '<' | '>' | '<=' | '>=';

/** A pattern compiled at parse time; `source` is the text between the delimiters. */
export interface Pattern {
  kind: 'regex' | 'wildcard';
  source: string;
  flags: string;
  re: Matcher;
}

interface At {
  pos: SourcePos;
}

export type BoolNode =
  | (At & { type: 'bool'; kind: 'bool'; value: boolean })
  | (At & { type: 'bool'; kind: 'isSet'; attribute: string; bit: number })
  | (At & { type: 'bool'; kind: 'not'; operand: Node })
  /** n-ary so that long chains stay flat (no recursion depth per operand) */
  | (At & { type: 'bool'; kind: 'and' | 'or'; operands: Node[] })
  | (At & { type: 'bool'; kind: 'compare'; op: CompareOp; left: Node; right: Node })
  | (At & { type: 'bool'; kind: 'match'; subject: StringNode; pattern: Pattern });

export type IntNode =
  | (At & { type: 'int'; kind: 'num'; value: number })
  | (At & { type: 'int'; kind: 'intKeyword'; name: IntKeyword })
  | (At & { type: 'int'; kind: 'neg'; operand: IntNode })
  | (At & { type: 'int'; kind: 'arith'; op: ArithOp; left: IntNode; right: IntNode });

export type StringNode =
  | (At & { type: 'string'; kind: 'string'; value: string })
  | (At & { type: 'string'; kind: 'stringKeyword'; name: StringKeyword });

export type Node = BoolNode | IntNode | StringNode;

/** A parsed version 2 mood; an empty definition has no root and admits every file. */
export interface Program {
  root: Node | undefined;
}
