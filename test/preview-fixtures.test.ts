/**
 * Golden previews: each `fixtures/preview/NAME.Corefile` lists its queries
 * in header comments (`# query: NAME [TYPE] [CLASS]`, `# cluster: FILE`),
 * so the input stays a real Corefile; `NAME.preview.txt` is what
 * `corefile preview` prints for them (text format, production renderer).
 * Missing goldens are written on local runs; `npm run test:update` rewrites them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileSystem } from '../src/ast/fs.js';
import { nodeFileSystem } from '../src/cli/node-fs.js';
import { buildEngine, engineEnv, loadCluster, previewWith, type PreviewOptions } from '../src/preview/index.js';
import { renderText } from '../src/preview/render.js';
import { repoRoot } from './support/shared.js';

const dir = path.join(repoRoot, 'fixtures', 'preview');
const fixturesRoot = path.join(repoRoot, 'fixtures');

/** The real file system, but only inside fixtures/: a preview must not depend on the machine it runs on. */
const fixtureFs: FileSystem = {
  readFile: (p) => (p.startsWith(fixturesRoot + path.sep) ? nodeFileSystem.readFile(p) : { error: `open ${p}: not available to fixture previews` }),
  stat: (p) => (p.startsWith(fixturesRoot) ? nodeFileSystem.stat(p) : undefined),
  readDirectory: (p) => (p.startsWith(fixturesRoot) ? nodeFileSystem.readDirectory(p) : undefined),
};

export function renderFixture(file: string): string {
  const text = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  const headers = [...text.matchAll(/^#\s*([\w-]+):\s*(.*)$/gm)].map((m) => ({ key: m[1], value: m[2].trim() }));
  const options: PreviewOptions = { path: file, fs: fixtureFs, serial: 1 };
  for (const h of headers) {
    if (h.key === 'cluster') options.cluster = loadCluster(fs.readFileSync(path.resolve(path.dirname(file), h.value), 'utf8'));
    if (h.key === 'client-ip') options.clientIP = h.value;
  }
  const engine = buildEngine(text, engineEnv(options));
  const out: string[] = [];
  for (const h of headers.filter((x) => x.key === 'query')) {
    const [name, type = 'A', cls] = h.value.split(/\s+/);
    const r = previewWith(engine, { name, type, class: cls }, options);
    out.push(renderText(r, h.value));
  }
  return out.join('\n');
}

describe('preview fixtures', () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.Corefile')).sort();
  it('there are fixtures with queries', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });
  for (const f of files) {
    it(`${f} → .preview.txt`, async () => {
      const out = renderFixture(path.join(dir, f));
      expect(out).toContain('; <<>> corefile preview <<>>');
      await expect(out).toMatchFileSnapshot(path.join(dir, f.replace(/\.Corefile$/, '.preview.txt')));
    });
  }
});
