import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { format, formatEdits, formatRange } from '../src/format/format.js';
import type { Edit } from '../src/ast/nodes.js';
import * as plugin from '../src/format/plugin.js';
import { commentTexts, meaning, tokenTexts } from './format.helpers.js';
import { haveShared, repoRoot, sharedPath } from './support/shared.js';

/**
 * Golden files: `fixtures/NAME.Corefile` and `fixtures/fmt/NAME.Corefile`
 * have their formatted text beside them in `NAME.fmt.Corefile` (created on
 * local runs, failing in CI; `npm run test:update` rewrites them). Every
 * fixture, and every file of ../shared/corpus, is also checked for what the
 * formatter promises: it keeps what CoreDNS reads and every comment, is
 * idempotent, and leaves a file with syntax errors as it is.
 */
const fixturesDir = path.join(repoRoot, 'fixtures');

function corefiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...corefiles(p));
    else if (e.name.endsWith('.Corefile') && !e.name.endsWith('.fmt.Corefile')) out.push(p);
  }
  return out.sort();
}

const all = corefiles(fixturesDir);
const golden = all.filter((f) => path.dirname(f) === fixturesDir || path.dirname(f).startsWith(path.join(fixturesDir, 'fmt')));
const sibling = (f: string) => f.replace(/\.Corefile$/, '.fmt.Corefile');
const read = (f: string) => fs.readFileSync(f, 'utf8');

/** The formatter's promises for one input. */
function checkPromises(text: string): void {
  const r = format(text);
  if (r.diagnostics.length > 0) {
    expect(r.value).toBe(text);
    return;
  }
  expect(format(r.value).value).toBe(r.value);
  expect(meaning(r.value)).toEqual(meaning(text));
  expect(tokenTexts(r.value)).toEqual(tokenTexts(text));
  expect(commentTexts(r.value)).toEqual(commentTexts(text));
}

describe('format: golden files', () => {
  it('has the fixtures', () => expect(golden.length).toBeGreaterThanOrEqual(10));
  for (const file of golden) {
    const rel = path.relative(fixturesDir, file);
    it(`${rel} → .fmt.Corefile`, async () => {
      const r = format(read(file));
      expect(r.diagnostics).toEqual([]);
      await expect(r.value.replace(/\r\n/g, '\n')).toMatchFileSnapshot(sibling(file));
    });
  }
});

describe('format: every fixture keeps its meaning and formats idempotently', () => {
  for (const file of all) {
    it(path.relative(fixturesDir, file), () => {
      const text = read(file);
      checkPromises(text);
      // A golden file is a fixed point.
      if (fs.existsSync(sibling(file))) expect(format(read(sibling(file))).value).toBe(read(sibling(file)));
    });
  }
});

describe.runIf(haveShared())('format: ../shared/corpus', () => {
  const dir = sharedPath('corpus');
  const files = haveShared() ? fs.readdirSync(dir).filter((f) => f.endsWith('.Corefile')).sort() : [];
  it('has the corpus', () => expect(files.length).toBeGreaterThanOrEqual(61));
  for (const f of files) {
    it(f, () => {
      const text = read(path.join(dir, f));
      const expected = JSON.parse(read(path.join(dir, f.replace(/\.Corefile$/, '.tokens.json')))) as { error?: string };
      const r = format(text);
      // The corpus files CoreDNS accepts must be formatted, not refused.
      if (!expected.error) expect(r.diagnostics).toEqual([]);
      checkPromises(text);
    });
  }
});

describe('format: options and edge cases', () => {
  it('indents with tabs or any width, and writes CRLF when asked or when auto finds it', () => {
    const text = '. {\nlog {\nclass denial\n}\n}\n';
    expect(format(text, { useTabs: true }).value).toBe('. {\n\tlog {\n\t\tclass denial\n\t}\n}\n');
    expect(format(text, { tabWidth: 2 }).value).toBe('. {\n  log {\n    class denial\n  }\n}\n');
    expect(format(text, { endOfLine: 'crlf' }).value).toBe('. {\r\n    log {\r\n        class denial\r\n    }\r\n}\r\n');
    expect(format(text.replace(/\n/g, '\r\n'), { endOfLine: 'auto' }).value).toBe(format(text, { endOfLine: 'crlf' }).value);
  });

  it('refuses endOfLine "cr", which CoreDNS would read as one line', () => {
    const r = format('. {\n}\n', { endOfLine: 'cr' });
    expect(r.value).toBe('. {\n}\n');
    expect(r.diagnostics[0].code).toBe('format/end-of-line');
  });

  it('refuses a file with syntax errors and reports them', () => {
    const r = format('. { whoami }\n');
    expect(r.value).toBe('. { whoami }\n');
    expect(r.diagnostics.map((d) => d.message)).toEqual([`Unexpected '}' because no matching opening brace`]);
  });

  it('adds nothing after an unterminated quote, which runs to the end of the file', () => {
    expect(format('.:53\nlog "open  ').value).toBe('.:53\nlog "open  ');
  });

  it('keeps a byte order mark, and an empty file stays empty', () => {
    expect(format('\uFEFF. {\n  log\n}').value).toBe('\uFEFF. {\n    log\n}\n');
    expect(format('').value).toBe('');
    expect(format('\n\n  \n').value).toBe('');
  });

  it('keeps a multi-line quoted token as written, inner line breaks included', () => {
    const text = '. {\r\n  template IN TXT . {\r\n    answer "a\r\n   b"\r\n  }\r\n}\r\n';
    expect(format(text).value).toBe('. {\n    template IN TXT . {\n        answer "a\r\n   b"\n    }\n}\n');
  });

  it('keeps an import-like key at the start of its line, and after a `}` on its line', () => {
    expect(format('a.org,\n{$KEY} {\n}\n').value).toBe('a.org,\n{$KEY} {\n}\n');
    expect(format('a.org {\n} {$KEY} {\n}\n').value).toBe('a.org {\n} {$KEY} {\n}\n');
  });

  it('formatEdits returns one edit trimmed to what changes, and none for a formatted file', () => {
    const text = '. {\n    errors\n  log\n}\n';
    // Two spaces inserted before `log`.
    expect(formatEdits(text).value).toEqual([{ span: { start: 17, end: 17 }, text: '  ' }]);
    expect(formatEdits('. {\n    log\n}\n').value).toEqual([]);
  });
});

function apply(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  return out;
}

describe('formatRange', () => {
  const text = 'a.org {\n  errors\n     log   {\n  class denial\n  }\n  cache   30\n}\nb.org   {\n whoami\n}\n';
  const at = (s: string) => text.indexOf(s);

  it('re-prints only the directives the range touches, at their depth', () => {
    const out = apply(text, formatRange(text, { start: at('log'), end: at('log') + 3 }).value);
    expect(out).toBe('a.org {\n  errors\n    log {\n        class denial\n    }\n  cache   30\n}\nb.org   {\n whoami\n}\n');
  });

  it('descends into a nested block when the range lies inside it', () => {
    const out = apply(text, formatRange(text, { start: at('class'), end: at('class') }).value);
    expect(out).toBe(text.replace('  class denial', '        class denial'));
  });

  it('re-prints whole server blocks when the range crosses them', () => {
    const out = apply(text, formatRange(text, { start: at('cache'), end: at('whoami') }).value);
    expect(out).toBe(format(text).value);
  });

  it('widens to the parent when a directive shares its line with its block’s brace', () => {
    const t = '. { whoami\n  log\n}\n';
    expect(apply(t, formatRange(t, { start: t.indexOf('whoami'), end: t.indexOf('whoami') }).value)).toBe('. {\n    whoami\n    log\n}\n');
  });

  it('returns no edits for a range of blank space between blocks, an already formatted range, or a file that does not parse', () => {
    expect(formatRange('a {\n}\n\n\nb {\n}\n', { start: 7, end: 8 }).value).toEqual([]);
    expect(formatRange('. {\n    log\n}\n', { start: 5, end: 6 }).value).toEqual([]);
    const bad = formatRange('. { whoami }\n', { start: 0, end: 3 });
    expect(bad.value).toEqual([]);
    expect(bad.diagnostics[0].code).toBe('syntax/parse');
  });

  it('keeps the document’s CRLF line ends in the lines it re-prints', () => {
    const t = '. {\r\n  log\r\n  errors\r\n}\r\n';
    expect(apply(t, formatRange(t, { start: t.indexOf('log'), end: t.indexOf('log') }).value)).toBe('. {\r\n    log\r\n  errors\r\n}\r\n');
  });
});

describe('format: Prettier', () => {
  const plugins = [plugin];

  it('the plugin prints exactly what format prints, and refuses what does not parse', async () => {
    for (const file of all) {
      const text = read(file);
      const r = format(text);
      if (r.diagnostics.length > 0) {
        await expect(prettier.format(text, { filepath: file, plugins })).rejects.toThrow(SyntaxError);
      } else {
        expect(await prettier.format(text, { filepath: file, plugins })).toBe(r.value);
      }
    }
  });

  it('honours useTabs, tabWidth and endOfLine, and defaults to 4 spaces', async () => {
    const text = '. {\nlog\n}\n';
    expect(await prettier.format(text, { parser: 'corefile', plugins })).toBe('. {\n    log\n}\n');
    expect(await prettier.format(text, { parser: 'corefile', plugins, useTabs: true })).toBe('. {\n\tlog\n}\n');
    expect(await prettier.format(text, { parser: 'corefile', plugins, tabWidth: 2, endOfLine: 'crlf' })).toBe('. {\r\n  log\r\n}\r\n');
  });

  it('throws a SyntaxError with a location', async () => {
    const err = await prettier.format('. {\n whoami }\n', { parser: 'corefile', plugins }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyntaxError);
    expect((err as { loc: unknown }).loc).toEqual({ start: { line: 2, column: 9 }, end: { line: 2, column: 10 } });
  });

  it('infers the parser from Corefile names', async () => {
    const info = await prettier.getFileInfo('/x/Corefile', { plugins });
    expect(info.inferredParser).toBe('corefile');
    expect((await prettier.getFileInfo('/x/dns.Corefile', { plugins })).inferredParser).toBe('corefile');
    expect((await prettier.getFileInfo('/x/dns.corefile', { plugins })).inferredParser).toBe('corefile');
  });

  it('prettier --check and corefile fmt --check list the same fixtures', async () => {
    const files = golden;
    const prettierListed: string[] = [];
    for (const f of files) if (!(await prettier.check(read(f), { filepath: f, plugins }))) prettierListed.push(path.relative(repoRoot, f));
    let stdout = '';
    const io: Io = { stdout: (s) => void (stdout += s), stderr: () => {}, readStdin: async () => '', cwd: repoRoot, env: {} };
    const code = await main(['fmt', '--check', ...files.map((f) => path.relative(repoRoot, f))], io);
    const ours = stdout.split('\n').filter(Boolean);
    expect(ours.sort()).toEqual(prettierListed.sort());
    expect(code).toBe(ours.length > 0 ? 1 : 0);
    expect(ours.length).toBeGreaterThan(0);
  });

  // The real Prettier CLI loading the built plugin, when the build is up to date (npm test builds first).
  const built = path.join(repoRoot, 'dist/src/format/plugin.js');
  const src = path.join(repoRoot, 'src/format');
  const fresh = fs.readdirSync(src).every((f) => {
    const out = path.join(repoRoot, 'dist/src/format', f.replace(/\.ts$/, '.js'));
    return fs.existsSync(out) && fs.statSync(out).mtimeMs >= fs.statSync(path.join(src, f)).mtimeMs;
  });
  it.runIf(fresh)('the Prettier CLI with --plugin dist/src/format/plugin.js agrees with corefile fmt --check', async () => {
    const rels = golden.map((f) => path.relative(repoRoot, f));
    const bin = path.join(repoRoot, 'node_modules/prettier/bin/prettier.cjs');
    const res = spawnSync(process.execPath, [bin, '--plugin', built, '--list-different', ...rels], { cwd: repoRoot, encoding: 'utf8' });
    expect(res.status).toBe(1);
    let stdout = '';
    const io: Io = { stdout: (s) => void (stdout += s), stderr: () => {}, readStdin: async () => '', cwd: repoRoot, env: {} };
    await main(['fmt', '--check', ...rels], io);
    expect(res.stdout.split('\n').filter(Boolean).sort()).toEqual(stdout.split('\n').filter(Boolean).sort());
  });
});
