import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../src/ast/fs.js';
import { lint, lintFix } from '../src/service/index.js';

/** Corefile-ish text: the words, braces, quotes, comments and whitespace that trip parsers up. */
const piece = fc.constantFrom(
  '.', ':53', 'example.org', 'tls://', 'dns://', '10.0.0.0/15', '::1', '{', '}', '{}', '"', '#', ' # c', '\n', '\r\n', ' ', '\t',
  'forward', 'proxy', 'hosts', 'kubernetes', 'upstream', 'cache', 'bind', 'loop', 'health', 'ready', 'import', '(s)', 'x#y',
  '/etc/resolv/conf', '127.0.0.1', '{$VAR}', 'fallthrough', 'template', 'ANY', 'header', 'set', 'view', '99999', '\u00e9',
);
const corefile = fc.array(piece, { maxLength: 60 }).map((ps) => ps.join(' '));

describe('lint never throws', () => {
  it('on arbitrary Corefile-ish text, and its fixes stay within the text', () => {
    const fs = memoryFileSystem({ '/etc/coredns/s': 'proxy . 1.1.1.1\n' });
    fc.assert(
      fc.property(corefile, fc.constantFrom('1.0.0', '1.4.0', '1.14.7'), (text, v) => {
        const ds = lint(text, { path: '/etc/coredns/Corefile', fs, corednsVersion: v });
        for (const d of ds) {
          if (d.file) continue;
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(text.length);
          for (const e of d.fix ?? []) expect(e.span.end).toBeLessThanOrEqual(text.length);
        }
        const r = lintFix(text, { corednsVersion: v });
        expect(typeof r.text).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});
