import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderStylishFile } from '../src/cli/lint-format.js';
import { lintFixture } from './support/fixtures.js';
import { repoRoot } from './support/shared.js';

/**
 * One harness for every fixture: `fixtures/**\/NAME.Corefile` with sibling
 * expectations, each checked only when its kind applies. `NAME.lint.txt` is
 * the diagnostics as `corefile lint` prints them (stylish, without the
 * summary). Missing expectation files are written on local runs (vitest's
 * file snapshots) and fail in CI; `npm run test:update` rewrites them.
 *
 * Header comments set lint options, so inputs stay real Corefiles:
 * `# coredns-version: 1.4.0`, `# external-plugins: alias, ads`, `# env: K=V …`.
 */
const root = path.join(repoRoot, 'fixtures');

function corefiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...corefiles(p));
    else if (e.name.endsWith('.Corefile') && !e.name.endsWith('.fmt.Corefile')) out.push(p);
  }
  return out.sort();
}

/** Expectation kinds: each maps an input to the text of its sibling file. */
const kinds: Array<{ suffix: string; applies: (file: string) => boolean; render: (file: string) => string }> = [
  {
    suffix: '.lint.txt',
    applies: () => true,
    render(file) {
      const { text, diagnostics } = lintFixture(file);
      const name = path.relative(root, file);
      return renderStylishFile({ name, path: file, text, diagnostics: diagnostics.filter((d) => !d.file) }) || 'no diagnostics\n';
    },
  },
];

describe('fixtures', () => {
  for (const file of corefiles(root)) {
    const rel = path.relative(root, file);
    for (const k of kinds) {
      if (!k.applies(file)) continue;
      it(`${rel} → ${k.suffix}`, async () => {
        await expect(k.render(file)).toMatchFileSnapshot(file.replace(/\.Corefile$/, k.suffix));
      });
    }
  }
});
