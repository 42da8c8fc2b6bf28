import { goQuote } from './values.js';

/*
 * What expr.Compile (github.com/expr-lang/expr v1.17, the version CoreDNS
 * 1.14.7 pins) rejects in a `view` expression: lexer and parser errors,
 * ported from expr's parser/lexer and parser packages, and names or call
 * arities the environment does not have. Type errors (comparing a string
 * with a number, say) are not modelled.
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

/**
 * The names coredns/coredns:plugin/pkg/expression DefaultEnv provides, with
 * their parameter counts. (`type` is also an expr builtin, which view
 * disables, so the name refers to the request's type.)
 */
const COREDNS_ENV: ReadonlyMap<string, number> = new Map([
  ['incidr', 2], ['metadata', 1], ['type', 0], ['name', 0], ['class', 0], ['proto', 0], ['size', 0],
  ['client_ip', 0], ['port', 0], ['id', 0], ['opcode', 0], ['do', 0], ['bufsize', 0], ['server_ip', 0],
  ['server_port', 0],
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

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly scopes: Array<Set<string>> = [];
  /** Name uses to check once parsing succeeded: [name, called with N args or undefined, offset]. */
  readonly uses: Array<{ name: string; args?: number; from: number }> = [];

  constructor(private readonly tokens: Token[]) {}

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

  private expect(kind: Kind, value?: string): void {
    if (this.is(kind, value)) return this.next();
    this.error(`unexpected token ${tokenString(this.current)}`);
  }

  parse(): void {
    this.sequence();
    if (!this.is('EOF')) this.error(`unexpected token ${tokenString(this.current)}`);
  }

  private sequence(): void {
    this.expression(0);
    while (this.is('Operator', ';')) {
      this.next();
      if (this.is('EOF')) break;
      this.expression(0);
    }
  }

  private expression(precedence: number): void {
    if (precedence === 0 && this.is('Operator', 'let')) return this.letDeclaration();
    if (precedence === 0 && this.is('Operator', 'if')) return this.conditionalIf();
    this.primary();
    let prev = '';
    let op = this.current;
    while (op.kind === 'Operator') {
      if (op.value === 'not') {
        const backup = this.pos;
        this.next();
        if (!NEGATABLE.has(this.current.value)) this.error(`unexpected token ${tokenString(this.current)}`);
        if (BINARY[this.current.value].precedence < precedence) {
          this.pos = backup;
          break;
        }
        op = this.current;
      }
      const info = BINARY[op.value];
      if (!info || info.precedence < precedence) break;
      this.next();
      if (op.value === '|') {
        const ident = this.current;
        this.expect('Identifier');
        this.call(ident, 1);
      } else {
        if (prev === '??' && op.value !== '??') {
          this.error(`Operator (${op.value}) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.`, op);
        }
        if (COMPARISON.has(op.value)) {
          this.expression(info.precedence + 1);
          while (this.is('Operator') && COMPARISON.has(this.current.value)) {
            this.next();
            this.expression(info.precedence + 1);
          }
        } else this.expression(info.right ? info.precedence : info.precedence + 1);
      }
      prev = op.value;
      op = this.current;
    }
    if (precedence === 0) this.conditional();
  }

  private letDeclaration(): void {
    this.expect('Operator', 'let');
    const name = this.current.value;
    this.expect('Identifier');
    this.expect('Operator', '=');
    this.expression(0);
    this.expect('Operator', ';');
    this.scopes.push(new Set([name]));
    this.sequence();
    this.scopes.pop();
  }

  private conditionalIf(): void {
    this.next();
    this.expression(0);
    this.expect('Bracket', '{');
    this.sequence();
    this.expect('Bracket', '}');
    this.expect('Operator', 'else');
    if (this.is('Operator', 'if')) return this.conditionalIf();
    this.expect('Bracket', '{');
    this.sequence();
    this.expect('Bracket', '}');
  }

  private conditional(): void {
    while (this.is('Operator', '?')) {
      this.next();
      if (!this.is('Operator', ':')) {
        this.expression(0);
        this.expect('Operator', ':');
        this.expression(0);
      } else {
        this.next();
        this.expression(0);
      }
    }
  }

  private primary(): void {
    const t = this.current;
    if (t.kind === 'Operator' && UNARY[t.value] !== undefined) {
      this.next();
      this.expression(UNARY[t.value]);
      return this.postfix();
    }
    if (this.is('Bracket', '(')) {
      this.next();
      this.sequence();
      this.expect('Bracket', ')');
      return this.postfix();
    }
    if (this.depth > 0 && (this.is('Operator', '#') || this.is('Operator', '.'))) {
      if (this.is('Operator', '#')) {
        this.next();
        if (this.is('Identifier')) this.next();
      }
      return this.postfix();
    }
    if (this.is('Operator', '::')) {
      this.next();
      const ident = this.current;
      this.expect('Identifier');
      this.call(ident, 0);
      return this.postfix();
    }
    this.secondary();
  }

  private secondary(): void {
    const t = this.current;
    switch (t.kind) {
      case 'Identifier':
        this.next();
        if (t.value === 'true' || t.value === 'false' || t.value === 'nil') return;
        if (this.is('Bracket', '(')) this.call(t, 0);
        else if (!this.scopes.some((s) => s.has(t.value))) this.uses.push({ name: t.value, from: t.from });
        break;
      case 'Number':
      case 'String':
      case 'Bytes':
        this.next();
        if (t.kind === 'Number') return;
        break;
      default:
        if (this.is('Bracket', '[')) this.array();
        else if (this.is('Bracket', '{')) this.map();
        else this.error(`unexpected token ${tokenString(t)}`);
    }
    this.postfix();
  }

  private call(t: Token, given: number): void {
    const pred = PREDICATES[t.value];
    if (pred) {
      this.expect('Bracket', '(');
      const args = pred.slice(given);
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
      return;
    }
    const n = this.arguments(given);
    if (!BUILTINS.has(t.value) || t.value === 'type') this.uses.push({ name: t.value, args: n, from: t.from });
  }

  private arguments(given: number): number {
    let n = given;
    this.expect('Bracket', '(');
    while (!this.is('Bracket', ')')) {
      if (n > given) this.expect('Operator', ',');
      if (this.is('Bracket', ')')) break;
      this.expression(0);
      n++;
    }
    this.expect('Bracket', ')');
    return n;
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

  private array(): void {
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
  }

  private map(): void {
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
  }

  private postfix(): void {
    for (;;) {
      const t = this.current;
      if (t.kind !== 'Operator' && t.kind !== 'Bracket') return;
      if (t.value === '.' || t.value === '?.') {
        this.next();
        if (t.value === '?.' && this.is('Bracket', '[')) {
          this.index();
          continue;
        }
        const prop = this.current;
        this.next();
        if (prop.kind !== 'Identifier' && !(prop.kind === 'Operator' && /^[\p{L}_$][\p{L}\p{Nd}_$]*$/u.test(prop.value))) {
          this.error('expected name');
        }
        if (this.is('Bracket', '(')) this.arguments(0);
      } else if (t.value === '[') this.index();
      else return;
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
    const p = new Parser(lex(src));
    p.parse();
    for (const use of p.uses) {
      const arity = COREDNS_ENV.get(use.name);
      if (use.name === '$env') continue;
      if (arity === undefined) throw new ExprError(`unknown name ${use.name}`, use.from);
      if (use.args === undefined) continue;
      if (use.args < arity) throw new ExprError(`not enough arguments to call ${use.name}`, use.from);
      if (use.args > arity) throw new ExprError(`too many arguments to call ${use.name}`, use.from);
    }
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
