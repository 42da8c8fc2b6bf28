import { lex, parseTokens, standAsWord, type SynBlock, type SynDirective, type SynImport, type SynItem, type SynServerBlock, type Token } from '../../grammar/index.js';
import type { Block, BodyItem, Comment, Diagnostic, Directive, File, Import, NodeBase, Punct, Result, ServerBlock, Snippet, TopItem, Word } from './nodes.js';

export function syntaxError(message: string, node: { start: number; end: number }, code = 'syntax/parse'): Diagnostic {
  return { code, severity: 'error', message, span: { start: node.start, end: node.end } };
}

/** A comment's text: after the `#`, without a line's closing `\r`. */
export function commentText(raw: string): string {
  return raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(1, -1) : raw.slice(1);
}

/**
 * Lex, parse and build the AST of one Corefile. Never throws.
 *
 * The diagnostics are the syntax errors CoreDNS's parser would report for
 * this file on its own, in its words (imports, the environment and the
 * directive list are `readServerBlocks`'s business).
 */
export function parse(text: string): Result<File> {
  const { tokens, comments } = lex(text);
  const deep = tooDeep(tokens);
  if (deep) {
    // The file's comments alone, and why: see MAX_NESTING.
    const result = new Builder(text, comments, []).finish();
    const message = `Blocks nest deeper than ${MAX_NESTING} levels here: too deep for the syntax tree, so this file is not formatted and editor features that need the tree are off. (CoreDNS reads any depth, and lint checks the file.)`;
    result.diagnostics.push(syntaxError(message, deep, NESTING));
    return result;
  }
  const builder = new Builder(text, comments, tokens);
  // Each server block is built as soon as it is parsed, so its syntax tree dies young.
  parseTokens(tokens, (item) => builder.top(item));
  return builder.finish();
}

/**
 * The deepest nesting of braces the syntax tree is built for. The parser,
 * the builder and the printer take a few stack frames a level, and a file
 * nested some 800 levels deep would overflow the stack; real Corefiles nest
 * three or four levels.
 */
export const MAX_NESTING = 200;

/** The code of the diagnostic for a file nested deeper than MAX_NESTING: not an error CoreDNS reports. */
export const NESTING = 'syntax/nesting';

/** The first `{` that opens a level deeper than MAX_NESTING, if any. */
function tooDeep(tokens: readonly Token[]): Token | undefined {
  let depth = 0;
  for (const t of tokens) {
    if (t.type !== 'Punct') continue;
    if (t.text === '{') {
      if (++depth > MAX_NESTING) return t;
    } else if (depth > 0) depth--;
  }
  return undefined;
}

class Builder {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly comments: Comment[];
  private commentIdx = 0;
  private readonly snippets = new Set<string>();
  /** The last token placed in the tree. */
  private last: Word | Punct | undefined;
  /** End line of the last token or comment emitted, for blank-line and trailing-comment detection. */
  private lastLine = 0;

  constructor(
    private readonly text: string,
    commentTokens: Token[],
    /**
     * Every token of the file, in order: the parser places each in the tree
     * (the grammar accepts every sequence), so they are the file's token list.
     */
    private readonly tokens: Token[],
  ) {
    this.comments = commentTokens.map((t) => {
      const raw = t.raw;
      return {
        type: 'Comment' as const,
        raw,
        text: commentText(raw),
        trailing: false,
        blankBefore: false,
        start: t.start,
        end: t.start + raw.length,
        line: t.line,
        column: t.column,
        endLine: t.line,
        endColumn: t.column + raw.length,
      };
    });
  }

  private readonly items: TopItem[] = [];
  /** The items of the bodies being built, nested ones above outer ones (see `body`). */
  private readonly stack: BodyItem[] = [];

  /** Add the next top-level item, in source order. */
  top(item: SynServerBlock | SynImport): void {
    const body = this.items;
    if (item.kind === 'import') {
      this.flushComments(item.keyword.start, body);
      body.push(this.importLine(item, 0));
    } else {
      const first = item.keys[0] ?? item.open;
      if (first) this.flushComments(first.start, body);
      const prev = body[body.length - 1];
      const node = this.serverBlock(item);
      if (node) {
        this.checkSameLine(prev, node, 0);
        body.push(node);
      }
    }
  }

  /** The file, once every top-level item was added. */
  finish(): Result<File> {
    const body = this.items;
    this.flushComments(Infinity, body);
    let line = 1;
    for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) line++;
    const file: File = {
      type: 'File',
      body,
      comments: this.comments,
      tokens: this.tokens as Array<Word | Punct>,
      start: 0,
      end: this.text.length,
      line: 1,
      column: 1,
      endLine: line,
      endColumn: this.text.length - this.text.lastIndexOf('\n'),
    };
    return { value: file, diagnostics: this.diagnostics };
  }

  /** Move the comments that start before `offset` into `into`. */
  private flushComments(offset: number, into: Array<TopItem | BodyItem>): void {
    const comments = this.comments;
    while (this.commentIdx < comments.length && comments[this.commentIdx].start < offset) {
      const c = comments[this.commentIdx++];
      c.trailing = this.lastLine === c.line;
      c.blankBefore = this.lastLine > 0 && c.line > this.lastLine + 1;
      this.lastLine = c.endLine;
      into.push(c);
    }
  }

  private blankBefore(t: Token): boolean {
    return this.lastLine > 0 && t.line > this.lastLine + 1;
  }

  /** The token as a word of the tree (a brace used as a key or a name is a word to CoreDNS). */
  private word(t: Token): Word {
    standAsWord(t);
    this.last = t as Word;
    this.lastLine = t.endLine;
    return t as Word;
  }

  private punct(t: Token): Punct {
    this.last = t as Punct;
    this.lastLine = t.line;
    return t as Punct;
  }

  private lastTokenText(): string {
    const t = this.last!;
    return t.type === 'Word' ? t.text : t.value;
  }

  private serverBlock(item: SynServerBlock): ServerBlock | Snippet | undefined {
    const firstTok = item.keys[0] ?? item.open;
    const blank = firstTok ? this.blankBefore(firstTok) : false;
    // Braces used as keys (`}` after a block, `{}`) are plain words to CoreDNS.
    const keys = item.keys.map((t) => this.word(t));
    const open = item.open ? this.punct(item.open) : undefined;

    // `a, {`: a trailing comma promises another key.
    const lastKey = keys[keys.length - 1];
    if (lastKey && lastKey.text.endsWith(',')) {
      if (open) this.diagnostics.push(syntaxError(`Expected another address but had '{' - check for extra comma`, open));
      else if (item.body.length === 0 && !item.close) this.diagnostics.push(syntaxError('Unexpected EOF', lastKey));
    }

    const isSnippet = keys.length === 1 && keys[0].text.startsWith('(') && keys[0].text.endsWith(')');
    // A snippet body is raw tokens to CoreDNS: its errors surface where it is imported.
    const body = this.body(item.body, isSnippet ? -1 : 0, item.close ? item.close.start : Infinity);
    const close = item.close ? this.punct(item.close) : undefined;
    if (close) this.checkSameLine(body[body.length - 1], close, isSnippet ? -1 : 0);

    const first: NodeBase | undefined = keys[0] ?? open ?? body[0];
    if (!first) return undefined;
    // A comment before the `{` (between keys, or after them) lands in the body,
    // so the body's last item may end before the last key or the `{`.
    let last: NodeBase = close ?? body[body.length - 1] ?? open ?? keys[keys.length - 1];
    for (const n of [open, keys[keys.length - 1]]) if (n && n.end > last.end) last = n;

    if (isSnippet) {
      const name = keys[0].text.slice(1, -1);
      if (!open) {
        // Comments are not tokens: CoreDNS meets the next word or brace, or EOF.
        const next = body.find((i) => i.type !== 'Comment') ?? close;
        // `(snip)` alone at EOF is a key, not a snippet (parse.go returns before isSnippet).
        if (next) this.diagnostics.push(syntaxError(`Syntax error: Unexpected token '${describe(next)}', expecting '{'`, next));
      } else if (!close) {
        this.diagnostics.push(syntaxError(`Syntax error: Unexpected token '${this.lastTokenText()}', expecting '}'`, this.last!));
      }
      if (this.snippets.has(name)) this.diagnostics.push(syntaxError(`redeclaration of previously declared snippet ${name}`, keys[0]));
      this.snippets.add(name);
      return { type: 'Snippet', name, key: keys[0], open, close, body, blankBefore: blank, start: first.start, end: last.end, line: first.line, column: first.column, endLine: last.endLine, endColumn: last.endColumn };
    }

    if (open && !close) {
      // parse.go closeCurlyBrace looks at the last token only, so a file that
      // ends with a nested block's `}` passes.
      const lastTok = this.last!;
      if (lastTok.type !== 'Punct' || lastTok.value !== '}') {
        this.diagnostics.push(syntaxError(`Syntax error: Unexpected token '${this.lastTokenText()}', expecting '}'`, lastTok));
      }
    }
    return { type: 'ServerBlock', keys, open, close, body, blankBefore: blank, start: first.start, end: last.end, line: first.line, column: first.column, endLine: last.endLine, endColumn: last.endColumn };
  }

  /**
   * Build the items of a body. `depth` is 0 for a server block, n ≥ 1 inside
   * nested blocks, and -1 for a snippet body (no errors until imported).
   */
  private body(items: SynItem[], depth: number, end: number): BodyItem[] {
    const into = this.stack;
    const mark = into.length;
    for (const item of items) {
      if (item.kind === 'import') {
        this.flushComments(item.keyword.start, into);
        const prev = into.length > mark ? into[into.length - 1] : undefined;
        const imp = this.importLine(item, depth);
        this.checkSameLine(prev, imp, depth);
        into.push(imp);
      } else {
        this.flushComments(item.name.start, into);
        const prev = into.length > mark ? into[into.length - 1] : undefined;
        const d = this.directive(item, Math.max(depth, 0));
        this.checkSameLine(prev, d, depth);
        into.push(d);
      }
    }
    this.flushComments(end, into);
    // One exact-size array: an array grown by push keeps its spare capacity for good.
    const body = into.slice(mark);
    into.length = mark;
    return body;
  }

  private importLine(item: SynImport, depth: number): Import {
    const blank = this.blankBefore(item.keyword);
    const keyword = this.word(item.keyword);
    const args = item.args.map((t) => this.word(t));
    if (depth >= 0) {
      if (args.length === 0) this.diagnostics.push(syntaxError(`Wrong argument count or unexpected line ending after 'import'`, keyword));
      else if (args.length > 1) this.diagnostics.push(syntaxError('Import takes only one argument (glob pattern or file)', args[1]));
      else if (args[0].text === '') this.diagnostics.push(syntaxError('Import requires a non-empty filepath', args[0]));
    }
    const last = args[args.length - 1] ?? keyword;
    return { type: 'Import', keyword, args, blankBefore: blank, start: keyword.start, end: last.end, line: keyword.line, column: keyword.column, endLine: last.endLine, endColumn: last.endColumn };
  }

  private directive(item: SynDirective, depth: number): Directive {
    const blank = this.blankBefore(item.name);
    const name = this.word(item.name);
    const parts = item.parts;
    // Most directives have only words: size the arguments exactly (a growing array reserves more).
    let firstBlock = 0;
    while (firstBlock < parts.length && (parts[firstBlock] as SynBlock).kind !== 'block') firstBlock++;
    // Without a block, the parts are the arguments: the parser's exact-size array is kept.
    const args: Word[] = firstBlock === parts.length ? (parts as Word[]) : new Array<Word>(firstBlock);
    for (let i = 0; i < firstBlock; i++) args[i] = this.word(parts[i] as Token);
    let block: Block | undefined;
    let rest = NO_PARTS;
    if (firstBlock < parts.length) {
      block = this.block(parts[firstBlock] as SynBlock, depth + 1);
      if (firstBlock + 1 < parts.length) {
        const more: Array<Word | Block> = [];
        for (let i = firstBlock + 1; i < parts.length; i++) {
          const part = parts[i]!;
          more.push((part as SynBlock).kind === 'block' ? this.block(part as SynBlock, depth + 1) : this.word(part as Token));
        }
        rest = more;
      }
    }
    return new DirectiveNode(name, args, block, rest, depth, blank);
  }

  /**
   * parse.go takes every token on a directive's line as its argument, braces
   * included (Dispenser.NextArg). So a `}` on the line of a depth-0 directive
   * is an error (`. { whoami }`), and so is any token after an import's one
   * argument. Checked on tokens, so a quoted `"}"` and Unicode blanks count.
   */
  private checkSameLine(prev: BodyItem | TopItem | undefined, next: NodeBase, depth: number): void {
    if (!prev || depth < 0 || prev.endLine !== next.line) return;
    if (prev.type === 'Import') this.diagnostics.push(syntaxError('Import takes only one argument (glob pattern or file)', next));
    else if (prev.type === 'Directive' && depth === 0 && isClose(next)) this.diagnostics.push(syntaxError(`Unexpected '}' because no matching opening brace`, next));
  }

  private block(item: SynBlock, depth: number): Block {
    const open = this.punct(item.open);
    const body = this.body(item.body, depth, item.close ? item.close.start : Infinity);
    const close = item.close ? this.punct(item.close) : undefined;
    if (close) this.checkSameLine(body[body.length - 1], close, depth);
    if (!close) this.diagnostics.push(syntaxError('Unexpected EOF', this.last!));
    // (As in `directive`: a token's getters and other nodes' fields read apart.)
    if (close) return { type: 'Block', open, close, body, start: open.start, end: close.end, line: open.line, column: open.column, endLine: close.endLine, endColumn: close.endColumn };
    const last: NodeBase = body[body.length - 1] ?? open;
    return { type: 'Block', open, close, body, start: open.start, end: last.end, line: open.line, column: open.column, endLine: last.endLine, endColumn: last.endColumn };
  }
}

/**
 * A directive: what it holds, and where it starts and ends derived from its
 * name and last part. The commonest node after tokens, so it stores no
 * positions of its own (a large file's tree stays smaller, and an edit before
 * it moves it with its tokens).
 */
class DirectiveNode implements Directive {
  readonly type = 'Directive';
  constructor(
    public name: Word,
    public args: Word[],
    public block: Block | undefined,
    public readonly rest: ReadonlyArray<Word | Block>,
    public depth: number,
    public blankBefore: boolean,
  ) {}

  /** The last word or block. */
  private get last(): Word | Block {
    const rest = this.rest;
    if (rest.length > 0) return rest[rest.length - 1]!;
    if (this.block) return this.block;
    const args = this.args;
    return args.length > 0 ? args[args.length - 1]! : this.name;
  }
  get start(): number {
    return this.name.start;
  }
  get line(): number {
    return this.name.line;
  }
  get column(): number {
    return this.name.column;
  }
  get end(): number {
    return this.last.end;
  }
  get endLine(): number {
    return this.last.endLine;
  }
  get endColumn(): number {
    return this.last.endColumn;
  }

  /** The AST's JSON shape (`corefile parse`). */
  toJSON(): object {
    const { type, name, args, block, rest, depth, blankBefore, start, end, line, column, endLine, endColumn } = this;
    return { type, name, args, block, rest, depth, blankBefore, start, end, line, column, endLine, endColumn };
  }
}

/**
 * The `rest` of every directive that has none (nearly all): one shared array,
 * read-only by type. Not frozen: V8 iterates a frozen array through an
 * allocated iterator.
 */
const NO_PARTS: ReadonlyArray<Word | Block> = [];

function isClose(n: NodeBase): boolean {
  return (n as Punct).type === 'Punct' && (n as Punct).value === '}';
}

function describe(n: Exclude<BodyItem, Comment> | Punct): string {
  if (n.type === 'Punct') return n.value;
  if (n.type === 'Directive') return n.name.text;
  return n.keyword.text;
}
