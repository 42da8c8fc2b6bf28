import * as path from 'node:path';
import { lex, TokenTable, type Token } from '../../grammar/index.js';
import { expandEnvText, type EnvLookup } from './env.js';
import type { FileSystem } from './fs.js';
import { DispenserError, duringParsing, newlines, unexpectedToken } from './dispenser.js';

/** A token as CoreDNS's parser holds it, with where it came from. */
export interface CoreToken {
  /** Text after unquoting (and, for arguments and keys, env substitution). */
  text: string;
  /** '' for the main Corefile, else the absolute path of the imported file. */
  file: string;
  /** 1-based line where the token starts in its file. */
  line: number;
  start: number;
  end: number;
  /** For imported tokens: the files imported, outermost first, to reach this one. */
  chain?: readonly string[];
}

/** One occurrence of a directive: its name token and every token CoreDNS collects for it. */
export interface CoreDirective {
  name: string;
  tokens: CoreToken[];
}

export interface CoreServerBlock {
  /** Keys after env substitution, a trailing comma stripped. */
  keys: Array<{ text: string; token: CoreToken }>;
  /** Directive occurrences in file order (CoreDNS groups them by name; see `groupByName`). */
  directives: CoreDirective[];
}

export interface CoreParseError {
  /** `Error during parsing: …` or `Syntax error: …`, as CoreDNS prints after `FILE:LINE - `. */
  message: string;
  /** The token CoreDNS was at; undefined when the file had none. */
  token?: CoreToken;
  /** The file CoreDNS names in the message ('' for the main file). */
  file: string;
  line: number;
  /** For an import cycle: the files in it, in import order, ending with the repeated one. */
  cycle?: string[];
}

export interface CoreReadResult {
  blocks: CoreServerBlock[];
  error?: CoreParseError;
  /** The block being read when the error struck (CoreDNS's parser state at that point). */
  partial?: CoreServerBlock;
  /** Things CoreDNS only logs (an import glob that matches nothing). */
  warnings: CoreParseError[];
  /** The `{` of each block that had no key before it: CoreDNS reads it and drops it. */
  keyless: CoreToken[];
  /** Whether any file was imported (snippets aside). */
  importedFiles: boolean;
}

export interface ReadOptions {
  /** Absolute path of the main Corefile, against which relative imports resolve. */
  path: string;
  /** How CoreDNS names the main file in messages (default 'Corefile'). */
  filename?: string;
  fs: FileSystem;
  env: EnvLookup;
  /** The server type's directive names; unknown names are parse errors. Omit to accept any name. */
  directives?: ReadonlySet<string>;
  /** Caps on import expansions (coredns/caddy parse.go maxSnippetExpansions, maxFileExpansions). */
  maxSnippetExpansions?: number;
  maxFileExpansions?: number;
  /**
   * The main file's tokens when the caller has lexed `text` already, so it is not lexed twice:
   * `lex(text).tokens` (also a parsed `File.tokens`; read only: the reader copies the array
   * before it changes anything) or `lexTable(text)`, which lint passes: then the directives'
   * tokens are made when read, and `releaseDirective` lets them go.
   */
  tokens?: readonly CoreToken[] | TokenTable;
}

/** A placeholder, never changed: replaced before anyone reads it. */
const NO_TOKENS: CoreToken[] = [];

export function lexFile(text: string, file: string): CoreToken[] {
  const tokens = lex(text).tokens;
  // The lexer's tokens are the main file's CoreTokens already; an imported file's name theirs.
  return file === '' ? tokens : coreTokens(tokens, file);
}

/** Lexer tokens (from `lex`) as CoreDNS's reader holds them, in `file`. */
export function coreTokens(tokens: readonly Token[], file: string): CoreToken[] {
  const out = new Array<CoreToken>(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    out[i] = { text: t.text, file, line: t.line, start: t.start, end: t.end };
  }
  return out;
}

/**
 * Read a Corefile the way CoreDNS does (coredns/caddy caddyfile.Parse):
 * imports spliced in, snippets expanded, environment substituted, tokens
 * grouped per server block. It stops at the first error, as CoreDNS does.
 * Never throws.
 */
export function readServerBlocks(text: string, opts: ReadOptions): CoreReadResult {
  const r = new Reader(new Stream(opts.tokens ?? lexFile(text, '')), opts);
  return r.parseAll();
}

/** CoreDNS's grouping: per directive name, the tokens of all its occurrences in order. */
export function groupByName(block: CoreServerBlock): Map<string, CoreToken[]> {
  const m = new Map<string, CoreToken[]>();
  for (const d of block.directives) {
    const list = m.get(d.name);
    // One by one: a spread of a large directive's tokens would not fit on the stack.
    if (list) for (const t of d.tokens) list.push(t);
    else m.set(d.name, d.tokens.slice());
  }
  return m;
}

/**
 * The reader's tokens: the main file's table as lexed (placeholders it
 * replaced aside), until an import splices other tokens in; from then on an
 * array of token objects. Tokens of the table are made into objects only when
 * asked for: a directive's when its tokens are read (`TableDirective`).
 */
class Stream {
  /** The table, while the stream is the table's tokens in order. */
  table: TokenTable | undefined;
  /** The tokens, once the stream is no longer the table's (or when there was none). */
  array: CoreToken[] | undefined;
  /** Table entries whose placeholders were replaced: the replaced tokens. */
  replaced: Map<number, CoreToken> | undefined;
  /** `array` is the caller's: copied before the first change. */
  private shared: boolean;

  constructor(tokens: readonly CoreToken[] | TokenTable) {
    if (tokens instanceof TokenTable) {
      this.table = tokens;
      this.shared = false;
    } else {
      this.array = tokens as CoreToken[];
      this.shared = true;
    }
  }

  get length(): number {
    return this.array ? this.array.length : this.table!.count;
  }

  text(i: number): string {
    if (this.array) return this.array[i]!.text;
    const r = this.replaced?.get(i);
    return r ? r.text : this.table!.texts[i]!;
  }

  line(i: number): number {
    return this.array ? this.array[i]!.line : this.table!.lines[i]!;
  }

  file(i: number): string {
    return this.array ? this.array[i]!.file : '';
  }

  /** The line token `i` ends on, as the Dispenser counts it: its line plus the line breaks in its text. */
  endLine(i: number): number {
    const t = this.array ? this.array[i] : this.replaced?.get(i);
    if (t) return t.line + newlines(t.text);
    // Only a quoted word holds a line break as lexed (a placeholder's value may bring one: replaced above).
    const table = this.table!;
    return table.quoted(i) ? table.lines[i]! + newlines(table.texts[i]!) : table.lines[i]!;
  }

  token(i: number): CoreToken {
    return this.array ? this.array[i]! : (this.replaced?.get(i) ?? this.table!.readToken(i));
  }

  /** Put `t` in place of token `i`. */
  replace(i: number, t: CoreToken): void {
    if (this.table) (this.replaced ??= new Map()).set(i, t);
    else {
      if (this.shared) this.array = this.array!.slice();
      this.shared = false;
      this.array![i] = t;
    }
  }

  /** Tokens `from` to `to` (exclusive), as objects. */
  slice(from: number, to: number): CoreToken[] {
    return this.array ? this.array.slice(from, to) : tableTokens(this.table!, this.replaced, from, to);
  }

  /** Replace tokens `from` to `to` (exclusive) with `tokens`: an array from now on. */
  splice(from: number, to: number, tokens: readonly CoreToken[]): void {
    if (this.array && !this.shared && tokens.length <= SPLICE_IN_PLACE) {
      // In place: a file that imports a snippet thousands of times would otherwise copy
      // the whole stream into new arrays at each import.
      this.array.splice(from, to - from, ...tokens);
      return;
    }
    this.array = this.slice(0, from).concat(tokens, this.slice(to, this.length));
    this.table = undefined;
    this.shared = false;
  }
}

/** Table entries `from` to `to` (exclusive) as the reader's tokens; those in `replaced` had placeholders. */
function tableTokens(table: TokenTable, replaced: ReadonlyMap<number, CoreToken> | undefined, from: number, to: number): CoreToken[] {
  const out = new Array<CoreToken>(Math.max(0, to - from));
  for (let i = from; i < to; i++) out[i - from] = replaced?.get(i) ?? table.readToken(i);
  return out;
}

/** The most tokens spliced in with one `Array.prototype.splice` call (its arguments are on the stack). */
const SPLICE_IN_PLACE = 4096;

/**
 * A directive read from the table: its tokens are made when first read and
 * let go by `releaseDirective`, so a large file's tokens are objects only
 * while their block is checked. What stays alive through a lint is what
 * garbage collection copies, and made and dropped within one block, they die young.
 */
class TableDirective implements CoreDirective {
  private made: CoreToken[] | undefined;
  /** Exclusive end. */
  private to: number;
  private replaced: ReadonlyMap<number, CoreToken> | undefined;

  constructor(
    readonly name: string,
    private readonly table: TokenTable,
    private readonly from: number,
  ) {
    this.to = from + 1;
  }

  /** The reading of the directive is over: its tokens end before `to`, and those in `replaced` had placeholders. */
  close(to: number, replaced: ReadonlyMap<number, CoreToken> | undefined): void {
    this.to = to;
    this.replaced = replaced;
  }

  get tokens(): CoreToken[] {
    return (this.made ??= tableTokens(this.table, this.replaced, this.from, this.to));
  }

  release(): void {
    this.made = undefined;
  }
}

/** Let go of a directive's tokens if they were made from the table; read again, they are made anew. */
export function releaseDirective(d: CoreDirective): void {
  if (d instanceof TableDirective) d.release();
}

class Reader {
  private block: CoreServerBlock = { keys: [], directives: [] };
  private eof = false;
  private cursor = -1;
  private readonly snippets = new Map<string, CoreToken[]>();
  private snippetExpansions = 0;
  private fileExpansions = 0;
  private readonly warnings: CoreParseError[] = [];
  private readonly keyless: CoreToken[] = [];
  private readonly maxSnippets: number;
  private readonly maxFiles: number;
  private readonly filename: string;

  constructor(
    private readonly tokens: Stream,
    private readonly opts: ReadOptions,
  ) {
    this.filename = opts.filename ?? 'Corefile';
    this.maxSnippets = opts.maxSnippetExpansions ?? 10000;
    this.maxFiles = opts.maxFileExpansions ?? 100000;
  }

  parseAll(): CoreReadResult {
    const blocks: CoreServerBlock[] = [];
    try {
      while (this.next()) {
        this.parseOne();
        if (this.block.keys.length > 0) blocks.push(this.block);
      }
    } catch (e) {
      if (e instanceof DispenserError) {
        const t = e.token;
        const cycle = (e as DispenserError & { cycle?: string[] }).cycle;
        return { blocks, partial: this.block, error: { message: e.detail, token: t, file: t?.file ?? '', line: e.line, cycle }, warnings: this.warnings, keyless: this.keyless, importedFiles: this.fileExpansions > 0 };
      }
      throw e;
    }
    return { blocks, warnings: this.warnings, keyless: this.keyless, importedFiles: this.fileExpansions > 0 };
  }

  private env(s: string): string {
    return expandEnvText(s, this.opts.env);
  }

  // --- the cursor: the Dispenser's steps the parser takes ---

  private next(): boolean {
    if (this.cursor < this.tokens.length - 1) {
      this.cursor++;
      return true;
    }
    return false;
  }

  private val(): string {
    return this.cursor < 0 || this.cursor >= this.tokens.length ? '' : this.tokens.text(this.cursor);
  }

  private token(): CoreToken | undefined {
    return this.cursor < 0 || this.cursor >= this.tokens.length ? undefined : this.tokens.token(this.cursor);
  }

  /** Lines from where token `i` ends to where token `i + 1` starts (1 across files): 0 on the same line. */
  private gap(i: number): number {
    const s = this.tokens;
    if (s.file(i) !== s.file(i + 1)) return 1;
    return s.line(i + 1) - s.endLine(i);
  }

  private isNewLine(): boolean {
    if (this.cursor < 1) return true;
    if (this.cursor > this.tokens.length - 1) return false;
    return this.gap(this.cursor - 1) > 0;
  }

  /** The next token, if it is on the same line. */
  private nextArg(): boolean {
    if (this.cursor < 0) {
      this.cursor++;
      return true;
    }
    if (this.cursor >= this.tokens.length - 1 || this.gap(this.cursor) !== 0) return false;
    this.cursor++;
    return true;
  }

  private fail(msg: string): never {
    throw DispenserError.at(duringParsing(msg), this.token(), this.filename);
  }

  private failSyntax(expected: string): never {
    throw DispenserError.at(unexpectedToken(this.val(), expected), this.token(), this.filename);
  }

  // --- parser ---

  private parseOne(): void {
    this.block = { keys: [], directives: [] };
    this.begin();
  }

  private begin(): void {
    if (this.tokens.length === 0) return;
    this.addresses();
    if (this.eof) return;
    const keys = this.block.keys;
    if (keys.length === 1 && keys[0].text.startsWith('(') && keys[0].text.endsWith(')')) {
      const name = keys[0].text.slice(1).replace(/\)$/, '');
      if (this.snippets.has(name)) this.fail(`redeclaration of previously declared snippet ${name}`);
      const toks = this.snippetTokens();
      for (let i = 0; i + 1 < toks.length; i++) {
        if (toks[i].text === 'import') {
          const atLineStart = i === 0 || toks[i - 1].file !== toks[i].file || toks[i - 1].line !== toks[i].line;
          if (atLineStart && this.env(toks[i + 1].text) === name) {
            this.fail(`maximum snippet import depth (${this.maxSnippets}) exceeded`);
          }
        }
      }
      this.snippets.set(name, toks);
      this.block.keys = [];
      return;
    }
    this.blockContents();
  }

  private addresses(): void {
    let expectingAnother = false;
    // Whether a key's token came before (one the environment empties too).
    let keyed = false;
    for (;;) {
      let tkn = this.env(this.val());
      if (tkn === 'import' && this.isNewLine()) {
        this.doImport();
        continue;
      }
      if (tkn === '{') {
        if (!keyed) this.keyless.push(this.token()!);
        if (expectingAnother) this.fail(`Expected another address but had '${tkn}' - check for extra comma`);
        break;
      }
      keyed = true;
      if (tkn !== '') {
        if (tkn.endsWith(',')) {
          tkn = tkn.slice(0, -1);
          expectingAnother = true;
        } else expectingAnother = false;
        this.block.keys.push({ text: tkn, token: this.token()! });
      }
      const hasNext = this.next();
      if (expectingAnother && !hasNext) this.fail('Unexpected EOF');
      if (!hasNext) {
        this.eof = true;
        break;
      }
      if (!expectingAnother && this.isNewLine()) break;
    }
  }

  private blockContents(): void {
    const braced = this.val() === '{';
    if (!braced) this.cursor--;
    this.directives();
    if (braced && this.val() !== '}') this.failSyntax('}');
  }

  private directives(): void {
    while (this.next()) {
      if (this.val() === '}') break;
      if (this.val() === 'import') {
        this.doImport();
        this.cursor--;
        continue;
      }
      this.directive();
    }
  }

  private directive(): void {
    const dir = this.env(this.val());
    let nesting = 0;
    if (this.opts.directives && !this.opts.directives.has(dir)) this.fail(`Unknown directive '${dir}'`);
    const start = this.cursor;
    let last = start;
    const list = this.block.directives;
    const at = list.length;
    const tokens = this.tokens;
    const fromTable = tokens.table ? new TableDirective(dir, tokens.table, start) : undefined;
    // Its tokens are set below, once known (one exact-size copy).
    list.push(fromTable ?? { name: dir, tokens: NO_TOKENS });
    try {
      while (this.next()) {
        const v = this.val();
        if (v === '{') nesting++;
        else if (this.isNewLine() && nesting === 0) {
          this.cursor--;
          break;
        } else if (v === '}' && nesting > 0) nesting--;
        else if (v === '}' && nesting === 0) this.fail(`Unexpected '}' because no matching opening brace`);
        else if (v === 'import' && this.isNewLine()) {
          this.doImport();
          this.cursor--;
          continue;
        }
        const replaced = this.env(v);
        if (replaced !== v) {
          const tok = tokens.token(this.cursor);
          tokens.replace(this.cursor, { text: replaced, file: tok.file, line: tok.line, start: tok.start, end: tok.end, ...(tok.chain ? { chain: tok.chain } : {}) });
        }
        last = this.cursor;
      }
      if (nesting > 0) this.fail('Unexpected EOF');
    } finally {
      // The tokens from the name to the last one taken are the directive's (an import's own tokens were
      // spliced out): a range of the table while the stream is the table, else one exact-size copy,
      // also when an error stops the reading. An import turns the stream into an array, and keeps
      // the indices of the tokens before it.
      if (fromTable && tokens.table) fromTable.close(last + 1, tokens.replaced);
      else list[at] = { name: dir, tokens: tokens.slice(start, last + 1) };
    }
  }

  private snippetTokens(): CoreToken[] {
    if (this.val() !== '{') this.failSyntax('{');
    let count = 1;
    const out: CoreToken[] = [];
    while (this.next()) {
      if (this.val() === '}') {
        count--;
        if (count === 0) break;
      }
      if (this.val() === '{') count++;
      out.push(this.token()!);
    }
    if (count !== 0) this.failSyntax('}');
    return out;
  }

  private doImport(): void {
    if (!this.nextArg()) this.fail(`Wrong argument count or unexpected line ending after '${this.val()}'`);
    const pattern = this.env(this.val());
    if (pattern === '') this.fail('Import requires a non-empty filepath');
    if (this.nextArg()) this.fail('Import takes only one argument (glob pattern or file)');
    let imported: CoreToken[] = [];
    const snippet = this.snippets.get(pattern);
    if (snippet) {
      if (this.snippetExpansions >= this.maxSnippets) this.fail(`maximum snippet import depth (${this.maxSnippets}) exceeded`);
      this.snippetExpansions++;
      imported = snippet;
    } else {
      // parse.go prints the snippet cap in this message too.
      if (this.fileExpansions >= this.maxFiles) this.fail(`maximum file import depth (${this.maxSnippets}) exceeded`);
      this.fileExpansions++;
      const cur = this.token()!;
      const absFile = cur.file === '' ? this.opts.path : cur.file;
      const globPattern = path.isAbsolute(pattern) ? pattern : path.join(path.dirname(absFile), pattern);
      if (count(globPattern, '*') > 1 || count(globPattern, '?') > 1 || (globPattern.includes('[') && globPattern.includes(']'))) {
        this.fail(`Glob pattern may only contain one wildcard (*), but has others: ${globPattern}`);
      }
      const matches = glob(this.opts.fs, globPattern);
      if (matches === 'bad') this.fail(`Failed to use import pattern ${pattern}: syntax error in pattern`);
      if (matches.length === 0) {
        if (/[*?[\]]/.test(globPattern)) {
          this.warnings.push({ message: `No files matching import glob pattern: ${pattern}`, token: cur, file: cur.file, line: cur.line });
        } else this.fail(`File to import not found: ${pattern}`);
      }
      const chain = [this.opts.path, ...(cur.chain ?? [])];
      for (const f of matches) {
        // A file that imports itself, directly or not, always expands until
        // CoreDNS's cap; stop at once with the same verdict and message.
        if (chain.includes(f)) {
          const err = DispenserError.at(duringParsing(`maximum file import depth (${this.maxSnippets}) exceeded`), this.token(), this.filename);
          throw Object.assign(err, { cycle: [...chain, f] });
        }
        // One by one: a spread of a large file's tokens would not fit on the stack.
        for (const t of this.singleImport(f, [...(cur.chain ?? []), f])) imported.push(t);
      }
    }
    this.tokens.splice(this.cursor - 1, this.cursor + 1, imported);
    this.cursor--;
  }

  private singleImport(file: string, chain: readonly string[]): CoreToken[] {
    const kind = this.opts.fs.stat(file);
    if (kind === 'directory') this.fail(`Could not import ${file}: is a directory`);
    const r = this.opts.fs.readFile(file);
    if ('error' in r) this.fail(`Could not import ${file}: ${r.error}`);
    const toks = lexFile(r.text, file);
    for (const t of toks) t.chain = chain;
    return toks;
  }
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** Go's filepath.Glob over the injected file system: matches in lexical order, or 'bad' for a malformed pattern. */
export function glob(fs: FileSystem, pattern: string): string[] | 'bad' {
  if (!/[*?[\\]/.test(pattern)) return fs.stat(pattern) ? [pattern] : [];
  const dir = path.dirname(pattern);
  const base = path.basename(pattern);
  let dirs: string[];
  if (/[*?[\\]/.test(dir) && dir !== pattern) {
    const d = glob(fs, dir);
    if (d === 'bad') return d;
    dirs = d;
  } else dirs = [dir];
  const out: string[] = [];
  for (const d of dirs) {
    if (fs.stat(d) !== 'directory') continue;
    const names = [...(fs.readDirectory(d) ?? [])].sort();
    for (const n of names) {
      const m = matchSegment(base, n);
      if (m === 'bad') return 'bad';
      if (m) out.push(path.join(d, n));
    }
  }
  return out;
}

/** Go's path.Match for one path segment: `*`, `?`, `\` escapes, `[…]` classes. */
export function matchSegment(pattern: string, name: string): boolean | 'bad' {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      if (i + 1 >= pattern.length) return 'bad';
      re += escapeRe(pattern[++i]);
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close === -1) return 'bad';
      let cls = pattern.slice(i + 1, close);
      if (cls.startsWith('^')) cls = '\\^' + cls.slice(1);
      re += '[' + cls.replace(/\\/g, '\\\\').replace(/^\\\\\^/, '^') + ']';
      i = close;
    } else re += escapeRe(c);
  }
  return new RegExp(re + '$', 'u').test(name);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
