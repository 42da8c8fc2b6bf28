/**
 * `npm run bench`: prints throughput and latency figures. Each area adds its
 * benchmark function here. Figures only: nothing asserts on time.
 */
import { benchParse } from './parse.js';

const benches: Array<[string, () => void | Promise<void>]> = [['parse', benchParse]];

const only = process.argv.slice(2);
console.log(`corefile benchmarks — node ${process.version} ${process.execArgv.join(" ")}, ${new Date().toISOString()}`);
console.log("(median and best of repeated runs; compare best across changes on a shared machine)");
for (const [name, fn] of benches) {
  if (only.length && !only.includes(name)) continue;
  await fn();
}
