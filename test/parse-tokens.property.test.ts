import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { lex, lexTable } from '../grammar/index.js';
import { emptyFileSystem } from '../src/ast/fs.js';
import { lexFile, readServerBlocks, releaseDirective, type CoreToken } from '../src/ast/read.js';
import { parse } from '../src/service/index.js';
import type { Block, BodyItem } from '../src/ast/nodes.js';
import { Token, TOKEN_TYPES, TYPES } from '../grammar/token.js';
import '../grammar/tokens.js';

/** Corefile-ish text: braces (bare, quoted, glued to comments), quotes, escapes, comments, odd blanks. */
const piece = fc.constantFrom(
  '.', ':53', 'example.org', 'tls://', '{', '}', '{}', '"{"', '"}"', '{#c', '}#c', '"', '\\"', '\\', '#', ' # c', '\n', '\r\n', '\r', ' ', '\t',
  '\u00a0', '\u2028', '\ufeff', 'forward', 'import', '(s)', 'x#y', '"a b"', '"multi\nline"', 'a,', '{$VAR}', '\u00e9', '{$NL}',
);
const corefile = fc.array(piece, { maxLength: 60 }).map((ps) => ps.join(''));

describe('File.tokens', () => {
  it('holds what the reader needs: the fields lexFile gives for the main file, token by token', () => {
    fc.assert(
      fc.property(corefile, (text) => {
        // The reader's fields; the tokens are the AST's own words, which carry more.
        const fields = ({ text, file, line, start, end }: CoreToken) => ({ text, file, line, start, end });
        expect(parse(text).value.tokens.map(fields)).toEqual(lexFile(text, '').map(fields));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parse', () => {
  it('places every lexed token in the tree, so the lexer\'s list is the file\'s token list', () => {
    fc.assert(
      fc.property(corefile, (text) => {
        const file = parse(text).value;
        const inTree: unknown[] = [];
        const body = (items: readonly BodyItem[]): void => {
          for (const it of items) {
            if (it.type === 'Import') inTree.push(it.keyword, ...it.args);
            else if (it.type === 'Directive') {
              inTree.push(it.name, ...it.args);
              if (it.block) block(it.block);
              for (const r of it.rest) if (r.type === 'Block') block(r);
              else inTree.push(r);
            }
          }
        };
        const block = (b: Block): void => {
          inTree.push(b.open);
          body(b.body);
          if (b.close) inTree.push(b.close);
        };
        for (const it of file.body) {
          if (it.type === 'Import') inTree.push(it.keyword, ...it.args);
          else if (it.type === 'ServerBlock' || it.type === 'Snippet') {
            inTree.push(...(it.type === 'Snippet' ? [it.key] : it.keys));
            if (it.open) inTree.push(it.open);
            body(it.body);
            if (it.close) inTree.push(it.close);
          }
        }
        // In source order, each once (and the list is what the lexer read: see the test above).
        expect(inTree).toEqual(file.tokens);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Token', () => {
  it('keeps its column and type in one integer: every token type fits, whatever other grammars took, and any column survives', () => {
    // Chevrotain numbers token types across the process; ours come after any other grammar's.
    expect(TOKEN_TYPES.length).toBeLessThan(TYPES / 8);
    const t = new Token('x', 'x', 0, 1, 2 ** 30, TYPES - 1);
    expect([t.column, t.tokenTypeIdx]).toEqual([2 ** 30, TYPES - 1]);
    t.tokenTypeIdx = 3;
    expect([t.column, t.tokenTypeIdx]).toEqual([2 ** 30, 3]);
  });

  it('lexes and parses the same after another grammar took many Chevrotain token types', async () => {
    const text = '. {\n    forward . 1.1.1.1 {\n        max_fails 3\n    }\n}\n{ x\n';
    const before = JSON.stringify(parse(text));
    const { createToken } = await import('chevrotain');
    for (let i = 0; i < 300; i++) createToken({ name: `Other${i}`, pattern: /x/ });
    vi.resetModules();
    const again = await import('../src/service/index.js');
    const { TOKEN_TYPES: types } = await import('../grammar/token.js');
    expect(types.length).toBeGreaterThan(300);
    expect(JSON.stringify(again.parse(text))).toBe(before);
  });
});

describe('lexTable', () => {
  const entry = (t: Token) => ({ ...(t.toJSON() as object), type: t.tokenTypeIdx });
  /** What the table holds of `lex`'s token `t`, and of its own entry `i`. */
  const held = (t: Token) => ({ raw: t.raw, text: t.text, start: t.start, end: t.end, line: t.line, quoted: t.quoted });
  const row = (table: ReturnType<typeof lexTable>, i: number) => ({
    raw: table.raw(i),
    text: table.texts[i],
    start: table.starts[i],
    end: table.ends[i],
    line: table.lines[i],
    quoted: table.quoted(i),
  });
  /** Any text, and text made of the characters the lexer tells apart: every space Go knows, and some it does not. */
  const chars = fc.constantFrom('a', '"', '\\', '#', '{', '}', '\n', '\r', ' ', '\t', '\v', '\f', '\u0085', '\u00a0', '\u1680', '\u2000', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u0000', '\u001f', '😀', 'import');
  const anyText = fc.oneof(corefile, fc.string({ maxLength: 80, unit: 'binary' }), fc.string({ maxLength: 60, unit: chars }));

  it('holds the tokens lex makes, entry by entry, comments as they are, and finds the token at any offset or holding a character', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { tokens, comments } = lex(text);
        const table = lexTable(text);
        expect(table.count).toBe(tokens.length);
        for (let i = 0; i < table.count; i++) {
          expect(row(table, i)).toEqual(held(tokens[i]!));
          expect(table.readToken(i)).toMatchObject({ text: tokens[i]!.text, start: tokens[i]!.start, end: tokens[i]!.end, line: tokens[i]!.line, file: '' });
        }
        expect(table.comments.map(entry)).toEqual(comments.map(entry));
        for (let offset = 0; offset <= text.length; offset++) {
          expect(table.at(offset)).toBe(tokens.findIndex((t) => t.start <= offset && offset < t.end));
        }
        for (const chars of ['#', '{}', '"\\']) {
          const expected = tokens.flatMap((t, i) => ([...chars].some((c) => t.raw.includes(c)) ? [i] : []));
          expect(table.holding(chars)).toEqual(expected);
        }
      }),
      { numRuns: 4000 },
    );
  });

  it('lends its arrays, once let go, to the next table, which reads as a fresh one; a table let go has no entries', () => {
    const first = lexTable('example.org {\n  forward . "1.1.1.1" # c\n}\n'.repeat(50));
    const arrays = first.starts;
    first.release();
    expect(() => first.readToken(0)).toThrow(RangeError);
    const text = '. {\n  log\n  "quoted\nword" x#y\n}\n';
    const next = lexTable(text);
    expect(next.starts).toBe(arrays);
    const { tokens } = lex(text);
    expect(next.count).toBe(tokens.length);
    for (let i = 0; i < next.count; i++) expect(row(next, i)).toEqual(held(tokens[i]!));
    expect(next.at(text.length - 1)).toBe(-1);
    expect(next.at(text.length + 40)).toBe(-1);
    next.release();
  });

  it('grows past the room it guessed (one token per character)', () => {
    const text = 'a '.repeat(5000) + '"b\nc"';
    const table = lexTable(text);
    expect(table.count).toBe(5001);
    expect(row(table, 5000)).toEqual(held(lex(text).tokens[5000]!));
  });

  it('reads the same to CoreDNS’s reader as lex’s tokens: the directives’ tokens made when read, and again once let go', () => {
    // A value with a line break moves the words after it to a new line, for CoreDNS's Dispenser too.
    const env = (n: string) => (n === 'VAR' ? 'value' : n === 'NL' ? 'a\nb' : undefined);
    const read = (text: string, tokens: readonly CoreToken[] | ReturnType<typeof lexTable>) =>
      readServerBlocks(text, { path: '/Corefile', fs: emptyFileSystem, env, tokens });
    const shape = (r: ReturnType<typeof read>) => {
      const blocks = [...r.blocks, ...(r.partial ? [r.partial] : [])];
      const fields = ({ text, file, line, start, end }: CoreToken) => ({ text, file, line, start, end });
      return {
        error: r.error && { ...r.error, token: r.error.token && fields(r.error.token) },
        keyless: r.keyless.map(fields),
        blocks: blocks.map((b) => ({ keys: b.keys.map((k) => ({ text: k.text, token: fields(k.token) })), directives: b.directives.map((d) => ({ name: d.name, tokens: d.tokens.map(fields) })) })),
      };
    };
    const same = (text: string) => {
      const fromTable = read(text, lexTable(text));
      const expected = shape(read(text, lex(text).tokens));
      expect(shape(fromTable)).toEqual(expected);
      return expected;
    };
    // A line break the placeholder brings counts as one in the word (caddyfile Dispenser.isNewLine),
    // so the word on the next line seems to continue the line: `x` is one of log's tokens.
    expect(same('. {\n  log {$NL}\n  x\n}\n').blocks[0]!.directives.map((d) => d.name)).toEqual(['log']);
    fc.assert(
      fc.property(corefile, (text) => {
        const fromTable = read(text, lexTable(text));
        const expected = shape(read(text, lex(text).tokens));
        expect(shape(fromTable)).toEqual(expected);
        for (const b of fromTable.blocks) for (const d of b.directives) releaseDirective(d);
        expect(shape(fromTable)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
