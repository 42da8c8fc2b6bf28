import type { IToken, TokenType } from 'chevrotain';

/** A token's type index → its Chevrotain type (filled in by tokens.ts, which defines the types). */
export const TOKEN_TYPES: TokenType[] = [];
/**
 * More than any type index: Chevrotain numbers token types across every
 * grammar in the process, so ours need not be small. A column below 32768
 * keeps the packed integer a small integer V8 stores inline.
 */
export const TYPES = 65536;
/** The type indices of a structural `{` and `}` (set by tokens.ts). */
export const BRACE_TYPES = { open: -1, close: -1 };

/**
 * One lexed token, and the very object the syntax tree holds for it: the
 * AST's `Word` or `Punct` (which of the two is decided by the parser, as a
 * brace can stand as a plain word) and the reader's `CoreToken`. One object
 * per token keeps a large file's tree small, and garbage collection of the
 * live tree is most of what parsing a large file costs.
 *
 * Only what cannot be derived is stored; the rest (end positions, whether
 * it was quoted, Word or Punct, Chevrotain's field names) is computed when
 * read, and the column shares an integer with the type index.
 */
export class Token implements IToken {
  /** Exactly as written: quotes, escapes, placeholders, a glued `#…` and `\r` kept. */
  raw: string;
  /** What CoreDNS's lexer reads: quotes removed, `\"` unescaped, `\r` and a glued `#…` dropped. */
  text: string;
  /** UTF-16 offset of the first character. */
  start: number;
  /** 1-based line of the first character. */
  line: number;
  /** The column and the type index in one small integer (`column * TYPES + type`): one field less per token. */
  private kind: number;

  constructor(raw: string, text: string, start: number, line: number, column: number, tokenTypeIdx: number) {
    this.raw = raw;
    this.text = text;
    this.start = start;
    this.line = line;
    this.kind = column * TYPES + tokenTypeIdx;
  }

  /** 1-based column of the first character. */
  get column(): number {
    return Math.floor(this.kind / TYPES);
  }

  /** Chevrotain's type index (the parser may re-type an `import` back to a plain word). */
  get tokenTypeIdx(): number {
    return this.kind % TYPES;
  }

  set tokenTypeIdx(idx: number) {
    this.kind = this.kind - (this.kind % TYPES) + idx;
  }

  /**
   * What the token stands as in the tree: a lone brace is a `Punct` unless the
   * tree holds it as a word (a key or a name), which the builder retypes.
   */
  get type(): 'Word' | 'Punct' {
    const i = this.tokenTypeIdx;
    return i === BRACE_TYPES.open || i === BRACE_TYPES.close ? 'Punct' : 'Word';
  }

  /** Exclusive end offset. */
  get end(): number {
    return this.start + this.raw.length;
  }

  /** Written in double quotes. */
  get quoted(): boolean {
    return this.raw.charCodeAt(0) === 0x22;
  }

  /** The line the token ends on, as Caddy counts it: only a quoted token spans lines. */
  get endLine(): number {
    const raw = this.raw;
    let n = this.line;
    if (raw.charCodeAt(0) !== 0x22) return n;
    for (let i = raw.indexOf('\n'); i !== -1; i = raw.indexOf('\n', i + 1)) n++;
    return n;
  }

  /** Exclusive 1-based column just past the token. */
  get endColumn(): number {
    const raw = this.raw;
    const nl = raw.charCodeAt(0) === 0x22 ? raw.lastIndexOf('\n') : -1;
    return nl === -1 ? this.column + raw.length : raw.length - nl;
  }

  /** The file the token is in: always '' (the tree describes one file; imported tokens are the reader's own). */
  get file(): string {
    return '';
  }

  /** A brace's character (for a `Punct`). */
  get value(): '{' | '}' {
    return this.text as '{' | '}';
  }

  // Chevrotain's names for the same facts.
  get image(): string {
    return this.raw;
  }
  get startOffset(): number {
    return this.start;
  }
  get startLine(): number {
    return this.line;
  }
  get startColumn(): number {
    return this.column;
  }
  get tokenType(): TokenType {
    return TOKEN_TYPES[this.tokenTypeIdx]!;
  }

  /** The AST's JSON shape of a `Word` or a `Punct` (`corefile parse`). */
  toJSON(): object {
    const pos = { start: this.start, end: this.end, line: this.line, column: this.column, endLine: this.endLine, endColumn: this.endColumn, file: '' };
    return this.type === 'Punct'
      ? { type: 'Punct', raw: this.raw, value: this.value, text: this.text, ...pos }
      : { type: 'Word', raw: this.raw, text: this.text, quoted: this.quoted, ...pos };
  }
}
