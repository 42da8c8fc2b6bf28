#!/usr/bin/env node
import { main } from '../dist/bundle/corefile.js';

// A reader that stops early (`corefile lint … | head`) closes the pipe: the rest of the output has
// nowhere to go, which is no error of ours. The exit code stays what the command decided.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
  });
}
process.exitCode = await main(process.argv.slice(2));
