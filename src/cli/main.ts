import { CliError, processIo, type Io } from './io.js';

type Command = (args: string[], io: Io) => Promise<number>;

/**
 * Subcommands. Each returns its exit code: 0 ok, 1 findings, 2 usage or IO
 * error. Each is loaded when run, so `corefile lint` does not load the
 * formatter's Prettier or the preview engine: start-up is most of a CI run.
 */
const commands: Record<string, { run: Command; summary: string }> = {
  fmt: { run: async (a, io) => (await import('./fmt.js')).fmtCommand(a, io), summary: 'format Corefiles without changing what CoreDNS reads (--check, --diff, --write)' },
  lint: { run: async (a, io) => (await import('./lint.js')).lintCommand(a, io), summary: 'check Corefiles against CoreDNS rules and common mistakes' },
  parse: { run: async (a, io) => (await import('./parse.js')).parseCommand(a, io), summary: 'print the syntax tree, or the tokens CoreDNS reads (--tokens)' },
  preview: { run: async (a, io) => (await import('./preview.js')).previewCommand(a, io), summary: 'show what a Corefile answers to a query, and why (offline)' },
  serve: { run: async (a, io) => (await import('./serve.js')).serveCommand(a, io), summary: 'answer DNS queries on a local address from a draft Corefile' },
  test: { run: async (a, io) => (await import('./test.js')).testCommand(a, io), summary: 'run DNS unit tests (queries and expected replies) against a Corefile' },
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: corefile <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'corefile <command> --help' for a command's options.\n`;
}

/** Run the CLI. Never throws: errors become a one-line message and exit code 2. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.stdout('corefile 0.1.0\n');
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    io.stderr(`corefile: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(e.message + '\n');
      return e.exitCode;
    }
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`corefile ${name}: ${(e as Error).message}\n`);
      return 2;
    }
    io.stderr(`corefile ${name}: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}
