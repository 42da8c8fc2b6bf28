import { emptyFileSystem } from '../src/ast/fs.js';
import { lint, LintCache } from '../src/service/lint.js';
import { generateCorefile } from './generate.js';
import { gcShare, median, percentile, printFigures, throughput } from './harness.js';

/**
 * Lint (lex, CoreDNS's reading, every rule and setup validator) of the
 * generated 30,000-line Corefile. The target is CoreDNS's own Go parser, which
 * reads about 12 MB/s on the reference machine. Then what an editor does:
 * lint a 5,000-line Corefile again after a one-character edit, with the
 * document's LintCache.
 */
export async function benchLint(): Promise<void> {
  const big = generateCorefile(30_000);
  const bytes = Buffer.byteLength(big, 'utf8');
  const diagnostics = lint(big, { fs: emptyFileSystem });
  const run = () => void lint(big, { fs: emptyFileSystem });
  const figures = throughput(`lint, generated 30k lines (${(bytes / 1e6).toFixed(2)} MB, ${diagnostics.length} diagnostics)`, bytes, run);
  // What a whole-file lint costs beyond its own code: the young-generation collector copying what
  // stays alive through it (twice: within the young generation, then out of it).
  const gc = await gcShare(run);
  figures.push({ name: 'lint, 30k lines: garbage collection, mean per run', value: gc.gcMs, unit: `ms of ${gc.meanMs.toFixed(1)} ms` });
  printFigures('lint', [...figures, ...relint()]);
}

function relint() {
  const text = generateCorefile(5_000);
  const at = text.indexOf('cache ', text.length / 2) + 'cache '.length;
  const edited = (i: number) => text.slice(0, at) + String((i % 9) + 1) + text.slice(at + 1);
  const cache = new LintCache();
  const cached: number[] = [];
  const fresh: number[] = [];
  for (let i = 0; i < 120; i++) {
    const t = edited(i);
    let t0 = performance.now();
    lint(t, { fs: emptyFileSystem, cache });
    if (i >= 20) cached.push(performance.now() - t0);
    t0 = performance.now();
    lint(t, { fs: emptyFileSystem });
    if (i >= 20) fresh.push(performance.now() - t0);
  }
  return [
    { name: 'lint after an edit, 5k lines, LintCache (median)', value: median(cached), unit: 'ms' },
    { name: 'lint after an edit, 5k lines, LintCache (p95)', value: percentile(cached, 95), unit: 'ms' },
    { name: 'lint after an edit, 5k lines, no cache (median)', value: median(fresh), unit: 'ms' },
  ];
}
