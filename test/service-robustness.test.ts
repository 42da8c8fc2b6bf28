import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  codeActions, complete, definition, folding, hover, inlayHints, knownPlugins, links, memoryFileSystem, prepareRename, rename, selectionRanges,
  semanticTokens, symbols, lint,
} from '../src/index.js';

const plugins = knownPlugins([{ name: 'myplugin', after: 'log' }]);
const fs = memoryFileSystem({ '/etc/Corefile': '', '/etc/a.conf': 'whoami\n' });

/** Every editor feature at every offset of `text` (and one past either end). Throws if any of them does. */
function everyFeature(text: string): void {
  const opts = { path: '/etc/Corefile', fs };
  symbols(text);
  folding(text);
  links(text, opts);
  semanticTokens(text, { plugins });
  inlayHints(text);
  inlayHints(text, { span: { start: 0, end: text.length }, pluginOrder: 'outOfOrder' });
  const offsets = Array.from({ length: text.length + 3 }, (_, i) => i - 1);
  selectionRanges(text, offsets);
  for (const o of offsets) {
    complete(text, o, { plugins });
    hover(text, o, { plugins });
    definition(text, o, opts);
    prepareRename(text, o);
    rename(text, o, 'renamed');
  }
  codeActions({ start: 0, end: text.length }, lint(text, { path: '/etc/Corefile', fs }));
}

const TOKENS = ['.', ' ', '  ', '\n', '\r\n', '\t', '{', '}', '(', ')', '"', '\\', '#', ',', ':', 'import', 'snip', '(snip)', 'forward', 'cache', 'log',
  'kubernetes', 'pods', 'policy', 'example.org:53', 'tls://', '{$PORT}', '{%X%}', '1.1.1.1', '30s', '\u00e9', '\ud83d\ude00', '\u0000'];

describe('the editor features on any input', () => {
  it('never throw on half-typed and broken Corefiles', () => {
    for (const text of [
      '', '{', '}', '"', '. {', '. {\n  forward . {\n', '(snip) {\n  import snip\n}\n. {\n  import snip\n}\n', '. {\n  import\n}\n', 'import a.conf\n',
      '. { whoami }', '"unterminated {\n  } } {{ #\n', 'a,\n', '. {\n  kubernetes {\n    pods \n', '(x\n', '()\n{\n}\n', '\ud83d\ude00 { \ud83d }',
    ]) everyFeature(text);
  });

  it('never throw on random token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(() => everyFeature(text)).not.toThrow();
      }),
      { numRuns: 150 },
    );
  });
});
