import { parse } from '../ast/build.js';
import type { Edit, File, Snippet } from '../ast/nodes.js';
import { locate, snippetsByName } from './cursor.js';
import type { FeatureOptions, RenameRange, RenameResult } from './editor-types.js';
import { importsOf } from './links.js';

/** The snippet a rename at `offset` is about, and the text it replaces. */
function target(file: File, text: string, offset: number): { snippet: Snippet; range: RenameRange } | undefined {
  const cur = locate(file, text, offset);
  if (cur.role === 'key' && cur.top?.type === 'Snippet') {
    const k = cur.top.key;
    // The name sits between the parentheses of the key.
    return { snippet: cur.top, range: { span: { start: k.start + 1 + (k.quoted ? 1 : 0), end: k.end - 1 - (k.quoted ? 1 : 0) }, placeholder: cur.top.name } };
  }
  if (cur.role === 'import-arg' && cur.word) {
    const snippet = snippetsByName(file).get(cur.word.text);
    if (snippet && !cur.word.quoted) return { snippet, range: { span: { start: cur.word.start, end: cur.word.end }, placeholder: snippet.name } };
  }
  return undefined;
}

/** What a rename at `offset` would replace, or undefined where nothing can be renamed. */
export function prepareRename(text: string, offset: number, options: FeatureOptions = {}): RenameRange | undefined {
  const file = options.ast ?? parse(text).value;
  return target(file, text, offset)?.range;
}

/**
 * Rename a snippet: its `(name)` key and every `import name` of it in this
 * file. A name CoreDNS would read differently (spaces, braces, quotes, `#`)
 * or one that is taken is refused.
 */
export function rename(text: string, offset: number, newName: string, options: FeatureOptions = {}): RenameResult {
  const file = options.ast ?? parse(text).value;
  const t = target(file, text, offset);
  if (!t) return { error: 'Only snippet names can be renamed.' };
  if (!/^[^\s{}()"#\\]+$/.test(newName)) return { error: `'${newName}' is not a valid snippet name: use letters, digits and punctuation other than {}()"#\\.` };
  if (newName !== t.snippet.name && snippetsByName(file).has(newName)) return { error: `A snippet named '${newName}' already exists.` };
  const k = t.snippet.key;
  const edits: Edit[] = [{ span: { start: k.start, end: k.end }, text: `(${newName})` }];
  for (const imp of importsOf(file)) {
    const a = imp.args[0];
    if (imp.args.length === 1 && a.text === t.snippet.name) edits.push({ span: { start: a.start, end: a.end }, text: newName });
  }
  return { edits };
}
