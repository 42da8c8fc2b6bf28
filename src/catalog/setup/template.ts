import { compileExpr, DEFAULT_ENV, EXPR_BUILTINS, exprFunc, isExprIdentifier, STRING, UNKNOWN, type Nature } from '../expr.js';
import type { SetupValidator } from '../types.js';
import {
  byteLength,
  checkRegexp,
  goQuote,
  goRuneU,
  memoizeString,
  parseFloat64,
  parseUint,
  runSetup,
  STRING_TO_CLASS,
  STRING_TO_RCODE,
  STRING_TO_TYPE,
} from '../values.js';

/*
 * plugin/template/setup.go templateParse, with the two languages its block
 * compiles at setup: Go text/template (answer, additional, authority),
 * ported here as far as parse time goes, and expr-lang (var, expr), whose
 * compile-time check is the catalog's (../expr.ts), shared with `view`.
 */

const MAX_REGEXP_LEN = 10000;

// ---------------------------------------------------------------------------
// Go text/template, parse time (text/template/parse lex.go and parse.go)
// ---------------------------------------------------------------------------

type ItemType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'comment'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  | 'keyword'
  | 'dot'
  | 'nil';

interface Item {
  typ: ItemType;
  val: string;
  line: number;
}

const TMPL_KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'nil', 'template', 'with']);

/** text/template's builtin functions plus the plugin's FuncMap (parseInt). */
const TMPL_FUNCS = new Set([
  'and',
  'call',
  'html',
  'index',
  'slice',
  'js',
  'len',
  'not',
  'or',
  'print',
  'printf',
  'println',
  'urlquery',
  'eq',
  'ge',
  'gt',
  'le',
  'lt',
  'ne',
  'parseInt',
]);

const isTmplSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string) => c === '_' || /[\p{L}\p{Nd}]/u.test(c);

/** lex.go: the items of a template, ending with eof or the first error. */
function lexTemplate(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let line = 1;
  const emit = (typ: ItemType, val: string) => items.push({ typ, val, line });
  const count = (s: string) => (line += s.split('\n').length - 1);
  const error = (msg: string) => items.push({ typ: 'error', val: msg, line });
  for (;;) {
    // Text up to the next left delimiter.
    const next = input.indexOf('{{', pos);
    if (next < 0) {
      if (pos < input.length) {
        emit('text', input.slice(pos));
        count(input.slice(pos));
      }
      emit('eof', '');
      return items;
    }
    let text = input.slice(pos, next);
    const trimLeft =
      input.startsWith('{{- ', next) ||
      input.startsWith('{{-\t', next) ||
      input.startsWith('{{-\r', next) ||
      input.startsWith('{{-\n', next);
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    if (text !== '') emit('text', text);
    count(input.slice(pos, next));
    pos = next + 2 + (trimLeft ? 2 : 0);
    if (trimLeft) count(input.slice(next + 2, pos));
    // A comment must close right before the delimiter.
    const afterSpace = pos;
    if (input.startsWith('/*', afterSpace)) {
      const end = input.indexOf('*/', afterSpace + 2);
      if (end < 0) return (error('unclosed comment'), items);
      const rest = end + 2;
      const close = /^[ \t\r\n]-\}\}/.test(input.slice(rest, rest + 4)) ? 4 : input.startsWith('}}', rest) ? 2 : 0;
      if (close === 0) return (error('comment ends before closing delimiter'), items);
      count(input.slice(pos, rest + close));
      pos = rest + close;
      if (close === 4) pos = skipSpace(input, pos, (s) => count(s));
      continue;
    }
    emit('leftDelim', '{{');
    let parenDepth = 0;
    // Inside the action.
    for (;;) {
      const trimRight = /^[ \t\r\n]-\}\}/.test(input.slice(pos, pos + 4));
      if (trimRight || input.startsWith('}}', pos)) {
        if (parenDepth !== 0) return (error('unclosed left paren'), items);
        if (trimRight) {
          emit('space', input[pos]);
          count(input[pos]);
          pos += 4;
          emit('rightDelim', '}}');
          pos = skipSpace(input, pos, (s) => count(s));
        } else {
          pos += 2;
          emit('rightDelim', '}}');
        }
        break;
      }
      if (pos >= input.length) return (error('unclosed action'), items);
      const r = String.fromCodePoint(input.codePointAt(pos)!);
      if (isTmplSpace(r)) {
        let end = pos;
        // Stop before a trim marker, which belongs to the delimiter.
        while (end < input.length && isTmplSpace(input[end]) && !/^[ \t\r\n]-\}\}/.test(input.slice(end, end + 4))) end++;
        if (end === pos) end++;
        emit('space', input.slice(pos, end));
        count(input.slice(pos, end));
        pos = end;
        continue;
      }
      if (r === '=') {
        emit('assign', '=');
        pos++;
        continue;
      }
      if (r === ':') {
        if (input[pos + 1] !== '=') return (error('expected :='), items);
        emit('declare', ':=');
        pos += 2;
        continue;
      }
      if (r === '|') {
        emit('pipe', '|');
        pos++;
        continue;
      }
      if (r === '"' || r === "'") {
        let i = pos + 1;
        let closed = false;
        while (i < input.length) {
          const ch = input[i];
          if (ch === '\\') {
            if (i + 1 >= input.length || input[i + 1] === '\n') break;
            i += 2;
            continue;
          }
          if (ch === '\n') break;
          if (ch === r) {
            closed = true;
            break;
          }
          i++;
        }
        if (!closed) return (error(r === '"' ? 'unterminated quoted string' : 'unterminated character constant'), items);
        emit(r === '"' ? 'string' : 'charConstant', input.slice(pos, i + 1));
        pos = i + 1;
        continue;
      }
      if (r === '`') {
        const end = input.indexOf('`', pos + 1);
        if (end < 0) return (error('unterminated raw quoted string'), items);
        emit('rawString', input.slice(pos, end + 1));
        count(input.slice(pos, end + 1));
        pos = end + 1;
        continue;
      }
      if (r === '$' || (r === '.' && !/[0-9]/.test(input[pos + 1] ?? '')) || (isAlnum(r) && !/[0-9]/.test(r))) {
        let end = pos + 1;
        while (end < input.length && isAlnum(String.fromCodePoint(input.codePointAt(end)!)))
          end += String.fromCodePoint(input.codePointAt(end)!).length;
        const word = input.slice(pos, end);
        if (!atTerminator(input, end)) return (error(`bad character ${goRuneU(input.codePointAt(end)!)}`), items);
        if (r === '$') emit('variable', word);
        else if (r === '.') emit(word === '.' ? 'dot' : 'field', word);
        else if (word === 'true' || word === 'false') emit('bool', word);
        else if (word === 'nil') emit('nil', word);
        else if (TMPL_KEYWORDS.has(word)) emit('keyword', word);
        else emit('identifier', word);
        pos = end;
        continue;
      }
      if (r === '.' || r === '+' || r === '-' || /[0-9]/.test(r)) {
        // lex.go scanNumber: sign, base prefix, digits, fraction, exponent, imaginary suffix.
        let end = pos;
        const accept = (valid: string) => (end < input.length && valid.includes(input[end]) ? (end++, true) : false);
        const acceptRun = (valid: string) => {
          while (accept(valid));
        };
        accept('+-');
        let digits = '0123456789_';
        if (accept('0')) {
          if (accept('xX')) digits = '0123456789abcdefABCDEF_';
          else if (accept('oO')) digits = '01234567_';
          else if (accept('bB')) digits = '01_';
        }
        acceptRun(digits);
        if (accept('.')) acceptRun(digits);
        if (digits.length === 11 && accept('eE')) {
          accept('+-');
          acceptRun('0123456789_');
        }
        if (digits.length === 23 && accept('pP')) {
          accept('+-');
          acceptRun('0123456789_');
        }
        accept('i');
        if (end < input.length && isAlnum(String.fromCodePoint(input.codePointAt(end)!))) {
          const after = String.fromCodePoint(input.codePointAt(end)!);
          return (error(`bad number syntax: ${goQuote(input.slice(pos, end) + after)}`), items);
        }
        emit('number', input.slice(pos, end));
        pos = end;
        continue;
      }
      if (r === '(') {
        parenDepth++;
        emit('leftParen', '(');
        pos++;
        continue;
      }
      if (r === ')') {
        parenDepth--;
        if (parenDepth < 0) return (error('unexpected right paren'), items);
        emit('rightParen', ')');
        pos++;
        continue;
      }
      const cp = r.codePointAt(0)!;
      if (cp <= 0x7f && cp >= 0x20 && cp !== 0x7f) {
        emit('char', r);
        pos++;
        continue;
      }
      return (error(`unrecognized character in action: ${goRuneU(cp)}`), items);
    }
  }
}

/** parse.go newNumber's error for a number literal: it must read as an unsigned, signed, float or imaginary number. */
function numberError(text: string): string | undefined {
  if (text.endsWith('i') && parseFloat64(text.slice(0, -1)).ok) return undefined;
  const signed = text.startsWith('-') || text.startsWith('+');
  const u = parseUint(signed ? text.slice(1) : text, 0, 64);
  // ParseUint takes no sign; ParseInt does, within int64.
  if (u.ok && (!signed || u.value <= (text.startsWith('-') ? 2 ** 63 : 2 ** 63 - 1))) return undefined;
  if (parseFloat64(text).ok) return /[.eEpP]/.test(text) ? undefined : `integer overflow: ${goQuote(text)}`;
  return `illegal number syntax: ${goQuote(text)}`;
}

function skipSpace(input: string, pos: number, seen: (s: string) => void): number {
  let end = pos;
  while (end < input.length && isTmplSpace(input[end])) end++;
  seen(input.slice(pos, end));
  return end;
}

function atTerminator(input: string, i: number): boolean {
  if (i >= input.length) return true;
  const r = input[i];
  if (isTmplSpace(r) || '.,|:()'.includes(r)) return true;
  return input.startsWith('}}', i);
}

/** item.String() as parse errors print it. */
function itemString(i: Item): string {
  if (i.typ === 'eof') return 'EOF';
  if (i.typ === 'error') return i.val;
  if (i.typ === 'keyword') return `<${i.val}>`;
  if ([...i.val].length > 10) return `${goQuote([...i.val].slice(0, 10).join(''))}...`;
  return goQuote(i.val);
}

class TemplateError {
  constructor(readonly message: string) {}
}

/** parse.go Tree.Parse: the error text newTemplate would return, if any. */
export function templateError(name: string, text: string): string | undefined {
  const bySection = SECTION_VERDICTS.get(name);
  return bySection ? bySection(text) : templateVerdicts(`${name}\u0000${text}`);
}

// Blocks often repeat one answer template; the verdict depends on the section name and the text only.
const templateVerdicts = memoizeString(4096, (key) => {
  const nul = key.indexOf('\u0000');
  return parseTemplateError(key.slice(0, nul), key.slice(nul + 1));
});

// The sections the validator asks about, each keyed by the text alone (no key string built per call).
const SECTION_VERDICTS = new Map(
  ['answer', 'additional', 'authority'].map((section) => [section, memoizeString(4096, (text) => parseTemplateError(section, text))]),
);

function parseTemplateError(name: string, text: string): string | undefined {
  const items = lexTemplate(text);
  let p = 0;
  let current: Item = items[0];
  const vars: string[] = ['$'];
  let rangeDepth = 0;
  const fail = (msg: string, at: Item = current): never => {
    throw new TemplateError(`template: ${name}:${at.line}: ${msg}`);
  };
  const next = (): Item => {
    current = items[Math.min(p, items.length - 1)];
    p++;
    if (current.typ === 'error') fail(current.val);
    return current;
  };
  const backup = () => {
    p--;
  };
  const peek = (): Item => items[Math.min(p, items.length - 1)];
  const nextNonSpace = (): Item => {
    let t = next();
    while (t.typ === 'space') t = next();
    return t;
  };
  const peekNonSpace = (): Item => {
    const t = nextNonSpace();
    backup();
    return t;
  };
  const unexpected = (t: Item, context: string): never => fail(t.typ === 'error' ? t.val : `unexpected ${itemString(t)} in ${context}`, t);
  const expect = (typ: ItemType, context: string): Item => {
    const t = nextNonSpace();
    if (t.typ !== typ) unexpected(t, context);
    return t;
  };

  /** Returns the node kind of the term, or undefined at a token that is no term. */
  const term = (): string | undefined => {
    const t = nextNonSpace();
    switch (t.typ) {
      case 'identifier':
        if (!TMPL_FUNCS.has(t.val)) fail(`function ${goQuote(t.val)} not defined`);
        return 'identifier';
      case 'dot':
        return 'dot';
      case 'nil':
        return 'nil';
      case 'variable':
        if (!vars.includes(t.val)) fail(`undefined variable ${goQuote(t.val)}`);
        return 'variable';
      case 'field':
        return 'field';
      case 'bool':
        return 'bool';
      case 'charConstant':
        return 'number';
      case 'number':
        {
          const e = numberError(t.val);
          if (e !== undefined) fail(e);
        }
        return 'number';
      case 'leftParen':
        pipeline('parenthesized pipeline', 'rightParen');
        return 'pipe';
      case 'string':
      case 'rawString':
        return 'string';
    }
    backup();
    return undefined;
  };

  const operand = (): string | undefined => {
    const kind = term();
    if (kind === undefined) return undefined;
    if (peek().typ === 'field') {
      if (['bool', 'string', 'number', 'nil', 'dot'].includes(kind)) fail(`unexpected . after term ${goQuote(items[p - 1].val)}`);
      while (peek().typ === 'field') next();
      return 'chain';
    }
    return kind;
  };

  /** Returns the kind of the command's first argument. */
  const command = (): string => {
    let first: string | undefined;
    for (;;) {
      peekNonSpace();
      const kind = operand();
      if (kind !== undefined && first === undefined) first = kind;
      const t = next();
      if (t.typ === 'space') continue;
      if (t.typ === 'rightDelim' || t.typ === 'rightParen') backup();
      else if (t.typ !== 'pipe') fail(`unexpected ${itemString(t)} in operand`);
      break;
    }
    if (first === undefined) fail('empty command');
    return first!;
  };

  const pipeline = (context: string, end: ItemType): void => {
    // Optional declarations: $x := …, $x = …, or $k, $v := … in range (Go's `goto decls` loop); otherwise rewind.
    let decls = 0;
    for (;;) {
      const save = p;
      const v = nextNonSpace();
      if (v.typ !== 'variable') {
        p = save;
        break;
      }
      const op = nextNonSpace();
      if (op.typ === 'assign' || op.typ === 'declare') {
        vars.push(v.val);
        break;
      }
      if (op.typ === 'char' && op.val === ',') {
        vars.push(v.val);
        decls++;
        if (context === 'range' && decls < 2) {
          if (['variable', 'rightDelim', 'rightParen'].includes(peekNonSpace().typ)) continue;
          fail('range can only initialize variables');
        }
        fail(`too many declarations in ${context}`);
      }
      p = save;
      break;
    }
    const cmds: string[] = [];
    for (;;) {
      const t = nextNonSpace();
      if (t.typ === end) {
        if (cmds.length === 0) fail(`missing value for ${context}`);
        for (let i = 1; i < cmds.length; i++) {
          if (['bool', 'dot', 'nil', 'number', 'string'].includes(cmds[i])) fail(`non executable command in pipeline stage ${i + 1}`);
        }
        return;
      }
      if (
        ['bool', 'charConstant', 'dot', 'field', 'identifier', 'number', 'nil', 'rawString', 'string', 'variable', 'leftParen'].includes(
          t.typ,
        )
      ) {
        backup();
        cmds.push(command());
        continue;
      }
      unexpected(t, context);
    }
  };

  /** itemList: nodes up to {{end}} or {{else}}; returns which one. */
  const itemList = (): 'end' | 'else' => {
    for (;;) {
      const t = peekNonSpace();
      if (t.typ === 'eof') fail('unexpected EOF', t);
      const r = textOrAction();
      if (r === 'end' || r === 'else') return r;
    }
  };

  const control = (context: string): void => {
    const depth = vars.length;
    pipeline(context, 'rightDelim');
    if (context === 'range') rangeDepth++;
    let r = itemList();
    if (context === 'range') rangeDepth--;
    if (r === 'else') {
      // {{else if …}} (or {{else with …}}) nests a control that ends with the same {{end}}.
      const la = peek();
      if (la.typ === 'keyword' && la.val === context && (context === 'if' || context === 'with')) {
        next();
        control(context);
      } else {
        r = itemList();
        if (r === 'else') fail('expected end; found {{else}}');
      }
    }
    vars.length = depth;
  };

  const action = (): 'end' | 'else' | undefined => {
    const t = nextNonSpace();
    if (t.typ === 'keyword') {
      switch (t.val) {
        case 'block': {
          const name = nextNonSpace();
          if (name.typ !== 'string' && name.typ !== 'rawString') unexpected(name, 'block clause');
          if (nextNonSpace().typ !== 'rightDelim') {
            backup();
            pipeline('block clause', 'rightDelim');
          }
          if (itemList() !== 'end') fail('unexpected {{else}} in block clause');
          return undefined;
        }
        case 'break':
        case 'continue':
          if (rangeDepth === 0) fail(`{{${t.val}}} outside {{range}}`);
          expect('rightDelim', `{{${t.val}}}`);
          return undefined;
        case 'else': {
          const la = peekNonSpace();
          if (!(la.typ === 'keyword' && (la.val === 'if' || la.val === 'with'))) expect('rightDelim', 'else');
          return 'else';
        }
        case 'end':
          expect('rightDelim', 'end');
          return 'end';
        case 'if':
        case 'range':
        case 'with':
          control(t.val);
          return undefined;
        case 'template': {
          const name = nextNonSpace();
          if (name.typ !== 'string' && name.typ !== 'rawString') unexpected(name, 'template clause');
          if (nextNonSpace().typ !== 'rightDelim') {
            backup();
            pipeline('template clause', 'rightDelim');
          }
          return undefined;
        }
      }
    }
    backup();
    pipeline('command', 'rightDelim');
    return undefined;
  };

  const textOrAction = (): 'end' | 'else' | undefined => {
    const t = nextNonSpace();
    if (t.typ === 'text') return undefined;
    if (t.typ === 'leftDelim') return action();
    if (t.typ === 'comment') return undefined;
    return unexpected(t, 'input');
  };

  try {
    for (;;) {
      const t = peek();
      if (t.typ === 'eof') return undefined;
      if (t.typ === 'leftDelim') {
        const save = p;
        next();
        const d = nextNonSpace();
        if (d.typ === 'keyword' && d.val === 'define') {
          const nameTok = nextNonSpace();
          if (nameTok.typ !== 'string' && nameTok.typ !== 'rawString') unexpected(nameTok, 'define clause');
          expect('rightDelim', 'define clause');
          const saved = vars.splice(1);
          if (itemList() !== 'end') fail('unexpected {{else}} in define clause');
          vars.push(...saved);
          continue;
        }
        p = save;
      }
      const r = textOrAction();
      if (r === 'end' || r === 'else') fail(`unexpected {{${r}}}`);
    }
  } catch (e) {
    if (e instanceof TemplateError) return e.message;
    throw e;
  }
}

const VAR_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** template.go exprEnv: DefaultEnv plus group(), which reads a group of the matching regex by name or number. */
const TEMPLATE_ENV: ReadonlyMap<string, Nature> = new Map([
  ...DEFAULT_ENV,
  ['group', exprFunc('func(interface {}) string', [UNKNOWN], STRING)],
]);

/**
 * What later expressions see of a var: setup.go stores new(any) (a
 * *interface{}) when expr cannot tell the result's type, else the zero
 * value of that type, whose nature is the type alone (a slice literal's
 * element type, which the checker tracks beside []interface{}, is lost).
 */
function storedNature(n: Nature): Nature {
  if (n.k === 'unknown' || n.k === 'nil') return { k: 'ptrAny' };
  if (n.k === 'array' && n.go === undefined) return { k: 'array', elem: UNKNOWN };
  return n;
}

// ---------------------------------------------------------------------------
// The directive
// ---------------------------------------------------------------------------

/** plugin/template/setup.go templateParse. */
export const validate: SetupValidator = (ctx) =>
  runSetup('template', ctx, ({ d: c }) => {
    while (c.next()) {
      if (!c.nextArg()) throw c.argErr();
      if (!STRING_TO_CLASS.has(c.val())) throw c.err(`invalid query class ${c.val()}`);
      if (!c.nextArg()) throw c.argErr();
      if (!STRING_TO_TYPE.has(c.val())) throw c.err(`invalid RR class ${c.val()}`);
      c.countRemainingArgs();
      // Each template starts from the built-in environment; its vars are added as they are declared.
      // (Copied on the first var: most templates declare none.)
      let env: ReadonlyMap<string, Nature> = TEMPLATE_ENV;
      while (c.nextBlock()) {
        switch (c.val()) {
          case 'match': {
            const args = c.remainingArgs();
            if (args.length === 0) throw c.argErr();
            for (const regex of args) {
              const n = byteLength(regex);
              if (n > MAX_REGEXP_LEN) throw c.err(`regex pattern too long: ${n} > ${MAX_REGEXP_LEN}`);
              const re = checkRegexp(regex);
              if (!re.ok) throw c.err(`could not parse regex: ${regex}, ${re.error}`);
            }
            break;
          }
          case 'answer':
          case 'additional':
          case 'authority': {
            const section = c.val();
            const args = c.remainingArgs();
            if (args.length === 0) throw c.argErr();
            for (const text of args) {
              const e = templateError(section, text);
              // CoreDNS names the last token of the line here, not the failing template; answer's message has no newline.
              if (e !== undefined) throw c.err(`could not compile template: ${c.val()}, ${e}${section === 'answer' ? '' : '\n'}`);
            }
            break;
          }
          case 'var': {
            const args = c.remainingArgs();
            if (args.length < 2) throw c.argErr();
            const name = args[0];
            if (!VAR_NAME.test(name)) throw c.err(`invalid variable name ${goQuote(name)}`);
            if (env.has(name) || EXPR_BUILTINS.has(name) || !isExprIdentifier(name))
              throw c.err(`variable name ${goQuote(name)} is reserved`);
            const r = compileExpr(args.slice(1).join(' '), env);
            if (r.issue) throw c.err(`could not compile expression: ${name}, ${r.issue.message}`);
            const own = env === TEMPLATE_ENV ? new Map(TEMPLATE_ENV) : (env as Map<string, Nature>);
            own.set(name, storedNature(r.nature));
            env = own;
            break;
          }
          case 'expr': {
            const args = c.remainingArgs();
            if (args.length === 0) throw c.argErr();
            const r = compileExpr(args.join(' '), env);
            if (r.issue) throw c.err(`could not compile expression: ${r.issue.message}`);
            break;
          }
          case 'rcode':
            if (!c.nextArg()) throw c.argErr();
            if (!STRING_TO_RCODE.has(c.val())) throw c.err(`unknown rcode ${c.val()}`);
            break;
          case 'ederror': {
            const args = c.remainingArgs();
            if (args.length !== 1 && args.length !== 2) throw c.argErr();
            const code = parseUint(args[0], 10, 16);
            if (!code.ok) throw c.err(`error parsing extended DNS error code ${c.val()}, ${code.error}\n`);
            break;
          }
          case 'fallthrough':
          case 'upstream':
            c.countRemainingArgs();
            break;
          default:
            throw c.argErr();
        }
      }
    }
  });
