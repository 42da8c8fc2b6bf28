import { parse } from '../ast/build.js';
import type { BodyItem } from '../ast/nodes.js';
import type { FeatureOptions, SymbolInfo } from './editor-types.js';

/** The outline: server blocks and snippets, their directives, and the options inside those. */
export function symbols(text: string, options: FeatureOptions = {}): SymbolInfo[] {
  const file = options.ast ?? parse(text).value;
  const out: SymbolInfo[] = [];
  for (const item of file.body) {
    if (item.type === 'Comment') continue;
    if (item.type === 'Import') {
      out.push(importSymbol(item));
      continue;
    }
    if (item.type === 'Snippet') {
      out.push({
        name: `(${item.name})`, kind: 'snippet', detail: 'snippet', span: span(item), selectionSpan: span(item.key), children: body(item.body, 0),
      });
      continue;
    }
    const first = item.keys[0];
    const last = item.keys[item.keys.length - 1];
    out.push({
      name: item.keys.map((k) => k.text).join(' ') || '(no key)',
      kind: 'server',
      span: span(item),
      selectionSpan: first ? { start: first.start, end: last.end } : span(item),
      children: body(item.body, 0),
    });
  }
  return out;
}

function body(items: BodyItem[], depth: number): SymbolInfo[] {
  const out: SymbolInfo[] = [];
  for (const item of items) {
    if (item.type === 'Comment') continue;
    if (item.type === 'Import') {
      out.push(importSymbol(item));
      continue;
    }
    const blocks = [item.block, ...item.rest.filter((r) => r.type === 'Block')];
    const children = blocks.flatMap((b) => (b && b.type === 'Block' ? body(b.body, depth + 1) : []));
    out.push({
      name: item.name.text,
      kind: depth === 0 ? 'directive' : 'option',
      detail: item.args.map((a) => a.raw).join(' ') || undefined,
      span: span(item),
      selectionSpan: span(item.name),
      children,
    });
  }
  return out;
}

function importSymbol(item: { start: number; end: number; keyword: { start: number; end: number }; args: Array<{ raw: string }> }): SymbolInfo {
  return { name: 'import', kind: 'import', detail: item.args.map((a) => a.raw).join(' ') || undefined, span: span(item), selectionSpan: span(item.keyword), children: [] };
}

function span(n: { start: number; end: number }): { start: number; end: number } {
  return { start: n.start, end: n.end };
}
