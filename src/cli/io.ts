import * as fs from 'node:fs';
import * as path from 'node:path';
import { ioMessage } from './node-fs.js';
import { wantsColor } from './render.js';

/** What the CLI writes to; tests pass buffers. */
export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  readStdin(): Promise<string>;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Standard output is a terminal that takes colours (see `wantsColor`). */
  color?: boolean;
}

export const processIo: Io = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  cwd: process.cwd(),
  env: process.env,
  color: wantsColor(process.env, process.stdout.isTTY),
};

/** Thrown for usage and IO problems: one line to stderr, exit code 2. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export interface InputFile {
  /** As the user typed it ('-' for stdin, shown as `<stdin>`). */
  name: string;
  /** Absolute path; for stdin, a virtual file in the working directory. */
  path: string;
  text: string;
  /** Read from standard input. */
  stdin?: boolean;
}

/** Read a file named on the command line, or stdin for '-'. */
export async function readInput(name: string, io: Io): Promise<InputFile> {
  if (name === '-') return { name: '<stdin>', path: path.join(io.cwd, 'Corefile'), text: await io.readStdin(), stdin: true };
  const abs = path.resolve(io.cwd, name);
  let text: string;
  try {
    const st = fs.statSync(abs);
    if (st.isDirectory()) throw new CliError(`corefile: ${name}: is a directory`);
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`corefile: ${ioMessage(e, name)}`);
  }
  return { name, path: abs, text };
}
