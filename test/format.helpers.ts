import { lex } from '../grammar/index.js';
import type { FileSystem } from '../src/ast/fs.js';
import { readServerBlocks } from '../src/ast/read.js';
import { tokensView } from '../src/ast/tokens-view.js';

/**
 * Every import resolves to an empty file, so that the reading goes on past
 * imports (a missing file would stop it at the first one); wildcard globs
 * match nothing, which CoreDNS only logs.
 */
const everyFileEmpty: FileSystem = {
  readFile: () => ({ text: '' }),
  stat: () => 'file',
  readDirectory: () => undefined,
};

/**
 * What CoreDNS reads from a Corefile (`corefile parse --tokens`), without
 * line numbers: keys and, per directive, the tokens of its occurrences, or
 * the parse error. By default placeholders expand to a marker, so that they
 * stay visible and distinct.
 */
export function meaning(text: string, env: (name: string) => string | undefined = (k) => `<${k}>`): unknown {
  const read = readServerBlocks(text, { path: '/etc/coredns/Corefile', fs: everyFileEmpty, env });
  const view = tokensView(read, 'Corefile');
  if ('error' in view) return { error: view.error.replace(/^([^:]*):\d+ - /, '$1 - ') };
  return view.blocks.map((b) => ({
    keys: b.keys,
    directives: Object.fromEntries(Object.entries(b.directives).map(([k, toks]) => [k, toks.map((t) => t.text)])),
  }));
}

/** The token texts CoreDNS's lexer yields, in order. */
export function tokenTexts(text: string): string[] {
  return lex(text).tokens.map((t) => t.text);
}

/** The comments, in order, without blanks at their ends. */
export function commentTexts(text: string): string[] {
  return lex(text).comments.map((c) => c.image.replace(/\r/g, '').trimEnd());
}
