import { describe, expect, it } from 'vitest';
import { lexTable } from '../grammar/index.js';
import { emptyFileSystem, memoryFileSystem } from '../src/ast/fs.js';
import { readServerBlocks } from '../src/ast/read.js';

const env = () => undefined;

describe('readServerBlocks at scale', () => {
  it('splices a snippet imported thousands of times, from tokens or from a table, up to CoreDNS’s cap', () => {
    const text = (n: number) => '(s) {\n  log\n}\n. {\n' + '  import s\n'.repeat(n) + '}\n';
    for (const tokens of [undefined, lexTable(text(9000))]) {
      const r = readServerBlocks(text(9000), { path: '/Corefile', fs: emptyFileSystem, env, tokens });
      expect(r.error).toBeUndefined();
      expect(r.blocks[0]!.directives.length).toBe(9000);
      expect(r.blocks[0]!.directives[8999]!.tokens.map((t) => [t.text, t.line])).toEqual([['log', 2]]);
    }
    const over = readServerBlocks(text(10001), { path: '/Corefile', fs: emptyFileSystem, env });
    expect(over.error?.message).toBe('Error during parsing: maximum snippet import depth (10000) exceeded');
  });

  it('imports a file of more tokens than fit in one call’s arguments', () => {
    const fs = memoryFileSystem({ '/big.conf': 'hosts {\n' + '  10.0.0.1 a\n'.repeat(300_000) + '}\n' });
    const r = readServerBlocks('. {\n  import big.conf\n}\n', { path: '/Corefile', fs, env });
    expect(r.error).toBeUndefined();
    expect(r.blocks[0]!.directives[0]!.tokens.length).toBe(600_003);
  });
});
