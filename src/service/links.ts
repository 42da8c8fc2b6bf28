import * as path from 'node:path';
import { parse } from '../ast/build.js';
import type { BodyItem, File, Import, Word } from '../ast/nodes.js';
import { glob } from '../ast/read.js';
import { snippetsByName } from './cursor.js';
import type { ImportOptions, LinkInfo, TargetInfo } from './editor-types.js';

/** Every `import` of the file, at any depth, in order. */
export function importsOf(file: File): Import[] {
  const out: Import[] = [];
  const walk = (items: Array<BodyItem | File['body'][number]>) => {
    for (const item of items) {
      if (item.type === 'Import') out.push(item);
      else if (item.type === 'ServerBlock' || item.type === 'Snippet') walk(item.body);
      else if (item.type === 'Directive') for (const b of [item.block, ...item.rest]) if (b?.type === 'Block') walk(b.body);
    }
  };
  walk(file.body);
  return out;
}

const GLOB = /[*?[\\]/;

/**
 * Where an `import` argument leads: the snippet of that name, else the
 * files it names (CoreDNS tries snippets first). Globs need `fs`; a plain
 * path without `fs` is linked as it is.
 */
export function importTargets(file: File, arg: Word, options: ImportOptions): TargetInfo[] {
  const snip = snippetsByName(file).get(arg.text);
  if (snip) return [{ span: { start: snip.key.start, end: snip.key.end } }];
  if (!options.path || arg.text === '') return [];
  const pattern = path.resolve(path.dirname(options.path), arg.text);
  if (!options.fs) return GLOB.test(arg.text) ? [] : [{ path: pattern }];
  const files = glob(options.fs, pattern);
  if (files === 'bad') return [];
  return files.filter((f) => options.fs!.stat(f) === 'file').map((f) => ({ path: f }));
}

/** Document links on `import` arguments that lead to exactly one snippet or file. */
export function links(text: string, options: ImportOptions = {}): LinkInfo[] {
  const file = options.ast ?? parse(text).value;
  const out: LinkInfo[] = [];
  for (const imp of importsOf(file)) {
    const arg = imp.args[0];
    if (!arg || imp.args.length !== 1) continue;
    const targets = importTargets(file, arg, options);
    if (targets.length !== 1) continue;
    const t = targets[0];
    out.push({ span: { start: arg.start, end: arg.end }, target: t, tooltip: t.path ? `Open ${t.path}` : `Go to snippet (${arg.text})` });
  }
  return out;
}
