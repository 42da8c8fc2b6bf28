/**
 * `npm run package` end to end: builds the .vsix from the sources (as CI
 * does from a clean clone), then checks it as VS Code would read it.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from '../bench/lsp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corefile-vsix-'));
const vsix = path.join(dir, 'corefile.vsix');
let entries: Map<string, Buffer>;

/** Every entry of a zip archive, read through its central directory, with CRCs checked. */
function readZip(buf: Buffer): Map<string, Buffer> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no end of central directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nlen = buf.readUInt16LE(p + 28);
    const elen = buf.readUInt16LE(p + 30);
    const clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nlen);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    const data = method === 8 ? zlib.inflateRawSync(raw) : raw;
    if (data.length !== size) throw new Error(`${name}: size ${data.length} != ${size}`);
    if (zlib.crc32 && zlib.crc32(data) !== crc) throw new Error(`${name}: CRC mismatch`);
    out.set(name, data);
    p += 46 + nlen + elen + clen;
  }
  return out;
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, 'client/scripts/package.mjs'), '--out', vsix], { cwd: root, stdio: 'pipe' });
  entries = readZip(fs.readFileSync(vsix));
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the .vsix', () => {
  it('has the package layout VS Code installs from', () => {
    expect([...entries.keys()].sort()).toEqual([
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/dist/extension.js',
      'extension/dist/lint-worker.js',
      'extension/dist/server.js',
      'extension/language-configuration.json',
      'extension/package.json',
      'extension/readme.md',
      'extension/syntaxes/corefile.tmLanguage.json',
    ]);
    const types = entries.get('[Content_Types].xml')!.toString();
    for (const ext of ['.json', '.js', '.md', '.vsixmanifest']) expect(types).toContain(`Extension="${ext}"`);
    const vsixManifest = entries.get('extension.vsixmanifest')!.toString();
    expect(vsixManifest).toContain('<Identity Language="en-US" Id="corefile" Version="0.1.0" Publisher="corefile" />');
    expect(vsixManifest).toContain('<Property Id="Microsoft.VisualStudio.Code.Engine" Value="^1.91.0" />');
  });

  it('declares the language, grammar and settings, with every lint rule listed', () => {
    const manifest = JSON.parse(entries.get('extension/package.json')!.toString());
    expect(manifest.main).toBe('./dist/extension.js');
    expect(manifest.contributes.languages[0]).toMatchObject({ id: 'corefile', filenames: ['Corefile'], extensions: ['.Corefile', '.corefile'] });
    expect(manifest.contributes.grammars[0]).toMatchObject({ language: 'corefile', scopeName: 'source.corefile' });
    const props = manifest.contributes.configuration.properties;
    expect(Object.keys(props)).toEqual(expect.arrayContaining(['corefile.corednsVersion', 'corefile.rules', 'corefile.externalPlugins', 'corefile.inlayHints.pluginOrder']));
    expect(Object.keys(props['corefile.rules'].properties)).toContain('no-removed-plugin');
    // Paths the manifest names are in the package.
    for (const p of [manifest.main, manifest.contributes.languages[0].configuration, manifest.contributes.grammars[0].path]) {
      expect(entries.has(path.posix.join('extension', p))).toBe(true);
    }
  });

  it('bundles an extension whose only module from outside is `vscode`', () => {
    const code = entries.get('extension/dist/extension.js')!.toString();
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).filter((m) => !m.startsWith('node:'));
    const builtins = new Set(createRequire(import.meta.url)('node:module').builtinModules as string[]);
    expect([...new Set(required.filter((m) => !builtins.has(m)))]).toEqual(['vscode']);
    expect(code).toMatch(/activate/);
  });

  it('bundles a server that answers over stdio, linting on its worker thread', async () => {
    const server = path.join(dir, 'server.js');
    fs.writeFileSync(server, entries.get('extension/dist/server.js')!);
    fs.writeFileSync(path.join(dir, 'lint-worker.js'), entries.get('extension/dist/lint-worker.js')!);
    const { client, initialize } = await LspClient.start({ command: [process.execPath, server, '--stdio'] });
    try {
      expect(initialize.capabilities).toHaveProperty('completionProvider');
      await client.open('file:///x/Corefile', '. {\n  proxy . 8.8.8.8\n}\n');
      expect((await client.diagnostics('file:///x/Corefile')).diagnostics.map((d) => d.code)).toEqual(['no-removed-plugin']);
      // The worker started and did the linting: no fallback to the main thread was logged.
      expect(client.logs.filter((l) => /lint worker/.test(l))).toEqual([]);
    } finally {
      expect(await client.stop()).toBe(0);
    }
  });
});
