import { parse } from '../ast/build.js';
import type { BodyItem, Comment, Diagnostic, Edit, File, Result, Span, TopItem } from '../ast/nodes.js';
import { createContext, endsInOpenQuote, firstUnsafeItem, holdsInlineImport, Lines, printBody, printFile, printTopItems } from './printer.js';

/** The Prettier options the Corefile style honours. */
export interface FormatOptions {
  /** Indent with tabs instead of spaces (default false). */
  useTabs?: boolean;
  /** Spaces per indentation level (default 4, the CoreDNS and kubeadm convention). */
  tabWidth?: number;
  /**
   * Line terminator (default 'lf'). 'auto' keeps the file's first one. 'cr' is
   * refused: CoreDNS skips `\r`, so the whole file would read as one line.
   */
  endOfLine?: 'lf' | 'crlf' | 'auto' | 'cr';
}

export const DEFAULT_TAB_WIDTH = 4;

interface Layout {
  indent: string;
  eol: string;
}

function layout(text: string, options: FormatOptions): Layout | Diagnostic {
  const width = options.tabWidth ?? DEFAULT_TAB_WIDTH;
  const indent = options.useTabs ? '\t' : ' '.repeat(Number.isInteger(width) && width >= 0 ? width : DEFAULT_TAB_WIDTH);
  const eolOption = options.endOfLine ?? 'lf';
  if (eolOption === 'cr') {
    return {
      code: 'format/end-of-line',
      severity: 'error',
      message: `endOfLine "cr" is not supported: CoreDNS skips \\r, so it would read the whole file as one line; use "lf" or "crlf"`,
      span: { start: 0, end: 0 },
    };
  }
  let eol = eolOption === 'crlf' ? '\r\n' : '\n';
  if (eolOption === 'auto') {
    const nl = text.indexOf('\n');
    eol = nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
  }
  return { indent, eol };
}

function errorsOf(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

const unsafe: Diagnostic = {
  code: 'format/unsafe',
  severity: 'error',
  message: 'the formatter could not lay this file out without changing what CoreDNS reads, so it was left as written',
  span: { start: 0, end: 0 },
};

/**
 * Format a whole Corefile. Never throws. A file with syntax errors is not
 * formatted: the value is the input, and the diagnostics say why.
 */
export function format(text: string, options: FormatOptions = {}): Result<string> {
  const lay = layout(text, options);
  if ('code' in lay) return { value: text, diagnostics: [lay] };
  const { value: file, diagnostics } = parse(text);
  const errors = errorsOf(diagnostics);
  if (errors.length > 0) return { value: text, diagnostics: errors };
  return formatFile(file, text, lay);
}

/** Format a parsed, error-free file. */
function formatFile(file: File, text: string, lay: Layout): Result<string> {
  const out = new Lines();
  printFile(file, out, createContext(file, text, lay));
  if (out.broken) return { value: text, diagnostics: [unsafe] };
  const bom = text.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
  if (out.lines.length === 0) return { value: bom, diagnostics: [] };
  // Nothing may follow an unterminated quote: it runs to EOF, so a final newline would join it.
  const final = endsInOpenQuote(file) ? '' : lay.eol;
  return { value: bom + out.lines.join(lay.eol) + final, diagnostics: [] };
}

/**
 * Format a whole Corefile and return the change as edits (none when it is
 * already formatted): one edit, trimmed to the lines that differ.
 */
export function formatEdits(text: string, options: FormatOptions = {}): Result<Edit[]> {
  const r = format(text, options);
  if (r.diagnostics.length > 0) return { value: [], diagnostics: r.diagnostics };
  return { value: minimalEdit(text, { start: 0, end: text.length }, r.value), diagnostics: [] };
}

/** Shrink a replacement of `span` by `replacement` to the part that changes. */
function minimalEdit(text: string, span: Span, replacement: string): Edit[] {
  const old = text.slice(span.start, span.end);
  if (old === replacement) return [];
  let p = 0;
  const max = Math.min(old.length, replacement.length);
  while (p < max && old.charCodeAt(p) === replacement.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && old.charCodeAt(old.length - 1 - s) === replacement.charCodeAt(replacement.length - 1 - s)) s++;
  return [{ span: { start: span.start + p, end: span.end - s }, text: replacement.slice(p, replacement.length - s) }];
}

// --- range formatting ---

type Item = TopItem | BodyItem;

interface Frame {
  items: Item[];
  /** Indentation level of these items; -1 for the top level. */
  level: number;
  /** In the parent frame: the index of the item that holds these items. */
  owner: number;
}

const BLANK = /[\t\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF]/;

function onlyBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!BLANK.test(text[i])) return false;
  return true;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * End of the line's content (before `\r\n` or `\n`), or the end of the text.
 * A word takes a `\r` that ends its line into its raw text (CoreDNS skips it);
 * the `\r` still stays outside, so the line keeps its terminator.
 */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl === -1) return text.length;
  return nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
}

/**
 * Where an item really ends. A brace-less block's span ends at its last body
 * item, which can be a comment that sits between its keys (`x, # c` / `a`).
 */
function endOf(item: Item): number {
  if (item.type === 'ServerBlock') return Math.max(item.end, item.keys[item.keys.length - 1]?.end ?? 0, item.open?.end ?? 0);
  if (item.type === 'Snippet') return Math.max(item.end, item.key.end, item.open?.end ?? 0);
  return item.end;
}

function intersects(item: Item, range: Span): boolean {
  if (range.start === range.end) return item.start <= range.start && range.start <= endOf(item);
  return item.start < range.end && endOf(item) > range.start;
}

/** The items of a block-like node when `range` lies strictly between its braces. */
function inside(item: Item, range: Span): Item[] | undefined {
  if ((item.type === 'ServerBlock' || item.type === 'Snippet') && item.open && item.close) {
    if (range.start >= item.open.end && range.end <= item.close.start) return item.body;
  }
  // A directive printed as written (see holdsInlineImport) is formatted whole or not at all.
  if (item.type === 'Directive' && item.block?.close && item.rest.length === 0 && !holdsInlineImport(item)) {
    if (range.start >= item.block.open.end && range.end <= item.block.close.start) return item.block.body;
  }
  return undefined;
}

/**
 * Format only the server blocks or directives that intersect `range` (for an
 * editor's "format selection"). It descends into the innermost block that
 * holds the whole range and re-prints the intersecting items there. An item
 * that shares a line with something outside the selection widens it to its
 * neighbours or its parent, so an edit always covers whole lines. Never throws.
 */
export function formatRange(text: string, range: Span, options: FormatOptions = {}): Result<Edit[]> {
  // The edited lines keep the document's line terminator unless told otherwise.
  const lay = layout(text, { endOfLine: 'auto', ...options });
  if ('code' in lay) return { value: [], diagnostics: [lay] };
  const { value: file, diagnostics } = parse(text);
  const errors = errorsOf(diagnostics);
  if (errors.length > 0) return { value: [], diagnostics: errors };
  const r: Span = { start: Math.max(0, Math.min(range.start, range.end)), end: Math.min(text.length, Math.max(range.start, range.end)) };
  const ctx = createContext(file, text, lay);

  // Descend while a single block holds the whole range.
  const frames: Frame[] = [{ items: file.body, level: -1, owner: -1 }];
  let lo = -1;
  let hi = -1;
  for (;;) {
    const f = frames[frames.length - 1];
    lo = f.items.findIndex((it) => intersects(it, r));
    if (lo === -1) {
      if (frames.length === 1) return { value: [], diagnostics: [] };
      // The range is only blank space inside a block: format the block's owner.
      frames.pop();
      lo = hi = f.owner;
      break;
    }
    hi = lo;
    while (hi + 1 < f.items.length && intersects(f.items[hi + 1], r)) hi++;
    const only = lo === hi ? inside(f.items[lo], r) : undefined;
    if (!only) break;
    frames.push({ items: only, level: f.level < 0 ? 1 : f.level + 1, owner: lo });
  }

  // Widen until the group covers whole lines.
  for (;;) {
    const f = frames[frames.length - 1];
    // End-of-line comments after the group belong to its last line.
    while (hi + 1 < f.items.length && f.items[hi + 1].type === 'Comment' && ctx.eol.has(f.items[hi + 1] as Comment)) hi++;
    const first = f.items[lo];
    const last = f.items[hi];
    const cleanStart = onlyBlank(text, lineStart(text, first.start), first.start);
    const end = lineEnd(text, endOf(last));
    const cleanEnd = onlyBlank(text, endOf(last), end);
    if (cleanStart && cleanEnd) break;
    if (!cleanStart && lo > 0) lo--;
    else if (!cleanEnd && hi + 1 < f.items.length) hi++;
    else if (frames.length > 1) {
      frames.pop();
      lo = hi = f.owner;
    } else {
      // Nothing left to widen to: the top-level items already span the file.
      break;
    }
  }

  // Past the point where the AST's nesting may differ from CoreDNS's, nothing is re-laid.
  const unsafeFrom = firstUnsafeItem(file.body);
  const lastTop = frames.length > 1 ? frames[1].owner : hi;
  if (unsafeFrom !== -1 && lastTop >= unsafeFrom) return { value: [], diagnostics: [] };

  const f = frames[frames.length - 1];
  const group = f.items.slice(lo, hi + 1);
  if (group.length === 0) return { value: [], diagnostics: [] };
  // A byte order mark is not part of the first line.
  const start = Math.max(lineStart(text, group[0].start), text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const last = group[group.length - 1];
  const end = lineEnd(text, endOf(last));
  const out = new Lines();
  if (f.level < 0) printTopItems(group as TopItem[], out, ctx, end);
  else printBody(group as BodyItem[], out, ctx, f.level);
  out.trimEnd();
  if (out.broken) return { value: [], diagnostics: [unsafe] };
  const replacement = out.lines.join(lay.eol);
  return { value: minimalEdit(text, { start, end }, replacement), diagnostics: [] };
}

