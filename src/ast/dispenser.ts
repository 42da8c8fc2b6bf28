import type { CoreToken } from './read.js';

/** A CoreDNS-style error: `FILE:LINE - message`, with the token it points at. */
export class DispenserError extends Error {
  constructor(
    /** `Error during parsing: …` or `Syntax error: …`. */
    readonly detail: string,
    readonly file: string,
    readonly line: number,
    readonly token: CoreToken | undefined,
  ) {
    super(`${file}:${line} - ${detail}`);
  }

  /** The error at `token` (none: before the first token or past the last), named by its file or else by `mainFile`. */
  static at(detail: string, token: CoreToken | undefined, mainFile: string): DispenserError {
    return new DispenserError(detail, token && token.file !== '' ? token.file : mainFile, token?.line ?? 0, token);
  }
}

/** CoreDNS's words for an error while parsing (`Dispenser.Err`). */
export function duringParsing(msg: string): string {
  return `Error during parsing: ${msg}`;
}

/** CoreDNS's words for a token where another was expected (`Dispenser.SyntaxErr`). */
export function unexpectedToken(val: string, expected: string): string {
  return `Syntax error: Unexpected token '${val}', expecting '${expected}'`;
}

/**
 * A port of coredns/caddy caddyfile.Dispenser: the cursor API every CoreDNS
 * plugin's setup uses to walk its tokens. Validators that mirror a plugin's
 * setup.go walk the same tokens the same way, so they accept and reject
 * exactly what CoreDNS does.
 */
export class Dispenser {
  cursor = -1;
  nesting = 0;

  constructor(
    public tokens: readonly CoreToken[],
    readonly filename = 'Corefile',
  ) {}

  next(): boolean {
    if (this.cursor < this.tokens.length - 1) {
      this.cursor++;
      return true;
    }
    return false;
  }

  /** The next token, if it is on the same line. */
  nextArg(): boolean {
    if (this.cursor < 0) {
      this.cursor++;
      return true;
    }
    const i = this.cursor;
    const tokens = this.tokens;
    if (i >= tokens.length - 1) return false;
    const cur = tokens[i];
    const nxt = tokens[i + 1];
    if (cur.file === nxt.file && cur.line + newlines(cur.text) === nxt.line) {
      this.cursor = i + 1;
      return true;
    }
    return false;
  }

  /** The next token, if it is on a later line. */
  nextLine(): boolean {
    if (this.cursor < 0) {
      this.cursor++;
      return true;
    }
    const i = this.cursor;
    const tokens = this.tokens;
    if (i >= tokens.length - 1) return false;
    const cur = tokens[i];
    const nxt = tokens[i + 1];
    if (cur.file !== nxt.file || cur.line + newlines(cur.text) < nxt.line) {
      this.cursor = i + 1;
      return true;
    }
    return false;
  }

  /** Walk one level of `{ … }` opened on the current line; false at its end. */
  nextBlock(): boolean {
    if (this.nesting > 0) {
      if (!this.next()) return false;
      if (this.val() === '}') {
        this.nesting--;
        return false;
      }
      return true;
    }
    if (!this.nextArg()) return false;
    if (this.val() !== '{') {
      this.cursor--;
      return false;
    }
    if (!this.next()) return false;
    if (this.val() === '}') return false;
    this.nesting++;
    return true;
  }

  val(): string {
    return this.cursor < 0 || this.cursor >= this.tokens.length ? '' : this.tokens[this.cursor].text;
  }

  token(): CoreToken | undefined {
    return this.cursor < 0 || this.cursor >= this.tokens.length ? undefined : this.tokens[this.cursor];
  }

  line(): number {
    return this.token()?.line ?? 0;
  }

  file(): string {
    const t = this.token();
    return t && t.file !== '' ? t.file : this.filename;
  }

  /** Fill `n` arguments from the rest of the line; undefined when there are not enough. */
  args(n: number): string[] | undefined {
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      if (!this.nextArg()) return undefined;
      out[i] = this.val();
    }
    return out;
  }

  remainingArgs(): string[] {
    // Counted first, then copied into an exact-size array: one grown by push reserves 17 slots,
    // and validators ask for a handful of arguments thousands of times in a large file.
    const from = this.cursor;
    const n = this.countRemainingArgs();
    const out = new Array<string>(n);
    for (let i = 0, c = from; i < n; i++) {
      // countRemainingArgs took the same steps: the next token of the line each time.
      c++;
      out[i] = this.tokens[c]!.text;
    }
    return out;
  }

  /** remainingArgs().length, moving the cursor the same way, without collecting the arguments. */
  countRemainingArgs(): number {
    let n = 0;
    while (this.nextArg()) {
      if (this.val() === '{') {
        this.cursor--;
        break;
      }
      n++;
    }
    return n;
  }

  argErr(): DispenserError {
    if (this.val() === '{') return this.err("Unexpected token '{', expecting argument");
    return this.err(`Wrong argument count or unexpected line ending after '${this.val()}'`);
  }

  syntaxErr(expected: string): DispenserError {
    return this.error(unexpectedToken(this.val(), expected));
  }

  eofErr(): DispenserError {
    return this.err('Unexpected EOF');
  }

  err(msg: string): DispenserError {
    return this.error(duringParsing(msg));
  }

  private error(detail: string): DispenserError {
    return DispenserError.at(detail, this.token(), this.filename);
  }

  lineBreaks(i: number): number {
    if (i < 0 || i >= this.tokens.length) return 0;
    return newlines(this.tokens[i].text);
  }

  isNewLine(): boolean {
    if (this.cursor < 1) return true;
    if (this.cursor > this.tokens.length - 1) return false;
    const prev = this.tokens[this.cursor - 1];
    const cur = this.tokens[this.cursor];
    return prev.file !== cur.file || prev.line + newlines(prev.text) < cur.line;
  }
}

/** How many line breaks a token's text holds (quoted tokens may span lines). */
export function newlines(t: string): number {
  let j = t.indexOf('\n');
  if (j === -1) return 0;
  let n = 0;
  for (; j !== -1; j = t.indexOf('\n', j + 1)) n++;
  return n;
}
