import { createToken, Lexer, type TokenType } from 'chevrotain';
import { BRACE_TYPES, Token, TOKEN_TYPES } from './token.js';

/**
 * Go's unicode.IsSpace set, which is what the Caddy lexer splits on, as
 * ranges of code points: the lexer's patterns, their first-character hints
 * and `isSpace` (the table's scanner) are all made from it. It differs from
 * JS `\s`: it has U+0085 and lacks U+FEFF.
 */
const SPACES: ReadonlyArray<readonly [number, number]> = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0x85, 0x85],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
];

const spaceCodes = SPACES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, k) => from + k));
/** Whether a UTF-16 code unit is a space to Go (one lookup: every space is below U+3001). */
const SPACE_TABLE = new Uint8Array(spaceCodes[spaceCodes.length - 1]! + 1);
for (const c of spaceCodes) SPACE_TABLE[c] = 1;

export function isSpace(c: number): boolean {
  return c < SPACE_TABLE.length && SPACE_TABLE[c] === 1;
}

/** Ranges of code points as the inside of a RegExp character class. */
function charClass(ranges: ReadonlyArray<readonly [number, number]>): string {
  const esc = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;
  return ranges.map(([from, to]) => (from === to ? esc(from) : `${esc(from)}-${esc(to)}`)).join('');
}

const SPACE = charClass(SPACES);
/** Every space but `\n`. */
const BLANK = charClass(SPACES.flatMap(([from, to]) => (from <= 0x0a && 0x0a <= to ? ([[from, 0x09], [0x0b, to]] as const).filter(([a, b]) => a <= b) : [[from, to] as const])));

/**
 * Blanks other than a newline, and stray `\r`. Skipped: the parser reads line numbers instead.
 * Newlines are a token of their own: Chevrotain copies out the text of every
 * token that may hold a line break to count them, and one `\n` is a string V8
 * never allocates.
 */
export const Blank = createToken({
  name: 'Blank',
  pattern: new RegExp(`[${BLANK}]+`),
  line_breaks: false,
  start_chars_hint: spaceCodes.filter((c) => c !== 0x0a).map((c) => String.fromCharCode(c)),
  group: Lexer.SKIPPED,
});

export const Newline = createToken({
  name: 'Newline',
  pattern: /\n/,
  line_breaks: true,
  start_chars_hint: ['\n'],
  group: Lexer.SKIPPED,
});

/** `#` at the start of a token: a comment to the end of the line. */
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: 'comments' });

/**
 * The parser's token classes. Caddy's grammar is line-sensitive: a directive
 * takes the words on its line. The lexer knows which token continues the
 * line of the token before it (comments aside) and types it so, which lets
 * the parser decide every repetition by the next token's type alone.
 */
/** A word that continues its line: what a directive or an import takes as arguments. */
export const Arg = createToken({ name: 'Arg', pattern: Lexer.NA });
/** What may stand as a server block key: any token but `{` (a stray `}` is a key to CoreDNS). */
export const Key = createToken({ name: 'Key', pattern: Lexer.NA });
/** What may stand as a directive name: any token but `}` (`{` is an unknown directive to CoreDNS). */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
/** A token reading `import`, quoted or not, wherever it stands. */
export const Import = createToken({ name: 'Import', pattern: Lexer.NA });

/**
 * `"…"`: runs to the next unescaped quote, across lines; unterminated runs to EOF.
 * Only `\"` is an escape.
 */
export const Quoted = createToken({
  name: 'Quoted',
  pattern: /"(?:[^"\\]|\\[\s\S])*(?:"|\\?(?![\s\S]))/,
  line_breaks: true,
  categories: [Key, Name],
  start_chars_hint: ['"'],
});

/**
 * Chevrotain cannot derive first characters from a complement set, and
 * without them it tries every pattern at every offset. It buckets code
 * points above 255 (255 + ⌊c/255⌋), so one hint per bucket is exact enough:
 * the regex still decides.
 */
function wordStartHints(): string[] {
  const hints: string[] = [];
  for (let c = 0; c < 256; c++) if (!isSpace(c) && c !== 0x22 && c !== 0x23) hints.push(String.fromCharCode(c));
  for (let c = 256; c < 65536; c += 255) hints.push(String.fromCharCode(c));
  hints.push(String.fromCharCode(65535));
  return hints;
}

export const Word = createToken({
  name: 'Word',
  pattern: new RegExp(`[^${SPACE}"#](?:[^${SPACE}#]|\\r)*(?:#(?:[^${SPACE}]|\\r)*)?`),
  categories: [Key, Name],
  line_breaks: false,
  start_chars_hint: wordStartHints(),
});

/** A word or a quoted word on the line of the token before it (the lexer's patterns give the line's first). */
export const WordArg = createToken({ name: 'WordArg', pattern: Lexer.NA, categories: [Arg, Key, Name] });
export const QuotedArg = createToken({ name: 'QuotedArg', pattern: Lexer.NA, categories: [Arg, Key, Name] });

/** `{` and `}` are structural only as whole tokens; they are re-typed after lexing. */
export const LBrace = createToken({ name: 'LBrace', pattern: Lexer.NA, categories: [Name] });
export const RBrace = createToken({ name: 'RBrace', pattern: Lexer.NA, categories: [Key] });

/**
 * A token whose text is `import` (quoted or not), first on its line or not,
 * so that the parser tells an import line from a directive by token type.
 * The parser turns it back into a plain word where Caddy would not import.
 */
export const ImportWord = createToken({ name: 'ImportWord', pattern: Lexer.NA, categories: [Import, Key, Name] });
export const ImportArg = createToken({ name: 'ImportArg', pattern: Lexer.NA, categories: [Import, Arg, Key, Name] });

export const allTokens: TokenType[] = [
  Newline, Blank, Comment, Quoted, Word, Arg, Key, Name, Import, WordArg, QuotedArg, LBrace, RBrace, ImportWord, ImportArg,
];
const QUOTED = Quoted.tokenTypeIdx!;
const WORD = Word.tokenTypeIdx!;
const COMMENT = Comment.tokenTypeIdx!;
const LBRACE = LBrace.tokenTypeIdx!;
const RBRACE = RBrace.tokenTypeIdx!;
const IMPORT = ImportWord.tokenTypeIdx!;
const IMPORT_ARG = ImportArg.tokenTypeIdx!;
const WORD_ARG = WordArg.tokenTypeIdx!;
const QUOTED_ARG = QuotedArg.tokenTypeIdx!;

BRACE_TYPES.open = LBRACE;
BRACE_TYPES.close = RBRACE;

/** Retype a lone brace that the tree holds as a word (a key or a name): a plain word from now on. */
export function standAsWord(t: Token): void {
  if (t.tokenTypeIdx === LBRACE || t.tokenTypeIdx === RBRACE) t.tokenTypeIdx = t.quoted ? QUOTED : WORD;
}

/** A word's type where Caddy would not import: an import keyword turned back into a plain word. */
export function plainWordType(t: Token): number {
  const cont = t.tokenTypeIdx === IMPORT_ARG;
  return t.quoted ? (cont ? QUOTED_ARG : QUOTED) : cont ? WORD_ARG : WORD;
}

/**
 * Only `\n` ends a line for Caddy (`\r` is skipped). A char-code tester, as
 * Chevrotain's own default is, is much faster than a /\n/g pattern.
 */
const newlineTester = {
  lastIndex: 0,
  test(text: string): boolean {
    const i = text.indexOf('\n', this.lastIndex);
    if (i === -1) return false;
    this.lastIndex = i + 1;
    return true;
  },
};

export const CorefileLexer = new Lexer(allTokens, {
  // End positions are derived from the image (see Token); fewer fields per token keeps GC cheap.
  positionTracking: 'onlyStart',
  lineTerminatorsPattern: newlineTester,
  lineTerminatorCharacters: ['\n'],
  ensureOptimizations: true,
  skipValidations: true,
});

for (const t of allTokens) TOKEN_TYPES[t.tokenTypeIdx!] = t;

/**
 * The tokenize in progress: whether it met an unterminated, empty quote (which
 * yields no token), and the line the last token (not a comment) ended on.
 */
export const lexState = { dropped: false, lastLine: 0 };

/**
 * Short words met lately, by a hash of their characters (`hashStep` over
 * each): a slot holds the last word met with its hash. The same short words
 * recur throughout a file (names, braces, options); a short word is a string
 * of its own (V8 slices longer ones from the text), and one shared copy of
 * each is less for the collector to copy.
 */
const WORDS: string[] = new Array<string>(4096).fill('');
/** Words shorter than this are shared. */
export const SHORT_WORD = 13;

export function hashStep(hash: number, c: number): number {
  return (Math.imul(hash, 31) + c) | 0;
}

/** The shared copy of the word `text[start, end)`, whose characters hash to `hash`. */
export function sharedWord(text: string, start: number, end: number, hash: number): string {
  const slot = (hash ^ (hash >>> 12)) & (WORDS.length - 1);
  const known = WORDS[slot]!;
  if (known.length === end - start) {
    let k = 0;
    while (k < known.length && text.charCodeAt(start + k) === known.charCodeAt(k)) k++;
    if (k === known.length) return known;
  }
  return (WORDS[slot] = text.slice(start, end));
}

/** What `classify` found for the token just matched (fields, not an object per token). */
export const classified = { image: '', text: '', idx: 0 };

/**
 * What CoreDNS reads from a word or a quoted word just lexed, and its type as
 * the parser reads it: a whole-token `{` or `}` (quoted too: Caddy compares
 * the unquoted text) is a brace, a token reading `import` an import keyword,
 * and a word on the line the token before it ends on an `Arg`. For the lexer
 * and for `TokenTable`'s scanner (which tells a `plain` word: no `#`, no `\r`,
 * a short one already shared).
 */
export function classify(image: string, typeIdx: number, line: number, plain = false): void {
  let text = image;
  let idx = typeIdx;
  let lastLine = line;
  const c = image.charCodeAt(0);
  const cont = line === lexState.lastLine;
  if (typeIdx === QUOTED) {
    text = unquote(image);
    const len = image.length;
    if (text === '' && isUnterminated(image)) lexState.dropped = true;
    if ((len === 3 || len === 2) && (text === '{' || text === '}')) idx = text === '{' ? LBRACE : RBRACE;
    else if ((len === 8 || len === 7) && text === 'import') idx = cont ? IMPORT_ARG : IMPORT;
    else if (cont) idx = QUOTED_ARG;
    // Only a quoted token spans lines.
    for (let i = image.indexOf('\n'); i !== -1; i = image.indexOf('\n', i + 1)) lastLine++;
  } else {
    // `plain`: the scanner saw no `#` and no `\r` in the word, so it reads as written (and the scanner shares short words itself).
    if (!plain) text = wordText(image);
    if (!plain && text === image && image.length < SHORT_WORD) {
      let hash = image.charCodeAt(0);
      for (let k = 1; k < image.length; k++) hash = hashStep(hash, image.charCodeAt(k));
      text = image = sharedWord(image, 0, image.length, hash);
    }
    if ((c === 0x7b || c === 0x7d) && text.length === 1) idx = c === 0x7b ? LBRACE : RBRACE;
    else if (c === 0x69 /* i */ && text === 'import') idx = cont ? IMPORT_ARG : IMPORT;
    else if (cont) idx = WORD_ARG;
  }
  lexState.lastLine = lastLine;
  classified.image = image;
  classified.text = text;
  classified.idx = idx;
}

/**
 * The lexer makes `Token`s, the tree's own objects, instead of Chevrotain's
 * plain token records. Chevrotain sets its factory per instance in the
 * constructor, so it is replaced here.
 */
function makeToken(image: string, start: number, typeIdx: number, _type: TokenType, line: number, column: number): Token {
  if (typeIdx === COMMENT) return new Token(image, image, start, line, column, typeIdx);
  classify(image, typeIdx, line);
  return new Token(classified.image, classified.text, start, line, column, classified.idx);
}

(CorefileLexer as unknown as { createTokenInstance: typeof makeToken }).createTokenInstance = makeToken;

/** The type indices a scan starts from: `classify` turns a word or a quoted word into what the parser reads. */
export const SCANNED = { word: WORD, quoted: QUOTED, comment: COMMENT };

export function wordText(raw: string): string {
  let s = raw;
  if (s.includes('\r')) s = s.replace(/\r/g, '');
  const hash = s.indexOf('#');
  return hash >= 0 ? s.slice(0, hash) : s;
}

export function unquote(raw: string): string {
  let end = raw.length;
  let closed = false;
  if (end >= 2 && raw[end - 1] === '"') {
    // The final quote closes the token unless it is escaped by an odd run of backslashes.
    let n = 0;
    for (let i = end - 2; i >= 1 && raw[i] === '\\'; i--) n++;
    closed = n % 2 === 0;
  }
  if (closed) end -= 1;
  let body = raw.slice(1, end);
  if (!closed && body.endsWith('\\')) {
    // A backslash pending at EOF is an escape that never happened.
    let n = 0;
    for (let i = body.length - 1; i >= 0 && body[i] === '\\'; i--) n++;
    if (n % 2 === 1) body = body.slice(0, -1);
  }
  // Only `\"` is an escape; any other backslash pair stays as written. Every `"` in a body
  // ends an odd run of backslashes (after an even run it would have closed the token), so
  // taking the backslash before each `"` is the same as reading the pairs left to right.
  return body.includes('\\"') ? body.replace(ESCAPED_QUOTE, '"') : body;
}

const ESCAPED_QUOTE = /\\"/g;

/** True when a quoted token reached EOF without its closing quote. */
export function isUnterminated(raw: string): boolean {
  if (raw.length < 2 || raw[raw.length - 1] !== '"') return true;
  let n = 0;
  for (let i = raw.length - 2; i >= 1 && raw[i] === '\\'; i--) n++;
  return n % 2 === 1;
}
