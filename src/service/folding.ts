import { parse } from '../ast/build.js';
import type { BodyItem, Comment, Punct } from '../ast/nodes.js';
import { LineIndex } from '../ast/span.js';
import type { FeatureOptions, FoldingInfo } from './editor-types.js';

/**
 * Folding ranges: every `{ … }` that spans lines, and runs of two or more
 * whole-line comments. A range ends on the line before its `}`, so the
 * closing brace stays visible when folded.
 */
export function folding(text: string, options: FeatureOptions = {}): FoldingInfo[] {
  const file = options.ast ?? parse(text).value;
  const lines = new LineIndex(text);
  const out: FoldingInfo[] = [];
  const addBlock = (open: Punct | undefined, close: Punct | undefined, end: number) => {
    if (!open) return;
    // Without a `}` the block runs to its last token.
    const stop = close ? lines.lineStart(close.line) - 1 : end;
    if (lines.position(stop).line > open.line) out.push({ span: { start: open.start, end: stop }, kind: 'region' });
  };
  const walk = (items: BodyItem[]) => {
    comments(items, out);
    for (const item of items) {
      if (item.type !== 'Directive') continue;
      for (const b of [item.block, ...item.rest]) {
        if (b?.type !== 'Block') continue;
        addBlock(b.open, b.close, b.end);
        walk(b.body);
      }
    }
  };
  comments(file.body.filter((i): i is Comment => i.type === 'Comment'), out);
  for (const item of file.body) {
    if (item.type === 'ServerBlock' || item.type === 'Snippet') {
      addBlock(item.open, item.close, item.end);
      walk(item.body);
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** Runs of whole-line comments on consecutive lines. */
function comments(items: Array<BodyItem | Comment>, out: FoldingInfo[]): void {
  let run: Comment[] = [];
  const flush = () => {
    if (run.length >= 2) out.push({ span: { start: run[0].start, end: run[run.length - 1].end }, kind: 'comment' });
    run = [];
  };
  for (const item of items) {
    if (item.type === 'Comment' && !item.trailing) {
      if (run.length && item.line !== run[run.length - 1].line + 1) flush();
      run.push(item);
    } else flush();
  }
  flush();
}
