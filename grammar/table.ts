import { Token } from './token.js';
import { classified, classify, hashStep, isSpace, isUnterminated, lexState, SCANNED, sharedWord, SHORT_WORD } from './tokens.js';

/** The arrays of the last table let go, for the next one to fill (see `release`). */
let spare: TokenTable | undefined;
const SPARE_MAX = 1 << 20;

/**
 * The lexer's tokens (comments aside) as a table: positions in typed arrays,
 * the text CoreDNS reads in one array of strings. What `lex` yields, without
 * an object per token: lint reads a large file through it, and what stays
 * alive through a lint is what garbage collection copies (typed arrays this
 * size live outside the collected heap). `readToken(i)` makes the reader's
 * token for an entry when it is needed. `scanInto` fills it.
 */
export class TokenTable {
  count = 0;
  /** UTF-16 offset of each token's first character. */
  starts: Int32Array;
  /** Exclusive end offset. */
  ends: Int32Array;
  /** 1-based line of the first character. */
  lines: Int32Array;
  /** What CoreDNS's lexer reads (`Token.text`). Grown by appending: `new Array(n)` of 100,000 or more is a dictionary. */
  texts: string[] = [];
  /** The comment tokens, in order. */
  comments: Token[] = [];

  constructor(
    /** The lexed text. */
    readonly source: string,
    capacity: number,
  ) {
    const s = spare;
    if (s !== undefined && s.starts.length >= capacity) {
      spare = undefined;
      this.starts = s.starts;
      this.ends = s.ends;
      this.lines = s.lines;
      this.texts = s.texts;
    } else {
      this.starts = new Int32Array(capacity);
      this.ends = new Int32Array(capacity);
      this.lines = new Int32Array(capacity);
    }
  }

  push(text: string, start: number, end: number, line: number): void {
    const i = this.count;
    if (i === this.starts.length) this.grow();
    this.starts[i] = start;
    this.ends[i] = end;
    this.lines[i] = line;
    // Overwrites what a table let go of left there, or appends.
    this.texts[i] = text;
    this.count = i + 1;
  }

  /**
   * Done with the table: the next one fills its arrays. Allocating arrays
   * this size costs more than lexing into them, and a linter lexes one file
   * after another. Entries cannot be read afterwards.
   */
  release(): void {
    this.texts.fill('', 0, this.count);
    this.count = 0;
    // The larger arrays are kept, up to a million entries (room for a file of some 8 MB): a process that lints
    // one huge file does not hold its arrays for good.
    if (this.starts.length <= SPARE_MAX && (spare === undefined || spare.starts.length < this.starts.length)) spare = this;
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

  /** Entry `i` as CoreDNS's reader holds it: what it reads and where (a `CoreToken` of the main file). */
  readToken(i: number): ReadToken {
    if (i >= this.count) throw new RangeError(`no token ${i} in a table of ${this.count}`);
    return new ReadToken(this.texts[i]!, this.starts[i]!, this.ends[i]!, this.lines[i]!);
  }

  /**
   * The entry whose token holds `offset`, or -1 (a blank, a comment, past the end).
   * `from`: an entry known to start at or before `offset` (a scan moving forward passes the last it found).
   */
  at(offset: number, from = 0): number {
    let lo = from;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! <= offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && offset < this.ends[hi]! ? hi : -1;
  }

  /**
   * The entries whose token holds any of `chars`, in order, each once. The
   * source text tells where the few such characters are, without reading
   * every token: one search of the text per character.
   */
  holding(chars: string): number[] {
    const src = this.source;
    // The next offset of each character at or after where the scan is.
    const next = Array.from(chars, (ch) => src.indexOf(ch));
    const nextFrom = (from: number) => {
      let min = -1;
      for (let k = 0; k < next.length; k++) {
        if (next[k] !== -1 && next[k]! < from) next[k] = src.indexOf(chars[k]!, from);
        if (next[k] !== -1 && (min === -1 || next[k]! < min)) min = next[k]!;
      }
      return min;
    };
    const out: number[] = [];
    for (let offset = nextFrom(0); offset !== -1; ) {
      const i = this.at(offset, out.length > 0 ? out[out.length - 1] : 0);
      if (i === -1) offset = nextFrom(offset + 1);
      else {
        out.push(i);
        offset = nextFrom(this.ends[i]!);
      }
    }
    return out;
  }
}

/**
 * A token of the main file as CoreDNS's reader holds it: what it reads and
 * where, and no more (the reader's `CoreToken`; `Token` has the lexer's
 * extras). Smaller and quicker to make: lint makes one per token, block by block.
 */
export class ReadToken {
  constructor(
    readonly text: string,
    readonly start: number,
    readonly end: number,
    readonly line: number,
  ) {}

  /** The main file. */
  get file(): string {
    return '';
  }
}

/**
 * Lex `text` into `table`: the lexer's token patterns (tokens.ts) read
 * character by character, which is several times faster than Chevrotain's
 * pattern matching, for lint, which reads whole files and no syntax tree.
 * Property tests hold it to `lex` token by token. At each offset the first
 * character decides, as the patterns' first characters do not overlap:
 * - `\n` ends a line; any other space is a blank (a byte order mark too, first in the file);
 * - `#` starts a comment to the end of the line;
 * - `"` starts a quoted word: to the next quote not escaped by a backslash, or to the end of the file;
 * - anything else starts a word, up to a space (but a `\r` is part of it) or a `#`,
 *   which then glues the rest of the word, quotes and `#`s included, to it.
 */
export function scanInto(text: string, table: TokenTable): void {
  // (lexState.dropped is lex's: the scan leaves such a token out itself, below.)
  lexState.lastLine = 0;
  const n = text.length;
  let line = 1;
  let lineStart = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = ++i;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    const column = start - lineStart + 1;
    if (c === 0x23 /* # */) {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? n : eol;
      const image = text.slice(start, i);
      table.comments.push(new Token(image, image, start, line, column, SCANNED.comment));
      continue;
    }
    const firstLine = line;
    let type: number;
    // A word with no `#` and no `\r` in it reads as written.
    let plain = true;
    let hash = c;
    if (c === 0x22 /* " */) {
      type = SCANNED.quoted;
      i++;
      while (i < n) {
        let d = text.charCodeAt(i);
        if (d === 0x22) {
          i++;
          break;
        }
        // A backslash takes the character after it into the word, whatever it is (only `\"` is an escape to CoreDNS).
        if (d === 0x5c /* \ */ && i + 1 < n) d = text.charCodeAt(++i);
        if (d === 0x0a) {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
    } else {
      type = SCANNED.word;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x23) {
          plain = false;
          for (i++; i < n; i++) {
            const e = text.charCodeAt(i);
            if (e !== 0x0d && isSpace(e)) break;
          }
          break;
        }
        if (d === 0x0d) plain = false;
        else if (isSpace(d)) break;
        hash = hashStep(hash, d);
        i++;
      }
    }
    // A short word is shared without slicing it out of the text first: its hash is known already.
    const image = plain && type === SCANNED.word && i - start < SHORT_WORD ? sharedWord(text, start, i, hash) : text.slice(start, i);
    classify(image, type, firstLine, plain);
    // An unterminated quote with nothing in it yields no token (caddyfile lexer.next).
    if (classified.text === '' && type === SCANNED.quoted && isUnterminated(image)) continue;
    table.push(classified.text, start, i, firstLine);
  }
}
