import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readServerBlocks } from '../src/ast/read.js';
import { tokensView } from '../src/ast/tokens-view.js';
import { nodeFileSystem } from '../src/cli/node-fs.js';
import { haveShared, sharedPath } from './support/shared.js';

const dir = sharedPath('corpus');
const files = haveShared() ? fs.readdirSync(dir).filter((f) => f.endsWith('.Corefile')).sort() : [];

describe.runIf(haveShared())('corpus: tokens agree with CoreDNS’s parser', () => {
  it('has the corpus', () => expect(files.length).toBeGreaterThanOrEqual(61));
  for (const f of files) {
    it(f, () => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const expected = JSON.parse(fs.readFileSync(path.join(dir, f.replace(/\.Corefile$/, '.tokens.json')), 'utf8'));
      // The oracle ran with no environment variables set.
      const read = readServerBlocks(text, { path: path.join(dir, f), fs: nodeFileSystem, env: () => undefined });
      expect(tokensView(read, f)).toEqual(expected);
    });
  }
});
