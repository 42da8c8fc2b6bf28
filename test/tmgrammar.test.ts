import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PLUGIN_ORDER } from '../src/catalog/order.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const grammarPath = path.join(root, 'client/syntaxes/corefile.tmLanguage.json');

describe('TextMate grammar', () => {
  it('scopes the test files as their assertions say (vscode-tmgrammar-test)', () => {
    const bin = path.join(root, 'node_modules/vscode-tmgrammar-test/dist/unit.js');
    // execFileSync throws with the tool's report when an assertion fails.
    const out = execFileSync(process.execPath, [bin, '-g', grammarPath, 'test/tmgrammar/*.test.Corefile'], { cwd: root, encoding: 'utf8' });
    expect(out).toMatch(/run successfuly/);
    expect(out).not.toMatch(/failed/);
  });

  it('knows exactly the directives of plugin.cfg as built-in', () => {
    const g = JSON.parse(fs.readFileSync(grammarPath, 'utf8')) as { repository: { directive: { match: string } } };
    const names = /\(\?:\(([^)]*)\)/.exec(g.repository.directive.match)![1].split('|');
    expect([...names].sort()).toEqual([...PLUGIN_ORDER].sort());
  });
});
