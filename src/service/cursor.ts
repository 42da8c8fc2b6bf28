import type { BodyItem, Comment, Directive, File, Import, ServerBlock, Snippet, Word } from '../ast/nodes.js';

/**
 * What the cursor is on, found by walking the AST. Shared by completion,
 * hover, rename and definition so that they agree about context even in
 * half-typed text.
 */
export type CursorRole =
  /** A server block or snippet key. */
  | 'key'
  /** The first word of a line in a body: a directive (depth 0) or an option (depth ≥ 1). */
  | 'name'
  /** A word after the name, or the gap where the next one goes. */
  | 'arg'
  /** The `import` keyword. */
  | 'import'
  /** The argument of `import`. */
  | 'import-arg'
  | 'comment'
  /** Outside every word, at the top level between server blocks. */
  | 'top';

export interface Cursor {
  role: CursorRole;
  /** The server block or snippet the cursor is in. */
  top?: ServerBlock | Snippet;
  /**
   * The directives from the server block's level down to the line the cursor
   * is on: `[forward]` on a directive line, `[forward, policy]` on an option.
   */
  chain: Directive[];
  /** How many `{ … }` blocks of directives enclose the cursor: 0 in a server block's body, 1 among a plugin's options. */
  depth: number;
  /** The word under the cursor (the cursor may sit at either end). */
  word?: Word;
  /** For 'arg': index of the argument under or right after the cursor. */
  argIndex?: number;
  import?: Import;
  comment?: Comment;
}

function touches(n: { start: number; end: number }, offset: number): boolean {
  return n.start <= offset && offset <= n.end;
}

/** Where `offset` is in `file`. Never throws. */
export function locate(file: File, text: string, offset: number): Cursor {
  const line = lineAt(text, offset);
  for (const item of file.body) {
    if (item.type === 'Comment') {
      if (touches(item, offset) && offset > item.start) return { role: 'comment', chain: [], depth: 0, comment: item };
      continue;
    }
    if (item.type === 'Import') {
      const r = inImport(item, offset);
      if (r) return r;
      continue;
    }
    const keys = item.type === 'Snippet' ? [item.key] : item.keys;
    for (const k of keys) if (touches(k, offset)) return { role: 'key', top: item, chain: [], depth: 0, word: k };
    const lastKey = keys[keys.length - 1];
    const bodyStart = item.open ? item.open.end : lastKey ? lastKey.end + 1 : item.start;
    const bodyEnd = item.close ? item.close.start : Infinity;
    // A brace-less block's body starts on the line after its keys.
    if (!item.open && lastKey && lineAt(text, offset) === lastKey.line) continue;
    if (offset >= bodyStart && offset <= bodyEnd) {
      const inner = inBody(item.body, text, offset, line, [], 0);
      return { ...inner, top: item };
    }
  }
  return { role: 'top', chain: [], depth: 0 };
}

function inImport(item: Import, offset: number): Cursor | undefined {
  if (touches(item.keyword, offset)) return { role: 'import', chain: [], depth: 0, import: item, word: item.keyword };
  for (const a of item.args) if (touches(a, offset)) return { role: 'import-arg', chain: [], depth: 0, import: item, word: a };
  if (offset > item.keyword.end && offset <= item.end + 1 && item.args.length === 0) return { role: 'import-arg', chain: [], depth: 0, import: item };
  return undefined;
}

function inBody(body: BodyItem[], text: string, offset: number, line: number, chain: Directive[], depth: number): Cursor {
  for (const item of body) {
    if (item.type === 'Comment') {
      if (touches(item, offset) && offset > item.start) return { role: 'comment', chain, depth, comment: item };
      continue;
    }
    if (item.type === 'Import') {
      const r = inImport(item, offset);
      if (r) return { ...r, chain, depth };
      continue;
    }
    const d = item;
    const here = [...chain, d];
    const blocks = [d.block, ...d.rest.filter((r) => r.type === 'Block')];
    for (const b of blocks) {
      if (b && b.type === 'Block' && offset >= b.open.end && offset <= (b.close ? b.close.start : Infinity)) {
        return inBody(b.body, text, offset, line, here, depth + 1);
      }
    }
    if (touches(d.name, offset)) return { role: 'name', chain: here, depth, word: d.name };
    for (let i = 0; i < d.args.length; i++) {
      if (touches(d.args[i], offset)) return { role: 'arg', chain: here, depth, word: d.args[i], argIndex: i };
    }
    const beforeBlock = !d.block || offset <= d.block.open.start;
    if (d.name.line === line && offset > d.name.end && beforeBlock) {
      return { role: 'arg', chain: here, depth, argIndex: d.args.filter((a) => a.end < offset).length };
    }
  }
  return { role: 'name', chain, depth };
}

/** 1-based line of an offset (a linear scan: callers need it once per request). */
export function lineAt(text: string, offset: number): number {
  let n = 1;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Every snippet of the file by name; the first definition, since CoreDNS rejects a second one. */
export function snippetsByName(file: File): Map<string, Snippet> {
  const m = new Map<string, Snippet>();
  for (const item of file.body) if (item.type === 'Snippet' && !m.has(item.name)) m.set(item.name, item);
  return m;
}
