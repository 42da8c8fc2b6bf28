import * as fs from 'node:fs';
import { nodeFileSystem } from '../../src/cli/node-fs.js';
import { lint, type LintOptions } from '../../src/service/index.js';

/** Options from `# key: value` header comments. */
export function headerOptions(text: string): LintOptions {
  const opts: LintOptions = {};
  for (const m of text.matchAll(/^#\s*(coredns-version|external-plugins|env):\s*(.+?)\s*$/gm)) {
    if (m[1] === 'coredns-version') opts.corednsVersion = m[2];
    else if (m[1] === 'env') {
      const vars = new Map(m[2]!.split(/\s+/).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as [string, string]));
      opts.env = (k) => vars.get(k);
    } else opts.externalPlugins = m[2]!.split(/[\s,]+/).filter(Boolean).map((name) => ({ name }));
  }
  return opts;
}

export function lintFixture(file: string) {
  const text = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  const diagnostics = lint(text, { env: () => undefined, ...headerOptions(text), path: file, fs: nodeFileSystem });
  return { text, diagnostics };
}

