#!/usr/bin/env node
/**
 * Bundle the command line and the language server into dist/bundle/ with
 * esbuild (part of `npm run build`, after tsc). Unbundled, `corefile lint`
 * loads some 800 ES modules (chevrotain's lodash-es alone is hundreds),
 * which is most of a cold run; the bundle is a handful of files. Each
 * subcommand is its own chunk, loaded when run, so `lint` never loads
 * Prettier or the preview engine. bin/ runs the bundles; the server finds
 * its lint worker beside it.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const esbuild = createRequire(import.meta.url)('esbuild');

await esbuild.build({
  entryPoints: {
    corefile: path.join(root, 'src/cli/main.ts'),
    'corefile-language-server': path.join(root, 'server/src/main.ts'),
    'lint-worker': path.join(root, 'server/src/lint-worker.ts'),
  },
  outdir: path.join(root, 'dist/bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  // Bundled CommonJS dependencies call require() for Node's own modules.
  banner: { js: "import { createRequire as __corefileRequire } from 'node:module'; const require = __corefileRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
