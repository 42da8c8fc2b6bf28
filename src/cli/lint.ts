import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Diagnostic } from '../ast/nodes.js';
import { CONFIG_FILE_NAMES, parseConfig, type LintConfig } from '../check/config.js';
import { parseVersion } from '../check/version.js';
import { lint, lintFix, type LintOptions } from '../service/lint.js';
import { CliError, readInput, type InputFile, type Io } from './io.js';
import { FORMATS, renderGithub, renderJson, renderSarif, renderStylish, type FileReport, type Format } from './lint-format.js';
import { ioMessage, nodeFileSystem } from './node-fs.js';
import { COLORS, PLAIN } from './render.js';

export const usage = `Usage: corefile lint [options] [FILE | GLOB | DIR | -]...

Check Corefiles for what would stop CoreDNS from starting, and for what it
accepts but probably does not mean. Without files, lints ./Corefile. A
directory is searched for files named Corefile or *.Corefile. '-' reads stdin.

Options:
  --format stylish|json|sarif|github   output format (default stylish)
  --coredns-version X.Y.Z              targeted CoreDNS release (default: config, else 1.14.7)
  --dns-port N                         CoreDNS's -dns.port: the port of keys without one (default 53)
  --max-warnings N                     exit 1 when there are more than N warnings
  --quiet                              report errors only (warnings and hints are left out, and not counted)
  --fix                                apply safe fixes in place (stdin: print the fixed file)
  -o, --output-file FILE               write the report to FILE instead of standard output
  --stdin-filename PATH                the file that '-' stands for: its name in the report, where its
                                       imports and configuration are looked for (default ./Corefile)
  --color, --no-color                  colour the stylish report, or not (default: on a terminal,
                                       unless NO_COLOR is set)
  --config FILE                        use this configuration instead of looking for
                                       .corefilerc.json / corefile.config.json upwards
  -h, --help                           show this help

Exit status: 0 no errors, 1 errors (or too many warnings), 2 usage or IO error.`;

const VERSION = '0.1.0';
const GLOB_CHARS = /[*?[]/;

function globToRegExp(segment: string): RegExp {
  let re = '';
  for (const ch of segment) re += ch === '*' ? '[^/]*' : ch === '?' ? '[^/]' : ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  return new RegExp(`^${re}$`);
}

function walkCorefiles(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkCorefiles(p, out);
    else if (e.name === 'Corefile' || e.name.endsWith('.Corefile')) out.push(p);
  }
}

/** Expand one command-line pattern (`*`, `?` and `**` segments) against the file system. */
export function expandPattern(pattern: string, cwd: string): string[] {
  const abs = path.resolve(cwd, pattern);
  if (!GLOB_CHARS.test(pattern)) {
    if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) {
      const out: string[] = [];
      walkCorefiles(abs, out);
      return out;
    }
    return [abs];
  }
  const parts = abs.split('/').filter(Boolean);
  let current = ['/'];
  for (let i = 0; i < parts.length; i++) {
    const seg = parts[i]!;
    const last = i === parts.length - 1;
    const next: string[] = [];
    for (const dir of current) {
      if (seg === '**') {
        // Zero or more directories.
        const stack = [dir];
        while (stack.length) {
          const d = stack.pop()!;
          next.push(d);
          try {
            for (const e of fs.readdirSync(d, { withFileTypes: true })) if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) stack.push(path.join(d, e.name));
          } catch {
            /* unreadable directories match nothing */
          }
        }
      } else if (GLOB_CHARS.test(seg)) {
        const re = globToRegExp(seg);
        try {
          for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            if (!re.test(e.name) || (e.name.startsWith('.') && !seg.startsWith('.'))) continue;
            if (last ? e.isFile() : e.isDirectory()) next.push(path.join(dir, e.name));
          }
        } catch {
          /* as above */
        }
      } else {
        const p = path.join(dir, seg);
        if (fs.existsSync(p)) next.push(p);
      }
    }
    current = [...new Set(next)];
  }
  return current.filter((p) => fs.existsSync(p) && fs.statSync(p).isFile()).sort();
}

/** The nearest configuration file at or above `dir`. */
function findConfig(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    for (const n of CONFIG_FILE_NAMES) {
      const p = path.join(d, n);
      if (fs.existsSync(p)) return p;
    }
    if (path.dirname(d) === d) return undefined;
  }
}

function loadConfig(file: string, io: Io): LintConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`corefile lint: ${ioMessage(e, path.relative(io.cwd, file) || file)}`);
  }
  const { config, errors } = parseConfig(text);
  if (errors.length) throw new CliError(`corefile lint: ${path.relative(io.cwd, file) || file}: ${errors.join('; ')}`);
  return config;
}

/** A path as shown to the user: relative to the working directory when inside it. */
function display(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

function readOther(file: string): string {
  const r = nodeFileSystem.readFile(file);
  return 'text' in r ? r.text : '';
}

export async function lintCommand(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        format: { type: 'string', default: 'stylish' },
        'coredns-version': { type: 'string' },
        'max-warnings': { type: 'string' },
        'dns-port': { type: 'string' },
        fix: { type: 'boolean' },
        quiet: { type: 'boolean' },
        'output-file': { type: 'string', short: 'o' },
        'stdin-filename': { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (e) {
    // Node's messages can run to several lines; the first says what is wrong.
    throw new CliError(`corefile lint: ${(e as Error).message.split('\n')[0]} (see corefile lint --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(usage + '\n');
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new CliError(`corefile lint: unknown format '${values.format}' (use ${FORMATS.join(', ')})`);
  if (values['coredns-version'] !== undefined && !parseVersion(values['coredns-version'])) {
    throw new CliError(`corefile lint: --coredns-version must be X.Y.Z, not '${values['coredns-version']}'`);
  }
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(values['max-warnings'])) throw new CliError(`corefile lint: --max-warnings must be a number, not '${values['max-warnings']}'`);
    maxWarnings = Number(values['max-warnings']);
  }
  const dnsPort = values['dns-port'];
  if (dnsPort !== undefined && !/^\d{1,5}$/.test(dnsPort)) throw new CliError(`corefile lint: --dns-port must be a port number, not '${dnsPort}'`);
  const explicitConfig = values.config ? loadConfig(path.resolve(io.cwd, values.config), io) : undefined;

  const names = positionals.length ? positionals : ['Corefile'];
  const inputs: InputFile[] = [];
  for (const n of names) {
    if (n === '-') {
      const input = await readInput('-', io);
      const named = values['stdin-filename'];
      inputs.push(named ? { ...input, name: display(path.resolve(io.cwd, named), io.cwd), path: path.resolve(io.cwd, named) } : input);
      continue;
    }
    const files = expandPattern(n, io.cwd);
    if (files.length === 0) throw new CliError(`corefile lint: no files match '${n}'`);
    for (const f of files) inputs.push(await readInput(display(f, io.cwd), io));
  }

  const configs = new Map<string, LintConfig>();
  const reports: FileReport[] = [];
  for (const input of inputs) {
    let config = explicitConfig;
    if (!config) {
      const found = findConfig(path.dirname(input.path));
      config = found ? (configs.get(found) ?? loadConfig(found, io)) : {};
      if (found) configs.set(found, config);
    }
    const options: LintOptions = {
      path: input.path,
      fs: nodeFileSystem,
      env: (k) => io.env[k],
      corednsVersion: values['coredns-version'] ?? config.corednsVersion,
      rules: config.rules,
      externalPlugins: config.externalPlugins,
      dnsPort,
    };
    let text = input.text;
    let diagnostics: Diagnostic[];
    if (values.fix) {
      const r = lintFix(text, options);
      diagnostics = r.diagnostics;
      if (input.stdin) io.stdout(r.text);
      else if (r.changed) {
        try {
          fs.writeFileSync(input.path, r.text);
        } catch (e) {
          throw new CliError(`corefile lint: ${ioMessage(e, input.name)}`);
        }
      }
      text = r.text;
    } else diagnostics = lint(text, options);
    if (values.quiet) diagnostics = diagnostics.filter((d) => d.severity === 'error');
    const main = diagnostics.filter((d) => !d.file);
    reports.push({ name: input.name, path: input.path, text, diagnostics: main });
    // Findings inside imported files are reported against those files.
    const others = new Map<string, Diagnostic[]>();
    for (const d of diagnostics) if (d.file) others.set(d.file, [...(others.get(d.file) ?? []), d]);
    for (const [file, ds] of others) reports.push({ name: display(file, io.cwd), path: file, text: readOther(file), diagnostics: ds });
  }

  const outputFile = values['output-file'];
  // The report goes to standard output (a file or, with --fix on stdin, standard error takes no colours unasked).
  const toStdout = outputFile === undefined && !(values.fix && inputs.some((i) => i.stdin));
  const color = values['no-color'] ? false : values.color || (toStdout && !!io.color);
  const rendered =
    format === 'json'
      ? renderJson(reports)
      : format === 'sarif'
        ? renderSarif(reports, io.cwd, VERSION)
        : format === 'github'
          ? renderGithub(reports)
          : renderStylish(reports, color ? COLORS : PLAIN);
  if (outputFile !== undefined) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, outputFile), rendered);
    } catch (e) {
      throw new CliError(`corefile lint: ${ioMessage(e, outputFile)}`);
    }
  }
  // With --fix on stdin, stdout carries the fixed file; the report goes to stderr.
  else if (toStdout) io.stdout(rendered);
  else io.stderr(rendered);

  const errors = reports.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === 'error').length, 0);
  const warnings = reports.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === 'warning').length, 0);
  if (errors > 0) return 1;
  if (maxWarnings >= 0 && warnings > maxWarnings) {
    if (format === 'stylish') io.stderr(`corefile lint: too many warnings (${warnings}); maximum allowed is ${maxWarnings}.\n`);
    return 1;
  }
  return 0;
}
