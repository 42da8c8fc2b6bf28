import * as prettier from 'prettier';
import { parse } from '../src/ast/build.js';
import { format, formatRange } from '../src/format/format.js';
import * as plugin from '../src/format/plugin.js';
import { createContext, Lines, printFile } from '../src/format/printer.js';
import { generateCorefile } from './generate.js';
import { median, printFigures, type Figure } from './harness.js';

/**
 * Formatting throughput on the generated 30k-line Corefile, next to parsing
 * it, and their ratio (the goal: formatting takes less than twice as long as
 * parsing; it is one parse and one linear print). The runs of the functions
 * compared are interleaved, so that load from elsewhere on a shared machine
 * hits them alike.
 */
export async function benchFormat(): Promise<void> {
  // generateCorefile cuts its text at 30,000 lines, inside a server block; a
  // file that does not parse is refused at once, so close that block.
  let big = generateCorefile(30_000);
  if (parse(big).diagnostics.length > 0) big += '}\n';
  const first = format(big);
  if (first.diagnostics.length > 0) throw new Error(`the generated Corefile does not format: ${first.diagnostics[0].message}`);
  const formatted = first.value;
  const tree = parse(big).value;
  const mid = big.indexOf('\n    cache', big.length >> 1) + 1;

  const fns: Array<[string, () => void]> = [
    ['parse, generated 30k lines', () => parse(big)],
    ['format, generated 30k lines', () => format(big)],
    ['format, the same file already formatted', () => format(formatted)],
    ['print only (parsed tree → text)', () => printFile(tree, new Lines(), createContext(tree, big, { indent: '    ' }))],
    // An editor's "format selection" on one directive: a whole-file parse, then a small print.
    ['formatRange, one directive mid-file', () => formatRange(big, { start: mid, end: mid + 10 })],
  ];
  const samples = fns.map(() => [] as number[]);
  for (const [, fn] of fns) fn();
  const start = performance.now();
  for (let round = 0; round < 12 || performance.now() - start < 8000; round++) {
    fns.forEach(([, fn], i) => {
      const t0 = performance.now();
      fn();
      samples[i].push(performance.now() - t0);
    });
  }

  const bytes = Buffer.byteLength(big, 'utf8');
  const mbps = (ms: number) => bytes / 1e6 / (ms / 1000);
  const figures: Figure[] = [];
  fns.forEach(([name], i) => {
    figures.push({ name: `${name} (median)`, value: mbps(median(samples[i])), unit: 'MB/s' });
    figures.push({ name: `${name} (best)`, value: mbps(Math.min(...samples[i])), unit: 'MB/s' });
  });

  // Through Prettier's API: its option handling and document printer on top.
  const viaPrettier: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    await prettier.format(big, { parser: 'corefile', plugins: [plugin] });
    if (i >= 2) viaPrettier.push(performance.now() - t0);
  }
  figures.push({ name: 'prettier.format with corefile/prettier (best)', value: mbps(Math.min(...viaPrettier)), unit: 'MB/s' });
  figures.push({ name: 'format time ÷ parse time, best runs (goal < 2)', value: Math.min(...samples[1]) / Math.min(...samples[0]), unit: '×' });
  figures.push({ name: 'format time ÷ parse time, medians (goal < 2)', value: median(samples[1]) / median(samples[0]), unit: '×' });
  printFigures('format', figures);
}
