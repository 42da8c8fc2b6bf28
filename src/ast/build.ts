import { endLine, parseSyntax, LBrace, tokenText, type IToken, type SynBlock, type SynDirective, type SynImport, type SynItem, type SynServerBlock } from '../../grammar/index.js';
import type { Block, BodyItem, Comment, Diagnostic, Directive, File, Import, NodeBase, Punct, Result, ServerBlock, Snippet, TopItem, Word } from './nodes.js';

export function syntaxError(message: string, node: { start: number; end: number }, code = 'syntax/parse'): Diagnostic {
  return { code, severity: 'error', message, span: { start: node.start, end: node.end } };
}

/**
 * Lex, parse and build the AST of one Corefile. Never throws.
 *
 * The diagnostics are the syntax errors CoreDNS's parser would report for
 * this file on its own, in its words (imports, the environment and the
 * directive list are `readServerBlocks`'s business).
 */
export function parse(text: string): Result<File> {
  const syn = parseSyntax(text);
  return new Builder(text, syn.comments).build(syn.items);
}

/** 1-based line and exclusive column just past a token (Chevrotain's are inclusive, and off after a trailing newline). */
function tokenEnd(t: IToken): { endLine: number; endColumn: number } {
  const img = t.image;
  const nl = img.lastIndexOf('\n');
  if (nl === -1) return { endLine: t.startLine!, endColumn: t.startColumn! + img.length };
  return { endLine: endLine(t), endColumn: img.length - nl };
}

function span(first: NodeBase, last: NodeBase): NodeBase {
  return { start: first.start, end: last.end, line: first.line, column: first.column, endLine: last.endLine, endColumn: last.endColumn };
}

class Builder {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly comments: Comment[];
  private commentIdx = 0;
  private readonly snippets = new Set<string>();
  private readonly tokens: Array<Word | Punct> = [];
  /** End line of the last token or comment emitted, for blank-line and trailing-comment detection. */
  private lastLine = 0;

  constructor(
    private readonly text: string,
    commentTokens: IToken[],
  ) {
    this.comments = commentTokens.map((t) => {
      const raw = t.image;
      return {
        type: 'Comment' as const,
        raw,
        text: raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(1, -1) : raw.slice(1),
        trailing: false,
        blankBefore: false,
        start: t.startOffset,
        end: t.startOffset + raw.length,
        line: t.startLine!,
        column: t.startColumn!,
        endLine: t.startLine!,
        endColumn: t.startColumn! + raw.length,
      };
    });
  }

  build(items: Array<SynServerBlock | SynImport>): Result<File> {
    const body: TopItem[] = [];
    for (const item of items) {
      if (item.kind === 'import') {
        this.flushComments(item.keyword.startOffset, body);
        body.push(this.importLine(item, 0));
      } else {
        const first = item.keys[0] ?? item.open;
        if (first) this.flushComments(first.startOffset, body);
        const node = this.serverBlock(item);
        if (node) body.push(node);
      }
    }
    this.flushComments(Infinity, body);
    let line = 1;
    for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) line++;
    const file: File = {
      type: 'File',
      body,
      comments: this.comments,
      tokens: this.tokens,
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

  private blankBefore(t: IToken): boolean {
    return this.lastLine > 0 && t.startLine! > this.lastLine + 1;
  }

  private word(t: IToken): Word {
    const w: Word = {
      type: 'Word',
      raw: t.image,
      text: tokenText(t),
      quoted: t.image.charCodeAt(0) === 0x22,
      start: t.startOffset,
      end: t.startOffset + t.image.length,
      line: t.startLine!,
      column: t.startColumn!,
      ...tokenEnd(t),
    };
    this.tokens.push(w);
    this.lastLine = w.endLine;
    return w;
  }

  private punct(t: IToken): Punct {
    const p: Punct = {
      type: 'Punct',
      raw: t.image,
      value: t.tokenType === LBrace ? '{' : '}',
      start: t.startOffset,
      end: t.startOffset + t.image.length,
      line: t.startLine!,
      column: t.startColumn!,
      ...tokenEnd(t),
    };
    this.tokens.push(p);
    this.lastLine = p.endLine;
    return p;
  }

  private lastTokenText(): string {
    const t = this.tokens[this.tokens.length - 1];
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
    const body: BodyItem[] = [];
    // A snippet body is raw tokens to CoreDNS: its errors surface where it is imported.
    this.body(item.body, body, isSnippet ? -1 : 0);
    this.flushComments(item.close ? item.close.startOffset : Infinity, body);
    const close = item.close ? this.punct(item.close) : undefined;

    const first: NodeBase | undefined = keys[0] ?? open ?? body[0];
    if (!first) return undefined;
    const last: NodeBase = close ?? body[body.length - 1] ?? open ?? keys[keys.length - 1];

    if (isSnippet) {
      const name = keys[0].text.slice(1, -1);
      if (!open) {
        const next = body[0] ?? close;
        // `(snip)` alone at EOF is a key, not a snippet (parse.go returns before isSnippet).
        if (next) this.diagnostics.push(syntaxError(`Syntax error: Unexpected token '${describe(next)}', expecting '{'`, next));
      } else if (!close) {
        this.diagnostics.push(syntaxError(`Syntax error: Unexpected token '${this.lastTokenText()}', expecting '}'`, this.tokens[this.tokens.length - 1]));
      }
      if (this.snippets.has(name)) this.diagnostics.push(syntaxError(`redeclaration of previously declared snippet ${name}`, keys[0]));
      this.snippets.add(name);
      return { type: 'Snippet', name, key: keys[0], open, close, body, blankBefore: blank, ...span(first, last) };
    }

    if (open && !close) {
      // parse.go closeCurlyBrace looks at the last token only, so a file that
      // ends with a nested block's `}` passes.
      const lastTok = this.tokens[this.tokens.length - 1];
      if (lastTok.type !== 'Punct' || lastTok.value !== '}') {
        this.diagnostics.push(syntaxError(`Syntax error: Unexpected token '${this.lastTokenText()}', expecting '}'`, lastTok));
      }
    }
    return { type: 'ServerBlock', keys, open, close, body, blankBefore: blank, ...span(first, last) };
  }

  /**
   * Build the items of a body. `depth` is 0 for a server block, n ≥ 1 inside
   * nested blocks, and -1 for a snippet body (no errors until imported).
   */
  private body(items: SynItem[], into: BodyItem[], depth: number): void {
    for (const item of items) {
      if (item.kind === 'import') {
        this.flushComments(item.keyword.startOffset, into);
        into.push(this.importLine(item, depth));
      } else {
        this.flushComments(item.name.startOffset, into);
        into.push(this.directive(item, Math.max(depth, 0), depth === 0));
      }
    }
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
    return { type: 'Import', keyword, args, blankBefore: blank, ...span(keyword, args[args.length - 1] ?? keyword) };
  }

  private directive(item: SynDirective, depth: number, checkClose: boolean): Directive {
    const blank = this.blankBefore(item.name);
    const name = this.word(item.name);
    const args: Word[] = [];
    const rest: Array<Word | Block> = [];
    let block: Block | undefined;
    for (const part of item.parts) {
      if ((part as SynBlock).kind === 'block') {
        const b = this.block(part as SynBlock, depth + 1);
        if (block) rest.push(b);
        else block = b;
      } else {
        const w = this.word(part as IToken);
        (block ? rest : args).push(w);
      }
    }
    const lastPart: NodeBase = rest[rest.length - 1] ?? block ?? args[args.length - 1] ?? name;
    const d: Directive = { type: 'Directive', name, args, block, rest, depth, blankBefore: blank, ...span(name, lastPart) };
    if (checkClose) this.checkSameLineClose(d);
    return d;
  }

  /** `. { whoami }`: a `}` on a directive's own line, at depth 0, is an error to CoreDNS. */
  private checkSameLineClose(d: Directive): void {
    const t = this.text;
    let i = d.end;
    // Only blanks can separate the directive from a `}` on its line; a comment ends the line.
    for (let c = t.charCodeAt(i); c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c; c = t.charCodeAt(++i));
    if (t.charCodeAt(i) !== 0x7d) return;
    const after = t.charCodeAt(i + 1);
    if (!(Number.isNaN(after) || after === 0x20 || after === 0x09 || after === 0x0a || after === 0x0d || after === 0x23 || after === 0x0b || after === 0x0c)) return;
    this.diagnostics.push(syntaxError(`Unexpected '}' because no matching opening brace`, { start: i, end: i + 1 }));
  }

  private block(item: SynBlock, depth: number): Block {
    const open = this.punct(item.open);
    const body: BodyItem[] = [];
    this.body(item.body, body, depth);
    this.flushComments(item.close ? item.close.startOffset : Infinity, body);
    const close = item.close ? this.punct(item.close) : undefined;
    if (!close) this.diagnostics.push(syntaxError('Unexpected EOF', this.tokens[this.tokens.length - 1]));
    const last: NodeBase = close ?? body[body.length - 1] ?? open;
    return { type: 'Block', open, close, body, ...span(open, last) };
  }
}

function describe(n: BodyItem | Punct): string {
  if (n.type === 'Punct') return n.value;
  if (n.type === 'Directive') return n.name.text;
  if (n.type === 'Import') return n.keyword.text;
  return '#';
}
