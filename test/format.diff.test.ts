import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../src/format/diff.js';

/** Apply a unified diff to `old`: each hunk's context and removals must match. */
function applyPatch(old: string, patch: string): string {
  const lines = old.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const rows = patch.split('\n');
  const out: string[] = [];
  let at = 0;
  let i = 2;
  while (i < rows.length && rows[i] !== '') {
    const m = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(rows[i++]);
    if (!m) throw new Error(`bad hunk header ${rows[i - 1]}`);
    const start = Number(m[2]) === 0 ? Number(m[1]) : Number(m[1]) - 1;
    while (at < start) out.push(lines[at++]);
    while (i < rows.length && rows[i] !== '' && !rows[i].startsWith('@@')) {
      const op = rows[i][0];
      let text = rows[i].slice(1) + '\n';
      if (rows[i + 1] === '\\ No newline at end of file') {
        text = text.slice(0, -1);
        i++;
      }
      i++;
      if (op === '+') out.push(text);
      else {
        expect(lines[at]).toBe(text);
        at++;
        if (op === ' ') out.push(text);
      }
    }
  }
  while (at < lines.length) out.push(lines[at++]);
  return out.join('');
}

describe('unifiedDiff', () => {
  it('prints separate hunks with three lines of context', () => {
    const a = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'].map((x) => x + '\n').join('');
    const b = a.replace('b\n', 'B\n').replace('k\n', '');
    expect(unifiedDiff(a, b, 'a/x', 'b/x')).toBe(
      ['--- a/x', '+++ b/x', '@@ -1,5 +1,5 @@', ' a', '-b', '+B', ' c', ' d', ' e', '@@ -8,5 +8,4 @@', ' h', ' i', ' j', '-k', ' l', ''].join('\n'),
    );
  });

  it('marks a missing final newline, and prints nothing for equal texts', () => {
    expect(unifiedDiff('a\nb', 'a\nb\n', 'a/x', 'b/x')).toBe('--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n');
    expect(unifiedDiff('same\n', 'same\n', 'a', 'b')).toBe('');
  });

  it('shows a wholesale change (more changed lines than the edit script is worth) as the old lines removed, then the new added', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `  line ${i}\n`).join('');
    const b = 'first\n' + a.replace(/^ {2}/gm, '    ') + 'last\n';
    const patch = unifiedDiff(a, b, 'a/x', 'b/x');
    const rows = patch.split('\n');
    expect(rows[2]).toBe('@@ -1,3000 +1,3002 @@');
    expect(rows.slice(3, 3003).every((r) => r.startsWith('-'))).toBe(true);
    expect(rows.slice(3003, 6005).every((r) => r.startsWith('+'))).toBe(true);
    expect(applyPatch(a, patch)).toBe(b);
    // Below the limit the script is the shortest: one line changed among many.
    const c = a.replace('  line 1500\n', '  line 1500!\n');
    expect(unifiedDiff(a, c, 'a/x', 'b/x').split('\n').filter((r) => /^[-+][^-+]/.test(r))).toEqual(['-  line 1500', '+  line 1500!']);
  });

  it('is a patch that turns the old text into the new one', () => {
    const text = fc.array(fc.constantFrom('a\n', 'b\n', 'c\n', '    d\n', '}\n', '\n'), { maxLength: 30 }).map((l) => l.join(''));
    fc.assert(
      fc.property(text, text, fc.boolean(), (a, b, cut) => {
        const nb = cut && b.endsWith('\n') ? b.slice(0, -1) : b;
        const patch = unifiedDiff(a, nb, 'a/x', 'b/x');
        expect(patch === '' ? a : applyPatch(a, patch)).toBe(nb);
      }),
      { numRuns: 1000 },
    );
  });
});
