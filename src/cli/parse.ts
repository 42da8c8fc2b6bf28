import { parseArgs } from 'node:util';
import { parse } from '../ast/build.js';
import { readServerBlocks } from '../ast/read.js';
import { LineIndex } from '../ast/span.js';
import { tokensView } from '../ast/tokens-view.js';
import { CliError, readInput, type Io } from './io.js';
import { nodeFileSystem } from './node-fs.js';
import { formatDiagnosticLine } from './render.js';

export const usage = `Usage: corefile parse FILE [--tokens]

Without --tokens, print the syntax tree as JSON (syntax errors go to stderr).
With --tokens, print the server blocks as CoreDNS's parser reads them:
{"blocks":[{"keys":[…],"directives":{"NAME":[{"text","line","file"}…]}}]}
or {"error":"FILE:LINE - message"}. '-' reads stdin.`;

export async function parseCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { tokens: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  if (values.help) {
    io.stdout(usage + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new CliError(`corefile parse: expected one file\n${usage}`);
  const input = await readInput(positionals[0], io);
  if (values.tokens) {
    const read = readServerBlocks(input.text, { path: input.path, fs: nodeFileSystem, env: (k) => io.env[k] });
    const view = tokensView(read, input.name);
    io.stdout(JSON.stringify(view) + '\n');
    return 'error' in view ? 1 : 0;
  }
  const { value, diagnostics } = parse(input.text);
  io.stdout(JSON.stringify(value, null, 2) + '\n');
  const index = new LineIndex(input.text);
  for (const d of diagnostics) io.stderr(formatDiagnosticLine(input.name, d, index) + '\n');
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
