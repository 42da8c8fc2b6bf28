import { PerformanceObserver } from 'node:perf_hooks';

/** Tiny benchmark helpers: warm up, then time repeated runs and report figures. No assertions. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
}

export function timeIt(fn: () => void, opts: { minRuns?: number; minMs?: number } = {}): number[] {
  const minRuns = opts.minRuns ?? 5;
  const minMs = opts.minMs ?? 1000;
  // Warm up until the optimising compiler has caught up: at least 3 runs and half a second
  // (a 100 ms run is still being compiled during its first few calls, and those are not the
  // steady state the figures describe).
  const warm = performance.now();
  for (let i = 0; i < 3 || performance.now() - warm < 500; i++) fn();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/**
 * Throughput in MB/s of a function over `bytes` of input: the median run and
 * the best run. The best run is the figure to compare across changes on a
 * shared machine, where other load only ever slows a run down.
 */
export function throughput(name: string, bytes: number, fn: () => void): Figure[] {
  const samples = timeIt(fn, { minRuns: 10, minMs: 2000 });
  const mbps = (ms: number) => bytes / 1e6 / (ms / 1000);
  return [
    { name: `${name} (median)`, value: mbps(median(samples)), unit: 'MB/s' },
    { name: `${name} (best)`, value: mbps(Math.min(...samples)), unit: 'MB/s' },
  ];
}

export function printFigures(section: string, figures: Figure[]): void {
  console.log(`\n## ${section}`);
  for (const f of figures) console.log(`  ${f.name.padEnd(56)} ${f.value.toFixed(f.value < 10 ? 2 : 1).padStart(10)} ${f.unit}`);
}

/**
 * Mean time per run and the part of it V8 spent collecting garbage (every
 * kind, as `gc` performance entries report it), over `runs` runs after a
 * warm-up. Where the time of a run goes when it is not the code's own.
 */
export async function gcShare(fn: () => void, runs = 20): Promise<{ meanMs: number; gcMs: number }> {
  for (let i = 0; i < 3; i++) fn();
  let gc = 0;
  let counting = false;
  const obs = new PerformanceObserver((list) => {
    if (counting) for (const e of list.getEntries()) gc += e.duration;
  });
  obs.observe({ entryTypes: ['gc'] });
  // Entries are delivered asynchronously: let those of the warm-up pass before counting.
  await new Promise((r) => setTimeout(r, 20));
  counting = true;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) fn();
  const total = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 20));
  obs.disconnect();
  return { meanMs: total / runs, gcMs: gc / runs };
}
