/**
 * Evaluation of `view` expressions (expr-lang, CoreDNS's
 * plugin/pkg/expression environment). Whether an expression compiles is
 * decided by the catalog's port of expr.Compile (viewExpressionError); this
 * module evaluates the forms view configurations use: literals, arrays,
 * the environment functions, comparison, logic, arithmetic, `in`,
 * `matches` (Go RE2), `contains`/`startsWith`/`endsWith`, `?:`, `??` and
 * a few string builtins. Anything else yields "cannot evaluate" with the
 * reason, never a guessed boolean.
 */
import { RE2JS } from 're2js';
import { viewExpressionError } from '../catalog/expr.js';

export type ExprValue = string | number | boolean | null | ExprValue[];

/** The request as the expression environment sees it. */
export interface ExprEnv {
  call(name: string, args: ExprValue[]): ExprValue | { error: string };
}

export type ExprResult = { value: ExprValue } | { error: string } | { unsupported: string };

type Node =
  | { k: 'lit'; v: ExprValue }
  | { k: 'array'; items: Node[] }
  | { k: 'call'; name: string; args: Node[] }
  | { k: 'ident'; name: string }
  | { k: 'unary'; op: string; x: Node }
  | { k: 'binary'; op: string; l: Node; r: Node }
  | { k: 'cond'; c: Node; a: Node; b: Node };

class Unsupported {
  constructor(readonly why: string) {}
}
class RunError {
  constructor(readonly message: string) {}
}

interface Tok {
  t: 'num' | 'str' | 'id' | 'op' | 'eof';
  v: string;
}

function lex(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const ops = ['&&', '||', '==', '!=', '<=', '>=', '??', '..', '**', '?.', '<', '>', '!', '+', '-', '*', '/', '%', '(', ')', '[', ']', ',', '?', ':', '.', '{', '}', '|', '#', ';', '^'];
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let v = '';
      while (j < s.length && s[j] !== c) {
        if (s[j] === '\\') {
          const e = s[j + 1];
          const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };
          if (e in map) {
            v += map[e];
            j += 2;
            continue;
          }
          throw new Unsupported(`the escape \\${e} in a string`);
        }
        v += s[j++];
      }
      out.push({ t: 'str', v });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = s.indexOf('`', i + 1);
      out.push({ t: 'str', v: s.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    const num = /^(0[xX][0-9a-fA-F_]+|[0-9][0-9_]*(\.[0-9_]+)?([eE][+-]?[0-9]+)?)/.exec(s.slice(i));
    if (num && /[0-9]/.test(c)) {
      out.push({ t: 'num', v: num[0].replace(/_/g, '') });
      i += num[0].length;
      continue;
    }
    const id = /^[\p{L}_$][\p{L}\p{Nd}_$]*/u.exec(s.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = ops.find((o) => s.startsWith(o, i));
    if (!op) throw new RunError(`unrecognized character ${c}`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  out.push({ t: 'eof', v: '' });
  return out;
}

const BINARY: Record<string, number> = {
  '??': 500, or: 10, '||': 10, and: 15, '&&': 15, '==': 20, '!=': 20, '<': 20, '>': 20, '<=': 20, '>=': 20, in: 20, matches: 20,
  contains: 20, startsWith: 20, endsWith: 20, '+': 30, '-': 30, '*': 60, '/': 60, '%': 60,
};

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}
  private get cur(): Tok {
    return this.peekTok();
  }
  /** A method (not a narrowed property) so each read sees the current token. */
  private peekTok(): Tok {
    return this.toks[this.i];
  }
  private eat(v?: string): Tok {
    const t = this.cur;
    if (v !== undefined && t.v !== v) throw new RunError(`unexpected token ${t.v || 'EOF'}`);
    this.i++;
    return t;
  }
  parse(): Node {
    const n = this.expr(0);
    if (this.cur.t !== 'eof') throw new Unsupported(`the token "${this.cur.v}" here`);
    return n;
  }
  private expr(prec: number): Node {
    let l = this.unary();
    for (;;) {
      const t = this.cur;
      let op = t.v;
      let negate = false;
      if ((t.t === 'op' || t.t === 'id') && op === 'not' && this.toks[this.i + 1] && ['in', 'matches', 'contains', 'startsWith', 'endsWith'].includes(this.toks[this.i + 1].v)) {
        negate = true;
        op = this.toks[this.i + 1].v;
      }
      const p = (t.t === 'op' || t.t === 'id') && BINARY[op] !== undefined ? BINARY[op] : undefined;
      if (p === undefined || p < prec) break;
      this.i += negate ? 2 : 1;
      const r = this.expr(p + 1);
      l = { k: 'binary', op, l, r };
      if (negate) l = { k: 'unary', op: '!', x: l };
    }
    if (prec === 0 && this.cur.v === '?') {
      this.eat('?');
      const a = this.expr(0);
      this.eat(':');
      const b = this.expr(0);
      return { k: 'cond', c: l, a, b };
    }
    return l;
  }
  private unary(): Node {
    const t = this.cur;
    if (t.v === '!' || t.v === 'not' || t.v === '-' || t.v === '+') {
      this.i++;
      return { k: 'unary', op: t.v === 'not' ? '!' : t.v, x: this.expr(t.v === '-' || t.v === '+' ? 90 : 50) };
    }
    return this.postfix(this.primary());
  }
  private postfix(n: Node): Node {
    if (this.cur.v === '.' || this.cur.v === '[' || this.cur.v === '?.') throw new Unsupported('member access and indexing');
    if (this.cur.v === '|') throw new Unsupported('the pipe operator');
    return n;
  }
  private primary(): Node {
    const t = this.eat();
    if (t.t === 'num') {
      const v = t.v.startsWith('0x') || t.v.startsWith('0X') ? parseInt(t.v, 16) : Number(t.v);
      return { k: 'lit', v };
    }
    if (t.t === 'str') return { k: 'lit', v: t.v };
    if (t.t === 'id') {
      if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
      if (t.v === 'nil') return { k: 'lit', v: null };
      if (['let', 'if', 'else'].includes(t.v)) throw new Unsupported(`"${t.v}" expressions`);
      if (this.cur.v === '(') {
        this.eat('(');
        const args: Node[] = [];
        while (this.peekTok().v !== ')') {
          args.push(this.expr(0));
          if (this.peekTok().v === ',') this.eat(',');
          else break;
        }
        this.eat(')');
        return { k: 'call', name: t.v, args };
      }
      return { k: 'ident', name: t.v };
    }
    if (t.v === '(') {
      const n = this.expr(0);
      this.eat(')');
      return n;
    }
    if (t.v === '[') {
      const items: Node[] = [];
      while (this.cur.v !== ']') {
        items.push(this.expr(0));
        if (this.cur.v === ',') this.eat(',');
        else break;
      }
      this.eat(']');
      return { k: 'array', items };
    }
    throw new Unsupported(`the token "${t.v}"`);
  }
}

const regexCache = new Map<string, RE2JS>();

function regex(p: string): RE2JS {
  let re = regexCache.get(p);
  if (!re) {
    try {
      re = RE2JS.compile(p);
    } catch (e) {
      throw new RunError(`error parsing regexp: ${e instanceof Error ? e.message : String(e)}`);
    }
    regexCache.set(p, re);
  }
  return re;
}

function equal(a: ExprValue, b: ExprValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => equal(x, b[i]));
  }
  return a === b;
}

const STRING_BUILTINS: Record<string, (args: ExprValue[]) => ExprValue> = {
  lower: ([s]) => str(s).toLowerCase(),
  upper: ([s]) => str(s).toUpperCase(),
  trim: ([s, c]) => (c === undefined ? str(s).trim() : trimSet(str(s), str(c))),
  hasPrefix: ([s, p]) => str(s).startsWith(str(p)),
  hasSuffix: ([s, p]) => str(s).endsWith(str(p)),
  trimPrefix: ([s, p]) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)),
  trimSuffix: ([s, p]) => (str(s).endsWith(str(p)) ? str(s).slice(0, str(s).length - str(p).length) : str(s)),
  len: ([s]) => (Array.isArray(s) ? s.length : Buffer.byteLength(str(s))),
  split: ([s, sep]) => str(s).split(str(sep)),
  string: ([v]) => (typeof v === 'string' ? v : JSON.stringify(v)),
  int: ([v]) => (typeof v === 'number' ? Math.trunc(v) : /^-?\d+$/.test(str(v)) ? Number(v) : fail(`invalid int ${String(v)}`)),
};

function fail(m: string): never {
  throw new RunError(m);
}

function trimSet(s: string, set: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && set.includes(s[a])) a++;
  while (b > a && set.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

function str(v: ExprValue | undefined): string {
  if (typeof v !== 'string') throw new RunError(`expected a string, got ${JSON.stringify(v)}`);
  return v;
}

function num(v: ExprValue): number {
  if (typeof v !== 'number') throw new RunError(`expected a number, got ${JSON.stringify(v)}`);
  return v;
}

function evalNode(n: Node, env: ExprEnv): ExprValue {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'array':
      return n.items.map((x) => evalNode(x, env));
    case 'ident':
      throw new RunError(`unknown name ${n.name}`);
    case 'call': {
      const args = n.args.map((a) => evalNode(a, env));
      const b = STRING_BUILTINS[n.name];
      if (b) return b(args);
      const r = env.call(n.name, args);
      if (r !== null && typeof r === 'object' && !Array.isArray(r) && 'error' in r) {
        if (r.error.startsWith('unsupported: ')) throw new Unsupported(r.error.slice(13));
        throw new RunError(r.error);
      }
      return r as ExprValue;
    }
    case 'unary': {
      const x = evalNode(n.x, env);
      if (n.op === '!') {
        if (typeof x !== 'boolean') throw new RunError('invalid operation: ! on a non-boolean');
        return !x;
      }
      return n.op === '-' ? -num(x) : num(x);
    }
    case 'cond': {
      const c = evalNode(n.c, env);
      if (typeof c !== 'boolean') throw new RunError('non-bool condition');
      return c ? evalNode(n.a, env) : evalNode(n.b, env);
    }
    case 'binary': {
      const op = n.op;
      if (op === '&&' || op === 'and' || op === '||' || op === 'or') {
        const l = evalNode(n.l, env);
        if (typeof l !== 'boolean') throw new RunError(`invalid operation: ${op} on a non-boolean`);
        if ((op === '&&' || op === 'and') && !l) return false;
        if ((op === '||' || op === 'or') && l) return true;
        const r = evalNode(n.r, env);
        if (typeof r !== 'boolean') throw new RunError(`invalid operation: ${op} on a non-boolean`);
        return r;
      }
      if (op === '??') {
        const l = evalNode(n.l, env);
        return l === null ? evalNode(n.r, env) : l;
      }
      const l = evalNode(n.l, env);
      const r = evalNode(n.r, env);
      switch (op) {
        case '==':
          return equal(l, r);
        case '!=':
          return !equal(l, r);
        case '<':
        case '>':
        case '<=':
        case '>=': {
          if (!((typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string'))) throw new RunError(`invalid operation: ${op} (mismatched types)`);
          return op === '<' ? l < r : op === '>' ? l > r : op === '<=' ? l <= r : l >= r;
        }
        case 'in':
          if (Array.isArray(r)) return r.some((x) => equal(x, l));
          throw new Unsupported('`in` with a right side that is not an array');
        case 'matches':
          return regex(str(r)).matcher(str(l)).find();
        case 'contains':
          return str(l).includes(str(r));
        case 'startsWith':
          return str(l).startsWith(str(r));
        case 'endsWith':
          return str(l).endsWith(str(r));
        case '+':
          if (typeof l === 'string' && typeof r === 'string') return l + r;
          return num(l) + num(r);
        case '-':
          return num(l) - num(r);
        case '*':
          return num(l) * num(r);
        case '/':
          return num(l) / num(r);
        case '%':
          if (!Number.isInteger(num(l)) || !Number.isInteger(num(r))) throw new RunError('invalid operation: % on floats');
          if (r === 0) throw new RunError('integer divide by zero');
          return (l as number) % (r as number);
        default:
          throw new Unsupported(`the operator ${op}`);
      }
    }
  }
}

/** A compiled view expression: a compile error, or a function of the request. */
export interface CompiledViewExpr {
  run(env: ExprEnv): ExprResult;
}
export type ViewExpr = { error: string } | CompiledViewExpr;

export function compileViewExpr(source: string): ViewExpr {
  const err = viewExpressionError(source);
  if (err) return { error: err };
  let node: Node | { unsupported: string };
  try {
    node = new Parser(lex(source)).parse();
  } catch (e) {
    node = { unsupported: e instanceof Unsupported ? e.why : e instanceof RunError ? e.message : String(e) };
  }
  return {
    run(env) {
      if ('unsupported' in node) return { unsupported: node.unsupported };
      try {
        return { value: evalNode(node as Node, env) };
      } catch (e) {
        if (e instanceof Unsupported) return { unsupported: e.why };
        if (e instanceof RunError) return { error: e.message };
        return { unsupported: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}
