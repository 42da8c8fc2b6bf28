import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import type { Diagnostic } from '../ast/nodes.js';
import { LineIndex } from '../ast/span.js';
import { unifiedDiff } from '../format/diff.js';
import { format, type FormatOptions } from '../format/format.js';
import { CliError, readInput, type InputFile, type Io } from './io.js';
import { expandPattern } from './lint.js';
import { ioMessage } from './node-fs.js';
import { codeFrame, COLORS, formatDiagnosticLine, PLAIN, type Paint } from './render.js';

export const usage = `Usage: corefile fmt [options] [FILE | GLOB | DIR | -]...

Format Corefiles in one canonical layout without changing what CoreDNS
reads. Without files, formats ./Corefile. A directory is searched for files
named Corefile or *.Corefile. '-' reads stdin. Prints the result unless
told otherwise. useTabs, tabWidth and endOfLine come from .prettierrc (and
.editorconfig), as with Prettier and the corefile/prettier plugin.

Options:
  -w, --write   rewrite files that change (atomically; '-' is printed)
  -c, --check   list files that would change; exit 1 if any
  -d, --diff    print a unified diff of what would change
  --color, --no-color
                colour the diff, or not (default: on a terminal, unless NO_COLOR is set)
  -h, --help    show this help

A file CoreDNS could not parse is reported and left as it is.
Exit status: 0 ok, 1 files would change (--check) or do not parse,
2 usage or IO error.`;

/** A unified diff in git's colours: file names bold, hunk heads cyan, removed lines red, added green. */
function colorDiff(diff: string, p: Paint): string {
  if (p === PLAIN) return diff;
  return diff.replace(/^.*$/gm, (line) =>
    line.startsWith('---') || line.startsWith('+++') ? p.bold(line) : line.startsWith('@@') ? p.cyan(line) : line.startsWith('-') ? p.red(line) : line.startsWith('+') ? p.green(line) : line,
  );
}

/** A path as shown to the user: relative to the working directory when inside it. */
function display(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** The options .prettierrc/.editorconfig give this file, as Prettier's CLI resolves them. */
async function optionsFor(file: string, shown: string): Promise<FormatOptions> {
  let config: prettier.Options | null;
  try {
    config = await prettier.resolveConfig(file, { editorconfig: true });
  } catch (e) {
    throw new CliError(`corefile fmt: ${shown}: cannot read the Prettier configuration: ${(e as Error).message.split('\n')[0]}`);
  }
  const opts: FormatOptions = {};
  if (!config) return opts;
  if (typeof config.useTabs === 'boolean') opts.useTabs = config.useTabs;
  if (typeof config.tabWidth === 'number') opts.tabWidth = config.tabWidth;
  const eol = config.endOfLine;
  if (eol === 'lf' || eol === 'crlf' || eol === 'auto' || eol === 'cr') opts.endOfLine = eol;
  return opts;
}

/**
 * Replace a file atomically: write a temporary file beside it, then rename
 * it over the original, so an interrupted run never leaves half a Corefile.
 * The mode is kept, and a symbolic link keeps pointing at the same file.
 */
function writeAtomic(file: string, text: string): void {
  const target = fs.realpathSync(file);
  const mode = fs.statSync(target).mode & 0o7777;
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    fs.writeFileSync(tmp, text, { mode });
    // writeFileSync's mode passes through the umask; set it exactly.
    fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, target);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* the temporary file was never created */
    }
    throw e;
  }
}

interface Flags {
  write: boolean;
  check: boolean;
  diff: boolean;
  /** How the diff is coloured. */
  paint: Paint;
}

export async function fmtCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      write: { type: 'boolean', short: 'w' },
      check: { type: 'boolean', short: 'c' },
      diff: { type: 'boolean', short: 'd' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.stdout(usage + '\n');
    return 0;
  }
  const paint = values['no-color'] ? PLAIN : values.color || io.color ? COLORS : PLAIN;
  const flags: Flags = { write: !!values.write, check: !!values.check, diff: !!values.diff, paint };
  if (flags.write && (flags.check || flags.diff)) throw new CliError(`corefile fmt: --write cannot be combined with --check or --diff\n\n${usage}`);

  let status = 0;
  const names: Array<{ name: string; file?: string }> = [];
  for (const p of positionals.length ? positionals : ['Corefile']) {
    if (p === '-') {
      names.push({ name: '-' });
      continue;
    }
    const files = expandPattern(p, io.cwd);
    if (files.length === 0) {
      io.stderr(`corefile fmt: no Corefiles match '${p}'\n`);
      status = 2;
    }
    for (const f of files) names.push({ name: display(f, io.cwd), file: f });
  }

  const seen = new Set<string>();
  for (const { name, file } of names) {
    const key = file ?? '-';
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      status = Math.max(status, await fmtOne(name === '-' ? '-' : file!, name, flags, io));
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      io.stderr(e.message + '\n');
      status = 2;
    }
  }
  return status;
}

/** Format one input; returns its exit status. IO and configuration problems throw CliError. */
async function fmtOne(arg: string, shown: string, flags: Flags, io: Io): Promise<number> {
  const input: InputFile = await readInput(arg, io);
  const name = arg === '-' ? input.name : shown;
  const options = await optionsFor(input.path, name);
  const result = format(input.text, options);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    if (errors.some((d) => d.code === 'format/end-of-line')) throw new CliError(`corefile fmt: ${name}: ${errors[0].message}`);
    report(name, input.text, errors, io);
    return 1;
  }
  const out = result.value;
  const changed = out !== input.text;
  if (flags.check || flags.diff) {
    if (changed && flags.check) io.stdout(name + '\n');
    // `a/` and `b/` before the name as git prints them (an absolute path's own `/` dropped).
    const label = name.replace(/^\/+/, '');
    if (changed && flags.diff) io.stdout(colorDiff(unifiedDiff(input.text, out, `a/${label}`, `b/${label}`), flags.paint));
    return changed && flags.check ? 1 : 0;
  }
  if (flags.write && arg !== '-') {
    if (!changed) return 0;
    try {
      writeAtomic(input.path, out);
    } catch (e) {
      throw new CliError(`corefile fmt: ${ioMessage(e, name)}`);
    }
    return 0;
  }
  io.stdout(out);
  return 0;
}

/** `file:line:col error code message` and a code frame, for each syntax error. */
function report(name: string, text: string, errors: Diagnostic[], io: Io): void {
  const index = new LineIndex(text);
  for (const d of errors) io.stderr(`${formatDiagnosticLine(name, d, index)}\n${codeFrame(d, index)}\n`);
  io.stderr(`${name}: not formatted: CoreDNS could not parse it\n`);
}
