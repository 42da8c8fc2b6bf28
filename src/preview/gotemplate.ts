/**
 * A small interpreter for the Go text/template subset that template plugin
 * configurations use: text, `{{ pipeline }}` actions with field chains,
 * variables, literals, parenthesised pipelines and `|`; if/else/with/range;
 * comments and trim markers; the builtin functions plus the plugin's
 * parseInt. Nothing is evaluated as JavaScript. Constructs outside the
 * subset (define, template, block, break, continue) are reported as
 * "unsupported" so the preview can say it cannot evaluate them, and runtime
 * errors carry text/template's wording where it matters (they turn into
 * SERVFAIL in the plugin).
 */

/** A Go value as the interpreter sees it. */
export type GoValue = string | number | boolean | null | undefined | GoValue[] | GoMap | GoStruct | GoFunc | GoUint;

/** An unsigned integer result (strconv.ParseUint); printed in decimal. */
export interface GoUint {
  kind: 'uint';
  value: bigint;
}

export interface GoMap {
  kind: 'map';
  entries: Map<string, GoValue>;
}

export interface GoStruct {
  kind: 'struct';
  type: string;
  fields: Record<string, GoValue>;
  /** fmt's view of the value when it has a String method (or undefined to print the fields). */
  string?: () => string;
}

export interface GoFunc {
  kind: 'func';
  call: (args: GoValue[]) => GoValue;
}

export const goMap = (o: Record<string, GoValue> | Map<string, GoValue>): GoMap => ({ kind: 'map', entries: o instanceof Map ? o : new Map(Object.entries(o)) });

export class TemplateExecError {
  constructor(readonly message: string) {}
}
export class TemplateUnsupported {
  constructor(readonly message: string) {}
}

// ---------------------------------------------------------------------------
// Lexing and parsing
// ---------------------------------------------------------------------------

type Tok =
  /** `joined`: written right after the previous token (`.A.B`), so it continues a chain. */
  | { t: 'field'; v: string; joined: boolean }
  | { t: 'var'; v: string }
  | { t: 'dot' }
  | { t: 'ident'; v: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'nil' }
  | { t: 'pipe' }
  | { t: 'lp' }
  | { t: 'rp' }
  | { t: 'decl' }
  | { t: 'assign' }
  | { t: 'comma' };

type Operand =
  | { k: 'field'; base: Operand | null; path: string[] }
  | { k: 'var'; name: string; path: string[] }
  | { k: 'dot' }
  | { k: 'ident'; name: string }
  | { k: 'lit'; v: GoValue }
  | { k: 'num'; text: string }
  | { k: 'pipe'; p: Pipeline; path: string[] };

interface Command {
  args: Operand[];
}

interface Pipeline {
  decl: string[];
  assign: boolean;
  cmds: Command[];
}

type Node =
  | { n: 'text'; text: string }
  | { n: 'action'; p: Pipeline }
  | { n: 'if' | 'with' | 'range'; p: Pipeline; list: Node[]; else: Node[] };

const KEYWORDS_UNSUPPORTED = new Set(['define', 'template', 'block', 'break', 'continue']);

function unquote(s: string): string {
  if (s.startsWith('`')) return s.slice(1, -1);
  let out = '';
  for (let i = 1; i < s.length - 1; i++) {
    const c = s[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++i];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };
    if (e in simple) out += simple[e];
    else if (e === 'x') {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      out += String.fromCodePoint(parseInt(s.slice(i + 1, i + 1 + n), 16));
      i += n;
    } else if (/[0-7]/.test(e)) {
      out += String.fromCharCode(parseInt(s.slice(i, i + 3), 8));
      i += 2;
    } else throw new TemplateExecError(`invalid syntax in string ${s}`);
  }
  return out;
}

function lexAction(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const ident = /[\p{L}_][\p{L}\p{Nd}_]*/uy;
  let spaced = true;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      spaced = true;
      continue;
    }
    const joined = !spaced;
    spaced = false;
    if (c === '|') {
      out.push({ t: 'pipe' });
      i++;
    } else if (c === '(') {
      out.push({ t: 'lp' });
      i++;
    } else if (c === ')') {
      out.push({ t: 'rp' });
      i++;
    } else if (c === ',') {
      out.push({ t: 'comma' });
      i++;
    } else if (c === ':' && src[i + 1] === '=') {
      out.push({ t: 'decl' });
      i += 2;
    } else if (c === '=') {
      out.push({ t: 'assign' });
      i++;
    } else if (c === '"' || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += c === '"' && src[j] === '\\' ? 2 : 1;
      if (j >= src.length) throw new TemplateExecError('unterminated quoted string');
      out.push({ t: 'str', v: unquote(src.slice(i, j + 1)) });
      i = j + 1;
    } else if (c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== "'") j += src[j] === '\\' ? 2 : 1;
      const ch = unquote('"' + src.slice(i + 1, j) + '"');
      out.push({ t: 'num', v: String(ch.codePointAt(0) ?? 0) });
      i = j + 1;
    } else if (c === '.' && !/[0-9]/.test(src[i + 1] ?? '')) {
      ident.lastIndex = i + 1;
      const m = ident.exec(src);
      if (m) {
        out.push({ t: 'field', v: m[0], joined });
        i += 1 + m[0].length;
      } else {
        out.push({ t: 'dot' });
        i++;
      }
    } else if (c === '$') {
      ident.lastIndex = i + 1;
      const m = ident.exec(src);
      const name = '$' + (m ? m[0] : '');
      out.push({ t: 'var', v: name });
      i += name.length;
    } else if (/[0-9+\-.]/.test(c)) {
      const m = /[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|[0-9_]*\.?[0-9_]+([eE][+-]?[0-9_]+)?|[0-9_]+\.)/y;
      m.lastIndex = i;
      const r = m.exec(src);
      if (!r) throw new TemplateExecError(`bad number syntax: ${src.slice(i, i + 10)}`);
      out.push({ t: 'num', v: r[0] });
      i += r[0].length;
    } else {
      ident.lastIndex = i;
      const m = ident.exec(src);
      if (!m) throw new TemplateExecError(`unexpected ${JSON.stringify(c)} in command`);
      const w = m[0];
      if (w === 'true' || w === 'false') out.push({ t: 'bool', v: w === 'true' });
      else if (w === 'nil') out.push({ t: 'nil' });
      else out.push({ t: 'ident', v: w });
      i += w.length;
    }
  }
  return out;
}

class ActionParser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }

  done(): boolean {
    return this.i >= this.toks.length;
  }

  pipeline(stopAtRp: boolean): Pipeline {
    const p: Pipeline = { decl: [], assign: false, cmds: [] };
    // Variable declarations: `$x :=`, `$i, $e :=`, `$x =`.
    const save = this.i;
    const vars: string[] = [];
    while (this.peek()?.t === 'var') {
      vars.push((this.peek() as { v: string }).v);
      this.i++;
      if (this.peek()?.t === 'comma') {
        this.i++;
        continue;
      }
      break;
    }
    const t = this.peek();
    if (vars.length > 0 && (t?.t === 'decl' || t?.t === 'assign')) {
      p.decl = vars;
      p.assign = t.t === 'assign';
      this.i++;
    } else this.i = save;
    for (;;) {
      const cmd: Command = { args: [] };
      while (!this.done()) {
        const n = this.peek()!;
        if (n.t === 'pipe' || (n.t === 'rp' && stopAtRp)) break;
        cmd.args.push(this.operand());
      }
      if (cmd.args.length === 0) throw new TemplateExecError('missing command');
      p.cmds.push(cmd);
      if (this.peek()?.t === 'pipe') {
        this.i++;
        continue;
      }
      break;
    }
    return p;
  }

  /** Field names continuing a chain; `first` accepts the field that starts an operand. */
  private fields(first = false): string[] {
    const path: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t?.t !== 'field' || (!t.joined && !(first && path.length === 0))) break;
      path.push(t.v);
      this.i++;
    }
    return path;
  }

  private operand(): Operand {
    const t = this.toks[this.i++];
    switch (t.t) {
      case 'field':
        this.i--;
        return { k: 'field', base: null, path: this.fields(true) };
      case 'var':
        return { k: 'var', name: t.v, path: this.fields() };
      case 'dot':
        return { k: 'dot' };
      case 'ident':
        if (KEYWORDS_UNSUPPORTED.has(t.v)) throw new TemplateUnsupported(`the {{${t.v}}} action is not modelled`);
        return { k: 'ident', name: t.v };
      case 'str':
        return { k: 'lit', v: t.v };
      case 'num':
        return { k: 'num', text: t.v };
      case 'bool':
        return { k: 'lit', v: t.v };
      case 'nil':
        return { k: 'lit', v: null };
      case 'lp': {
        const p = this.pipeline(true);
        if (this.toks[this.i++]?.t !== 'rp') throw new TemplateExecError('unclosed left paren');
        return { k: 'pipe', p, path: this.fields() };
      }
      default:
        throw new TemplateExecError(`unexpected token in operand`);
    }
  }
}

/** Parse a template into nodes; errors are thrown as TemplateExecError / TemplateUnsupported. */
function parseTemplate(text: string): Node[] {
  // Split into text and actions, honouring trim markers and comments.
  type Piece = { text: string } | { action: string };
  const pieces: Piece[] = [];
  let pos = 0;
  let trimNext = false;
  while (pos <= text.length) {
    const open = text.indexOf('{{', pos);
    let chunk = open < 0 ? text.slice(pos) : text.slice(pos, open);
    if (trimNext) chunk = chunk.replace(/^[ \t\r\n]+/, '');
    trimNext = false;
    if (open < 0) {
      if (chunk) pieces.push({ text: chunk });
      break;
    }
    let start = open + 2;
    if (text.startsWith('- ', start) || text.startsWith('-\t', start) || text.startsWith('-\n', start) || text.startsWith('-\r', start)) {
      chunk = chunk.replace(/[ \t\r\n]+$/, '');
      start += 1;
    }
    if (chunk) pieces.push({ text: chunk });
    let close: number;
    const afterSpace = text.slice(start).replace(/^[ \t\r\n]*/, '');
    if (afterSpace.startsWith('/*')) {
      const endC = text.indexOf('*/', start);
      if (endC < 0) throw new TemplateExecError('unclosed comment');
      close = text.indexOf('}}', endC);
    } else {
      close = findClose(text, start);
    }
    if (close < 0) throw new TemplateExecError('unclosed action');
    let body = text.slice(start, close);
    if (/[ \t\r\n]-$/.test(body)) {
      body = body.slice(0, -1);
      trimNext = true;
    }
    if (!body.trim().startsWith('/*')) pieces.push({ action: body });
    pos = close + 2;
  }
  let k = 0;
  const list = (stop: Set<string>): { nodes: Node[]; end: string; elseRest?: string } => {
    const nodes: Node[] = [];
    while (k < pieces.length) {
      const p = pieces[k++];
      if ('text' in p) {
        nodes.push({ n: 'text', text: p.text });
        continue;
      }
      const body = p.action.trim();
      const word = /^[a-z]+/.exec(body)?.[0] ?? '';
      if (word === 'end' && body === 'end') {
        if (!stop.has('end')) throw new TemplateExecError('unexpected {{end}}');
        return { nodes, end: 'end' };
      }
      if (word === 'else') {
        if (!stop.has('else')) throw new TemplateExecError('unexpected {{else}}');
        return { nodes, end: 'else', elseRest: body.slice(4).trim() };
      }
      if (word === 'if' || word === 'with' || word === 'range') {
        nodes.push(control(word, body.slice(word.length)));
        continue;
      }
      if (KEYWORDS_UNSUPPORTED.has(word)) throw new TemplateUnsupported(`the {{${word}}} action is not modelled`);
      const ap = new ActionParser(lexAction(body));
      nodes.push({ n: 'action', p: ap.pipeline(false) });
    }
    if (stop.has('end')) throw new TemplateExecError('unexpected EOF');
    return { nodes, end: 'eof' };
  };
  const control = (word: 'if' | 'with' | 'range', rest: string): Node => {
    const ap = new ActionParser(lexAction(rest));
    const p = ap.pipeline(false);
    const body = list(new Set(['end', 'else']));
    let elseNodes: Node[] = [];
    if (body.end === 'else') {
      if (body.elseRest && /^(if|with)\b/.test(body.elseRest)) {
        // `{{else if X}}` is `{{else}}{{if X}}...{{end}}` sharing the closing end.
        const w = body.elseRest.startsWith('if') ? 'if' : 'with';
        elseNodes = [control(w, body.elseRest.slice(w.length))];
      } else {
        const e = list(new Set(['end']));
        elseNodes = e.nodes;
      }
    }
    return { n: word, p, list: body.nodes, else: elseNodes };
  };
  return list(new Set()).nodes;
}

/** The `}}` closing an action, skipping quoted strings. */
function findClose(text: string, from: number): number {
  for (let i = from; i < text.length - 1; i++) {
    const c = text[i];
    if (c === '"' || c === '`' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += c !== '`' && text[j] === '\\' ? 2 : 1;
      i = j;
      continue;
    }
    if (c === '}' && text[i + 1] === '}') return i;
  }
  return -1;
}

// ---------------------------------------------------------------------------
// Execution
// ---------------------------------------------------------------------------

function typeOf(v: GoValue): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (v.kind === 'uint') return 'uint64';
  if (v.kind === 'map') return 'map[string]string';
  if (v.kind === 'struct') return v.type;
  return 'func';
}

function truth(v: GoValue): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.length > 0;
  if (v.kind === 'uint') return v.value !== 0n;
  if (v.kind === 'map') return v.entries.size > 0;
  return true;
}

/** fmt's %v of a value. */
export function printValue(v: GoValue): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(printValue).join(' ')}]`;
  if (v.kind === 'uint') return v.value.toString();
  if (v.kind === 'map') return `map[${[...v.entries.keys()].sort().map((k) => `${k}:${printValue(v.entries.get(k))}`).join(' ')}]`;
  if (v.kind === 'struct') return v.string ? v.string() : `{${Object.values(v.fields).map(printValue).join(' ')}}`;
  throw new TemplateUnsupported('printing a function value is not modelled');
}

function goNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  // %v of a float64 is %g with the shortest representation.
  const s = String(n);
  if (/e/.test(s)) return s.replace(/e([+-])(\d)$/, 'e$10$2');
  return s;
}

function num(text: string): GoValue {
  const clean = text.replace(/_/g, '');
  if (/^[+-]?0[xX]/.test(clean)) return parseInt(clean, 16);
  if (/^[+-]?0[bB]/.test(clean)) return parseInt(clean.replace(/0[bB]/, ''), 2) * (clean.startsWith('-') ? -1 : 1);
  if (/^[+-]?0[oO]/.test(clean)) return parseInt(clean.replace(/0[oO]/, ''), 8) * (clean.startsWith('-') ? -1 : 1);
  if (/^[+-]?0[0-7]+$/.test(clean)) return parseInt(clean, 8);
  const v = Number(clean);
  if (Number.isNaN(v)) throw new TemplateExecError(`bad number syntax: "${text}"`);
  return v;
}

function toInt(v: GoValue, what: string): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (v && typeof v === 'object' && !Array.isArray(v) && v.kind === 'uint') return Number(v.value);
  throw new TemplateExecError(`${what}: cannot convert ${typeOf(v)} to int`);
}

function basicKind(v: GoValue): 'int' | 'float' | 'string' | 'bool' | 'uint' | 'other' | 'nil' {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (!Array.isArray(v) && v.kind === 'uint') return 'uint';
  return 'other';
}

function compare(a: GoValue, b: GoValue, fn: string): number {
  const ka = basicKind(a);
  const kb = basicKind(b);
  const numeric = (k: string) => k === 'int' || k === 'float' || k === 'uint';
  if (numeric(ka) && numeric(kb)) {
    const x = ka === 'uint' ? Number((a as GoUint).value) : (a as number);
    const y = kb === 'uint' ? Number((b as GoUint).value) : (b as number);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ka === 'string' && kb === 'string') return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  if (fn === 'eq' || fn === 'ne') {
    if (ka === kb && ka === 'bool') return a === b ? 0 : 1;
    if (ka === 'nil' && kb === 'nil') return 0;
  }
  throw new TemplateExecError(`error calling ${fn}: incompatible types for comparison`);
}

/** fmt.Sprintf for the verbs templates use: %s %v %d %x %X %o %q %c %t %f %e %g %%, with flags, width and precision. */
export function sprintf(format: string, args: GoValue[]): string {
  let out = '';
  let ai = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = /^([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/.exec(format.slice(i + 1));
    if (!m) {
      out += '%!(NOVERB)';
      break;
    }
    i += m[0].length;
    const [, flags, widthS, precS, verb] = m;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (ai >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const a = args[ai++];
    let s: string;
    const k = basicKind(a);
    const asBig = (): bigint | undefined => (k === 'int' ? BigInt(a as number) : k === 'uint' ? (a as GoUint).value : undefined);
    switch (verb) {
      case 'v':
        s = printValue(a);
        break;
      case 's':
        s = k === 'string' ? (a as string) : k === 'other' || k === 'nil' ? printValue(a) : `%!s(${typeOf(a)}=${printValue(a)})`;
        if (precS !== undefined) s = s.slice(0, Number(precS));
        break;
      case 'q':
        s = k === 'string' ? JSON.stringify(a) : `%!q(${typeOf(a)}=${printValue(a)})`;
        break;
      case 'd':
      case 'x':
      case 'X':
      case 'o':
      case 'b':
      case 'c': {
        const b = asBig();
        if (b === undefined) {
          if (k === 'string' && (verb === 'x' || verb === 'X')) {
            s = Buffer.from(a as string, 'utf8').toString('hex');
            if (verb === 'X') s = s.toUpperCase();
          } else s = `%!${verb}(${typeOf(a)}=${printValue(a)})`;
          break;
        }
        if (verb === 'c') s = String.fromCodePoint(Number(b));
        else {
          const neg = b < 0n;
          const abs = neg ? -b : b;
          s = abs.toString(verb === 'd' ? 10 : verb === 'o' ? 8 : verb === 'b' ? 2 : 16);
          if (verb === 'X') s = s.toUpperCase();
          if (precS !== undefined) s = s.padStart(Number(precS), '0');
          if (flags.includes('#') && (verb === 'x' || verb === 'X')) s = (verb === 'x' ? '0x' : '0X') + s;
          if (neg) s = '-' + s;
          else if (flags.includes('+')) s = '+' + s;
        }
        break;
      }
      case 't':
        s = k === 'bool' ? String(a) : `%!t(${typeOf(a)}=${printValue(a)})`;
        break;
      case 'f':
      case 'F':
      case 'e':
      case 'g': {
        if (k !== 'int' && k !== 'float' && k !== 'uint') {
          s = `%!${verb}(${typeOf(a)}=${printValue(a)})`;
          break;
        }
        const n = k === 'uint' ? Number((a as GoUint).value) : (a as number);
        const p = precS === undefined ? 6 : Number(precS);
        s = verb === 'e' ? n.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2') : verb === 'g' ? goNumber(n) : n.toFixed(p);
        break;
      }
      default:
        s = `%!${verb}(${typeOf(a)}=${printValue(a)})`;
    }
    if (widthS !== undefined) {
      const w = Number(widthS);
      if (s.length < w) {
        if (flags.includes('-')) s = s.padEnd(w, ' ');
        else if (flags.includes('0') && /^[dxXobfeg]$/.test(verb)) {
          const sign = /^[-+]/.test(s) ? s[0] : '';
          s = sign + s.slice(sign.length).padStart(w - sign.length, '0');
        } else s = s.padStart(w, ' ');
      }
    }
    out += s;
  }
  if (ai < args.length) out += `%!(EXTRA ${args.slice(ai).map((a) => `${typeOf(a)}=${printValue(a)}`).join(', ')})`;
  return out;
}

/** strconv.ParseUint as the plugin's `parseInt` (error → template execution error). */
function parseUint(s: GoValue, base: GoValue, bits: GoValue): GoValue {
  if (typeof s !== 'string') throw new TemplateExecError(`error calling parseInt: wrong type for value; expected string; got ${typeOf(s)}`);
  const b = toInt(base, 'parseInt');
  const bitSize = toInt(bits, 'parseInt');
  const fail = (why: string) => new TemplateExecError(`error calling parseInt: strconv.ParseUint: parsing ${JSON.stringify(s)}: ${why}`);
  let digits = s;
  let radix = b;
  if (b === 0) {
    radix = 10;
    if (/^0[xX]/.test(s)) {
      radix = 16;
      digits = s.slice(2);
    } else if (/^0[bB]/.test(s)) {
      radix = 2;
      digits = s.slice(2);
    } else if (/^0[oO]/.test(s)) {
      radix = 8;
      digits = s.slice(2);
    } else if (/^0/.test(s) && s.length > 1) {
      radix = 8;
      digits = s.slice(1);
    }
    digits = digits.replace(/_/g, '');
  } else if (b < 2 || b > 36) throw new TemplateExecError(`error calling parseInt: strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid base ${b}`);
  if (digits === '') throw fail('invalid syntax');
  let v = 0n;
  for (const ch of digits.toLowerCase()) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= radix) throw fail('invalid syntax');
    v = v * BigInt(radix) + BigInt(d);
  }
  const size = bitSize === 0 ? 64 : bitSize;
  if (size < 0 || size > 64) throw new TemplateExecError(`error calling parseInt: strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid bit size ${bitSize}`);
  if (v > (1n << BigInt(size)) - 1n) throw fail('value out of range');
  return { kind: 'uint', value: v };
}

const htmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/\0/g, '\uFFFD');

function builtin(name: string): ((args: GoValue[]) => GoValue) | undefined {
  switch (name) {
    case 'and':
      return (a) => {
        for (const x of a) if (!truth(x)) return x;
        return a[a.length - 1];
      };
    case 'or':
      return (a) => {
        for (const x of a) if (truth(x)) return x;
        return a[a.length - 1];
      };
    case 'not':
      return (a) => {
        if (a.length !== 1) throw new TemplateExecError(`wrong number of args for not: want 1 got ${a.length}`);
        return !truth(a[0]);
      };
    case 'len':
      return ([v]) => {
        if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
        if (Array.isArray(v)) return v.length;
        if (v && typeof v === 'object' && v.kind === 'map') return v.entries.size;
        throw new TemplateExecError(`error calling len: len of type ${typeOf(v)}`);
      };
    case 'index':
      return ([v, ...idx]) => {
        let cur = v;
        for (const i of idx) {
          if (Array.isArray(cur)) {
            const n = toInt(i, 'index');
            if (n < 0 || n >= cur.length) throw new TemplateExecError(`error calling index: index out of range: ${n}`);
            cur = cur[n];
          } else if (typeof cur === 'string') {
            const n = toInt(i, 'index');
            const b = Buffer.from(cur, 'utf8');
            if (n < 0 || n >= b.length) throw new TemplateExecError(`error calling index: index out of range: ${n}`);
            cur = b[n];
          } else if (cur && typeof cur === 'object' && !Array.isArray(cur) && cur.kind === 'map') {
            if (typeof i !== 'string') throw new TemplateExecError(`error calling index: value has type ${typeOf(i)}; should be string`);
            // A missing key gives the element type's zero value: the empty string for the plugin's maps.
            cur = cur.entries.has(i) ? cur.entries.get(i) : '';
          } else if (cur === null || cur === undefined) {
            throw new TemplateExecError('error calling index: index of untyped nil');
          } else throw new TemplateExecError(`error calling index: can't index item of type ${typeOf(cur)}`);
        }
        return cur;
      };
    case 'slice':
      return ([v, ...idx]) => {
        const ns = idx.map((x) => toInt(x, 'slice'));
        if (typeof v === 'string') return v.slice(ns[0] ?? 0, ns[1] ?? v.length);
        if (Array.isArray(v)) return v.slice(ns[0] ?? 0, ns[1] ?? v.length);
        throw new TemplateExecError(`error calling slice: can't slice item of type ${typeOf(v)}`);
      };
    case 'eq':
      return ([a, ...rest]) => {
        if (rest.length === 0) throw new TemplateExecError('missing argument for comparison');
        return rest.some((b) => compare(a, b, 'eq') === 0);
      };
    case 'ne':
      return ([a, b]) => compare(a, b, 'ne') !== 0;
    case 'lt':
      return ([a, b]) => compare(a, b, 'lt') < 0;
    case 'le':
      return ([a, b]) => compare(a, b, 'le') <= 0;
    case 'gt':
      return ([a, b]) => compare(a, b, 'gt') > 0;
    case 'ge':
      return ([a, b]) => compare(a, b, 'ge') >= 0;
    case 'print':
      return (a) => {
        // fmt.Sprint adds spaces between operands when neither is a string.
        let s = '';
        a.forEach((x, i) => {
          if (i > 0 && typeof x !== 'string' && typeof a[i - 1] !== 'string') s += ' ';
          s += printValue(x);
        });
        return s;
      };
    case 'println':
      return (a) => a.map(printValue).join(' ') + '\n';
    case 'printf':
      return ([f, ...a]) => {
        if (typeof f !== 'string') throw new TemplateExecError('wrong type for value; expected string');
        return sprintf(f, a);
      };
    case 'html':
      return (a) => htmlEscape(a.map(printValue).join(''));
    case 'urlquery':
      return (a) => encodeURIComponent(a.map(printValue).join('')).replace(/%20/g, '+');
    case 'js':
      return (a) =>
        a
          .map(printValue)
          .join('')
          .replace(/[\\'"<>&=]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D' })[c]!);
    case 'parseInt':
      return (a) => {
        if (a.length !== 3) throw new TemplateExecError(`wrong number of args for parseInt: want 3 got ${a.length}`);
        return parseUint(a[0], a[1], a[2]);
      };
    case 'call':
      return ([f, ...a]) => {
        if (f && typeof f === 'object' && !Array.isArray(f) && f.kind === 'func') return f.call(a);
        throw new TemplateExecError(`error calling call: non-function of type ${typeOf(f)}`);
      };
    default:
      return undefined;
  }
}

class Exec {
  private vars: Array<Map<string, GoValue>> = [];
  out = '';
  constructor(private readonly root: GoValue) {
    this.vars.push(new Map([['$', root]]));
  }

  private lookupVar(name: string): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].has(name)) return this.vars[i].get(name);
    throw new TemplateExecError(`undefined variable: ${name}`);
  }

  private setVar(name: string, v: GoValue, declare: boolean): void {
    if (declare) {
      this.vars[this.vars.length - 1].set(name, v);
      return;
    }
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].has(name)) {
        this.vars[i].set(name, v);
        return;
      }
    }
    throw new TemplateExecError(`undefined variable: ${name}`);
  }

  private field(v: GoValue, name: string, args: GoValue[] | undefined, final: boolean): GoValue {
    if (v === undefined || v === null) throw new TemplateExecError(`nil pointer evaluating ${typeOf(v)}.${name}`);
    if (typeof v === 'object' && !Array.isArray(v)) {
      if (v.kind === 'map') {
        if (args && args.length > 0 && final) throw new TemplateExecError(`${name} is not a method but has arguments`);
        return v.entries.has(name) ? v.entries.get(name) : undefined;
      }
      if (v.kind === 'struct') {
        if (!(name in v.fields)) throw new TemplateExecError(`can't evaluate field ${name} in type ${v.type}`);
        const f = v.fields[name];
        if (f && typeof f === 'object' && !Array.isArray(f) && f.kind === 'func') return final ? f.call(args ?? []) : f.call([]);
        if (args && args.length > 0 && final) throw new TemplateExecError(`${name} has arguments but cannot be invoked as function`);
        return f;
      }
    }
    throw new TemplateExecError(`can't evaluate field ${name} in type ${typeOf(v)}`);
  }

  private chain(v: GoValue, path: string[], args: GoValue[] | undefined): GoValue {
    let cur = v;
    path.forEach((p, i) => {
      cur = this.field(cur, p, i === path.length - 1 ? args : undefined, i === path.length - 1);
    });
    return cur;
  }

  private operand(o: Operand, dot: GoValue, args: GoValue[] | undefined): GoValue {
    switch (o.k) {
      case 'field':
        return this.chain(dot, o.path, args);
      case 'var':
        return this.chain(this.lookupVar(o.name), o.path, args);
      case 'dot':
        return dot;
      case 'lit':
        return o.v;
      case 'num':
        return num(o.text);
      case 'pipe':
        return this.chain(this.pipeline(o.p, dot), o.path, args);
      case 'ident': {
        const f = builtin(o.name);
        if (!f) throw new TemplateExecError(`function "${o.name}" not defined`);
        return f(args ?? []);
      }
    }
  }

  private command(c: Command, dot: GoValue, piped: GoValue | typeof NONE): GoValue {
    const [head, ...rest] = c.args;
    const hasCallable = head.k === 'ident' || ((head.k === 'field' || head.k === 'var' || head.k === 'pipe') && head.path.length > 0);
    if (!hasCallable) {
      if (rest.length > 0 || piped !== NONE) throw new TemplateExecError(`can't give argument to non-function ${describe(head)}`);
      return this.operand(head, dot, undefined);
    }
    if (head.k === 'ident' && (head.name === 'and' || head.name === 'or')) {
      // Since Go 1.18 `and` and `or` stop at the first argument that decides: later ones are not evaluated
      // (so `and (gt (len .Match) 2) (index .Match 2)` is safe).
      const n = rest.length + (piped !== NONE ? 1 : 0);
      if (n === 0) throw new TemplateExecError(`wrong number of args for ${head.name}: want at least 1 got 0`);
      let v: GoValue = undefined;
      for (let i = 0; i < n; i++) {
        v = i < rest.length ? this.operand(rest[i], dot, undefined) : (piped as GoValue);
        if (head.name === 'and' ? !truth(v) : truth(v)) return v;
      }
      return v;
    }
    const args = rest.map((a) => this.operand(a, dot, undefined));
    if (piped !== NONE) args.push(piped);
    if (head.k !== 'ident' && args.length === 0) return this.operand(head, dot, undefined);
    return this.operand(head, dot, args);
  }

  pipeline(p: Pipeline, dot: GoValue): GoValue {
    let v: GoValue | typeof NONE = NONE;
    for (const c of p.cmds) v = this.command(c, dot, v);
    const val = v as GoValue;
    if (p.decl.length === 1) this.setVar(p.decl[0], val, !p.assign);
    return val;
  }

  list(nodes: Node[], dot: GoValue): void {
    for (const n of nodes) {
      if (n.n === 'text') this.out += n.text;
      else if (n.n === 'action') {
        const v = this.pipeline(n.p, dot);
        if (n.p.decl.length === 0) this.out += printValue(v);
      } else if (n.n === 'if' || n.n === 'with') {
        this.vars.push(new Map());
        const v = this.pipeline(n.p, dot);
        if (truth(v)) this.list(n.list, n.n === 'with' ? v : dot);
        else this.list(n.else, dot);
        this.vars.pop();
      } else {
        this.vars.push(new Map());
        const decl = n.p.decl;
        const v = this.pipeline({ ...n.p, decl: [] }, dot);
        const items: Array<[GoValue, GoValue]> = Array.isArray(v)
          ? v.map((x, i) => [i, x])
          : v && typeof v === 'object' && v.kind === 'map'
            ? [...v.entries.keys()].sort().map((k) => [k, v.entries.get(k)])
            : typeof v === 'number' && Number.isInteger(v)
              ? Array.from({ length: Math.max(0, v) }, (_, i) => [i, i])
              : v === null || v === undefined
                ? []
                : (() => {
                    throw new TemplateExecError(`range can't iterate over ${printValue(v)}`);
                  })();
        if (items.length === 0) this.list(n.else, dot);
        for (const [k, x] of items) {
          if (decl.length === 1) this.setVar(decl[0], x, true);
          if (decl.length === 2) {
            this.setVar(decl[0], k, true);
            this.setVar(decl[1], x, true);
          }
          this.list(n.list, x);
        }
        this.vars.pop();
      }
    }
  }
}

const NONE = Symbol('none');

function describe(o: Operand): string {
  switch (o.k) {
    case 'lit':
      return printValue(o.v);
    case 'num':
      return o.text;
    case 'dot':
      return 'dot';
    default:
      return o.k;
  }
}

export type TemplateResult = { ok: true; text: string } | { ok: false; error: string; unsupported: boolean };

/** A parsed template, ready to run against data. */
export interface CompiledTemplate {
  source: string;
  run(data: GoValue): TemplateResult;
}

/** Parse once; a parse problem is reported by every run (the setup validator reports parse errors to the user). */
export function compileTemplate(source: string): CompiledTemplate {
  let nodes: Node[] | undefined;
  let failure: TemplateResult | undefined;
  try {
    nodes = parseTemplate(source);
  } catch (e) {
    failure = errorResult(e);
  }
  return {
    source,
    run(data) {
      if (failure) return failure;
      const ex = new Exec(data);
      try {
        ex.list(nodes!, data);
        return { ok: true, text: ex.out };
      } catch (e) {
        return errorResult(e);
      }
    },
  };
}

function errorResult(e: unknown): TemplateResult {
  if (e instanceof TemplateUnsupported) return { ok: false, error: e.message, unsupported: true };
  if (e instanceof TemplateExecError) return { ok: false, error: e.message, unsupported: false };
  // Anything else is a gap in this interpreter, not a template error: say so rather than SERVFAIL.
  return { ok: false, error: `the preview could not evaluate this template (${e instanceof Error ? e.message : String(e)})`, unsupported: true };
}
