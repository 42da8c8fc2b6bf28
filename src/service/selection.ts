import { parse } from '../ast/build.js';
import type { BodyItem, File, Span } from '../ast/nodes.js';
import type { FeatureOptions } from './editor-types.js';

/**
 * Selection ranges for each offset, innermost first: the word, the
 * directive line, the directive with its block, the enclosing block body,
 * the enclosing directive … up to the server block and the whole file.
 */
export function selectionRanges(text: string, offsets: number[], options: FeatureOptions = {}): Span[][] {
  const file = options.ast ?? parse(text).value;
  return offsets.map((o) => chainAt(file, o));
}

function inside(n: { start: number; end: number }, o: number): boolean {
  return n.start <= o && o <= n.end;
}

function chainAt(file: File, o: number): Span[] {
  const outer: Span[] = [{ start: file.start, end: file.end }];
  for (const item of file.body) {
    if (!inside(item, o)) continue;
    outer.push({ start: item.start, end: item.end });
    if (item.type === 'ServerBlock' || item.type === 'Snippet') {
      const keys = item.type === 'Snippet' ? [item.key] : item.keys;
      const key = keys.find((k) => inside(k, o));
      if (key) {
        if (keys.length > 1) outer.push({ start: keys[0].start, end: keys[keys.length - 1].end });
        outer.push({ start: key.start, end: key.end });
      } else if (item.open) {
        const inner = { start: item.open.end, end: item.close ? item.close.start : item.end };
        if (inside(inner, o)) pushBody(trim(item.body), item.body, o, outer);
      } else pushBody(trim(item.body), item.body, o, outer);
    } else if (item.type === 'Import') {
      const w = [item.keyword, ...item.args].find((x) => inside(x, o));
      if (w) outer.push({ start: w.start, end: w.end });
    }
    break;
  }
  // Innermost first; drop repeats (a one-word directive is its own line).
  const out: Span[] = [];
  for (let i = outer.length - 1; i >= 0; i--) {
    const s = outer[i];
    const prev = out[out.length - 1];
    if (!prev || prev.start !== s.start || prev.end !== s.end) out.push(s);
  }
  return out;
}

/** The span of a body's items (whitespace trimmed), or undefined when empty. */
function trim(items: BodyItem[]): Span | undefined {
  if (!items.length) return undefined;
  return { start: items[0].start, end: items[items.length - 1].end };
}

function pushBody(bodySpan: Span | undefined, items: BodyItem[], o: number, out: Span[]): void {
  if (bodySpan && inside(bodySpan, o)) out.push(bodySpan);
  for (const item of items) {
    if (!inside(item, o)) continue;
    out.push({ start: item.start, end: item.end });
    if (item.type === 'Comment') return;
    if (item.type === 'Import') {
      const w = [item.keyword, ...item.args].find((x) => inside(x, o));
      if (w) out.push({ start: w.start, end: w.end });
      return;
    }
    const line = item.args.length ? { start: item.name.start, end: item.args[item.args.length - 1].end } : undefined;
    for (const b of [item.block, ...item.rest]) {
      if (b?.type === 'Block' && o >= b.open.end && o <= (b.close ? b.close.start : b.end)) {
        pushBody(trim(b.body), b.body, o, out);
        return;
      }
    }
    if (line && inside(line, o)) out.push(line);
    const w = [item.name, ...item.args].find((x) => inside(x, o));
    if (w) out.push({ start: w.start, end: w.end });
    return;
  }
}
