import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLexed } from '../src/ast/build.js';
import { lexFile, type CoreToken } from '../src/ast/read.js';
import { parse } from '../src/service/index.js';

/** Corefile-ish text: braces (bare, quoted, glued to comments), quotes, escapes, comments, odd blanks. */
const piece = fc.constantFrom(
  '.', ':53', 'example.org', 'tls://', '{', '}', '{}', '"{"', '"}"', '{#c', '}#c', '"', '\\"', '\\', '#', ' # c', '\n', '\r\n', '\r', ' ', '\t',
  '\u00a0', '\u2028', '\ufeff', 'forward', 'import', '(s)', 'x#y', '"a b"', '"multi\nline"', 'a,', '{$VAR}', '\u00e9',
);
const corefile = fc.array(piece, { maxLength: 60 }).map((ps) => ps.join(''));

describe('parseLexed', () => {
  it('gives the AST of parse and the tokens of lexFile, from one lexing', () => {
    fc.assert(
      fc.property(corefile, (text) => {
        const { parsed, tokens } = parseLexed(text);
        // The reader's fields; the tokens are the AST's own words, which carry more.
        const fields = ({ text, file, line, start, end }: CoreToken) => ({ text, file, line, start, end });
        expect(tokens.map(fields)).toEqual(lexFile(text, '').map(fields));
        expect(parsed).toEqual(parse(text));
      }),
      { numRuns: 3000 },
    );
  });
});
