import { parseCst, LBrace, RBrace, tokenText, type CstNode, type IToken } from '../../grammar/index.js';
import type {
  Block, BodyItem, Comment, Diagnostic, Directive, File, Import, NodeBase, Punct, Result, ServerBlock, Snippet, TopItem, Word,
} from './nodes.js';

type Child = CstNode | IToken;

function isToken(c: Child): c is IToken {
  return (c as IToken).image !== undefined;
}

function startOf(c: Child): number {
  return isToken(c) ? c.startOffset : (c.location?.startOffset ?? Number.NaN);
}

/** The children of a CST node in source order. */
function ordered(node: CstNode, labels: string[]): Array<[string, Child]> {
  const out: Array<[string, Child]> = [];
  for (const label of labels) {
    const list = node.children[label] as Child[] | undefined;
    if (list) for (const c of list) out.push([label, c]);
  }
  if (labels.length > 1) out.sort((a, b) => startOf(a[1]) - startOf(b[1]));
  return out;
}

function tokenSpan(t: IToken): NodeBase {
  return {
    start: t.startOffset,
    end: t.endOffset! + 1,
    line: t.startLine!,
    column: t.startColumn!,
    endLine: t.endLine!,
    endColumn: t.endColumn! + 1,
  };
}

function between(a: NodeBase, b: NodeBase): NodeBase {
  return { start: a.start, end: b.end, line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn };
}

export function syntaxError(message: string, node: { start: number; end: number }, code = 'syntax/parse'): Diagnostic {
  return { code, severity: 'error', message, span: { start: node.start, end: node.end } };
}

/**
 * Lex, parse and build the AST of one Corefile. Never throws.
 *
 * The diagnostics are the syntax errors CoreDNS's parser would report for
 * this file on its own, in its words (without imports, environment or the
 * directive list: see `readServerBlocks` for those).
 */
export function parse(text: string): Result<File> {
  const cst = parseCst(text);
  return new Builder(text, cst.comments).build(cst.cst, cst.tokens);
}

class Builder {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly comments: Comment[];
  private commentIdx = 0;
  private readonly snippets = new Set<string>();
  private readonly tokens: Array<Word | Punct> = [];
  /** End line of the last token or comment emitted, for blank-line detection. */
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
        text: raw.slice(1).replace(/\r$/, ''),
        trailing: false,
        blankBefore: false,
        ...tokenSpan(t),
      };
    });
  }

  build(cst: CstNode, allTokens: IToken[]): Result<File> {
    const body: TopItem[] = [];
    for (const [label, c] of ordered(cst, ['serverBlock', 'importLine'])) {
      const node = c as CstNode;
      this.flushComments(startOf(node), body);
      if (label === 'importLine') body.push(this.importLine(node, 0));
      else {
        const item = this.serverBlock(node);
        if (item) body.push(item);
      }
    }
    this.flushComments(Infinity, body);
    const lastTok = allTokens[allTokens.length - 1];
    const endPos = this.positionAtEnd();
    const file: File = {
      type: 'File',
      body,
      comments: this.comments,
      tokens: this.tokens,
      start: 0,
      end: this.text.length,
      line: 1,
      column: 1,
      endLine: endPos.line,
      endColumn: endPos.column,
    };
    void lastTok;
    return { value: file, diagnostics: this.diagnostics };
  }

  private positionAtEnd(): { line: number; column: number } {
    const lastNl = this.text.lastIndexOf('\n');
    let line = 1;
    for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) line++;
    return { line, column: this.text.length - lastNl };
  }

  /** Move the comments that start before `offset` into `into`. */
  private flushComments(offset: number, into: Array<TopItem | BodyItem>): void {
    while (this.commentIdx < this.comments.length && this.comments[this.commentIdx].start < offset) {
      const c = this.comments[this.commentIdx++];
      c.trailing = this.lastLine === c.line;
      c.blankBefore = this.lastLine > 0 && c.line > this.lastLine + 1;
      this.lastLine = c.endLine;
      into.push(c);
    }
  }

  private blankBefore(n: NodeBase): boolean {
    const b = this.lastLine > 0 && n.line > this.lastLine + 1;
    return b;
  }

  private word(t: IToken): Word {
    const w: Word = {
      type: 'Word',
      raw: t.image,
      text: tokenText(t),
      quoted: t.image.charCodeAt(0) === 0x22,
      ...tokenSpan(t),
    };
    this.tokens.push(w);
    this.lastLine = w.endLine;
    return w;
  }

  private punct(t: IToken): Punct {
    const p: Punct = { type: 'Punct', raw: t.image, value: t.tokenType === LBrace ? '{' : '}', ...tokenSpan(t) };
    this.tokens.push(p);
    this.lastLine = p.endLine;
    return p;
  }

  /** A key token: braces used as keys (`}` after a block, `{}`) are words to CoreDNS. */
  private keyWord(t: IToken): Word {
    return this.word(t);
  }

  private serverBlock(node: CstNode): ServerBlock | Snippet | undefined {
    const keyToks = (node.children.keys as IToken[] | undefined) ?? [];
    const firstTok = keyToks[0] ?? (node.children.open as IToken[] | undefined)?.[0];
    const blank = firstTok ? this.lastLine > 0 && firstTok.startLine! > this.lastLine + 1 : false;
    const keys = keyToks.map((t) => this.keyWord(t));
    const openTok = (node.children.open as IToken[] | undefined)?.[0];
    const open = openTok ? this.punct(openTok) : undefined;

    // `a, {`: a trailing comma promises another key.
    const lastKey = keys[keys.length - 1];
    if (lastKey && lastKey.text.endsWith(',')) {
      if (open) this.diagnostics.push(syntaxError(`Expected another address but had '{' - check for extra comma`, open));
      else if (!(node.children.body as CstNode[] | undefined)?.[0]?.children.directive && !(node.children.body as CstNode[])?.[0]?.children.importLine) {
        this.diagnostics.push(syntaxError('Unexpected EOF', lastKey));
      }
    }

    const isSnippet = keys.length === 1 && keys[0].text.startsWith('(') && keys[0].text.endsWith(')');
    const bodyNode = (node.children.body as CstNode[] | undefined)?.[0];
    const body: BodyItem[] = [];
    if (bodyNode) this.body(bodyNode, body, isSnippet ? -1 : 0);
    const closeTok = (node.children.close as IToken[] | undefined)?.[0];
    this.flushComments(closeTok ? closeTok.startOffset : bodyEnd(body, open), body);
    const close = closeTok ? this.punct(closeTok) : undefined;

    const first: NodeBase | undefined = keys[0] ?? open ?? (body[0] as NodeBase | undefined);
    if (!first) return undefined;
    const last: NodeBase = close ?? (body[body.length - 1] as NodeBase | undefined) ?? open ?? keys[keys.length - 1];
    const span = between(first, last);

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
      return { type: 'Snippet', name, key: keys[0], open, close, body, blankBefore: blank, ...span };
    }

    if (open && !close) {
      // parse.go closeCurlyBrace checks the last token only, so a file that
      // ends with a nested block's `}` passes.
      const lastTok = this.tokens[this.tokens.length - 1];
      if (lastTok.type !== 'Punct' || lastTok.value !== '}') {
        this.diagnostics.push(syntaxError(`Syntax error: Unexpected token '${this.lastTokenText()}', expecting '}'`, lastTok));
      }
    }
    return { type: 'ServerBlock', keys, open, close, body, blankBefore: blank, ...span };
  }

  private lastTokenText(): string {
    const t = this.tokens[this.tokens.length - 1];
    return t.type === 'Word' ? t.text : t.value;
  }

  /**
   * Build the items of a body. `depth` is 0 for a server block, n ≥ 1 inside
   * nested blocks, and -1 for a snippet body (raw tokens to CoreDNS: no
   * errors until it is imported).
   */
  private body(node: CstNode, into: BodyItem[], depth: number): void {
    for (const [label, c] of ordered(node, ['directive', 'importLine'])) {
      const n = c as CstNode;
      this.flushComments(startOf(n), into);
      if (label === 'importLine') into.push(this.importLine(n, depth));
      else into.push(this.directive(n, Math.max(depth, 0), depth === 0));
    }
  }

  private importLine(node: CstNode, depth: number): Import {
    const kwTok = (node.children.keyword as IToken[])[0];
    const blank = this.lastLine > 0 && kwTok.startLine! > this.lastLine + 1;
    const keyword = this.word(kwTok);
    const args = ((node.children.args as IToken[] | undefined) ?? []).map((t) => this.word(t));
    if (depth >= 0) {
      if (args.length === 0) this.diagnostics.push(syntaxError(`Wrong argument count or unexpected line ending after 'import'`, keyword));
      else if (args.length > 1) this.diagnostics.push(syntaxError('Import takes only one argument (glob pattern or file)', args[1]));
      else if (args[0].text === '') this.diagnostics.push(syntaxError('Import requires a non-empty filepath', args[0]));
    }
    return { type: 'Import', keyword, args, blankBefore: blank, ...between(keyword, args[args.length - 1] ?? keyword) };
  }

  private directive(node: CstNode, depth: number, checkClose: boolean): Directive {
    const nameTok = (node.children.name as IToken[])[0];
    const blank = this.lastLine > 0 && nameTok.startLine! > this.lastLine + 1;
    const name: Word = nameTok.tokenType === LBrace || nameTok.tokenType === RBrace ? this.word(nameTok) : this.word(nameTok);
    const args: Word[] = [];
    const rest: Array<Word | Block> = [];
    let block: Block | undefined;
    for (const [label, c] of ordered(node, ['parts', 'block'])) {
      if (label === 'parts') {
        const w = this.word(c as IToken);
        (block ? rest : args).push(w);
      } else {
        const b = this.block(c as CstNode, depth + 1);
        if (block) rest.push(b);
        else block = b;
      }
    }
    const lastPart: NodeBase = (rest[rest.length - 1] as NodeBase | undefined) ?? block ?? args[args.length - 1] ?? name;
    const d: Directive = { type: 'Directive', name, args, block, rest, depth, blankBefore: blank, ...between(name, lastPart) };
    if (checkClose) this.checkSameLineClose(d);
    return d;
  }

  /** `. { whoami }`: a `}` on a directive's own line, at depth 0, is an error to CoreDNS. */
  private checkSameLineClose(d: Directive): void {
    const after = this.peekTokenAfter(d.end);
    if (after && after.value === '}' && after.line === d.endLine) {
      this.diagnostics.push(syntaxError(`Unexpected '}' because no matching opening brace`, after));
    }
  }

  private peekTokenAfter(offset: number): { value: string; line: number; start: number; end: number } | undefined {
    // Scan the text: only whitespace and comments can lie between d.end and the next token.
    const t = this.text;
    let i = offset;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === 0x23) {
        // A comment runs to the end of the line: nothing else on this line.
        return undefined;
      }
      if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c) {
        i++;
        continue;
      }
      break;
    }
    if (t[i] === '}' && (i + 1 >= t.length || /[\s#]/.test(t[i + 1]))) {
      const line = this.lineOf(i);
      return { value: '}', line, start: i, end: i + 1 };
    }
    return undefined;
  }

  private lineOf(offset: number): number {
    let line = 1;
    for (let i = this.text.indexOf('\n'); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) line++;
    return line;
  }

  private block(node: CstNode, depth: number): Block {
    const open = this.punct((node.children.open as IToken[])[0]);
    const body: BodyItem[] = [];
    const bodyNode = (node.children.body as CstNode[] | undefined)?.[0];
    if (bodyNode) this.body(bodyNode, body, depth);
    const closeTok = (node.children.close as IToken[] | undefined)?.[0];
    this.flushComments(closeTok ? closeTok.startOffset : bodyEnd(body, open), body);
    const close = closeTok ? this.punct(closeTok) : undefined;
    if (!close) {
      const last = this.tokens[this.tokens.length - 1];
      this.diagnostics.push(syntaxError('Unexpected EOF', last));
    }
    const last: NodeBase = close ?? (body[body.length - 1] as NodeBase | undefined) ?? open;
    return { type: 'Block', open, close, body, ...between(open, last) };
  }
}

function bodyEnd(body: BodyItem[], open: NodeBase | undefined): number {
  // Comments after the last item of an unclosed body stay in it.
  void body;
  void open;
  return Infinity;
}

function describe(n: BodyItem | Punct): string {
  if (n.type === 'Punct') return n.value;
  if (n.type === 'Directive') return n.name.text;
  if (n.type === 'Import') return n.keyword.text;
  return '#';
}
