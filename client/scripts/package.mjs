#!/usr/bin/env node
/**
 * `npm run package`: type-check and bundle the extension and the language
 * server with esbuild, stage the extension's files, and package them with
 * `@vscode/vsce` into `corefile-VERSION.vsix`. Offline: the server and its
 * lint worker are bundled, so vsce packages no node_modules.
 * test/lsp-package.test.ts checks the result (zip structure, the manifest,
 * and that the bundled server answers over stdio).
 *
 * Usage: node client/scripts/package.mjs [--out FILE]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as os from 'node:os';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const client = path.join(root, 'client');
const require = createRequire(import.meta.url);
const esbuild = require('esbuild');
const { createVSIX } = require('@vscode/vsce');

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

// 4. Stage exactly what ships, and let vsce write the package (manifest checks, [Content_Types].xml, extension.vsixmanifest).
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'corefile-vsix-'));
try {
  const files = {
    'package.json': Buffer.from(JSON.stringify({ ...manifest, files: ['README.md', 'language-configuration.json', 'syntaxes/**', 'dist/**'] }, null, 2) + '\n'),
    'README.md': fs.readFileSync(path.join(client, 'README.md')),
    'language-configuration.json': fs.readFileSync(path.join(client, 'language-configuration.json')),
    'syntaxes/corefile.tmLanguage.json': fs.readFileSync(path.join(client, 'syntaxes/corefile.tmLanguage.json')),
    'dist/extension.js': fs.readFileSync(path.join(dist, 'extension.js')),
    'dist/server.js': fs.readFileSync(path.join(dist, 'server.js')),
    'dist/lint-worker.js': fs.readFileSync(path.join(dist, 'lint-worker.js')),
  };
  for (const [name, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(stage, name)), { recursive: true });
    fs.writeFileSync(path.join(stage, name), data);
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // The license is named in the manifest (Apache-2.0); the repository has no LICENSE file to copy.
  await createVSIX({ cwd: stage, packagePath: out, dependencies: false, allowMissingRepository: true, skipLicense: true });
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
