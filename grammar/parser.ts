import { EmbeddedActionsParser, EOF, type ILexingError, type IRecognitionException, type IToken } from 'chevrotain';
import { scanInto, TokenTable } from './table.js';
import type { Token } from './token.js';
import { allTokens, Arg, CorefileLexer, Import, ImportArg, isUnterminated, Key, LBrace, lexState, Name, plainWordType, RBrace } from './tokens.js';

/** `{ … }` inside a directive. `close` is missing when the file ends inside it. */
export interface SynBlock {
  kind: 'block';
  open: Token;
  body: SynItem[];
  close?: Token;
}

/** A directive (or option) line: its name, then words and blocks in source order. */
export interface SynDirective {
  kind: 'directive';
  name: Token;
  parts: Array<Token | SynBlock>;
}

export interface SynImport {
  kind: 'import';
  keyword: Token;
  args: Token[];
}

export type SynItem = SynDirective | SynImport;

/** Keys, then a braced or brace-less body. */
export interface SynServerBlock {
  kind: 'server';
  keys: Token[];
  open?: Token;
  body: SynItem[];
  close?: Token;
}

export type SynTop = SynServerBlock | SynImport;

const IMPORT_ARG_IDX = ImportArg.tokenTypeIdx!;
const LBRACE_IDX = LBrace.tokenTypeIdx!;
const EOF_IDX = EOF.tokenTypeIdx;

/**
 * The Corefile grammar. It is deliberately permissive: every token sequence
 * parses, because CoreDNS's own parser (coredns/caddy caddyfile/parse.go)
 * gives a meaning to nearly every sequence. The few sequences CoreDNS
 * rejects are reported by the AST builder in CoreDNS's words, so recovery is
 * structural and later server blocks always parse.
 *
 * Structure is line-sensitive, as in Caddy: a directive takes the tokens on
 * its line, plus any `{ … }` group that follows (even on the next line). The
 * lexer types a word that continues its line as an `Arg`, so the next
 * token's type decides every repetition: no gates, which Chevrotain would
 * wrap in a new closure on every entry to a repetition.
 *
 * An embedded-actions parser rather than a CST parser: the rules return
 * source-ordered plain objects, which halves allocation on large files.
 */
class CorefileParser extends EmbeddedActionsParser {
  // Rules keep their results in these fields (and on `stack`) instead of
  // closures, so that the cached alternative tables below allocate nothing
  // per call (Chevrotain's performance guide). Rules that nest take their
  // own items off `stack` above a mark; the others save and restore what they use.
  private top: SynTop[] = [];
  /** Takes each top-level item as soon as it is parsed, instead of `top` (see parseTokens). */
  onTop: ((item: SynTop) => void) | undefined;
  /**
   * Items and parts being collected, nested rules above outer ones: each
   * rule takes its own off the top as one exact-size array. Collecting into
   * fresh arrays instead would give each its growth capacity (17 slots for
   * the first push), most of it unused.
   */
  private readonly stack: Array<SynItem | Token | SynBlock> = [];
  private keys: Token[] = [];
  private args: Token[] = [];
  private depth = 0;

  constructor() {
    super(allTokens, { recoveryEnabled: false, maxLookahead: 1, skipValidations: true });
    this.performSelfAnalysis();
  }

  /** Pop what was collected since `mark`, as one array. */
  private take(mark: number): Array<SynItem | Token | SynBlock> {
    const out = this.stack.slice(mark);
    this.stack.length = mark;
    return out;
  }

  /**
   * The alternatives choose an import line by token type. Between server
   * blocks and in nested blocks Caddy imports only at the start of a line;
   * at the top of a server block, wherever a directive starts. Where it
   * would not import, an `import` that continues its line becomes a plain
   * word again.
   */
  private importsOnlyAtLineStart(onlyThere: boolean): void {
    const t = this.LA(1);
    if (onlyThere && t.tokenTypeIdx === IMPORT_ARG_IDX) t.tokenTypeIdx = plainWordType(t as Token);
  }

  private emit(item: SynTop): void {
    if (this.onTop) this.onTop(item);
    else this.top.push(item);
  }

  private readonly fileAlts = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { ALT: () => this.emit(this.SUBRULE(this.importLine)) },
      { ALT: () => this.emit(this.SUBRULE(this.serverBlock)) },
    ],
  };
  private readonly fileMany = {
    GATE: () => this.LA(1).tokenTypeIdx !== EOF_IDX,
    DEF: () => {
      this.importsOnlyAtLineStart(true);
      this.OR(this.fileAlts);
    },
  };

  public file = this.RULE('file', (): SynTop[] => {
    const top: SynTop[] = (this.top = []);
    this.depth = 0;
    this.stack.length = 0;
    this.MANY(this.fileMany);
    return top;
  });

  private readonly keyFirst = () => this.keys.push(this.CONSUME(Key) as Token);
  private readonly keyMore = {
    // More keys while on the same line, or after a key that ends with a comma (parse.go addresses).
    GATE: () => {
      const p = this.LA(0) as Token;
      const next = this.LA(1) as Token;
      if (this.keys.length === 0 || next.tokenTypeIdx === LBRACE_IDX || next.tokenTypeIdx === EOF_IDX) return false;
      return p.endLine === next.line || p.text.endsWith(',');
    },
    DEF: () => this.keys.push(this.CONSUME1(Key) as Token),
  };

  public serverBlock = this.RULE('serverBlock', (): SynServerBlock => {
    const keys: Token[] = (this.keys = []);
    let open: Token | undefined;
    let close: Token | undefined;
    this.OPTION(this.keyFirst);
    this.MANY(this.keyMore);
    // Braces are optional: without `{`, directives run to EOF or a `}`.
    this.OPTION2(() => {
      open = this.CONSUME(LBrace) as Token;
    });
    const body = this.SUBRULE(this.body);
    this.OPTION3(() => {
      close = this.CONSUME2(RBrace) as Token;
    });
    return { kind: 'server', keys, open, body, close };
  });

  // A directive's parts: the words on its line, then any blocks, each followed by the words on
  // its closing line. Words continue a line (the lexer's `Arg`), so that is any run of words and
  // blocks: one repetition per directive, each part chosen by its first token's type.
  private readonly partAlts = [
    { ALT: () => this.stack.push(this.CONSUME1(Arg) as Token) },
    { ALT: () => this.stack.push(this.SUBRULE(this.block)) },
  ];
  private readonly parts = () => this.OR1(this.partAlts);

  private readonly bodyAlts = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { ALT: () => this.stack.push(this.SUBRULE(this.importLine)) },
      {
        // A directive, inline rather than a rule of its own: a rule call costs an allocation.
        ALT: () => {
          const name = this.CONSUME(Name) as Token;
          const mark = this.stack.length;
          this.MANY1(this.parts);
          this.stack.push({ kind: 'directive', name, parts: this.take(mark) as Array<Token | SynBlock> });
        },
      },
    ],
  };
  private readonly bodyMany = () => {
    // Caddy expands `import` wherever a directive starts; inside a nested block only at line start.
    // (Not in an ACTION, which would take a new closure per item: while Chevrotain records the
    // grammar, LA reads the end of input and this does nothing.)
    this.importsOnlyAtLineStart(this.depth > 0);
    this.OR(this.bodyAlts);
  };

  /** Directive lines of a server block (depth 0) or a nested block (depth > 0). */
  public body = this.RULE('body', (): SynItem[] => {
    const mark = this.stack.length;
    this.MANY(this.bodyMany);
    return this.take(mark) as SynItem[];
  });

  public block = this.RULE('block', (): SynBlock => {
    const open = this.CONSUME(LBrace) as Token;
    this.depth++;
    const body = this.SUBRULE(this.body);
    this.depth--;
    let close: Token | undefined;
    this.OPTION(() => {
      close = this.CONSUME(RBrace) as Token;
    });
    return { kind: 'block', open, body, close };
  });

  private readonly argMany = () => this.args.push(this.CONSUME1(Arg) as Token);

  public importLine = this.RULE('importLine', (): SynImport => {
    const keyword = this.CONSUME(Import) as Token;
    const args: Token[] = (this.args = []);
    this.MANY(this.argMany);
    return { kind: 'import', keyword, args };
  });
}

const parser = new CorefileParser();

export interface SyntaxResult {
  items: SynTop[];
  tokens: Token[];
  comments: Token[];
  lexErrors: ILexingError[];
  parseErrors: IRecognitionException[];
}

/** Lex a Corefile: the token stream CoreDNS's lexer yields, with offsets and raw text kept. */
export function lex(text: string): { tokens: Token[]; comments: Token[]; errors: ILexingError[] } {
  lexState.dropped = false;
  lexState.lastLine = 0;
  const res = CorefileLexer.tokenize(withoutBom(text));
  let tokens = res.tokens as Token[];
  // An unterminated quote with nothing in it yields no token (caddyfile lexer.next).
  if (lexState.dropped) tokens = tokens.filter((t) => !(t.quoted && t.text === '' && isUnterminated(t.raw)));
  return { tokens, comments: (res.groups.comments as Token[] | undefined) ?? [], errors: res.errors };
}

/**
 * `lex` into a table: the same tokens (raw and read text, positions) without
 * an object each, read by a scanner of the same patterns. There are no
 * lexing errors: every character starts some token.
 */
export function lexTable(text: string): TokenTable {
  // About one token per 12 characters in real files; the table grows if there are more.
  const table = new TokenTable(text, (text.length >>> 3) + 64);
  scanInto(text, table);
  return table;
}

/**
 * A byte order mark is dropped only at the very start of a file: lexed as the
 * blank it stands for there (same length, so offsets hold). A custom pattern
 * would do it too, but Chevrotain then cannot size its token array in advance.
 */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
}

/**
 * Parse a token stream (from `lex`) into the Corefile syntax tree. Never throws.
 * With `onTop`, each top-level item is handed over as soon as it is parsed
 * (and `items` is empty): a consumer that builds on it lets the syntax tree of
 * a large file die young instead of holding all of it.
 */
export function parseTokens(tokens: Token[], onTop?: (item: SynTop) => void): { items: SynTop[]; errors: IRecognitionException[] } {
  parser.input = tokens;
  parser.onTop = onTop;
  try {
    const items = parser.file();
    return { items: items ?? [], errors: parser.errors };
  } finally {
    parser.onTop = undefined;
    // Let go of the tokens: the parser is a module singleton and would hold the last file's.
    parser.input = [];
  }
}

/** Lex and parse. Never throws. */
export function parseSyntax(text: string): SyntaxResult {
  const { tokens, comments, errors } = lex(text);
  const { items, errors: parseErrors } = parseTokens(tokens);
  return { items, tokens, comments, lexErrors: errors, parseErrors };
}
