/**
 * `npm run bench`: prints throughput and latency figures. Each area adds its
 * benchmark function here. Figures only: nothing asserts on time.
 */
import { benchParse } from './parse.js';
import { benchLsp } from './lsp.js';
import { benchLint } from './lint.js';
import { benchFormat } from './format.js';
import { benchPreview } from './preview.js';

const benches: Array<[string, () => void | Promise<void>]> = [['parse', benchParse], ['lint', benchLint]];

benches.push(['lsp', benchLsp]);
benches.push(['format', benchFormat]);
benches.push(['preview', benchPreview]);
const only = process.argv.slice(2);
console.log(`corefile benchmarks — node ${process.version} ${process.execArgv.join(" ")}, ${new Date().toISOString()}`);
console.log("(median and best of repeated runs; compare best across changes on a shared machine)");
for (const [name, fn] of benches) {
  if (only.length && !only.includes(name)) continue;
  await fn();
}
