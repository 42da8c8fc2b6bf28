import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { checkRegexp } from '../src/catalog/values.js';

/** What RE2JS.compile (Go's regexp.Compile) says of a pattern, in checkRegexp's terms. */
function reference(pattern: string): { ok: true; value: { groupCount: number } } | { ok: false; error: string } {
  try {
    return { ok: true, value: { groupCount: RE2JS.compile(pattern).groupCount() } };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** Pattern pieces: the plain subset checkRegexp decides itself, and its edges that must go to the parser. */
const piece = fc.constantFrom(
  'a', 'b', 'Z', '0', '-', '.', ' ', ':', '/', '#', '"', '<', '>', '@', '~', '`', ',', '=',
  '\\', '\\.', '\\d', '\\D', '\\s', '\\w', '\\W', '\\b', '\\1', '\\ ', '\\-', '\\\\', '\\Q', '\\pL', '\\x41', '\\n', '\\z',
  '(', ')', '()', '(?:', '(?P<n>', '(?i)', '|', '*', '+', '?', '*?', '+?', '??', '**', '^', '$',
  '[', ']', '[a-z]', '{', '}', '{2}', '{1,3}', '{,', '\u00e9', '\t', '\u0000', '\ud800',
);
const pattern = fc.array(piece, { maxLength: 14 }).map((ps) => ps.join(''));

describe('checkRegexp agrees with RE2JS.compile', () => {
  it('on generated patterns: the same verdict, error text and group count', () => {
    fc.assert(
      fc.property(pattern, (p) => {
        expect(checkRegexp(p)).toEqual(reference(p));
        // A second look answers from the verdict kept for the pattern, and must not differ.
        expect(checkRegexp(p)).toEqual(reference(p));
      }),
      { numRuns: 20000 },
    );
  });

  it.each([
    '^ip-(\\d+)-(\\d+)\\.zone0.example27.org\\.$', '(.*)\\.internal\\.0\\.org', '', '()', '(|a)*', 'a|', '^*', '$+', '(a*)*', 'a**',
    'a*??', '(a', 'a)', '\\', 'x{2}', '\\8', '(?P<x>a)', '(((((((((((a)))))))))))', '('.repeat(120) + ')'.repeat(120), 'a'.repeat(1200),
  ])('%j', (p) => expect(checkRegexp(p)).toEqual(reference(p)));
});
