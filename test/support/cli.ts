import * as path from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { repoRoot } from './shared.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process, as `corefile ARGS` typed in `cwd` (default: the repo root). */
export async function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string>; stdin?: string; color?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of Readable.from([opts.stdin ?? ''])) chunks.push(Buffer.from(c as string));
      return Buffer.concat(chunks).toString('utf8');
    },
    cwd: path.resolve(repoRoot, opts.cwd ?? '.'),
    env: opts.env ?? {},
    color: opts.color ?? false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
