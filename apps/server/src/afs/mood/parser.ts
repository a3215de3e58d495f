// Recursive descent parser for version 2 moods (docs/paraslash/moods.md §2.5): builds the typed tree once,
// compiles patterns, resolves attributes and folds integer constants.
import type {
  ArithOp,
  BoolNode,
  CompareOp,
  IntKeyword,
  IntNode,
  MoodContext,
  Node,
  Pattern,
  Program,
  StringKeyword,
  ValueType,
} from './ast.js';
import { INT_KEYWORDS, STRING_KEYWORDS } from './ast.js';
import { MoodSyntaxError, quote } from './errors.js';
import type { SourcePos } from './errors.js';
import { arith } from './evaluate.js';
import { tokenize } from './lexer.js';
import { PatternBudget } from './limits.js';
import type { Token } from './lexer.js';
import { PatternError, compileRegex, compileWildcard } from '../patterns/index.js';

/** Parentheses and unary operators nest by recursion; this keeps the stack far from its end. */
const MAX_NESTING = 200;
/** Evaluation recurses over the tree; binary chains like a+b+c+... grow it without nesting. */
const MAX_HEIGHT = 1000;
const INT64_MAX = 2n ** 63n - 1n;

const INT_SET: ReadonlySet<string> = new Set(INT_KEYWORDS);
const STRING_SET: ReadonlySet<string> = new Set(STRING_KEYWORDS);
const TYPE_NAMES: Record<ValueType, string> = {
  bool: 'a boolean',
  int: 'an integer',
  string: 'a string',
};
const REGEX_FLAGS = new Set(['i', 'n']);
const WILDCARD_FLAGS = new Set(['n', 'p', 'P']);

/** Parses a whole version 2 mood definition; throws MoodSyntaxError. */
export function parseV2(text: string, ctx: Pick<MoodContext, 'attributeBit'>): Program {
  return new Parser(tokenize(text), ctx).program();
}

function describe(tok: Token): string {
  return tok.kind === 'eof' ? 'end of input' : quote(tok.text);
}

class Parser {
  private i = 0;
  private nesting = 0;
  private readonly heights = new WeakMap<Node, number>();
  private readonly budget = new PatternBudget();

  constructor(
    private readonly tokens: Token[],
    private readonly ctx: Pick<MoodContext, 'attributeBit'>,
  ) {}

  program(): Program {
    if (this.peek().kind === 'eof') return { root: undefined };
    const root = this.or();
    const tok = this.peek();
    if (tok.kind !== 'eof') {
      const hint = tok.kind === 'word' ? `'&&', '||' or the end of input` : 'an operator';
      throw MoodSyntaxError.expected(tok.pos, hint, describe(tok));
    }
    return { root };
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private take(): Token {
    const tok = this.tokens[this.i]!;
    if (tok.kind !== 'eof') this.i++;
    return tok;
  }

  private atOp(op: string): boolean {
    const tok = this.peek();
    return tok.kind === 'op' && tok.value === op;
  }

  private expectOp(op: string): Token {
    const tok = this.peek();
    if (tok.kind !== 'op' || tok.value !== op) {
      throw MoodSyntaxError.expected(tok.pos, `'${op}'`, describe(tok));
    }
    return this.take();
  }

  private enter(pos: SourcePos): void {
    if (++this.nesting > MAX_NESTING)
      throw new MoodSyntaxError(pos, 'expression nested too deeply');
  }

  /** Records the height of a new interior node and refuses trees too tall to evaluate. */
  private node<T extends Node>(n: T, ...children: Node[]): T {
    let h = 0;
    for (const c of children) h = Math.max(h, this.heights.get(c) ?? 1);
    if (h + 1 > MAX_HEIGHT) throw new MoodSyntaxError(n.pos, 'expression too long');
    this.heights.set(n, h + 1);
    return n;
  }

  private or(): Node {
    const first = this.and();
    if (!this.atOp('||')) return first;
    const operands = [first];
    while (this.atOp('||')) {
      this.take();
      operands.push(this.and());
    }
    return this.node({ type: 'bool', kind: 'or', operands, pos: first.pos }, ...operands);
  }

  private and(): Node {
    const first = this.equality();
    if (!this.atOp('&&')) return first;
    const operands = [first];
    while (this.atOp('&&')) {
      this.take();
      operands.push(this.equality());
    }
    return this.node({ type: 'bool', kind: 'and', operands, pos: first.pos }, ...operands);
  }

  private equality(): Node {
    let left = this.relational();
    while (this.atOp('==') || this.atOp('!=')) {
      const op = this.take();
      const right = this.relational();
      if (right.type !== left.type) throw operandError(right, op, left.type);
      left = this.compare(op.value as CompareOp, left, right);
    }
    return left;
  }

  private relational(): Node {
    let left = this.additive();
    for (;;) {
      const tok = this.peek();
      if (tok.kind !== 'op') return left;
      if (tok.value === '<' || tok.value === '>' || tok.value === '<=' || tok.value === '>=') {
        this.take();
        const right = this.additive();
        left = this.compare(tok.value, int(left, tok), int(right, tok));
      } else if (tok.value === '=~' || tok.value === '=|') {
        this.take();
        if (left.type !== 'string') throw operandError(left, tok, 'string');
        const pattern = this.pattern();
        left = this.node(
          { type: 'bool', kind: 'match', subject: left, pattern, pos: left.pos },
          left,
        );
      } else return left;
    }
  }

  private compare(op: CompareOp, left: Node, right: Node): BoolNode {
    return this.node(
      { type: 'bool', kind: 'compare', op, left, right, pos: left.pos },
      left,
      right,
    );
  }

  private pattern(): Pattern {
    const tok = this.peek();
    if (tok.kind !== 'regex' && tok.kind !== 'wildcard') {
      throw MoodSyntaxError.expected(tok.pos, 'a pattern (/regex/ or |wildcard|)', describe(tok));
    }
    this.take();
    const allowed = tok.kind === 'regex' ? REGEX_FLAGS : WILDCARD_FLAGS;
    for (const f of tok.flags) {
      if (!allowed.has(f)) {
        throw new MoodSyntaxError(
          tok.pos,
          `unknown flag '${f}' of ${tok.kind} pattern ${tok.text}`,
        );
      }
    }
    try {
      const re =
        tok.kind === 'regex'
          ? compileRegex(tok.value, {
              icase: tok.flags.includes('i'),
              newline: tok.flags.includes('n'),
            })
          : compileWildcard(tok.value, {
              noescape: tok.flags.includes('n'),
              pathname: tok.flags.includes('p'),
              period: tok.flags.includes('P'),
            });
      const over = this.budget.exceeded(re);
      if (over !== undefined) throw new MoodSyntaxError(tok.pos, over);
      return { kind: tok.kind, source: tok.value, flags: tok.flags, re };
    } catch (e) {
      if (!(e instanceof PatternError)) throw e;
      throw new MoodSyntaxError(
        patternPos(tok, e.index),
        `invalid ${tok.kind} pattern ${quote(tok.text)}: ${e.message}`,
      );
    }
  }

  private additive(): Node {
    let left = this.multiplicative();
    while (this.atOp('+') || this.atOp('-')) {
      const op = this.take();
      const right = this.multiplicative();
      left = this.arith(op, int(left, op), int(right, op));
    }
    return left;
  }

  private multiplicative(): Node {
    let left = this.unary();
    while (this.atOp('*') || this.atOp('/')) {
      const op = this.take();
      const right = this.unary();
      left = this.arith(op, int(left, op), int(right, op));
    }
    return left;
  }

  private arith(opTok: Token, left: IntNode, right: IntNode): IntNode {
    const op = opTok.value as ArithOp;
    if (op === '/' && right.kind === 'num' && right.value === 0) {
      throw new MoodSyntaxError(opTok.pos, 'division by zero');
    }
    if (left.kind === 'num' && right.kind === 'num') {
      return { type: 'int', kind: 'num', value: arith(op, left.value, right.value), pos: left.pos };
    }
    return this.node({ type: 'int', kind: 'arith', op, left, right, pos: left.pos }, left, right);
  }

  private unary(): Node {
    const tok = this.peek();
    if (tok.kind !== 'op' || (tok.value !== '!' && tok.value !== '-')) return this.primary();
    this.take();
    this.enter(tok.pos);
    const operand = this.unary();
    this.nesting--;
    if (tok.value === '!')
      return this.node({ type: 'bool', kind: 'not', operand, pos: tok.pos }, operand);
    const n = int(operand, tok);
    if (n.kind === 'num') return { ...n, value: arith('-', 0, n.value), pos: tok.pos };
    return this.node({ type: 'int', kind: 'neg', operand: n, pos: tok.pos }, n);
  }

  private primary(): Node {
    const tok = this.take();
    const pos = tok.pos;
    switch (tok.kind) {
      case 'num': {
        const big = BigInt(tok.value);
        if (big > INT64_MAX)
          throw new MoodSyntaxError(pos, `number ${quote(tok.text)} out of range`);
        return { type: 'int', kind: 'num', value: Number(big), pos };
      }
      case 'string':
        return { type: 'string', kind: 'string', value: tok.value, pos };
      case 'word':
        return this.word(tok);
      case 'op':
        if (tok.value === '(') {
          this.enter(pos);
          const inner = this.or();
          this.expectOp(')');
          this.nesting--;
          return inner;
        }
        break;
      default:
        break;
    }
    throw MoodSyntaxError.expected(pos, 'an expression', describe(tok));
  }

  private word(tok: Token): Node {
    const { value: w, pos } = tok;
    if (w === 'true' || w === 'false')
      return { type: 'bool', kind: 'bool', value: w === 'true', pos };
    if (INT_SET.has(w)) return { type: 'int', kind: 'intKeyword', name: w as IntKeyword, pos };
    if (STRING_SET.has(w))
      return { type: 'string', kind: 'stringKeyword', name: w as StringKeyword, pos };
    if (w === 'is_set') {
      this.expectOp('(');
      const arg = this.peek();
      if (arg.kind !== 'string') {
        throw MoodSyntaxError.expected(
          arg.pos,
          'an attribute name in double quotes',
          describe(arg),
        );
      }
      this.take();
      const bit = this.ctx.attributeBit(arg.value);
      if (bit === undefined)
        throw new MoodSyntaxError(arg.pos, `unknown attribute ${quote(arg.value)}`);
      this.expectOp(')');
      return { type: 'bool', kind: 'isSet', attribute: arg.value, bit, pos };
    }
    throw MoodSyntaxError.expected(pos, 'an expression', `unknown word ${quote(w)}`);
  }
}

/** Checks that an operand of an arithmetic or ordering operator is an integer. */
function int(n: Node, op: Token): IntNode {
  if (n.type !== 'int') throw operandError(n, op, 'int');
  return n;
}

function operandError(n: Node, op: Token, want: ValueType): MoodSyntaxError {
  return MoodSyntaxError.expected(
    n.pos,
    `${TYPE_NAMES[want]} operand for '${op.value}'`,
    `${TYPE_NAMES[n.type]}${n.kind === 'stringKeyword' || n.kind === 'intKeyword' ? ` (${n.name})` : ''}`,
  );
}

/**
 * Where index `index` of a pattern's body is in the mood text: after the opening delimiter,
 * counting an escaped delimiter (the lexer drops its backslash) as two characters. Patterns
 * never span lines.
 */
function patternPos(tok: Token, index: number): SourcePos {
  const { text } = tok;
  let offset = 1;
  let v = 0;
  // the lexer's walk: a backslash and the character after it go together
  while (v < index && offset < text.length - 1) {
    const escaped = text[offset] === '\\';
    if (escaped && text[offset + 1] === text[0]) {
      offset += 2;
      v += 1;
    } else if (escaped && v + 1 < index) {
      offset += 2;
      v += 2;
    } else {
      offset += 1;
      v += 1;
    }
  }
  return { ...tok.pos, column: tok.pos.column + offset, offset: tok.pos.offset + offset };
}
