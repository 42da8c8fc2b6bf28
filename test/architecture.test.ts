import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/shared.js';

/** Every .ts file under a folder of the repo, as repo-relative paths. */
function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'dist' && e.name !== 'out') walk(p);
      } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(path.relative(repoRoot, p));
    }
  };
  walk(path.join(repoRoot, dir));
  return out;
}

/** The module specifiers a file imports (static and dynamic). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
  const specs: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) specs.push(m[1] ?? m[2] ?? m[3]);
  return specs;
}

/** The repo folder a relative import lands in. */
function target(file: string, spec: string): string {
  return path.relative(repoRoot, path.resolve(repoRoot, path.dirname(file), spec));
}

const LSP = /^(vscode|vscode-languageserver(-.*)?|vscode-languageclient(\/.*)?|vscode-jsonrpc(\/.*)?)$/;
const IO = /^(node:)?(fs|fs\/promises|net|dgram|http|https|child_process|readline|tls|dns)$/;

describe('architecture invariants', () => {
  it('grammar/ imports nothing from src/, server/ or client/, and no LSP package', () => {
    for (const f of sources('grammar')) {
      for (const s of importsOf(f)) {
        expect(LSP.test(s), `${f} imports ${s}`).toBe(false);
        if (s.startsWith('.')) expect(target(f, s).startsWith('grammar'), `${f} imports ${s}`).toBe(true);
      }
    }
  });

  it('only grammar/ imports chevrotain', () => {
    for (const dir of ['src', 'server', 'client'])
      for (const f of sources(dir)) expect(importsOf(f).filter((s) => s.startsWith('chevrotain')), f).toEqual([]);
  });

  it('src/ knows nothing about LSP or VS Code, and imports nothing from server/ or client/', () => {
    for (const f of sources('src')) {
      for (const s of importsOf(f)) {
        expect(LSP.test(s), `${f} imports ${s}`).toBe(false);
        if (s.startsWith('.')) expect(/^(src|grammar)\//.test(target(f, s)), `${f} imports ${s}`).toBe(true);
      }
    }
  });

  it('src/ does no IO outside src/cli', () => {
    for (const f of sources('src').filter((f) => !f.startsWith('src/cli/'))) {
      expect(importsOf(f).filter((s) => IO.test(s)), f).toEqual([]);
    }
  });

  it('server/ reaches the core only through src/ (no grammar/, no chevrotain)', () => {
    for (const f of sources('server')) {
      for (const s of importsOf(f)) if (s.startsWith('.')) expect(target(f, s).startsWith('grammar'), `${f} imports ${s}`).toBe(false);
    }
  });

  it('the CLI never imports the language server', () => {
    for (const f of sources('src/cli')) for (const s of importsOf(f)) if (s.startsWith('.')) expect(target(f, s).startsWith('server'), `${f} imports ${s}`).toBe(false);
  });
});
