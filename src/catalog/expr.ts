import { checkRegexp, goQuote, goRuneU, parseFloat64, parseUint, parseUint10 } from './values.js';

/*
 * expr.Compile of github.com/expr-lang/expr v1.17.8 (the version CoreDNS
 * pins), as far as compile time goes: the lexer and parser (parser/lexer,
 * parser), and the checker's static type rules (checker, checker/nature,
 * builtin) for the values CoreDNS's expressions see. Two plugins compile
 * expressions at setup: `view` with plugin/pkg/expression's DefaultEnv,
 * and `template` (var, expr) with DefaultEnv plus its own names. Both
 * disable the `type` builtin, so `type` is DefaultEnv's function there.
 *
 * Expression forms the checker does not model yield an unknown type,
 * which expr accepts anywhere, so a missing rule can only let through
 * what expr rejects, never reject what it accepts.
 */

/** A value's static type (expr's Nature), as far as the check models it. */
export type Nature =
  | { k: 'unknown' }
  | { k: 'nil' }
  | { k: 'bool' }
  | { k: 'int' }
  | { k: 'float' }
  | { k: 'string' }
  /**
   * A slice. `go` is its Go type where that is not the checker's generic
   * []interface{} (array literals, ranges and predicate results are that
   * type whatever `elem` says, and print and assign as it).
   */
  | { k: 'array'; elem: Nature; go?: string }
  | { k: 'map' }
  | { k: 'func'; go: string; params: Nature[]; out: Nature }
  /** A var whose value type expr could not tell: template's setup.go stores new(any), a *interface{}. */
  | { k: 'ptrAny' };

export const UNKNOWN: Nature = { k: 'unknown' };
const NIL: Nature = { k: 'nil' };
const BOOL: Nature = { k: 'bool' };
const INT: Nature = { k: 'int' };
const FLOAT: Nature = { k: 'float' };
export const STRING: Nature = { k: 'string' };
/** A b"..." literal: []uint8, a slice whose elements the check leaves unknown. */
const BYTES: Nature = { k: 'array', elem: UNKNOWN, go: '[]uint8' };
const STRINGS: Nature = { k: 'array', elem: STRING, go: '[]string' };
const arrayOf = (elem: Nature): Nature => ({ k: 'array', elem });

/** Nature.String(): the Go type, or "unknown" where there is none (nil included). */
function natureString(n: Nature): string {
  switch (n.k) {
    case 'nil':
      return 'unknown';
    case 'ptrAny':
      return '*interface {}';
    case 'float':
      return 'float64';
    case 'array':
      return n.go ?? '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    case 'func':
      return n.go;
    default:
      return n.k;
  }
}

/**
 * Nature.AssignableTo: nil to the nillable kinds, otherwise Go's
 * assignability of the two types, which for these types means the same
 * type (a func's signature, a slice's element type included).
 */
function assignable(n: Nature, to: Nature): boolean {
  if (n.k === 'nil') return to.k === 'func' || to.k === 'map' || to.k === 'array' || to.k === 'ptrAny';
  if (n.k === 'unknown' || to.k === 'unknown' || n.k !== to.k) return false;
  return n.k === 'func' || n.k === 'array' ? natureString(n) === natureString(to) : true;
}

/** An expr function value of Go type `go`. */
export const exprFunc = (go: string, params: Nature[], out: Nature): Nature => ({ k: 'func', go, params, out });
const stringMethod = exprFunc('func() string', [], STRING);
const intMethod = exprFunc('func() int', [], INT);

/**
 * coredns/coredns:plugin/pkg/expression DefaultEnv: the functions every
 * expression sees, with their Go types (methods of request.Request,
 * mostly).
 */
export const DEFAULT_ENV: ReadonlyMap<string, Nature> = new Map<string, Nature>([
  ['incidr', exprFunc('func(string, string) (bool, error)', [STRING, STRING], BOOL)],
  ['metadata', exprFunc('func(string) string', [STRING], STRING)],
  ['type', stringMethod],
  ['name', stringMethod],
  ['class', stringMethod],
  ['proto', stringMethod],
  ['size', intMethod],
  ['client_ip', stringMethod],
  ['port', stringMethod],
  ['id', intMethod],
  ['opcode', intMethod],
  ['do', exprFunc('func() bool', [], BOOL)],
  ['bufsize', intMethod],
  ['server_ip', stringMethod],
  ['server_port', stringMethod],
]);

/** builtin.Index of expr v1.17.8. */
export const EXPR_BUILTINS: ReadonlySet<string> = new Set([
  'all',
  'none',
  'any',
  'one',
  'filter',
  'map',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'count',
  'sum',
  'groupBy',
  'sortBy',
  'reduce',
  'len',
  'type',
  'abs',
  'ceil',
  'floor',
  'round',
  'int',
  'float',
  'string',
  'trim',
  'trimPrefix',
  'trimSuffix',
  'upper',
  'lower',
  'split',
  'splitAfter',
  'replace',
  'repeat',
  'join',
  'indexOf',
  'lastIndexOf',
  'hasPrefix',
  'hasSuffix',
  'max',
  'min',
  'mean',
  'median',
  'toJSON',
  'fromJSON',
  'toBase64',
  'fromBase64',
  'now',
  'duration',
  'date',
  'timezone',
  'first',
  'last',
  'get',
  'take',
  'keys',
  'values',
  'toPairs',
  'fromPairs',
  'reverse',
  'uniq',
  'concat',
  'flatten',
  'sort',
  'bitand',
  'bitor',
  'bitxor',
  'bitnand',
  'bitnot',
  'bitshl',
  'bitshr',
  'bitushr',
]);

/** Builtins checked by a Validate function: one argument of these kinds (or unknown); the result (undefined: the argument's). */
const VALIDATED: Readonly<Record<string, { accepts: Array<Nature['k']>; out?: Nature }>> = {
  len: { accepts: ['array', 'map', 'string'], out: INT },
  abs: { accepts: ['int', 'float'] },
  ceil: { accepts: ['int', 'float'], out: FLOAT },
  floor: { accepts: ['int', 'float'], out: FLOAT },
  round: { accepts: ['int', 'float'], out: FLOAT },
  int: { accepts: ['int', 'float', 'string'], out: INT },
  float: { accepts: ['int', 'float', 'string'], out: FLOAT },
};


/** Builtins with typed overloads (builtin.go `Types`), tried in order. */
const OVERLOADS: Readonly<Record<string, Array<[Nature[], Nature]>>> = {
  type: [[[UNKNOWN], STRING]],
  string: [[[UNKNOWN], STRING]],
  trim: [
    [[STRING], STRING],
    [[STRING, STRING], STRING],
  ],
  trimPrefix: [
    [[STRING, STRING], STRING],
    [[STRING], STRING],
  ],
  trimSuffix: [
    [[STRING, STRING], STRING],
    [[STRING], STRING],
  ],
  upper: [[[STRING], STRING]],
  lower: [[[STRING], STRING]],
  split: [
    [[STRING, STRING], STRINGS],
    [[STRING, STRING, INT], STRINGS],
  ],
  splitAfter: [
    [[STRING, STRING], STRINGS],
    [[STRING, STRING, INT], STRINGS],
  ],
  replace: [
    [[STRING, STRING, STRING, INT], STRING],
    [[STRING, STRING, STRING], STRING],
  ],
  repeat: [[[STRING, INT], STRING]],
  indexOf: [[[STRING, STRING], INT]],
  lastIndexOf: [[[STRING, STRING], INT]],
  hasPrefix: [[[STRING, STRING], BOOL]],
  hasSuffix: [[[STRING, STRING], BOOL]],
  toJSON: [[[UNKNOWN], STRING]],
  fromJSON: [[[STRING], UNKNOWN]],
  toBase64: [[[STRING], STRING]],
  fromBase64: [[[STRING], STRING]],
  duration: [[[STRING], UNKNOWN]],
  timezone: [[[STRING], UNKNOWN]],
  bitnot: [[[INT], INT]],
  ...Object.fromEntries(['bitand', 'bitor', 'bitxor', 'bitnand', 'bitshl', 'bitshr', 'bitushr'].map((b) => [b, [[[INT, INT], INT]]])),
};

/** Predicates whose predicate must give a bool. */
const BOOL_PREDICATES = new Set(['all', 'none', 'any', 'one', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'count']);

/** Predicate builtins and their argument shapes (parser.go predicates). */
const PREDICATES: Readonly<Record<string, Array<'expr' | 'pred' | 'optPred' | 'optExpr'>>> = {
  all: ['expr', 'pred'],
  none: ['expr', 'pred'],
  any: ['expr', 'pred'],
  one: ['expr', 'pred'],
  filter: ['expr', 'pred'],
  map: ['expr', 'pred'],
  count: ['expr', 'optPred'],
  sum: ['expr', 'optPred'],
  find: ['expr', 'pred'],
  findIndex: ['expr', 'pred'],
  findLast: ['expr', 'pred'],
  findLastIndex: ['expr', 'pred'],
  groupBy: ['expr', 'pred'],
  sortBy: ['expr', 'pred', 'optExpr'],
  reduce: ['expr', 'pred', 'optExpr'],
};

/** `Error` stands where the lexer failed: the parser meets it only if it reads that far. */
type TokKind = 'Identifier' | 'Number' | 'String' | 'Operator' | 'Bracket' | 'EOF' | 'Bytes' | 'Error';

interface Tok {
  kind: TokKind;
  value: string;
  from: number;
  /** On an `Error` token: what the lexer reports. */
  error?: ExprError;
}

class ExprError {
  constructor(
    readonly message: string,
    /** Rune offset the error points at. */
    readonly at: number,
  ) {}
}

/** unicode.IsSpace. */
const isExprSpace = (c: string) => /[\t\n\v\f\r\u0085\p{Z}]/u.test(c);
const isExprAlpha = (c: string) => c === '_' || c === '$' || /\p{L}/u.test(c);
const isExprAlnum = (c: string) => isExprAlpha(c) || /\p{Nd}/u.test(c);

/**
 * lexer.go: the tokens of an expression (runes, not bytes, as expr counts
 * positions), ending with EOF or, where the lexer fails, an Error token.
 * expr lexes as the parser asks for tokens, so a lexer error after the
 * point where parsing fails is never seen.
 */
function lexExpr(src: string[]): Tok[] {
  const out: Tok[] = [];
  try {
    scanExpr(src, out);
  } catch (e) {
    if (!(e instanceof ExprError)) throw e;
    out.push({ kind: 'Error', value: '', from: e.at, error: e });
  }
  return out;
}

function scanExpr(src: string[], out: Tok[]): void {
  let start = 0;
  let end = 0;
  const peek = () => src[end] ?? '';
  const accept = (valid: string) => {
    if (end < src.length && valid.includes(src[end])) {
      end++;
      return true;
    }
    return false;
  };
  const word = () => src.slice(start, end).join('');
  const emit = (kind: TokKind, value = word()) => {
    out.push({ kind, value, from: start });
    start = end;
  };
  const error = (msg: string, at = end - 1): never => {
    throw new ExprError(msg, Math.max(at, 0));
  };
  for (;;) {
    if (end >= src.length) {
      out.push({ kind: 'EOF', value: '', from: Math.max(end - 1, 0) });
      return;
    }
    const r = src[end++];
    if (isExprSpace(r)) {
      start = end;
      continue;
    }
    if (r === "'" || r === '"') {
      scanQuoted(r);
      const u = unescapeExpr(word());
      if ('error' in u) error(u.error);
      else emit('String', u.value);
      continue;
    }
    if (r === '`') {
      // scanRawString: a doubled backtick inside stands for one.
      let value = '';
      for (;;) {
        if (end >= src.length) error('literal not terminated', src.length);
        const ch = src[end++];
        if (ch === '`' && src[end] === '`') {
          value += '`';
          end++;
          continue;
        }
        if (ch === '`') break;
        value += ch;
      }
      emit('String', value);
      continue;
    }
    if ((r === 'b' || r === 'B') && (peek() === "'" || peek() === '"')) {
      const q = src[end++];
      scanQuoted(q);
      const u = unescapeExpr(src.slice(start + 1, end).join(''), true);
      if ('error' in u) error(u.error);
      else emit('Bytes', u.value);
      continue;
    }
    if (/[0-9]/.test(r)) {
      end--;
      number();
      continue;
    }
    if (r === '?') {
      accept('.?');
      emit('Operator');
      continue;
    }
    if (r === '/') {
      if (accept('/')) {
        while (end < src.length && src[end] !== '\n') end++;
        start = end;
        continue;
      }
      if (accept('*')) {
        for (;;) {
          if (end >= src.length) error('unclosed comment', src.length);
          if (src[end++] === '*' && accept('/')) break;
        }
        start = end;
        continue;
      }
      emit('Operator');
      continue;
    }
    if (r === '#') {
      accept('#');
      emit('Operator');
      while (end < src.length && isExprAlnum(src[end])) end++;
      if (word() !== '') emit('Identifier');
      continue;
    }
    if (r === '|' || r === ':') {
      accept(r);
      emit('Operator');
      continue;
    }
    if ('([{)]}'.includes(r)) {
      emit('Bracket');
      continue;
    }
    if (',;%+-^'.includes(r)) {
      emit('Operator');
      continue;
    }
    if ('&!=*<>'.includes(r)) {
      accept('&=*');
      emit('Operator');
      continue;
    }
    if (r === '.') {
      if (/[0-9]/.test(peek())) {
        end--;
        number();
        continue;
      }
      accept('.');
      emit('Operator');
      continue;
    }
    if (isExprAlnum(r)) {
      while (end < src.length && isExprAlnum(src[end])) end++;
      const w = word();
      if (w === 'not') {
        emit('Operator');
        while (src[end] === ' ') end++;
        start = end;
        const save = end;
        while (end < src.length && isExprAlnum(src[end])) end++;
        if (['in', 'matches', 'contains', 'startsWith', 'endsWith'].includes(word())) emit('Operator');
        else end = save;
      } else if (['in', 'or', 'and', 'matches', 'contains', 'startsWith', 'endsWith', 'let', 'if', 'else'].includes(w)) emit('Operator');
      else emit('Identifier');
      continue;
    }
    error(`unrecognized character: ${goRuneU(r.codePointAt(0)!)}`);
  }

  function scanQuoted(quote: string): void {
    for (;;) {
      if (end >= src.length || src[end] === '\n') error('literal not terminated', end >= src.length ? src.length : end);
      const ch = src[end++];
      if (ch === quote) return;
      if (ch === '\\') {
        const e = src[end++];
        if (e === undefined) error('literal not terminated', src.length);
        if ('abfnrtv\\'.includes(e) || e === quote) continue;
        const digits = /[0-7]/.test(e) ? [8, 2] : e === 'x' ? [16, 2] : e === 'u' ? [16, 4] : e === 'U' ? [16, 8] : undefined;
        if (e === 'u' && src[end] === '{') {
          end++;
          let n = 0;
          while (src[end] !== '}') {
            if (end >= src.length || parseInt(src[end], 16) >= 16 || Number.isNaN(parseInt(src[end], 16)) || n >= 6)
              error('invalid char escape');
            end++;
            n++;
          }
          if (n === 0) error('invalid char escape');
          end++;
          continue;
        }
        if (!digits) error('invalid char escape');
        for (let i = 0; i < digits![1]; i++) {
          const d = parseInt(src[end] ?? 'z', 16);
          if (Number.isNaN(d) || d >= digits![0]) error('invalid char escape');
          end++;
        }
      }
    }
  }

  function number(): void {
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    while (accept(digits));
    const beforeDot = end;
    let rangeOp = false;
    if (accept('.')) {
      if (peek() === '.') {
        end = beforeDot;
        rangeOp = true;
      } else while (accept(digits));
    }
    if (!rangeOp && accept('eE')) {
      accept('+-');
      while (accept(digits));
    }
    if (!rangeOp && end < src.length && isExprAlnum(src[end])) {
      end++;
      error(`bad number syntax: ${goQuote(word())}`);
    }
    emit('Number');
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/**
 * lexer/utils.go unescape (unescapeBytes for a b"..." literal): the value
 * of a quoted literal whose escapes the lexer has already scanned, or the
 * error for one that scans but does not decode: an octal escape above
 * \377, a code point above U+10FFFF, or \u and \U in bytes. The value
 * matters for `matches`, whose constant pattern is compiled at check time.
 */
function unescapeExpr(quoted: string, bytes = false): { value: string } | { error: string } {
  const body = [...quoted.slice(1, -1)];
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      out += body[i];
      continue;
    }
    const e = body[++i];
    if (SIMPLE_ESCAPES[e] !== undefined) {
      out += SIMPLE_ESCAPES[e];
    } else if (/[0-3]/.test(e)) {
      out += String.fromCharCode(parseInt(body.slice(i, i + 3).join(''), 8));
      i += 2;
    } else if (e === 'x' || (!bytes && (e === 'u' || e === 'U'))) {
      const braced = e === 'u' && body[i + 1] === '{';
      const n = braced ? body.indexOf('}', i) - i - 2 : e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + (braced ? 2 : 1), i + (braced ? 2 : 1) + n).join('');
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) return { error: 'unable to unescape string' };
      // A surrogate half encodes as U+FFFD, as utf8.EncodeRune does.
      out += cp >= 0xd800 && cp < 0xe000 ? '\ufffd' : String.fromCodePoint(cp);
      i += n + (braced ? 2 : 0);
    } else return { error: 'unable to unescape string' };
  }
  return { value: out };
}

type Node =
  | { t: 'nil' | 'bool' | 'int' | 'float' | 'string' | 'bytes'; at: number; value?: string }
  | { t: 'ident'; name: string; at: number }
  | { t: 'unary'; op: string; node: Node; at: number }
  | { t: 'binary'; op: string; left: Node; right: Node; at: number }
  | { t: 'call'; callee: Node; args: Node[]; at: number }
  | { t: 'builtin'; name: string; args: Node[]; at: number }
  | { t: 'member'; node: Node; prop: Node; method?: boolean; optional?: boolean; at: number }
  | { t: 'slice'; node: Node; from?: Node; to?: Node; at: number }
  | { t: 'cond'; cond: Node; a: Node; b: Node; at: number }
  | { t: 'array'; nodes: Node[]; at: number }
  | { t: 'map'; pairs: Array<[Node, Node]>; at: number }
  | { t: 'pointer'; name: string; at: number }
  | { t: 'predicate'; node: Node; at: number }
  | { t: 'let'; name: string; value: Node; body: Node; at: number }
  | { t: 'seq'; nodes: Node[]; at: number };

const UNARY: Readonly<Record<string, number>> = { not: 50, '!': 50, '-': 90, '+': 90 };
const BINARY: Readonly<Record<string, [number, 'L' | 'R']>> = {
  '|': [0, 'L'],
  or: [10, 'L'],
  '||': [10, 'L'],
  and: [15, 'L'],
  '&&': [15, 'L'],
  '==': [20, 'L'],
  '!=': [20, 'L'],
  '<': [20, 'L'],
  '>': [20, 'L'],
  '>=': [20, 'L'],
  '<=': [20, 'L'],
  in: [20, 'L'],
  matches: [20, 'L'],
  contains: [20, 'L'],
  startsWith: [20, 'L'],
  endsWith: [20, 'L'],
  '..': [25, 'L'],
  '+': [30, 'L'],
  '-': [30, 'L'],
  '*': [60, 'L'],
  '/': [60, 'L'],
  '%': [60, 'L'],
  '**': [100, 'R'],
  '^': [100, 'R'],
  '??': [500, 'L'],
};
const COMPARISON = new Set(['<', '>', '>=', '<=']);
const NEGATABLE = new Set(['contains', 'matches', 'startsWith', 'endsWith', 'in']);

function tokString(t: Tok): string {
  return t.value === '' ? t.kind : `${t.kind}(${goQuote(t.value)})`;
}

/** parser.go: the AST of an expression (with `type` disabled as a builtin, as both plugins compile). */
function parseExpr(src: string[]): Node {
  const toks = lexExpr(src);
  let i = 0;
  let cur = toks[0];
  let stash: Tok | undefined;
  let depth = 0;
  const error = (msg: string, at: Tok = cur): never => {
    throw new ExprError(msg, at.from);
  };
  const next = () => {
    if (stash) {
      cur = stash;
      stash = undefined;
      return;
    }
    i++;
    if (i >= toks.length) error('unexpected end of expression');
    cur = toks[i];
    if (cur.error) throw cur.error;
  };
  if (cur.error) throw cur.error;
  const is = (kind: TokKind, ...values: string[]) => cur.kind === kind && (values.length === 0 || values.includes(cur.value));
  const expect = (kind: TokKind, ...values: string[]) => {
    if (is(kind, ...values)) next();
    else error(`unexpected token ${tokString(cur)}`);
  };

  const sequence = (): Node => {
    const nodes = [expression(0)];
    while (is('Operator', ';')) {
      next();
      if (is('EOF')) break;
      nodes.push(expression(0));
    }
    return nodes.length === 1 ? nodes[0] : { t: 'seq', nodes, at: nodes[0].at };
  };

  const expression = (precedence: number): Node => {
    if (precedence === 0 && is('Operator', 'let')) {
      next();
      const name = cur;
      expect('Identifier');
      expect('Operator', '=');
      const value = expression(0);
      expect('Operator', ';');
      return { t: 'let', name: name.value, value, body: sequence(), at: name.from };
    }
    if (precedence === 0 && is('Operator', 'if')) return conditionalIf();
    let left = primary();
    let prev = '';
    let opTok = cur;
    while (opTok.kind === 'Operator') {
      const negate = opTok.value === 'not';
      if (negate) {
        const backupTok = cur;
        next();
        if (NEGATABLE.has(cur.value)) {
          const op = BINARY[cur.value];
          if (op && op[0] >= precedence) opTok = cur;
          else {
            stash = cur;
            cur = backupTok;
            break;
          }
        } else error(`unexpected token ${tokString(cur)}`);
      }
      const op = BINARY[opTok.value];
      if (!op || op[0] < precedence) break;
      next();
      if (opTok.value === '|') {
        const ident = cur;
        expect('Identifier');
        left = call(ident, [left]);
      } else {
        if (prev === '??' && opTok.value !== '??') {
          error(`Operator (${opTok.value}) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.`, opTok);
        }
        if (COMPARISON.has(opTok.value)) {
          left = comparison(left, opTok, op[0]);
        } else {
          const right = expression(op[1] === 'L' ? op[0] + 1 : op[0]);
          left = { t: 'binary', op: opTok.value, left, right, at: opTok.from };
          if (negate) left = { t: 'unary', op: 'not', node: left, at: opTok.from };
        }
      }
      prev = opTok.value;
      opTok = cur;
    }
    if (precedence === 0) {
      while (is('Operator', '?')) {
        next();
        let a: Node;
        let b: Node;
        if (!is('Operator', ':')) {
          a = expression(0);
          expect('Operator', ':');
          b = expression(0);
        } else {
          next();
          a = left;
          b = expression(0);
        }
        left = { t: 'cond', cond: left, a, b, at: cur.from };
      }
    }
    return left;
  };

  const conditionalIf = (): Node => {
    const at = cur.from;
    next();
    const cond = expression(0);
    expect('Bracket', '{');
    const a = sequence();
    expect('Bracket', '}');
    expect('Operator', 'else');
    let b: Node;
    if (is('Operator', 'if')) b = conditionalIf();
    else {
      expect('Bracket', '{');
      b = sequence();
      expect('Bracket', '}');
    }
    return { t: 'cond', cond, a, b, at };
  };

  const comparison = (left: Node, tok: Tok, precedence: number): Node => {
    let root: Node | undefined;
    for (;;) {
      const right = expression(precedence + 1);
      const cmp: Node = { t: 'binary', op: tok.value, left, right, at: tok.from };
      root = root ? { t: 'binary', op: '&&', left: root, right: cmp, at: tok.from } : cmp;
      left = right;
      tok = cur;
      if (!(tok.kind === 'Operator' && COMPARISON.has(tok.value))) break;
      next();
    }
    return root;
  };

  const primary = (): Node => {
    const tok = cur;
    if (tok.kind === 'Operator' && UNARY[tok.value] !== undefined) {
      next();
      const node = expression(UNARY[tok.value]);
      return postfix({ t: 'unary', op: tok.value, node, at: tok.from });
    }
    if (is('Bracket', '(')) {
      next();
      const e = sequence();
      expect('Bracket', ')');
      return postfix(e);
    }
    if (depth > 0 && (is('Operator', '#') || is('Operator', '.'))) {
      let name = '';
      if (is('Operator', '#')) {
        next();
        if (is('Identifier')) {
          name = cur.value;
          next();
        }
      }
      return postfix({ t: 'pointer', name, at: tok.from });
    }
    if (is('Operator', '::')) {
      next();
      const t = cur;
      expect('Identifier');
      return postfix(call(t, []));
    }
    return secondary();
  };

  const secondary = (): Node => {
    const tok = cur;
    let node: Node;
    switch (tok.kind) {
      case 'Identifier':
        next();
        if (tok.value === 'true' || tok.value === 'false') return { t: 'bool', at: tok.from };
        if (tok.value === 'nil') return { t: 'nil', at: tok.from };
        node = is('Bracket', '(') ? call(tok, []) : { t: 'ident', name: tok.value, at: tok.from };
        break;
      case 'Number': {
        next();
        const v = tok.value.replace(/_/g, '').toLowerCase();
        if (!v.startsWith('0x') && /[.e]/.test(v)) {
          if (!parseFloat64(v).ok)
            error(`invalid float literal: ${parseFloat64(v).ok ? '' : (parseFloat64(v) as { error: string }).error}`, tok);
          return { t: 'float', at: tok.from };
        }
        const kind = v.startsWith('0x') ? 'hex' : v.startsWith('0b') ? 'binary' : v.startsWith('0o') ? 'octal' : 'integer';
        const n = kind === 'integer' ? parseUint10(v) : parseUint(v, 0, 64);
        if (!n.ok || (n.ok && n.value > Number.MAX_SAFE_INTEGER && BigInt(v) > 9223372036854775807n)) {
          error(
            `invalid ${kind} literal: strconv.ParseInt: parsing ${goQuote(v)}: ${n.ok ? 'value out of range' : n.error.replace(/^.*: /, '')}`,
            tok,
          );
        }
        return { t: 'int', at: tok.from };
      }
      case 'String':
        next();
        node = { t: 'string', value: tok.value, at: tok.from };
        break;
      case 'Bytes':
        next();
        node = { t: 'bytes', at: tok.from };
        break;
      default:
        if (is('Bracket', '[')) node = arrayExpr(tok);
        else if (is('Bracket', '{')) node = mapExpr(tok);
        else return error(`unexpected token ${tokString(tok)}`);
    }
    return postfix(node);
  };

  const call = (tok: Tok, args: Node[]): Node => {
    const shape = PREDICATES[tok.value];
    if (shape) {
      expect('Bracket', '(');
      const rest = shape.slice(args.length);
      for (let k = 0; k < rest.length; k++) {
        const a = rest[k];
        if (a === 'optPred' || a === 'optExpr') {
          if (is('Bracket', ')')) break;
        } else if (is('Bracket', ')')) error(`expected at least ${rest.length} arguments`);
        if (k > 0) expect('Operator', ',');
        args.push(a === 'pred' || a === 'optPred' ? predicate() : expression(0));
      }
      if (is('Operator', ',')) next();
      expect('Bracket', ')');
      return { t: 'builtin', name: tok.value, args, at: tok.from };
    }
    if (EXPR_BUILTINS.has(tok.value) && tok.value !== 'type')
      return { t: 'builtin', name: tok.value, args: argumentsOf(args), at: tok.from };
    return { t: 'call', callee: { t: 'ident', name: tok.value, at: tok.from }, args: argumentsOf(args), at: tok.from };
  };

  const argumentsOf = (args: Node[]): Node[] => {
    const offset = args.length;
    expect('Bracket', '(');
    while (!is('Bracket', ')')) {
      if (args.length > offset) expect('Operator', ',');
      if (is('Bracket', ')')) break;
      args.push(expression(0));
    }
    expect('Bracket', ')');
    return args;
  };

  const predicate = (): Node => {
    const start = cur;
    const brackets = is('Bracket', '{');
    if (brackets) next();
    depth++;
    let node: Node;
    if (brackets) node = sequence();
    else {
      node = expression(0);
      if (is('Operator', ';')) error('wrap predicate with brackets { and }');
    }
    depth--;
    if (brackets) expect('Bracket', '}');
    return { t: 'predicate', node, at: start.from };
  };

  const arrayExpr = (tok: Tok): Node => {
    const nodes: Node[] = [];
    expect('Bracket', '[');
    while (!is('Bracket', ']')) {
      if (nodes.length > 0) {
        expect('Operator', ',');
        if (is('Bracket', ']')) break;
      }
      nodes.push(expression(0));
    }
    expect('Bracket', ']');
    return { t: 'array', nodes, at: tok.from };
  };

  const mapExpr = (tok: Tok): Node => {
    expect('Bracket', '{');
    const pairs: Array<[Node, Node]> = [];
    while (!is('Bracket', '}')) {
      if (pairs.length > 0) {
        expect('Operator', ',');
        if (is('Bracket', '}')) break;
        if (is('Operator', ',')) error(`unexpected token ${tokString(cur)}`);
      }
      let key: Node;
      if (is('Number') || is('String') || is('Identifier')) {
        key = { t: 'string', value: cur.value, at: cur.from };
        next();
      } else if (is('Bracket', '(')) key = expression(0);
      else {
        return error(
          `a map key must be a quoted string, a number, a identifier, or an expression enclosed in parentheses (unexpected token ${tokString(cur)})`,
        );
      }
      expect('Operator', ':');
      pairs.push([key, expression(0)]);
    }
    expect('Bracket', '}');
    return { t: 'map', pairs, at: tok.from };
  };

  const postfix = (node: Node): Node => {
    let tok = cur;
    while (tok.kind === 'Operator' || tok.kind === 'Bracket') {
      const optional = tok.value === '?.';
      if (tok.value === '.' || tok.value === '?.') {
        next();
        const prop = cur;
        if (optional && prop.kind === 'Bracket' && prop.value === '[') {
          tok = prop;
          continue;
        }
        next();
        if (prop.kind !== 'Identifier' && (prop.kind !== 'Operator' || !/^[\p{L}_$][\p{L}\p{Nd}_$]*$/u.test(prop.value))) {
          error('expected name');
        }
        const method = is('Bracket', '(');
        const member: Node = {
          t: 'member',
          node,
          prop: { t: 'string', value: prop.value, at: prop.from },
          method,
          optional,
          at: prop.from,
        };
        node = method ? { t: 'call', callee: member, args: argumentsOf([]), at: prop.from } : member;
      } else if (tok.value === '[') {
        next();
        if (is('Operator', ':')) {
          next();
          const to = is('Bracket', ']') ? undefined : expression(0);
          node = { t: 'slice', node, to, at: tok.from };
          expect('Bracket', ']');
        } else {
          const from = expression(0);
          if (is('Operator', ':')) {
            next();
            const to = is('Bracket', ']') ? undefined : expression(0);
            node = { t: 'slice', node, from, to, at: tok.from };
          } else {
            node = { t: 'member', node, prop: from, at: tok.from };
          }
          expect('Bracket', ']');
        }
      } else break;
      tok = cur;
    }
    return node;
  };

  const node = sequence();
  if (!is('EOF')) error(`unexpected token ${tokString(cur)}`);
  return node;
}

/** The parts of the checker (checker.go) that decide compile errors for the values these expressions see. */
function checkExpr(node: Node, env: ReadonlyMap<string, Nature>): Nature {
  const scopes: Array<[string, Nature]> = [];
  /** The element nature `#` stands for, innermost predicate last. */
  const pointers: Nature[] = [];
  const error = (at: number, msg: string): never => {
    throw new ExprError(msg, at);
  };
  const isNum = (n: Nature) => n.k === 'int' || n.k === 'float';
  const unknown = (n: Nature) => n.k === 'unknown';
  /** Nature.Deref: a *interface{} is read through, as an unknown value. */
  const deref = (n: Nature): Nature => (n.k === 'ptrAny' ? UNKNOWN : n);
  const maybe = (l: Nature, r: Nature, ok: (n: Nature) => boolean) =>
    (unknown(l) && unknown(r)) || (unknown(l) && ok(r)) || (unknown(r) && ok(l));
  /** Nature.ComparableTo. */
  const comparable = (l: Nature, r: Nature) =>
    unknown(l) ||
    unknown(r) ||
    l.k === 'nil' ||
    r.k === 'nil' ||
    (isNum(l) && isNum(r)) ||
    (l.k === 'array' && r.k === 'array') ||
    assignable(l, r);
  const promote = (l: Nature, r: Nature): Nature => (unknown(l) || unknown(r) ? UNKNOWN : l.k === 'float' || r.k === 'float' ? FLOAT : INT);
  const mismatch = (n: Node & { op: string; at: number }, l: Nature, r: Nature): never =>
    error(n.at, `invalid operation: ${n.op} (mismatched types ${natureString(l)} and ${natureString(r)})`);

  const visit = (n: Node): Nature => {
    switch (n.t) {
      case 'nil':
        return NIL;
      case 'bool':
        return BOOL;
      case 'int':
        return INT;
      case 'float':
        return FLOAT;
      case 'string':
        return STRING;
      case 'bytes':
        return BYTES;
      case 'pointer':
        if (n.name === 'index') return INT;
        return n.name === '' ? (pointers[pointers.length - 1] ?? UNKNOWN) : UNKNOWN;
      case 'ident': {
        for (let i = scopes.length - 1; i >= 0; i--) if (scopes[i][0] === n.name) return scopes[i][1];
        if (n.name === '$env') return UNKNOWN;
        const v = env.get(n.name);
        if (v) return v;
        return error(n.at, `unknown name ${n.name}`);
      }
      case 'unary': {
        const v = deref(visit(n.node));
        if (n.op === '!' || n.op === 'not') {
          if (v.k === 'bool' || unknown(v)) return BOOL;
        } else if (isNum(v)) return v;
        else if (unknown(v)) return UNKNOWN;
        return error(n.at, `invalid operation: ${n.op} (mismatched type ${natureString(v)})`);
      }
      case 'binary': {
        const l = deref(visit(n.left));
        const r = deref(visit(n.right));
        switch (n.op) {
          case '==':
          case '!=':
            if (comparable(l, r)) return BOOL;
            break;
          case 'or':
          case '||':
          case 'and':
          case '&&':
            if ((l.k === 'bool' && r.k === 'bool') || maybe(l, r, (x) => x.k === 'bool')) return BOOL;
            break;
          case '<':
          case '>':
          case '>=':
          case '<=':
            if ((isNum(l) && isNum(r)) || (l.k === 'string' && r.k === 'string') || maybe(l, r, (x) => isNum(x) || x.k === 'string'))
              return BOOL;
            break;
          case '-':
          case '*':
            if (isNum(l) && isNum(r)) return promote(l, r);
            if (maybe(l, r, isNum)) return UNKNOWN;
            break;
          case '/':
          case '**':
          case '^':
            if ((isNum(l) && isNum(r)) || maybe(l, r, isNum)) return FLOAT;
            break;
          case '%':
            if ((l.k === 'int' && r.k === 'int') || maybe(l, r, (x) => x.k === 'int')) return INT;
            break;
          case '+':
            if (isNum(l) && isNum(r)) return promote(l, r);
            if (l.k === 'string' && r.k === 'string') return STRING;
            if (maybe(l, r, (x) => isNum(x) || x.k === 'string')) return UNKNOWN;
            break;
          case 'in':
            if (r.k === 'map' || unknown(r)) return BOOL;
            if (r.k === 'array') {
              if (!comparable(l, r.elem)) error(n.at, `cannot use ${natureString(l)} as type ${natureString(r.elem)} in array`);
              return BOOL;
            }
            if (unknown(l) && r.k === 'string') return BOOL;
            break;
          case 'matches':
            if (n.right.t === 'string') {
              const re = checkRegexp(n.right.value ?? '');
              if (!re.ok) error(n.at, re.error);
            }
            if (((l.k === 'string' || l === BYTES) && r.k === 'string') || maybe(l, r, (x) => x.k === 'string')) return BOOL;
            break;
          case 'contains':
          case 'startsWith':
          case 'endsWith':
            if ((l.k === 'string' && r.k === 'string') || maybe(l, r, (x) => x.k === 'string')) return BOOL;
            break;
          case '..':
            if ((l.k === 'int' && r.k === 'int') || maybe(l, r, (x) => x.k === 'int')) return arrayOf(INT);
            break;
          case '??':
            if (l.k === 'nil') return r;
            if (r.k === 'nil') return l;
            return assignable(r, l) ? l : UNKNOWN;
        }
        return mismatch(n, l, r);
      }
      case 'call': {
        // The environment is a map[string]any in both plugins.
        if (n.callee.t === 'ident' && n.callee.name === '$env') return error(n.at, 'map[string]interface {} is not callable');
        const callee = visit(n.callee);
        // Arguments are checked only against a known signature.
        if (unknown(callee)) return UNKNOWN;
        const name =
          n.callee.t === 'ident'
            ? n.callee.name
            : n.callee.t === 'member' && n.callee.prop.t === 'string'
              ? (n.callee.prop.value ?? '')
              : 'function';
        if (callee.k === 'nil') return error(n.at, `${name} is nil; cannot call nil as function`);
        if (callee.k === 'func') return checkArgs(n, callee, name);
        return error(n.at, `${natureString(callee)} is not callable`);
      }
      case 'builtin':
        return builtin(n);
      case 'predicate':
        return visit(n.node);
      case 'member': {
        // $env.name looks the name up without builtins; $env is modelled as unknown otherwise.
        if (n.node.t === 'ident' && n.node.name === '$env') {
          const key = n.prop.t === 'string' ? (n.prop.value ?? '') : undefined;
          if (key !== undefined && !n.optional && !env.has(key)) error(n.at, `unknown name ${key}`);
          return key !== undefined ? (env.get(key) ?? UNKNOWN) : UNKNOWN;
        }
        const base = visit(n.node);
        const prop = visit(n.prop);
        if (unknown(base)) return UNKNOWN;
        const name = n.prop.t === 'string' ? n.prop.value : undefined;
        if (name !== undefined && base.k === 'nil') error(n.at, `type nil has no field ${name}`);
        if (base.k === 'map') {
          if (prop.k !== 'string' && !unknown(prop))
            error(n.prop.at, `cannot use ${natureString(prop)} to get an element from ${natureString(base)}`);
          return UNKNOWN;
        }
        if (base.k === 'array') {
          if (prop.k !== 'int' && !unknown(prop))
            error(n.prop.at, `array elements can only be selected using an integer (got ${natureString(prop)})`);
          return base.elem;
        }
        const shown = base.k === 'ptrAny' ? 'interface {}' : natureString(base);
        if (name !== undefined) error(n.at, `type ${shown} has no ${n.method ? 'method' : 'field'} ${name}`);
        return error(n.at, `type ${shown}[${natureString(prop)}] is undefined`);
      }
      case 'slice': {
        const v = visit(n.node);
        if (unknown(v)) return UNKNOWN;
        if (v.k !== 'string' && v.k !== 'array') error(n.at, `cannot slice ${natureString(v)}`);
        for (const bound of [n.from, n.to]) {
          if (!bound) continue;
          const b = visit(bound);
          if (b.k !== 'int' && !unknown(b)) error(bound.at, `non-integer slice index ${natureString(b)}`);
        }
        return v;
      }
      case 'cond': {
        const c = deref(visit(n.cond));
        if (c.k !== 'bool' && !unknown(c)) error(n.cond.at, `non-bool expression (type ${natureString(c)}) used as condition`);
        const a = visit(n.a);
        const b = visit(n.b);
        if (a.k === 'nil') return b;
        if (b.k === 'nil') return a;
        if (!assignable(a, b)) return UNKNOWN;
        // Two slices whose elements differ meet as the generic []interface{}.
        if (a.k === 'array' && b.k === 'array' && !(assignable(a.elem, b.elem) && assignable(b.elem, a.elem))) return arrayOf(UNKNOWN);
        return a;
      }
      case 'array': {
        const elems = n.nodes.map(visit);
        const same = elems.length > 0 && elems.every((e) => e.k === elems[0].k && e.k !== 'array' && e.k !== 'func');
        return { k: 'array', elem: same ? elems[0] : UNKNOWN };
      }
      case 'map':
        for (const [k, v] of n.pairs) {
          visit(k);
          visit(v);
        }
        return { k: 'map' };
      case 'let': {
        if (env.has(n.name)) error(n.at, `cannot redeclare ${n.name}`);
        if (EXPR_BUILTINS.has(n.name) && n.name !== 'type') error(n.at, `cannot redeclare builtin ${n.name}`);
        if (scopes.some(([name]) => name === n.name)) error(n.at, `cannot redeclare variable ${n.name}`);
        const v = visit(n.value);
        scopes.push([n.name, v]);
        const out = visit(n.body);
        scopes.pop();
        return out;
      }
      case 'seq': {
        let last: Nature = UNKNOWN;
        for (const x of n.nodes) last = visit(x);
        return last;
      }
    }
  };

  /** checkArguments: the first mismatch between argument and parameter natures, if any. */
  const argsError = (args: Node[], got: Nature[], params: Nature[], name: string, at: number): ExprError | undefined => {
    if (got.length !== params.length) {
      return new ExprError(`${got.length > params.length ? 'too many' : 'not enough'} arguments to call ${name}`, at);
    }
    for (let i = 0; i < got.length; i++) {
      const want = params[i];
      if (unknown(want) || unknown(got[i])) continue;
      if (want.k === 'float' && got[i].k === 'int') continue;
      if (got[i].k === 'nil') return new ExprError(`cannot use nil as argument (type ${natureString(want)}) to call ${name}`, args[i].at);
      if (
        got[i].k !== want.k ||
        (want.k === 'array' && !unknown(want.elem) && got[i].k === 'array' && (got[i] as typeof want).elem.k !== want.elem.k)
      ) {
        return new ExprError(`cannot use ${natureString(got[i])} as argument (type ${natureString(want)}) to call ${name} `, args[i].at);
      }
    }
    return undefined;
  };

  const checkArgs = (n: Node & { t: 'call' }, f: Nature & { k: 'func' }, name: string): Nature => {
    const e = argsError(n.args, n.args.map(visit), f.params, name, n.at);
    if (e) throw e;
    return f.out;
  };

  /** builtinNode and checkFunction: predicates, Validate functions and typed overloads. */
  const builtin = (n: Node & { t: 'builtin' }): Nature => {
    if (PREDICATES[n.name]) {
      const coll = deref(visit(n.args[0]));
      if (coll.k !== 'array' && !unknown(coll)) error(n.args[0].at, `builtin ${n.name} takes only array (got ${natureString(coll)})`);
      const elem = coll.k === 'array' ? coll.elem : UNKNOWN;
      let out: Nature = UNKNOWN;
      if (n.args[1]) {
        pointers.push(elem);
        out = visit(n.args[1]);
        pointers.pop();
      }
      for (const a of n.args.slice(2)) {
        const v = visit(a);
        if (n.name === 'sortBy' && v.k !== 'string' && !unknown(v)) error(a.at, `sortBy order argument must be a string (got ${natureString(v)})`);
      }
      if (n.args[1] && BOOL_PREDICATES.has(n.name) && out.k !== 'bool' && !unknown(out)) {
        error(n.args[1].at, `predicate should return boolean (got ${natureString(out)})`);
      }
      switch (n.name) {
        case 'all':
        case 'none':
        case 'any':
        case 'one':
          return BOOL;
        case 'filter':
          return arrayOf(elem);
        case 'sortBy':
          return coll;
        case 'map':
          return arrayOf(out);
        case 'find':
        case 'findLast':
          return elem;
        case 'findIndex':
        case 'findLastIndex':
        case 'count':
          return INT;
        case 'groupBy':
          return { k: 'map' };
        default:
          return UNKNOWN;
      }
    }
    const got = n.args.map(visit);
    const validate = VALIDATED[n.name];
    if (validate) {
      if (got.length !== 1) error(n.at, `invalid number of arguments (expected 1, got ${got.length})`);
      const g = got[0];
      if (!unknown(g) && !validate.accepts.includes(g.k))
        error(n.at, `invalid argument for ${n.name} (type ${g.k === 'nil' ? '<nil>' : natureString(g)})`);
      return validate.out ?? g;
    }
    const overloads = OVERLOADS[n.name];
    if (!overloads) return UNKNOWN;
    let last: ExprError | undefined;
    for (const [params, out] of overloads) {
      last = argsError(n.args, got, params, n.name, n.at);
      if (!last) return out;
    }
    throw last!;
  };

  return visit(node);
}

/** file.Error.Bind + format: the message, the 1-based position and the source line with a caret. */
function formatExprError(e: ExprError, src: string[]): string {
  let line = 1;
  let column = 0;
  let lineStart = 0;
  for (let i = 0; i < src.length && i < e.at; i++) {
    if (src[i] === '\n') {
      lineStart = i + 1;
      line++;
      column = 0;
    } else column++;
  }
  let lineEnd = src.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = src.length;
  if (lineStart === lineEnd) return e.message;
  const text = src.slice(lineStart, lineEnd).join('').replace(/\t/g, ' ');
  return `${e.message} (${line}:${column + 1})\n | ${text}\n | ${'.'.repeat(column)}^`;
}

/** A compile error: its text as expr prints it, and the code point of the source it points at. */
export interface ExprIssue {
  message: string;
  offset: number;
}

/**
 * expr.Compile(source, expr.Env(env), expr.DisableBuiltin("type")), as
 * both plugins call it: the error, or the nature of the result.
 */
export function compileExpr(source: string, env: ReadonlyMap<string, Nature>): { issue?: ExprIssue; nature: Nature } {
  const src = [...source];
  try {
    return { nature: checkExpr(parseExpr(src), env) };
  } catch (e) {
    if (e instanceof ExprError) return { issue: { message: formatExprError(e, src), offset: e.at }, nature: UNKNOWN };
    throw e;
  }
}

/** plugin/template/setup.go isExprIdentifier: parser.Parse(name) yields just that identifier. */
export function isExprIdentifier(name: string): boolean {
  try {
    const node = parseExpr([...name]);
    return node.t === 'ident' && node.name === name;
  } catch (e) {
    if (e instanceof ExprError) return false;
    throw e;
  }
}

/** The error expr.Compile gives for a `view` expression (plugin/view/setup.go), if any. */
export function viewExpressionIssue(expression: string): ExprIssue | undefined {
  return compileExpr(expression, DEFAULT_ENV).issue;
}

/** The message of `viewExpressionIssue`, alone. */
export function viewExpressionError(expression: string): string | undefined {
  return viewExpressionIssue(expression)?.message;
}
