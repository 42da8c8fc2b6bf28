import { isUnterminated } from '../../grammar/index.js';
import { parse } from './build.js';
import type { Block, BodyItem, Comment, Directive, File, Node, Punct, TopItem, Word } from './nodes.js';

/**
 * Parse `text` again after an edit of `prev.text`, reusing the syntax tree
 * of the top-level items (server blocks, snippets, imports, comments) the
 * edit did not touch: only the lines from the first touched item to the
 * last are parsed, and the items after them are moved by the edit's length
 * and line count. The result equals `parse(text)` (a property test checks
 * it); `undefined` when splicing cannot promise that (syntax errors before
 * or after, an item sharing a line with its neighbour, an open quote, a
 * snippet name used twice), and the caller parses in full.
 *
 * The previous tree is reused and MOVED IN PLACE: it must not be used again.
 */
export function reparse(prev: { text: string; file: File }, text: string): File | undefined {
  const old = prev.text;
  const items = prev.file.body;
  if (items.length < 3) return undefined;
  // The edit: the common prefix and suffix of the two texts.
  const max = Math.min(old.length, text.length);
  let a = 0;
  while (a < max && old.charCodeAt(a) === text.charCodeAt(a)) a++;
  let b = 0;
  while (b < max - a && old.charCodeAt(old.length - 1 - b) === text.charCodeAt(text.length - 1 - b)) b++;
  const delta = text.length - old.length;

  // Items kept before: those ending before the edit, the region starting at a line start after them.
  let k = 0;
  while (k < items.length && items[k]!.end < a) k++;
  let start = lineStart(old, Math.min(a, k < items.length ? items[k]!.start : a));
  while (k > 0 && items[k - 1]!.end > start) {
    k--;
    start = lineStart(old, items[k]!.start);
  }
  // Items kept after: those starting in the unchanged tail, at a line start.
  let m = k;
  while (m < items.length && items[m]!.start < old.length - b) m++;
  // (At a line start in both texts: the edit may have joined its line to the one before.)
  while (m < items.length && !(atLineStart(old, items[m]!.start) && atLineStart(text, items[m]!.start + delta))) m++;
  const endOld = m < items.length ? items[m]!.start : old.length;
  const endNew = endOld + delta;
  if (endNew < start || (k === 0 && m === items.length)) return undefined;

  const region = parse(text.slice(start, endNew));
  if (region.diagnostics.length > 0) return undefined;
  const lastToken = region.value.tokens[region.value.tokens.length - 1];
  if (lastToken && lastToken.type === 'Word' && lastToken.quoted && isUnterminated(lastToken.raw)) return undefined;

  const before = items.slice(0, k);
  const after = items.slice(m);
  // A server block without braces runs to the end of the file (or a stray `}`): what follows belongs to it.
  // So does one whose `}` is missing (the file may end with a nested block's `}`, which CoreDNS accepts).
  const braceless = (it: TopItem) => (it.type === 'ServerBlock' || it.type === 'Snippet') && !it.open;
  const unclosed = (it: TopItem) => (it.type === 'ServerBlock' || it.type === 'Snippet') && !it.close;
  const runsOn = (it: TopItem) => braceless(it) || unclosed(it);
  if (before.some(runsOn) || region.value.body.some(runsOn)) return undefined;
  const names = new Set<string>();
  for (const it of [...before, ...region.value.body, ...after]) {
    if (it.type !== 'Snippet') continue;
    if (names.has(it.name)) return undefined;
    names.add(it.name);
  }

  // Where the kept tail begins in the old token and comment lists (before anything moves).
  const oldTokens = prev.file.tokens;
  const oldComments = prev.file.comments;
  let tailToken = oldTokens.length;
  while (tailToken > 0 && oldTokens[tailToken - 1]!.start >= endOld) tailToken--;
  let tailComment = oldComments.length;
  while (tailComment > 0 && oldComments[tailComment - 1]!.start >= endOld) tailComment--;

  const startLine = lineOf(old, start);
  const lineDelta = countLines(text, start, endNew) - countLines(old, start, endOld);
  for (const it of region.value.body) moveTop(it, start, startLine - 1);
  if (delta !== 0 || lineDelta !== 0) for (const it of after) moveTop(it, delta, lineDelta);

  const body: TopItem[] = [...before, ...region.value.body, ...after];
  // blankBefore of the first item of each spliced run depends on the item before it.
  fixBlankBefore(body, k);
  fixBlankBefore(body, k + region.value.body.length);

  const tokens: Array<Word | Punct> = [];
  const comments: Comment[] = [];
  for (let i = 0; i < oldTokens.length && oldTokens[i]!.start < start; i++) tokens.push(oldTokens[i]!);
  for (const t of region.value.tokens) tokens.push(t);
  for (let i = tailToken; i < oldTokens.length; i++) tokens.push(oldTokens[i]!);
  for (let i = 0; i < oldComments.length && oldComments[i]!.start < start; i++) comments.push(oldComments[i]!);
  for (const c of region.value.comments) comments.push(c);
  for (let i = tailComment; i < oldComments.length; i++) comments.push(oldComments[i]!);

  let lines = 1;
  for (let p = text.indexOf('\n'); p !== -1; p = text.indexOf('\n', p + 1)) lines++;
  return {
    type: 'File',
    body,
    comments,
    tokens,
    start: 0,
    end: text.length,
    line: 1,
    column: 1,
    endLine: lines,
    endColumn: text.length - text.lastIndexOf('\n'),
  };
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function atLineStart(text: string, offset: number): boolean {
  return offset === 0 || text.charCodeAt(offset - 1) === 10;
}

function lineOf(text: string, offset: number): number {
  return countLines(text, 0, offset) + 1;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let p = text.indexOf('\n', from); p !== -1 && p < to; p = text.indexOf('\n', p + 1)) n++;
  return n;
}

function fixBlankBefore(body: TopItem[], index: number): void {
  const it = body[index];
  if (!it) return;
  const prev = body[index - 1];
  it.blankBefore = prev !== undefined && it.line > prev.endLine + 1;
}

function move(n: Node, by: number, lines: number): void {
  if (n.type === 'Word' || n.type === 'Punct') return n.move(by, lines);
  // A directive's positions are its tokens'.
  if (n.type === 'Directive') return;
  n.start += by;
  n.end += by;
  n.line += lines;
  n.endLine += lines;
}

function moveTop(it: TopItem, by: number, lines: number): void {
  move(it, by, lines);
  switch (it.type) {
    case 'Comment':
      return;
    case 'Import':
      move(it.keyword, by, lines);
      for (const w of it.args) move(w, by, lines);
      return;
    case 'Snippet':
      move(it.key, by, lines);
      if (it.open) move(it.open, by, lines);
      if (it.close) move(it.close, by, lines);
      moveBody(it.body, by, lines);
      return;
    case 'ServerBlock':
      for (const w of it.keys) move(w, by, lines);
      if (it.open) move(it.open, by, lines);
      if (it.close) move(it.close, by, lines);
      moveBody(it.body, by, lines);
  }
}

function moveBody(items: readonly BodyItem[], by: number, lines: number): void {
  for (const it of items) {
    move(it, by, lines);
    if (it.type === 'Import') {
      move(it.keyword, by, lines);
      for (const w of it.args) move(w, by, lines);
    } else if (it.type === 'Directive') moveDirective(it, by, lines);
  }
}

function moveDirective(d: Directive, by: number, lines: number): void {
  move(d.name, by, lines);
  for (const w of d.args) move(w, by, lines);
  if (d.block) moveBlock(d.block, by, lines);
  for (const r of d.rest) {
    if (r.type === 'Block') moveBlock(r, by, lines);
    else move(r, by, lines);
  }
}

function moveBlock(b: Block, by: number, lines: number): void {
  move(b, by, lines);
  move(b.open, by, lines);
  if (b.close) move(b.close, by, lines);
  moveBody(b.body, by, lines);
}
