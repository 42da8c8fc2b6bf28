import { Token } from './token.js';

/**
 * The lexer's tokens (comments aside) as a table: positions and types in
 * typed arrays, the text CoreDNS reads in one array of strings. What `lex`
 * yields, without an object per token: lint reads a large file through it,
 * and what stays alive through a lint is what garbage collection copies
 * (typed arrays this size live outside the collected heap). `token(i)`
 * makes the token object `lex` would have made.
 */
export class TokenTable {
  count = 0;
  /** UTF-16 offset of each token's first character. */
  starts: Int32Array;
  /** Exclusive end offset. */
  ends: Int32Array;
  /** 1-based line of the first character. */
  lines: Int32Array;
  /** 1-based column of the first character. */
  columns: Int32Array;
  /** Chevrotain's type index, as the lexer types the token for the parser. */
  types: Int32Array;
  /** What CoreDNS's lexer reads (`Token.text`). */
  texts: string[];
  /** The comment tokens, in order. */
  comments: Token[] = [];

  constructor(
    /** The lexed text. */
    readonly source: string,
    capacity: number,
  ) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.lines = new Int32Array(capacity);
    this.columns = new Int32Array(capacity);
    this.types = new Int32Array(capacity);
    this.texts = new Array<string>(capacity);
  }

  push(text: string, start: number, end: number, line: number, column: number, type: number): void {
    const i = this.count;
    if (i === this.starts.length) this.grow();
    this.starts[i] = start;
    this.ends[i] = end;
    this.lines[i] = line;
    this.columns[i] = column;
    this.types[i] = type;
    this.texts[i] = text;
    this.count = i + 1;
  }

  private grow(): void {
    const n = this.starts.length * 2 + 16;
    const wider = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.starts = wider(this.starts);
    this.ends = wider(this.ends);
    this.lines = wider(this.lines);
    this.columns = wider(this.columns);
    this.types = wider(this.types);
    this.texts.length = n;
  }

  /** Exactly as written (`Token.raw`). */
  raw(i: number): string {
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    const text = this.texts[i]!;
    // Reading a word only ever drops characters: a word as long as its text is its text.
    return end - start === text.length && this.source.charCodeAt(start) !== 0x22 ? text : this.source.slice(start, end);
  }

  /** Written in double quotes. */
  quoted(i: number): boolean {
    return this.source.charCodeAt(this.starts[i]!) === 0x22;
  }

  /** A new token object for entry `i`, equal to the one `lex` makes. */
  token(i: number): Token {
    return new Token(this.raw(i), this.texts[i]!, this.starts[i]!, this.lines[i]!, this.columns[i]!, this.types[i]!);
  }

  /** The entry whose token holds `offset`, or -1 (a blank, a comment, past the end). */
  at(offset: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! <= offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && offset < this.ends[hi]! ? hi : -1;
  }
}
