import { compileRegexp, goQuote } from './values.js';

/*
 * What expr.Compile (github.com/expr-lang/expr v1.17, the version CoreDNS
 * 1.14.7 pins) rejects in a `view` expression: lexer and parser errors,
 * ported from expr's parser/lexer and parser packages, and the checker's
 * errors for names, calls and operator types in CoreDNS's environment.
 * What member access, indexing and most builtins yield is not modelled
 * (treated as unknown, which the checker accepts anywhere).
 */

type Kind = 'Identifier' | 'Number' | 'String' | 'Bytes' | 'Operator' | 'Bracket' | 'EOF';

interface Token {
  kind: Kind;
  value: string;
  /** Rune offset where the token starts. */
  from: number;
}

class ExprError {
  constructor(
    readonly message: string,
    readonly from: number,
  ) {}
}

const UNARY: Record<string, number> = { not: 50, '!': 50, '-': 90, '+': 90 };
const BINARY: Record<string, { precedence: number; right?: boolean }> = {
  '|': { precedence: 0 }, or: { precedence: 10 }, '||': { precedence: 10 }, and: { precedence: 15 },
  '&&': { precedence: 15 }, '==': { precedence: 20 }, '!=': { precedence: 20 }, '<': { precedence: 20 },
  '>': { precedence: 20 }, '>=': { precedence: 20 }, '<=': { precedence: 20 }, in: { precedence: 20 },
  matches: { precedence: 20 }, contains: { precedence: 20 }, startsWith: { precedence: 20 },
  endsWith: { precedence: 20 }, '..': { precedence: 25 }, '+': { precedence: 30 }, '-': { precedence: 30 },
  '*': { precedence: 60 }, '/': { precedence: 60 }, '%': { precedence: 60 }, '**': { precedence: 100, right: true },
  '^': { precedence: 100, right: true }, '??': { precedence: 500 },
};
const NEGATABLE = new Set(['contains', 'matches', 'startsWith', 'endsWith', 'in']);
const COMPARISON = new Set(['<', '>', '>=', '<=']);

/** Builtins that take a predicate: argument kinds, `?` marking optional ones. */
const PREDICATES: Record<string, string[]> = {
  all: ['expr', 'pred'], none: ['expr', 'pred'], any: ['expr', 'pred'], one: ['expr', 'pred'],
  filter: ['expr', 'pred'], map: ['expr', 'pred'], find: ['expr', 'pred'], findIndex: ['expr', 'pred'],
  findLast: ['expr', 'pred'], findLastIndex: ['expr', 'pred'], count: ['expr', 'pred?'], sum: ['expr', 'pred?'],
  groupBy: ['expr', 'pred'], sortBy: ['expr', 'pred', 'expr?'], reduce: ['expr', 'pred', 'expr?'],
};

const BUILTINS = new Set([
  'len', 'abs', 'ceil', 'floor', 'round', 'int', 'float', 'string', 'trim', 'trimPrefix', 'trimSuffix', 'upper',
  'lower', 'split', 'splitAfter', 'replace', 'repeat', 'join', 'indexOf', 'lastIndexOf', 'hasPrefix', 'hasSuffix',
  'max', 'min', 'mean', 'median', 'toJSON', 'fromJSON', 'toBase64', 'fromBase64', 'now', 'duration', 'date',
  'timezone', 'first', 'last', 'get', 'take', 'keys', 'values', 'toPairs', 'fromPairs', 'reverse', 'uniq', 'concat',
  'flatten', 'sort', 'bitand', 'bitor', 'bitxor', 'bitnand', 'bitnot', 'bitshl', 'bitshr', 'bitushr',
]);


const isSpace = (r: string) => /\s/u.test(r);
const isAlphaNumeric = (r: string) => r === '_' || r === '$' || /[\p{L}\p{Nd}]/u.test(r);

function lex(src: string[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const peek = () => src[i];
  const accept = (set: string) => {
    if (i < src.length && set.includes(src[i])) {
      i++;
      return true;
    }
    return false;
  };
  const acceptRun = (set: string) => {
    while (accept(set));
  };
  const word = (start: number) => src.slice(start, i).join('');
  const emit = (kind: Kind, start: number, value = word(start)) => tokens.push({ kind, value, from: start });
  const err = (msg: string, at: number): never => {
    throw new ExprError(msg, at);
  };

  const scanNumber = (start: number) => {
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    const end = i;
    if (accept('.')) {
      if (peek() === '.') {
        i = end;
        return emit('Number', start);
      }
      acceptRun(digits);
    }
    if (accept('eE')) {
      accept('+-');
      acceptRun(digits);
    }
    if (i < src.length && isAlphaNumeric(src[i])) {
      i++;
      err(`bad number syntax: ${goQuote(word(start))}`, start);
    }
    emit('Number', start);
  };

  const scanString = (quote: string, start: number) => {
    for (;;) {
      const r = src[i++];
      if (r === undefined || r === '\n') err('literal not terminated', start);
      if (r === '\\' && quote !== '`') {
        const e = src[i++];
        if (e === undefined) err('literal not terminated', start);
        if (!'abfnrtv\\\'"xuU01234567'.includes(e)) err('invalid char escape', start);
        continue;
      }
      if (r === quote) break;
    }
  };

  while (i < src.length) {
    const start = i;
    const r = src[i++];
    if (isSpace(r)) continue;
    if (r === "'" || r === '"') {
      scanString(r, start);
      emit('String', start);
    } else if (r === '`') {
      while (src[i] !== '`') {
        if (i >= src.length) err('literal not terminated', start);
        i++;
      }
      i++;
      emit('String', start);
    } else if ((r === 'b' || r === 'B') && (peek() === "'" || peek() === '"')) {
      scanString(src[i++], start);
      emit('Bytes', start);
    } else if (r >= '0' && r <= '9') {
      i--;
      scanNumber(start);
    } else if (r === '?') {
      accept('.?');
      emit('Operator', start);
    } else if (r === '/') {
      if (accept('/')) {
        while (i < src.length && src[i] !== '\n') i++;
      } else if (accept('*')) {
        for (;;) {
          if (i >= src.length) err('unclosed comment', start);
          if (src[i++] === '*' && accept('/')) break;
        }
      } else emit('Operator', start);
    } else if (r === '#') {
      accept('#');
      emit('Operator', start);
      const s = i;
      while (i < src.length && isAlphaNumeric(src[i])) i++;
      if (i > s) emit('Identifier', s);
    } else if (r === '|') {
      accept('|');
      emit('Operator', start);
    } else if (r === ':') {
      accept(':');
      emit('Operator', start);
    } else if ('([{)]}'.includes(r)) {
      emit('Bracket', start);
    } else if (',;%+-^'.includes(r)) {
      emit('Operator', start);
    } else if ('&!=*<>'.includes(r)) {
      accept('&=*');
      emit('Operator', start);
    } else if (r === '.') {
      if (i < src.length && src[i] >= '0' && src[i] <= '9') {
        i--;
        scanNumber(start);
      } else {
        accept('.');
        emit('Operator', start);
      }
    } else if (isAlphaNumeric(r)) {
      while (i < src.length && isAlphaNumeric(src[i])) i++;
      const w = word(start);
      if (w === 'not') {
        emit('Operator', start);
        while (i < src.length && isSpace(src[i])) i++;
        const s = i;
        while (i < src.length && isAlphaNumeric(src[i])) i++;
        if (NEGATABLE.has(word(s))) emit('Operator', s);
        else i = s;
      } else if (['in', 'or', 'and', 'matches', 'contains', 'startsWith', 'endsWith', 'let', 'if', 'else'].includes(w)) {
        emit('Operator', start);
      } else emit('Identifier', start);
    } else {
      const cp = r.codePointAt(0)!;
      err(`unrecognized character: U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${r}'`, start);
    }
  }
  tokens.push({ kind: 'EOF', value: '', from: src.length });
  return tokens;
}

function tokenString(t: Token): string {
  return t.value === '' ? t.kind : `${t.kind}(${goQuote(t.value)})`;
}

/** What the checker knows of a value's type (expr's Nature, reduced to what view expressions need). */
type Nature =
  | { k: 'unknown' | 'nil' | 'bool' | 'int' | 'float' | 'string' | 'bytes' | 'array' | 'map' }
  | { k: 'func'; sig: string; params: Nature[]; out: Nature };

const UNKNOWN: Nature = { k: 'unknown' };
const NIL: Nature = { k: 'nil' };
const BOOL: Nature = { k: 'bool' };
const INT: Nature = { k: 'int' };
const FLOAT: Nature = { k: 'float' };
const STRING: Nature = { k: 'string' };
const ARRAY: Nature = { k: 'array' };
const MAP: Nature = { k: 'map' };

function natureString(n: Nature): string {
  switch (n.k) {
    case 'float': return 'float64';
    case 'bytes': return '[]uint8';
    case 'array': return '[]interface {}';
    case 'map': return 'map[string]interface {}';
    case 'func': return n.sig;
    default: return n.k;
  }
}

const isNumber = (n: Nature) => n.k === 'int' || n.k === 'float';
const isUnknown = (n: Nature) => n.k === 'unknown';

function assignable(n: Nature, to: Nature): boolean {
  if (n.k === 'nil') return to.k === 'func' || to.k === 'map' || to.k === 'array' || to.k === 'bytes';
  if (n.k === 'unknown' || to.k === 'unknown') return false;
  return n.k === to.k && (n.k !== 'func' || n.sig === (to as { sig: string }).sig);
}

function comparable(l: Nature, r: Nature): boolean {
  return isUnknown(l) || isUnknown(r) || l.k === 'nil' || r.k === 'nil' || (isNumber(l) && isNumber(r)) ||
    (l.k === 'array' && r.k === 'array') || assignable(l, r);
}

/** Nature.MaybeCompatible: one side unknown and the other of an allowed kind, or both unknown. */
function maybe(l: Nature, r: Nature, ...kinds: Array<(n: Nature) => boolean>): boolean {
  return (isUnknown(l) && isUnknown(r)) || (isUnknown(l) && kinds.some((f) => f(r))) || (isUnknown(r) && kinds.some((f) => f(l)));
}

const isString = (n: Nature) => n.k === 'string';
const isInt = (n: Nature) => n.k === 'int';
const isBool = (n: Nature) => n.k === 'bool';

const fn = (sig: string, params: Nature[], out: Nature): Nature => ({ k: 'func', sig, params, out });

/**
 * coredns/coredns:plugin/pkg/expression DefaultEnv: the functions a view
 * expression can call, with their Go types. (`type` is also an expr
 * builtin, which view disables, so the name refers to the request's type.)
 */
const COREDNS_ENV: ReadonlyMap<string, Nature> = new Map([
  ['incidr', fn('func(string, string) (bool, error)', [STRING, STRING], BOOL)],
  ['metadata', fn('func(string) string', [STRING], STRING)],
  ...['type', 'name', 'class', 'proto', 'client_ip', 'port', 'server_ip', 'server_port'].map((n) => [n, fn('func() string', [], STRING)] as const),
  ...['size', 'id', 'opcode', 'bufsize'].map((n) => [n, fn('func() int', [], INT)] as const),
  ['do', fn('func() bool', [], BOOL)],
]);

/** Result types of expr builtins, where they are fixed. */
const BUILTIN_OUT: Readonly<Record<string, Nature>> = {
  len: INT, int: INT, float: FLOAT, string: STRING, upper: STRING, lower: STRING, trim: STRING, trimPrefix: STRING,
  trimSuffix: STRING, replace: STRING, repeat: STRING, join: STRING, toJSON: STRING, toBase64: STRING, fromBase64: STRING,
  split: ARRAY, splitAfter: ARRAY, keys: ARRAY, values: ARRAY, toPairs: ARRAY, sort: ARRAY, reverse: ARRAY, uniq: ARRAY,
  concat: ARRAY, flatten: ARRAY, take: ARRAY, hasPrefix: BOOL, hasSuffix: BOOL, indexOf: INT, lastIndexOf: INT,
  all: BOOL, none: BOOL, any: BOOL, one: BOOL, filter: ARRAY, map: ARRAY, findIndex: INT, findLastIndex: INT,
  count: INT, groupBy: MAP, sortBy: ARRAY, fromPairs: MAP,
};

/** A checked value and where its node sits (for the error location). */
interface Typed {
  n: Nature;
  at: number;
}

/**
 * A port of expr's parser that also runs the checker's type rules as it
 * goes. `check` is off for the first pass, so that a syntax error anywhere
 * wins over a type error, as in expr (which parses fully, then checks).
 */
class Parser {
  private pos = 0;
  private depth = 0;
  private readonly scopes: Array<Map<string, Nature>> = [];

  constructor(
    private readonly tokens: Token[],
    private readonly check: boolean,
  ) {}

  private get current(): Token {
    return this.tokens[this.pos];
  }

  private is(kind: Kind, value?: string): boolean {
    return this.current.kind === kind && (value === undefined || this.current.value === value);
  }

  private next(): void {
    if (this.pos < this.tokens.length - 1) this.pos++;
  }

  private error(msg: string, t: Token = this.current): never {
    throw new ExprError(msg, t.from);
  }

  private typeError(msg: string, at: number): never {
    throw new ExprError(msg, at);
  }

  private expect(kind: Kind, value?: string): void {
    if (this.is(kind, value)) return this.next();
    this.error(`unexpected token ${tokenString(this.current)}`);
  }

  parse(): void {
    this.sequence();
    if (!this.is('EOF')) this.error(`unexpected token ${tokenString(this.current)}`);
  }

  private sequence(): Typed {
    let last = this.expression(0);
    while (this.is('Operator', ';')) {
      this.next();
      if (this.is('EOF')) break;
      last = this.expression(0);
    }
    return last;
  }

  private expression(precedence: number): Typed {
    if (precedence === 0 && this.is('Operator', 'let')) return this.letDeclaration();
    if (precedence === 0 && this.is('Operator', 'if')) return this.conditionalIf();
    let left = this.primary();
    let prev = '';
    let op = this.current;
    while (op.kind === 'Operator') {
      let negated = false;
      if (op.value === 'not') {
        const backup = this.pos;
        this.next();
        if (!NEGATABLE.has(this.current.value)) this.error(`unexpected token ${tokenString(this.current)}`);
        if (BINARY[this.current.value].precedence < precedence) {
          this.pos = backup;
          break;
        }
        op = this.current;
        negated = true;
      }
      const info = BINARY[op.value];
      if (!info || info.precedence < precedence) break;
      this.next();
      if (op.value === '|') {
        const ident = this.current;
        this.expect('Identifier');
        left = this.call(ident, [left]);
      } else {
        if (prev === '??' && op.value !== '??') {
          this.error(`Operator (${op.value}) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.`, op);
        }
        if (COMPARISON.has(op.value)) {
          let cmpOp = op;
          let l = left;
          for (;;) {
            const r = this.expression(info.precedence + 1);
            this.binary(cmpOp, l, r);
            l = r;
            if (!(this.is('Operator') && COMPARISON.has(this.current.value))) break;
            cmpOp = this.current;
            this.next();
          }
          left = { n: BOOL, at: op.from };
        } else {
          const right = this.expression(info.right ? info.precedence : info.precedence + 1);
          left = this.binary(op, left, right);
          if (negated) left = { n: BOOL, at: left.at };
        }
      }
      prev = op.value;
      op = this.current;
    }
    if (precedence === 0) left = this.conditional(left);
    // Only a bare string literal is compiled as a regex for `matches`.
    if (prev !== '' || left.n !== STRING) this.regexLiteral = undefined;
    return left;
  }

  /** checker.binaryNode, without time and duration types (CoreDNS's environment has none). */
  private binary(op: Token, left: Typed, right: Typed): Typed {
    const at = op.from;
    const l = left.n;
    const r = right.n;
    const ok = (n: Nature): Typed => ({ n, at });
    if (!this.check) return ok(UNKNOWN);
    switch (op.value) {
      case '==':
      case '!=':
        if (comparable(l, r)) return ok(BOOL);
        break;
      case 'or':
      case '||':
      case 'and':
      case '&&':
        if ((isBool(l) && isBool(r)) || maybe(l, r, isBool)) return ok(BOOL);
        break;
      case '<':
      case '>':
      case '>=':
      case '<=':
        if ((isNumber(l) && isNumber(r)) || (isString(l) && isString(r)) || maybe(l, r, isNumber, isString)) return ok(BOOL);
        break;
      case '-':
      case '*':
      case '+':
        if (isNumber(l) && isNumber(r)) return ok(l.k === 'float' || r.k === 'float' ? FLOAT : INT);
        if (op.value === '+' && isString(l) && isString(r)) return ok(STRING);
        if (maybe(l, r, isNumber, ...(op.value === '+' ? [isString] : []))) return ok(UNKNOWN);
        break;
      case '/':
      case '**':
      case '^':
        if ((isNumber(l) && isNumber(r)) || maybe(l, r, isNumber)) return ok(FLOAT);
        break;
      case '%':
        if ((isInt(l) && isInt(r)) || maybe(l, r, isInt)) return ok(INT);
        break;
      case 'in':
        if (r.k === 'map' || r.k === 'array' || isUnknown(r)) return ok(BOOL);
        if (isUnknown(l) && isString(r)) return ok(BOOL);
        break;
      case 'matches': {
        if (this.regexLiteral !== undefined) {
          const re = compileRegexp(this.regexLiteral);
          if (!re.ok) this.typeError(re.error, at);
        }
        if (((isString(l) || l.k === 'bytes') && isString(r)) || maybe(l, r, isString)) return ok(BOOL);
        break;
      }
      case 'contains':
      case 'startsWith':
      case 'endsWith':
        if ((isString(l) && isString(r)) || maybe(l, r, isString)) return ok(BOOL);
        break;
      case '..':
        if ((isInt(l) && isInt(r)) || maybe(l, r, isInt)) return ok(ARRAY);
        break;
      case '??':
        if (l.k === 'nil') return ok(r);
        if (r.k === 'nil') return ok(l);
        return ok(assignable(r, l) ? l : UNKNOWN);
    }
    this.typeError(`invalid operation: ${op.value} (mismatched types ${natureString(l)} and ${natureString(r)})`, at);
  }

  /** The value of the right operand when it is a plain string literal (for `matches`). */
  private regexLiteral: string | undefined;

  private letDeclaration(): Typed {
    this.expect('Operator', 'let');
    const name = this.current;
    this.expect('Identifier');
    this.expect('Operator', '=');
    const value = this.expression(0);
    this.expect('Operator', ';');
    if (this.check && (COREDNS_ENV.has(name.value) || BUILTINS.has(name.value) || PREDICATES[name.value])) {
      this.typeError(`cannot redeclare ${BUILTINS.has(name.value) || PREDICATES[name.value] ? 'builtin' : 'function'} ${name.value}`, name.from);
    }
    this.scopes.push(new Map([[name.value, value.n]]));
    const body = this.sequence();
    this.scopes.pop();
    return body;
  }

  private condition(c: Typed): void {
    if (this.check && !isBool(c.n) && !isUnknown(c.n)) {
      this.typeError(`non-bool expression (type ${natureString(c.n)}) used as condition`, c.at);
    }
  }

  private conditionalIf(): Typed {
    this.next();
    this.condition(this.expression(0));
    this.expect('Bracket', '{');
    const a = this.sequence();
    this.expect('Bracket', '}');
    this.expect('Operator', 'else');
    let b: Typed;
    if (this.is('Operator', 'if')) b = this.conditionalIf();
    else {
      this.expect('Bracket', '{');
      b = this.sequence();
      this.expect('Bracket', '}');
    }
    return { n: a.n.k === b.n.k ? a.n : UNKNOWN, at: a.at };
  }

  private conditional(node: Typed): Typed {
    while (this.is('Operator', '?')) {
      this.next();
      let a: Typed;
      let b: Typed;
      if (!this.is('Operator', ':')) {
        a = this.expression(0);
        this.expect('Operator', ':');
        b = this.expression(0);
        this.condition(node);
      } else {
        this.next();
        a = node;
        b = this.expression(0);
      }
      node = { n: a.n.k === b.n.k ? a.n : UNKNOWN, at: node.at };
    }
    return node;
  }

  private primary(): Typed {
    const t = this.current;
    this.regexLiteral = undefined;
    if (t.kind === 'Operator' && UNARY[t.value] !== undefined) {
      this.next();
      const operand = this.expression(UNARY[t.value]);
      let n: Nature = UNKNOWN;
      if (this.check) {
        const numeric = t.value === '-' || t.value === '+';
        const fits = numeric ? isNumber(operand.n) : isBool(operand.n);
        if (!fits && !isUnknown(operand.n)) this.typeError(`invalid operation: ${t.value} (mismatched type ${natureString(operand.n)})`, t.from);
        n = numeric ? operand.n : BOOL;
      }
      const out = this.postfix({ n, at: t.from });
      this.regexLiteral = undefined;
      return out;
    }
    if (this.is('Bracket', '(')) {
      this.next();
      const inner = this.sequence();
      this.expect('Bracket', ')');
      return this.postfix(inner);
    }
    if (this.depth > 0 && (this.is('Operator', '#') || this.is('Operator', '.'))) {
      if (this.is('Operator', '#')) {
        this.next();
        if (this.is('Identifier')) this.next();
      }
      return this.postfix({ n: UNKNOWN, at: t.from });
    }
    if (this.is('Operator', '::')) {
      this.next();
      const ident = this.current;
      this.expect('Identifier');
      return this.postfix(this.call(ident, []));
    }
    return this.secondary();
  }

  private secondary(): Typed {
    const t = this.current;
    let node: Typed;
    switch (t.kind) {
      case 'Identifier':
        this.next();
        if (t.value === 'true' || t.value === 'false') return { n: BOOL, at: t.from };
        if (t.value === 'nil') return { n: NIL, at: t.from };
        if (this.is('Bracket', '(')) node = this.call(t, []);
        else node = { n: this.lookup(t), at: t.from };
        break;
      case 'Number':
        this.next();
        return { n: /^0[xXbBoO]/.test(t.value) || !/[.eE]/.test(t.value) ? INT : FLOAT, at: t.from };
      case 'String':
        this.next();
        node = { n: STRING, at: t.from };
        this.regexLiteral = stringValue(t.value);
        return this.postfix(node);
      case 'Bytes':
        this.next();
        node = { n: { k: 'bytes' }, at: t.from };
        break;
      default:
        if (this.is('Bracket', '[')) node = this.array();
        else if (this.is('Bracket', '{')) node = this.map();
        else this.error(`unexpected token ${tokenString(t)}`);
    }
    return this.postfix(node);
  }

  private lookup(t: Token): Nature {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(t.value);
      if (v) return v;
    }
    if (t.value === '$env') return MAP;
    const n = COREDNS_ENV.get(t.value);
    if (n) return n;
    if (this.check) this.typeError(`unknown name ${t.value}`, t.from);
    return UNKNOWN;
  }

  private call(t: Token, given: Typed[]): Typed {
    const pred = PREDICATES[t.value];
    if (pred) {
      this.expect('Bracket', '(');
      const args = pred.slice(given.length);
      for (let i = 0; i < args.length; i++) {
        const optional = args[i].endsWith('?');
        if (this.is('Bracket', ')')) {
          if (optional) break;
          this.error(`expected at least ${args.length} arguments`);
        }
        if (i > 0) this.expect('Operator', ',');
        if (args[i].startsWith('pred')) this.predicate();
        else this.expression(0);
      }
      if (this.is('Operator', ',')) this.next();
      this.expect('Bracket', ')');
      return { n: BUILTIN_OUT[t.value] ?? UNKNOWN, at: t.from };
    }
    const args = this.arguments(given);
    if (BUILTINS.has(t.value) && t.value !== 'type') return { n: BUILTIN_OUT[t.value] ?? UNKNOWN, at: t.from };
    const callee = this.lookup(t);
    if (!this.check || isUnknown(callee)) return { n: UNKNOWN, at: t.from };
    if (callee.k !== 'func') this.typeError(`${natureString(callee)} is not callable`, t.from);
    if (args.length > callee.params.length) this.typeError(`too many arguments to call ${t.value}`, t.from);
    if (args.length < callee.params.length) this.typeError(`not enough arguments to call ${t.value}`, t.from);
    callee.params.forEach((want, i) => {
      const got = args[i].n;
      if (got.k === 'nil') this.typeError(`cannot use nil as argument (type ${natureString(want)}) to call ${t.value}`, args[i].at);
      if (!assignable(got, want) && !isUnknown(got)) {
        this.typeError(`cannot use ${natureString(got)} as argument (type ${natureString(want)}) to call ${t.value} `, args[i].at);
      }
    });
    return { n: callee.out, at: t.from };
  }

  private arguments(given: Typed[]): Typed[] {
    const args = [...given];
    this.expect('Bracket', '(');
    while (!this.is('Bracket', ')')) {
      if (args.length > given.length) this.expect('Operator', ',');
      if (this.is('Bracket', ')')) break;
      args.push(this.expression(0));
    }
    this.expect('Bracket', ')');
    return args;
  }

  private predicate(): void {
    const braces = this.is('Bracket', '{');
    if (braces) this.next();
    this.depth++;
    if (braces) this.sequence();
    else {
      this.expression(0);
      if (this.is('Operator', ';')) this.error('wrap predicate with brackets { and }');
    }
    this.depth--;
    if (braces) this.expect('Bracket', '}');
  }

  private array(): Typed {
    const at = this.current.from;
    this.expect('Bracket', '[');
    let n = 0;
    while (!this.is('Bracket', ']')) {
      if (n > 0) {
        this.expect('Operator', ',');
        if (this.is('Bracket', ']')) break;
      }
      this.expression(0);
      n++;
    }
    this.expect('Bracket', ']');
    return { n: ARRAY, at };
  }

  private map(): Typed {
    const at = this.current.from;
    this.expect('Bracket', '{');
    let n = 0;
    while (!this.is('Bracket', '}')) {
      if (n > 0) {
        this.expect('Operator', ',');
        if (this.is('Bracket', '}')) break;
        if (this.is('Operator', ',')) this.error(`unexpected token ${tokenString(this.current)}`);
      }
      if (this.is('Number') || this.is('String') || this.is('Identifier')) this.next();
      else if (this.is('Bracket', '(')) this.expression(0);
      else {
        this.error(
          `a map key must be a quoted string, a number, a identifier, or an expression enclosed in parentheses (unexpected token ${tokenString(this.current)})`,
        );
      }
      this.expect('Operator', ':');
      this.expression(0);
      n++;
    }
    this.expect('Bracket', '}');
    return { n: MAP, at };
  }

  /** Member access, method calls, indexing and slicing: what they yield is not modelled. */
  private postfix(node: Typed): Typed {
    let out = node;
    for (;;) {
      const t = this.current;
      if (t.kind !== 'Operator' && t.kind !== 'Bracket') return out;
      if (t.value === '.' || t.value === '?.' || t.value === '[') this.regexLiteral = undefined;
      if (t.value === '.' || t.value === '?.') {
        this.next();
        if (t.value === '?.' && this.is('Bracket', '[')) {
          this.index();
          out = { n: UNKNOWN, at: t.from };
          continue;
        }
        const prop = this.current;
        this.next();
        if (prop.kind !== 'Identifier' && !(prop.kind === 'Operator' && /^[\p{L}_$][\p{L}\p{Nd}_$]*$/u.test(prop.value))) {
          this.error('expected name');
        }
        if (this.is('Bracket', '(')) this.arguments([]);
        out = { n: UNKNOWN, at: prop.from };
      } else if (t.value === '[') {
        this.index();
        out = { n: UNKNOWN, at: t.from };
      } else return out;
    }
  }

  private index(): void {
    this.next();
    if (this.is('Operator', ':')) {
      this.next();
      if (!this.is('Bracket', ']')) this.expression(0);
      return this.expect('Bracket', ']');
    }
    this.expression(0);
    if (this.is('Operator', ':')) {
      this.next();
      if (!this.is('Bracket', ']')) this.expression(0);
    }
    this.expect('Bracket', ']');
  }
}

/** The value of a string token as the lexer emitted it (quotes kept): enough unescaping for a regex check. */
function stringValue(raw: string): string {
  if (raw.startsWith('`')) return raw.slice(1, -1);
  const body = raw.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e: string) => {
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };
    if (e.length === 1) return simple[e] ?? e;
    if (/^[0-7]{3}$/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    return String.fromCodePoint(parseInt(e.slice(1), 16));
  });
}

/** Go's file.Error text: message, (line:column), and a snippet with a caret. */
function formatError(src: string[], e: ExprError): string {
  let line = 1;
  let column = 0;
  let lineStart = 0;
  for (let i = 0; i < src.length && i < e.from; i++) {
    if (src[i] === '\n') {
      line++;
      column = 0;
      lineStart = i + 1;
    } else column++;
  }
  let lineEnd = src.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = src.length;
  if (lineStart === lineEnd) return e.message;
  const text = src.slice(lineStart, lineEnd).join('').replace(/\t/g, ' ');
  return `${e.message} (${line}:${column + 1})\n | ${text}\n | ${'.'.repeat(column)}^`;
}

/**
 * The error expr.Compile gives for a view expression in CoreDNS's
 * environment, or undefined when it compiles (as far as syntax, names and
 * call arity go). `offset` is where in the expression (in code points) the
 * error points.
 */
export function viewExpressionIssue(expression: string): { message: string; offset: number } | undefined {
  const src = [...expression];
  try {
    const tokens = lex(src);
    new Parser(tokens, false).parse();
    new Parser(tokens, true).parse();
    return undefined;
  } catch (e) {
    if (e instanceof ExprError) return { message: formatError(src, e), offset: e.from };
    throw e;
  }
}

/** The message of `viewExpressionIssue`, alone. */
export function viewExpressionError(expression: string): string | undefined {
  return viewExpressionIssue(expression)?.message;
}
