import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSyntax } from '../grammar/index.js';
import { parse } from '../src/ast/build.js';
import { readServerBlocks } from '../src/ast/read.js';
import { emptyFileSystem } from '../src/ast/fs.js';
import { generateCorefile } from './generate.js';
import { printFigures, throughput } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function benchParse(): void {
  const big = generateCorefile(30_000);
  const k8s = fs.readFileSync(path.join(root, 'fixtures/kubernetes-default.Corefile'), 'utf8');
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  const read = (s: string) => readServerBlocks(s, { path: '/Corefile', fs: emptyFileSystem, env: () => undefined });
  // Repeat the small file so one timed run is long enough to measure.
  const k8sRepeat = 200;
  printFigures('parse', [
   ...[
    throughput(`lex+syntax tree, generated ${big.split('\n').length - 1} lines (${(bytes(big) / 1e6).toFixed(2)} MB)`, bytes(big), () => parseSyntax(big)),
    throughput('lex+syntax tree+AST (parse), generated 30k lines', bytes(big), () => parse(big)),
    throughput('CoreDNS reading (parse --tokens: lex + readServerBlocks), 30k lines', bytes(big), () => read(big)),
    throughput('parse, Kubernetes default Corefile', bytes(k8s) * k8sRepeat, () => {
      for (let i = 0; i < k8sRepeat; i++) parse(k8s);
    }),
  ].flat()]);
}
