#!/usr/bin/env node
/**
 * `npm run package`: type-check and bundle the extension and the language
 * server with esbuild, then write `corefile-VERSION.vsix`.
 *
 * The .vsix is written here rather than by `@vscode/vsce`: vsce 4 needs
 * Node ≥ 22 (this project supports Node 20), and vsce 3 depends on keytar,
 * whose install step downloads a prebuilt binary, which an offline install
 * must never do. A .vsix is a plain Open Packaging Conventions zip, so this
 * writes the same layout vsce does: `[Content_Types].xml`,
 * `extension.vsixmanifest` and the extension's files under `extension/`.
 * test/lsp-package.test.ts checks the result (zip structure and CRCs, the
 * manifest, and that the bundled server answers over stdio).
 *
 * Usage: node client/scripts/package.mjs [--out FILE]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const client = path.join(root, 'client');
const require = createRequire(import.meta.url);
const esbuild = require('esbuild');

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');

const manifest = JSON.parse(fs.readFileSync(path.join(client, 'package.json'), 'utf8'));
const out = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : path.join(root, `${manifest.name}-${manifest.version}.vsix`);

// 1. Type-check the extension against @types/vscode.
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(client, 'tsconfig.json')], { stdio: 'inherit' });

// 2. Bundle. `vscode` is provided by the editor at run time; everything else goes in.
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, legalComments: 'none', logLevel: 'warning' };
const dist = path.join(client, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
await esbuild.build({ ...common, entryPoints: [path.join(client, 'src/extension.ts')], outfile: path.join(dist, 'extension.js'), external: ['vscode'] });
// The server finds its lint worker next to itself through import.meta.url, which CommonJS lacks: define it from __filename.
const server = { ...common, define: { 'import.meta.url': 'importMetaUrl' }, inject: [path.join(client, 'scripts/import-meta-url.js')] };
await esbuild.build({ ...server, entryPoints: [path.join(root, 'server/src/main.ts')], outfile: path.join(dist, 'server.js') });
await esbuild.build({ ...server, entryPoints: [path.join(root, 'server/src/lint-worker.ts')], outfile: path.join(dist, 'lint-worker.js') });

// 3. The manifest, with one setting entry per lint rule so that editors complete rule ids in `corefile.rules`.
const { lintRules } = await import(pathToFileURL(path.join(root, 'dist/src/service/index.js')).href);
const rulesSetting = manifest.contributes.configuration.properties['corefile.rules'];
rulesSetting.properties = Object.fromEntries(
  lintRules().map((r) => [r.id, { type: 'string', enum: ['error', 'warning', 'info', 'hint', 'off'], description: `${r.description} (default: ${r.severity})` }]),
);

const files = [
  ['extension/package.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n')],
  ['extension/readme.md', fs.readFileSync(path.join(client, 'README.md'))],
  ['extension/language-configuration.json', fs.readFileSync(path.join(client, 'language-configuration.json'))],
  ['extension/syntaxes/corefile.tmLanguage.json', fs.readFileSync(path.join(client, 'syntaxes/corefile.tmLanguage.json'))],
  ['extension/dist/extension.js', fs.readFileSync(path.join(dist, 'extension.js'))],
  ['extension/dist/server.js', fs.readFileSync(path.join(dist, 'server.js'))],
  ['extension/dist/lint-worker.js', fs.readFileSync(path.join(dist, 'lint-worker.js'))],
];

const xml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const vsixmanifest = `<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id="${xml(manifest.name)}" Version="${xml(manifest.version)}" Publisher="${xml(manifest.publisher)}" />
    <DisplayName>${xml(manifest.displayName)}</DisplayName>
    <Description xml:space="preserve">${xml(manifest.description)}</Description>
    <Tags>${xml([...manifest.keywords, 'corefile'].filter((t, i, a) => a.indexOf(t) === i).join(','))}</Tags>
    <Categories>${xml(manifest.categories.join(','))}</Categories>
    <GalleryFlags>Public</GalleryFlags>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="${xml(manifest.engines.vscode)}" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionDependencies" Value="" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionPack" Value="" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionKind" Value="workspace" />
      <Property Id="Microsoft.VisualStudio.Code.LocalizedLanguages" Value="" />
      <Property Id="Microsoft.VisualStudio.Services.GitHubFlavoredMarkdown" Value="true" />
      <Property Id="Microsoft.VisualStudio.Services.Content.Pricing" Value="Free" />
    </Properties>
  </Metadata>
  <Installation>
    <InstallationTarget Id="Microsoft.VisualStudio.Code" />
  </Installation>
  <Dependencies />
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true" />
    <Asset Type="Microsoft.VisualStudio.Services.Content.Details" Path="extension/readme.md" Addressable="true" />
  </Assets>
</PackageManifest>
`;

const CONTENT_TYPES = { '.json': 'application/json', '.js': 'application/javascript', '.md': 'text/markdown', '.vsixmanifest': 'text/xml' };
const exts = [...new Set(['.vsixmanifest', ...files.map(([n]) => path.extname(n))])];
const contentTypes = `<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${exts.map((e) => `<Default Extension="${e}" ContentType="${CONTENT_TYPES[e]}" />`).join('')}</Types>
`;

writeZip(out, [['[Content_Types].xml', Buffer.from(contentTypes)], ['extension.vsixmanifest', Buffer.from(vsixmanifest)], ...files]);
console.log(`${path.relative(process.cwd(), out) || out}: ${files.length + 2} files, ${(fs.statSync(out).size / 1024).toFixed(0)} KiB`);

/** A zip archive (deflate, no zip64: a .vsix stays far below 4 GiB). */
function writeZip(file, entries) {
  const locals = [];
  const central = [];
  let offset = 0;
  // A fixed timestamp (1980-01-01) keeps the archive reproducible.
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (const [name, data] of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBuf, deflated);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(0x0800, 8);
    cen.writeUInt16LE(8, 10);
    cen.writeUInt16LE(dosTime, 12);
    cen.writeUInt16LE(dosDate, 14);
    cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(deflated.length, 20);
    cen.writeUInt32LE(data.length, 24);
    cen.writeUInt16LE(nameBuf.length, 28);
    cen.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: a regular file, rw-r--r--
    cen.writeUInt32LE(offset, 42);
    central.push(cen, nameBuf);
    offset += local.length + nameBuf.length + deflated.length;
  }
  const cenSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cenSize, 12);
  end.writeUInt32LE(offset, 16);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.concat([...locals, ...central, end]));
}

function crc32(buf) {
  let c = ~0;
  for (let i = 0; i < buf.length; i++) {
    c ^= buf[i];
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
