import { isUnterminated } from '../../grammar/index.js';
import type { Block, BodyItem, Comment, Directive, File, Import, Punct, ServerBlock, Snippet, TopItem, Word } from '../ast/nodes.js';

/**
 * The Corefile layout printer. It walks the AST and writes lines; the
 * Prettier printer and the core `format` both use it, so they cannot
 * disagree.
 *
 * Canonical layout changes only whitespace and comment placement, and only
 * where CoreDNS's parser (coredns/caddy caddyfile/parse.go) ignores lines:
 *
 * - Inside a directive's `{ … }` CoreDNS reads tokens regardless of lines,
 *   except for `import` at the start of a line, so options are re-laid one per
 *   line. A directive whose block holds an `import` word that is *not* at the
 *   start of its line is printed as written (moving it would expand it).
 * - At depth 0 a directive owns the tokens on its line, so a directive's
 *   name and arguments always stay on one line, and the words after a nested
 *   block's `}` stay on that `}` line.
 * - A `{` that opens a nested block attaches wherever it is, so it moves up
 *   to its owner's line; the `}` that closes a server block goes on its own
 *   line, where CoreDNS requires it.
 * - Server block keys continued by a trailing comma are joined on one line.
 * - Environment placeholders are taken for ordinary words. CoreDNS expands
 *   a key before it checks for `import` or a trailing comma, so a value of
 *   `import` or one ending in `,` would make even a joined key line mean
 *   something else; as a cheap caution a placeholder key keeps its place at
 *   (or away from) the start of a line.
 * - A `}` and `{` are never glued (`{}` is one token to CoreDNS), and
 *   adjacent tokens always get a space between them, which CoreDNS reads as
 *   the same tokens (whitespace only separates, and a closing quote already
 *   ends a token).
 */

export interface LayoutOptions {
  /** One level of indentation: a tab or some spaces. */
  indent: string;
}

/**
 * The output, line by line. A line holds no line terminator of its own, but a
 * multi-line quoted token keeps its inner line breaks as written.
 */
export class Lines {
  readonly lines: string[] = [];
  /** The last line ends with a comment: nothing may follow it on that line. */
  private commented = false;
  /** The last line has only its indentation so far. */
  private bare = true;
  /** Set when a caller tried to put a word after a comment: the layout would change meaning. */
  broken = false;

  /** Start a new line with the given indentation. */
  line(indent: string): void {
    this.lines.push(indent);
    this.commented = false;
    this.bare = true;
  }

  /** Ensure one blank line before the next line (runs collapse to one; none at the start). */
  blank(): void {
    const n = this.lines.length;
    if (n > 0 && this.lines[n - 1] !== '') {
      this.lines.push('');
      this.commented = false;
      this.bare = true;
    }
  }

  /** Append a token, separated by one space from what precedes it on the line. */
  word(raw: string): void {
    if (this.commented) this.broken = true;
    const i = this.lines.length - 1;
    if (i < 0) {
      this.lines.push(raw);
    } else this.lines[i] += this.bare ? raw : ' ' + raw;
    this.bare = false;
  }

  /** Append text with no separator (verbatim layout). */
  glue(s: string): void {
    if (this.commented && s !== '') this.broken = true;
    const i = this.lines.length - 1;
    if (i < 0) this.lines.push(s);
    else this.lines[i] += s;
    if (s !== '') this.bare = false;
  }

  /** Append an end-of-line comment to the last line. */
  comment(text: string): void {
    this.word(text);
    this.commented = true;
  }

  /** The last line now ends with a comment. */
  endComment(): void {
    this.commented = true;
  }

  /** An end-of-line comment can go on the last line (there is one and it has no comment yet). */
  canAttach(): boolean {
    return this.lines.length > 0 && !this.commented && this.lines[this.lines.length - 1] !== '';
  }

  /** Drop blank lines at the end. */
  trimEnd(): void {
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
  }
}

/** What the printer needs besides the tree: the source and where comments sit. */
export interface PrintContext {
  text: string;
  indent: string;
  /** Comments with a token before them on their line (end-of-line comments). */
  eol: Set<Comment>;
  tokens: Array<Word | Punct>;
  comments: Comment[];
}

export function createContext(file: File, text: string, options: LayoutOptions, comments: Comment[] = file.comments): PrintContext {
  return { text, indent: options.indent, eol: endOfLineComments(file.tokens, comments), tokens: file.tokens, comments };
}

/**
 * A comment is end-of-line when a token ends on its line before it. This is
 * computed from positions rather than taken from `Comment.trailing`, which
 * is relative to the last token the AST builder emitted (for
 * `forward . 1.1.1.1 # c` with `{` on the next line, that is the `{`).
 */
export function endOfLineComments(tokens: Array<Word | Punct>, comments: Comment[]): Set<Comment> {
  const set = new Set<Comment>();
  let j = 0;
  for (const c of comments) {
    while (j < tokens.length && tokens[j].start < c.start) j++;
    const prev = tokens[j - 1];
    if (prev && prev.endLine === c.line) set.add(c);
  }
  return set;
}

/** A token as it is printed: as written, minus any `\r`, which CoreDNS skips outside quotes. */
export function tokenRaw(t: Word | Punct): string {
  const raw = t.raw;
  if (raw.charCodeAt(0) === 0x22 || !raw.includes('\r')) return raw;
  return raw.replace(/\r/g, '');
}

/** A comment as it is printed: no trailing blanks and no `\r` (invisible, and a line break to some tools). */
export function commentText(c: Comment): string {
  let s = c.raw;
  if (s.includes('\r')) s = s.replace(/\r/g, '');
  return s.trimEnd();
}

function indentOf(ctx: PrintContext, level: number): string {
  return level <= 0 ? '' : ctx.indent.repeat(level);
}

// --- top level ---

/** Print a whole file into `out`. */
export function printFile(file: File, out: Lines, ctx: PrintContext): void {
  printTopItems(file.body, out, ctx, ctx.text.length);
  out.trimEnd();
}

/**
 * Print top-level items, each starting on its own line (except where CoreDNS
 * needs it joined). `to` is where the source of the last item ends.
 */
export function printTopItems(items: TopItem[], out: Lines, ctx: PrintContext, to: number): void {
  const tail = firstUnsafeItem(items);
  let prev: TopItem | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.type === 'Comment' && ctx.eol.has(item) && out.canAttach()) {
      out.comment(commentText(item));
      continue;
    }
    if (i === tail) {
      if ((item.type === 'ServerBlock' || item.type === 'Snippet') && prev && joinsPrevious(item, prev, ctx)) out.glue(' ');
      else {
        if (prev) out.blank();
        out.line('');
      }
      printVerbatim(out, ctx, item.start, to);
      return;
    }
    if ((item.type === 'ServerBlock' || item.type === 'Snippet') && prev && joinsPrevious(item, prev, ctx)) {
      printBlockLike(item, out, ctx, true);
      prev = item;
      continue;
    }
    if (prev) {
      const blockBefore = prev.type === 'ServerBlock' || prev.type === 'Snippet';
      const isBlock = item.type === 'ServerBlock' || item.type === 'Snippet';
      if (blockBefore || (isBlock && prev.type === 'Import') || item.blankBefore) out.blank();
    }
    printTop(item, out, ctx);
    prev = item;
  }
}

/** One printX per node type, behind one switch (as prettier/plugin-xml does). */
export function printTop(item: TopItem, out: Lines, ctx: PrintContext): void {
  switch (item.type) {
    case 'ServerBlock':
      return printServerBlock(item, out, ctx);
    case 'Snippet':
      return printSnippet(item, out, ctx);
    case 'Import':
      return printImport(item, out, ctx, 0);
    case 'Comment':
      return printComment(item, out, ctx, 0);
  }
}

/**
 * A key that is `import` (or may become it through an environment
 * placeholder, which CoreDNS expands before it checks) is an import only at
 * the start of a line. When such a key follows the previous block's `}` on
 * the same line, it stays there.
 */
function joinsPrevious(block: ServerBlock | Snippet, prev: TopItem, ctx: PrintContext): boolean {
  const first = block.type === 'Snippet' ? block.key : block.keys[0];
  if (!first) return false;
  if (!mayBeImport(first)) return false;
  const nl = ctx.text.lastIndexOf('\n', first.start);
  return nl < prev.end;
}

/** `import`, or a placeholder that may expand to it (CoreDNS expands keys before it looks). */
function mayBeImport(w: Word): boolean {
  const t = w.text;
  return t === 'import' || t.includes('{$') || t.includes('{%');
}

export function printServerBlock(block: ServerBlock, out: Lines, ctx: PrintContext): void {
  printBlockLike(block, out, ctx, false);
}

export function printSnippet(snippet: Snippet, out: Lines, ctx: PrintContext): void {
  printBlockLike(snippet, out, ctx, false);
}

function printBlockLike(block: ServerBlock | Snippet, out: Lines, ctx: PrintContext, joined: boolean): void {
  if (!joined) out.line('');
  const keys = block.type === 'Snippet' ? [block.key] : block.keys;
  // Comments between keys land first in the body; they keep the keys on their lines.
  const lastKey = keys[keys.length - 1];
  let between = 0;
  while (lastKey && between < block.body.length && block.body[between].type === 'Comment' && block.body[between].start < lastKey.start) between++;
  let ci = 0;
  for (let i = 0; i < keys.length; i++) {
    while (ci < between && block.body[ci].start < keys[i].start) {
      const c = block.body[ci++] as Comment;
      if (!(ctx.eol.has(c) && out.canAttach())) out.line(ctx.indent);
      out.comment(commentText(c));
    }
    const startsLine = i > 0 && keys[i].line > keys[i - 1].endLine;
    // Keys continued by a comma are joined, except one that CoreDNS may take
    // for an import because it starts a line.
    if (startsLine && between > 0) out.line(ctx.indent);
    else if (startsLine && mayBeImport(keys[i])) out.line('');
    out.word(tokenRaw(keys[i]));
  }
  if (block.open) out.word(tokenRaw(block.open));
  // A brace-less block's directives run to EOF or a `}`; there is no brace to indent them under.
  printBody(between > 0 ? block.body.slice(between) : block.body, out, ctx, block.open ? 1 : 0);
  if (block.close) {
    out.line('');
    out.word(tokenRaw(block.close));
  }
}

// --- bodies ---

export function printBody(items: BodyItem[], out: Lines, ctx: PrintContext, level: number): void {
  let first = true;
  for (const item of items) {
    if (item.type === 'Comment' && ctx.eol.has(item) && out.canAttach()) {
      out.comment(commentText(item));
      continue;
    }
    // No blank line right after an opening brace.
    if (!first && item.blankBefore) out.blank();
    first = false;
    printItem(item, out, ctx, level);
  }
}

export function printItem(item: BodyItem, out: Lines, ctx: PrintContext, level: number): void {
  switch (item.type) {
    case 'Directive':
      return printDirective(item, out, ctx, level);
    case 'Import':
      return printImport(item, out, ctx, level);
    case 'Comment':
      return printComment(item, out, ctx, level);
  }
}

export function printComment(c: Comment, out: Lines, ctx: PrintContext, level: number): void {
  out.line(indentOf(ctx, level));
  out.comment(commentText(c));
}

export function printImport(imp: Import, out: Lines, ctx: PrintContext, level: number): void {
  out.line(indentOf(ctx, level));
  out.word(tokenRaw(imp.keyword));
  for (const a of imp.args) out.word(tokenRaw(a));
}

export function printDirective(d: Directive, out: Lines, ctx: PrintContext, level: number): void {
  out.line(indentOf(ctx, level));
  if (holdsInlineImport(d)) {
    printVerbatim(out, ctx, d.start, d.end);
    return;
  }
  out.word(tokenRaw(d.name));
  for (const a of d.args) out.word(tokenRaw(a));
  if (d.block) printBlock(d.block, out, ctx, level);
  for (const r of d.rest) {
    if (r.type === 'Word') out.word(tokenRaw(r));
    else printBlock(r, out, ctx, level);
  }
}

/** `{`, then the options one per line one level deeper, then `}` at the owner's indent. */
export function printBlock(b: Block, out: Lines, ctx: PrintContext, level: number): void {
  out.word(tokenRaw(b.open));
  printBody(b.body, out, ctx, level + 1);
  if (b.close) {
    out.line(indentOf(ctx, level));
    out.word(tokenRaw(b.close));
  }
}

/**
 * A block that directly holds a directive named `import`: the parser made it
 * a directive because the word does not start its line (`log { import x }`).
 * CoreDNS expands `import` at the start of a line even inside blocks, so the
 * canonical one-option-per-line layout would change what it reads.
 */
export function holdsInlineImport(d: Directive): boolean {
  if (d.block && blockHoldsImportWord(d.block)) return true;
  for (const r of d.rest) if (r.type === 'Block' && blockHoldsImportWord(r)) return true;
  return false;
}

function blockHoldsImportWord(b: Block): boolean {
  for (const item of b.body) if (item.type === 'Directive' && item.name.text === 'import') return true;
  return false;
}

/**
 * The first top-level item from which the AST's structure may differ from
 * CoreDNS's, or -1; past that point the layout is kept as written. CoreDNS
 * counts every `{` token inside a directive and a snippet, including one that
 * starts a line, where the AST takes a line-leading `{` for an option's name;
 * and a snippet imported at the top level feeds its tokens to CoreDNS's key
 * reader.
 */
export function firstUnsafeItem(items: TopItem[]): number {
  const snippets = new Map<string, number>();
  let first = -1;
  const mark = (i: number) => {
    if (first === -1 || i < first) first = i;
  };
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.type === 'Snippet') {
      if (!snippets.has(item.name)) snippets.set(item.name, i);
      if (bodyHasBraceName(item.body, true)) mark(i);
    } else if (item.type === 'ServerBlock' && bodyHasBraceName(item.body, false)) mark(i);
    // A snippet imported at the top level feeds its tokens to CoreDNS's key
    // reader, so its own lines and whatever follows the import are read as
    // server blocks: keep both as written, from the snippet on. (A top-level
    // file import is taken to hold whole server blocks: tokens from another
    // file always count as a new line to CoreDNS.)
    else if (item.type === 'Import' && snippets.size > 0) {
      for (const a of item.args) {
        const at = snippets.get(a.text);
        if (at !== undefined) mark(at);
        else if (a.text.includes('{$') || a.text.includes('{%')) mark(Math.min(...snippets.values()));
      }
    }
  }
  return first;
}

function bodyHasBraceName(items: BodyItem[], nested: boolean): boolean {
  for (const item of items) {
    if (item.type !== 'Directive') continue;
    if (nested && item.name.text === '{') return true;
    if (item.block && bodyHasBraceName(item.block.body, true)) return true;
    for (const r of item.rest) if (r.type === 'Block' && bodyHasBraceName(r.body, true)) return true;
  }
  return false;
}

// --- verbatim layout ---

function lowerBound(xs: Array<{ start: number }>, offset: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Print the source between `from` (a token's start) and `to` as written,
 * appended to the current line: the line structure, indentation and spacing
 * are kept. Only what CoreDNS cannot see is normalised: trailing blanks,
 * `\r` outside quotes, runs of blank lines.
 */
export function printVerbatim(out: Lines, ctx: PrintContext, from: number, to: number): void {
  const { text, tokens, comments } = ctx;
  let ti = lowerBound(tokens, from);
  let ci = lowerBound(comments, from);
  let pos = from;
  for (;;) {
    const t = ti < tokens.length && tokens[ti].start < to ? tokens[ti] : undefined;
    const c = ci < comments.length && comments[ci].start < to ? comments[ci] : undefined;
    if (!t && !c) break;
    const useComment = c !== undefined && (t === undefined || c.start < t.start);
    const start = useComment ? c.start : t!.start;
    const gap = text.slice(pos, start);
    const nl = gap.split('\n');
    if (nl.length > 1) {
      if (nl.length > 2) out.blank();
      out.line(nl[nl.length - 1].replace(/\r/g, ''));
    } else if (pos !== from) {
      out.glue(gap.replace(/\r/g, ''));
    }
    if (useComment) {
      out.glue(commentText(c));
      // The comment runs to the end of its line: nothing may be glued after it.
      out.endComment();
      pos = c.end;
      ci++;
    } else {
      out.glue(tokenRaw(t!));
      pos = t!.end;
      ti++;
    }
  }
}

/** True when the file ends inside an unterminated quoted token, after which nothing may be added. */
export function endsInOpenQuote(file: File): boolean {
  const last = file.tokens[file.tokens.length - 1];
  // A quoted brace (`"}` at EOF) is a Punct, so look at the raw text.
  return last !== undefined && last.raw.charCodeAt(0) === 0x22 && isUnterminated(last.raw);
}
