import { parse } from '../ast/build.js';
import { locate } from './cursor.js';
import type { ImportOptions, TargetInfo } from './editor-types.js';
import { importTargets } from './links.js';

/** Go to definition on an `import` argument: the snippet, or every file the pattern matches. */
export function definition(text: string, offset: number, options: ImportOptions = {}): TargetInfo[] {
  const file = options.ast ?? parse(text).value;
  const cur = locate(file, text, offset);
  if (cur.role !== 'import-arg' || !cur.word) return [];
  return importTargets(file, cur.word, options);
}
