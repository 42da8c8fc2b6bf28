import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lex } from '../grammar/index.js';
import { parse } from '../src/ast/build.js';
import { expandEnvText } from '../src/ast/env.js';
import { emptyFileSystem } from '../src/ast/fs.js';
import { readServerBlocks } from '../src/ast/read.js';
import type { Node } from '../src/ast/nodes.js';
import { LineIndex } from '../src/ast/span.js';
import { referenceLex } from './support/reference-lexer.js';

/** Text made mostly of the characters that matter to the Corefile lexer and parser. */
const corefileish = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('a', 'b', '.', ':', '53', 'import', 'snip', '(snip)', 'forward', 'x,', 'log') },
      { weight: 5, arbitrary: fc.constantFrom(' ', ' ', '\t', '\n', '\n', '\r\n', '\r') },
      { weight: 3, arbitrary: fc.constantFrom('{', '}', '"', '\\', '#', '\\"', '{$X}', '{%Y%}', '{}') },
      { weight: 1, arbitrary: fc.constantFrom('\u00a0', '\u0085', '\ufeff', '\u2028', 'é', '😀') },
      { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

const anyText = fc.oneof(corefileish, fc.string({ maxLength: 80, unit: 'binary' }));
const runs = { numRuns: 1000 };

function walk(n: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(n)) {
    for (const c of n) walk(c, visit);
    return;
  }
  if (!n || typeof n !== 'object') return;
  const node = n as Node & Record<string, unknown>;
  if (typeof node.type === 'string') visit(node);
  for (const [k, v] of Object.entries(node)) if (k !== 'tokens' && k !== 'comments' && typeof v === 'object') walk(v, visit);
}

describe('grammar properties', () => {
  it('the lexer reads the same tokens as a direct transcription of Caddy’s lexer', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const ours = lex(text).tokens.map((t) => ({ text: t.text, line: t.line }));
        expect(ours).toEqual(referenceLex(text));
      }),
      runs,
    );
  });

  it('parse never throws and every node range lies inside the text with consistent line/column', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { value, diagnostics } = parse(text);
        const index = new LineIndex(text);
        walk(value, (node) => {
          expect(node.start).toBeGreaterThanOrEqual(0);
          expect(node.end).toBeLessThanOrEqual(text.length);
          expect(node.start).toBeLessThanOrEqual(node.end);
          if (node.type !== 'File') {
            expect(index.position(node.start)).toEqual({ line: node.line, column: node.column });
            expect(index.position(node.end)).toEqual({ line: node.endLine, column: node.endColumn });
          }
        });
        for (const d of diagnostics) {
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(text.length);
        }
      }),
      runs,
    );
  });

  it('the AST’s tokens, in order, are the input’s tokens: raw text at their offsets, and what CoreDNS reads', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { value } = parse(text);
        for (const t of value.tokens) expect(t.raw).toBe(text.slice(t.start, t.end));
        const texts = value.tokens.map((t) => (t.type === 'Word' ? t.text : t.value));
        expect(texts).toEqual(referenceLex(text).map((t) => t.text));
        for (let i = 1; i < value.tokens.length; i++) expect(value.tokens[i].start).toBeGreaterThanOrEqual(value.tokens[i - 1].end);
      }),
      runs,
    );
  });
  it('reports a syntax error only where CoreDNS’s own reading of the file fails (lint parses only then)', () => {
    const unset = () => undefined;
    const read = (text: string) => readServerBlocks(text, { path: '/Corefile', fs: emptyFileSystem, env: unset });
    // The one known exception: a word that its placeholders turn into a brace (`}{$X}`). The grammar reads
    // words as written; CoreDNS substitutes a directive's tokens before it looks for the closing brace, and
    // then reads `}`. Lint follows CoreDNS there: it parses only when the reading fails.
    const bracePlaceholder = (text: string) =>
      referenceLex(text).some((t) => t.text !== '{' && t.text !== '}' && /^[{}]$/.test(expandEnvText(t.text, unset)));
    fc.assert(
      fc.property(anyText, (text) => {
        if (parse(text).diagnostics.length > 0 && !bracePlaceholder(text)) expect(read(text).error, text).toBeDefined();
      }),
      { numRuns: 3000 },
    );
  });

  it('a placeholder that reads as a closing brace closes the block for CoreDNS, where the grammar sees a word', () => {
    const text = '{ { }{$X}';
    expect(parse(text).diagnostics.map((d) => d.message)).toEqual(["Syntax error: Unexpected token '}{$X}', expecting '}'"]);
    expect(readServerBlocks(text, { path: '/Corefile', fs: emptyFileSystem, env: () => undefined }).error).toBeUndefined();
  });

  it('a snippet-like key followed by a comment is a key at EOF, as for CoreDNS; a comment is not the unexpected token', () => {
    expect(parse('(s)  # c\n').diagnostics).toEqual([]);
    expect(parse('(s)\n# c\nfoo\n').diagnostics.map((d) => d.message)).toEqual(["Syntax error: Unexpected token 'foo', expecting '{'"]);
  });
});

describe('AST spans', () => {
  it('a brace-less block whose keys share a comment ends at its last key', () => {
    const text = 'a, # between keys\nb\n';
    const block = parse(text).value.body.find((n) => n.type === 'ServerBlock')!;
    expect(text.slice(block.start, block.end)).toBe('a, # between keys\nb');
  });

  it('every child lies inside its parent', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const check = (parent: Node) => {
          walk(parent, (child) => {
            if (child !== parent && child.type !== 'File') {
              expect(child.start, `${child.type} in ${parent.type}`).toBeGreaterThanOrEqual(parent.start);
              expect(child.end, `${child.type} in ${parent.type}`).toBeLessThanOrEqual(parent.end);
            }
          });
        };
        for (const item of parse(text).value.body) check(item);
      }),
      runs,
    );
  });
});
