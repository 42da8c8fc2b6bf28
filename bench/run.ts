/**
 * `npm run bench`: prints throughput and latency figures. Each area adds its
 * benchmark function here. Figures only: nothing asserts on time.
 */
import { benchParse } from './parse.js';

const benches: Array<[string, () => void | Promise<void>]> = [['parse', benchParse]];

const only = process.argv.slice(2);
console.log(`corefile benchmarks — node ${process.version}, ${new Date().toISOString()}`);
for (const [name, fn] of benches) {
  if (only.length && !only.includes(name)) continue;
  await fn();
}
