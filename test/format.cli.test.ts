import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';

/** `corefile fmt`, run in-process against a temporary directory. */
let dir: string;
let stdin = '';

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corefile-fmt-'));
  stdin = '';
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), readStdin: async () => stdin, cwd: dir, env: {} };
  const code = await main(['fmt', ...args], io);
  return { code, stdout, stderr };
}

const messy = '.:53 {\n  errors\n\tforward . 8.8.8.8\n}\n';
const tidy = '.:53 {\n    errors\n    forward . 8.8.8.8\n}\n';
const broken = '. {\n    whoami }\n';

function put(name: string, text: string, mode?: number): string {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  if (mode !== undefined) fs.chmodSync(p, mode);
  return p;
}

describe('corefile fmt', () => {
  it('prints the formatted file by default, and ./Corefile without arguments', async () => {
    put('Corefile', messy);
    expect(await run()).toEqual({ code: 0, stdout: tidy, stderr: '' });
    expect(await run('Corefile')).toEqual({ code: 0, stdout: tidy, stderr: '' });
    expect(fs.readFileSync(path.join(dir, 'Corefile'), 'utf8')).toBe(messy);
  });

  it("reads stdin for '-'", async () => {
    stdin = messy;
    expect(await run('-')).toEqual({ code: 0, stdout: tidy, stderr: '' });
  });

  it('--check lists the files that would change and exits 1; 0 when all are formatted', async () => {
    put('a.Corefile', messy);
    put('b.Corefile', tidy);
    put('sub/Corefile', messy);
    const r = await run('--check', '.');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['a.Corefile', 'sub/Corefile']);
    expect(await run('--check', 'b.Corefile')).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('expands globs', async () => {
    put('a.Corefile', messy);
    put('b.Corefile', messy);
    put('c.conf', messy);
    const r = await run('--check', '*.Corefile');
    expect(r.stdout).toBe('a.Corefile\nb.Corefile\n');
    const none = await run('--check', 'zz*.Corefile');
    expect(none.code).toBe(2);
    expect(none.stderr).toBe("corefile fmt: no Corefiles match 'zz*.Corefile'\n");
  });

  it('--diff prints a unified diff', async () => {
    put('Corefile', messy);
    const r = await run('--diff', 'Corefile');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      ['--- a/Corefile', '+++ b/Corefile', '@@ -1,4 +1,4 @@', ' .:53 {', '-  errors', '-\tforward . 8.8.8.8', '+    errors', '+    forward . 8.8.8.8', ' }', ''].join('\n'),
    );
    expect((await run('--diff', '--check', 'Corefile')).code).toBe(1);
  });

  it('--diff --color colours it as git does; an absolute path shows once after a/ and b/', async () => {
    put('Corefile', messy);
    // A file outside the working directory is named by its absolute path.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'corefile-fmt-out-'));
    const file = path.join(outside, 'Corefile');
    fs.writeFileSync(file, messy);
    const r = await run('--diff', '--color', file);
    fs.rmSync(outside, { recursive: true, force: true });
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`\x1b[1m--- a${file}\x1b[22m`);
    expect(lines[2]).toBe('\x1b[36m@@ -1,4 +1,4 @@\x1b[39m');
    expect(lines[3]).toBe(' .:53 {');
    expect(lines[4]).toBe('\x1b[31m-  errors\x1b[39m');
    expect(lines[6]).toBe('\x1b[32m+    errors\x1b[39m');
    expect((await run('--diff', '--no-color', 'Corefile')).stdout).not.toContain('\x1b[');
  });

  it('--write rewrites changed files in place, keeps their mode, and leaves formatted files alone', async () => {
    const a = put('a.Corefile', messy, 0o640);
    const b = put('b.Corefile', tidy);
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(b, past, past);
    const inode = fs.statSync(b).ino;
    const r = await run('--write', 'a.Corefile', 'b.Corefile');
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.readFileSync(a, 'utf8')).toBe(tidy);
    expect(fs.statSync(a).mode & 0o777).toBe(0o640);
    // Untouched: same inode, and the modification time set above (to the millisecond).
    expect(fs.statSync(b).ino).toBe(inode);
    expect(Math.abs(fs.statSync(b).mtimeMs - past.getTime())).toBeLessThan(1);
    // Nothing is left behind: the temporary file was renamed over the original.
    expect(fs.readdirSync(dir).sort()).toEqual(['a.Corefile', 'b.Corefile']);
  });

  it('--write through a symbolic link rewrites the file it points to', async () => {
    const real = put('real/Corefile', messy);
    fs.symlinkSync(real, path.join(dir, 'Corefile'));
    expect((await run('--write', 'Corefile')).code).toBe(0);
    expect(fs.lstatSync(path.join(dir, 'Corefile')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe(tidy);
  });

  it('--write on stdin prints the result', async () => {
    stdin = messy;
    expect(await run('--write', '-')).toEqual({ code: 0, stdout: tidy, stderr: '' });
  });

  it('reports a file that does not parse as file:line:col, leaves it untouched, and still formats the others', async () => {
    const bad = put('bad.Corefile', broken);
    const good = put('good.Corefile', messy);
    const r = await run('--write', 'bad.Corefile', 'good.Corefile');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`bad.Corefile:2:12 error syntax/parse Unexpected '}' because no matching opening brace\n`);
    expect(r.stderr).toContain('  2 |     whoami }\n');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(bad, 'utf8')).toBe(broken);
    expect(fs.readFileSync(good, 'utf8')).toBe(tidy);
  });

  it('exits 2 for a missing file and still formats the others', async () => {
    put('good.Corefile', messy);
    const r = await run('--check', 'missing.Corefile', 'good.Corefile');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('good.Corefile\n');
    expect(r.stderr).toMatch(/missing\.Corefile: no such file or directory\n$/);
  });

  it('exits 2 for usage errors', async () => {
    const r = await run('--write', '--check');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^corefile fmt: --write cannot be combined with --check or --diff/);
    expect((await run('--frobnicate')).code).toBe(2);
  });

  it('honours useTabs, tabWidth and endOfLine from .prettierrc, with overrides for Corefiles', async () => {
    put('Corefile', messy);
    put('.prettierrc', JSON.stringify({ tabWidth: 2, overrides: [{ files: 'tabs/*.Corefile', options: { useTabs: true, endOfLine: 'crlf' } }] }));
    put('tabs/x.Corefile', messy);
    expect((await run('Corefile')).stdout).toBe(tidy.replace(/ {4}/g, '  '));
    expect((await run('tabs/x.Corefile')).stdout).toBe(tidy.replace(/ {4}/g, '\t').replace(/\n/g, '\r\n'));
  });

  it('reads indentation from .editorconfig, as the Prettier CLI does', async () => {
    put('Corefile', messy);
    put('.editorconfig', 'root = true\n\n[*]\nindent_style = tab\n');
    expect((await run('Corefile')).stdout).toBe(tidy.replace(/ {4}/g, '\t'));
  });

  it('refuses endOfLine "cr" from the configuration', async () => {
    put('Corefile', messy);
    put('.prettierrc', JSON.stringify({ endOfLine: 'cr' }));
    const r = await run('--write', 'Corefile');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^corefile fmt: Corefile: endOfLine "cr" is not supported/);
    expect(fs.readFileSync(path.join(dir, 'Corefile'), 'utf8')).toBe(messy);
  });

  it('reports a configuration it cannot read, without a stack trace', async () => {
    put('Corefile', messy);
    put('.prettierrc', '{ not json');
    const r = await run('Corefile');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^corefile fmt: Corefile: cannot read the Prettier configuration/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help prints the usage', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: corefile fmt/);
  });
});
