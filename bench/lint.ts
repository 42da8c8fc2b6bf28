import { emptyFileSystem } from '../src/ast/fs.js';
import { lint } from '../src/service/lint.js';
import { generateCorefile } from './generate.js';
import { printFigures, throughput } from './harness.js';

/**
 * Parse + lint (every rule, setup validators included) of the generated
 * 30,000-line Corefile. The target is CoreDNS's own Go parser, which
 * reads about 12 MB/s on the reference machine.
 */
export function benchLint(): void {
  const big = generateCorefile(30_000);
  const bytes = Buffer.byteLength(big, 'utf8');
  const diagnostics = lint(big, { fs: emptyFileSystem });
  printFigures('lint', [
    ...throughput(`parse+lint, generated 30k lines (${(bytes / 1e6).toFixed(2)} MB, ${diagnostics.length} diagnostics)`, bytes, () => lint(big, { fs: emptyFileSystem })),
  ]);
}
