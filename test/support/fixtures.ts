import * as fs from 'node:fs';
import { nodeFileSystem } from '../../src/cli/node-fs.js';
import { lint, type LintOptions } from '../../src/service/index.js';

/** Options from `# key: value` header comments. */
export function headerOptions(text: string): LintOptions {
  const opts: LintOptions = {};
  for (const m of text.matchAll(/^#\s*(coredns-version|external-plugins):\s*(.+?)\s*$/gm)) {
    if (m[1] === 'coredns-version') opts.corednsVersion = m[2];
    else opts.externalPlugins = m[2]!.split(/[\s,]+/).filter(Boolean).map((name) => ({ name }));
  }
  return opts;
}

export function lintFixture(file: string) {
  const text = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  const diagnostics = lint(text, { ...headerOptions(text), path: file, fs: nodeFileSystem, env: () => undefined });
  return { text, diagnostics };
}

