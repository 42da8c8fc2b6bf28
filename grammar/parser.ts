import { EmbeddedActionsParser, EOF, type ILexingError, type IRecognitionException, type IToken } from 'chevrotain';
import { allTokens, Arg, CorefileLexer, ImportWord, isUnterminated, Key, LBrace, Name, Quoted, RBrace, tokenText, Word } from './tokens.js';

/** `{ … }` inside a directive. `close` is missing when the file ends inside it. */
export interface SynBlock {
  kind: 'block';
  open: IToken;
  body: SynItem[];
  close?: IToken;
}

/** A directive (or option) line: its name, then words and blocks in source order. */
export interface SynDirective {
  kind: 'directive';
  name: IToken;
  parts: Array<IToken | SynBlock>;
}

export interface SynImport {
  kind: 'import';
  keyword: IToken;
  args: IToken[];
}

export type SynItem = SynDirective | SynImport;

/** Keys, then a braced or brace-less body. */
export interface SynServerBlock {
  kind: 'server';
  keys: IToken[];
  open?: IToken;
  body: SynItem[];
  close?: IToken;
}

export type SynTop = SynServerBlock | SynImport;

function isWordy(t: IToken): boolean {
  return t.tokenType === Word || t.tokenType === Quoted || t.tokenType === ImportWord;
}

function sameLine(a: IToken, b: IToken): boolean {
  return a.tokenType !== EOF && b.tokenType !== EOF && endLine(a) === b.startLine;
}

/** The line a token ends on, as Caddy counts it: its start line plus the newlines in it. */
export function endLine(t: IToken): number {
  if (t.tokenType !== Quoted) return t.startLine!;
  let n = t.startLine!;
  for (let i = t.image.indexOf('\n'); i !== -1; i = t.image.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The Corefile grammar. It is deliberately permissive: every token sequence
 * parses, because CoreDNS's own parser (coredns/caddy caddyfile/parse.go)
 * gives a meaning to nearly every sequence. The few sequences CoreDNS
 * rejects are reported by the AST builder in CoreDNS's words, so recovery is
 * structural and later server blocks always parse.
 *
 * Structure is line-sensitive, as in Caddy: a directive takes the tokens on
 * its line, plus any `{ … }` group that follows (even on the next line).
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
  /**
   * Items and parts being collected, nested rules above outer ones: each
   * rule takes its own off the top as one exact-size array. Collecting into
   * fresh arrays instead would give each its growth capacity (17 slots for
   * the first push), most of it unused.
   */
  private readonly stack: Array<SynItem | IToken | SynBlock> = [];
  private keys: IToken[] = [];
  private args: IToken[] = [];
  private depth = 0;

  constructor() {
    super(allTokens, { recoveryEnabled: false, maxLookahead: 1, skipValidations: true });
    this.performSelfAnalysis();
  }

  /** Pop what was collected since `mark`, as one array. */
  private take(mark: number): Array<SynItem | IToken | SynBlock> {
    const out = this.stack.slice(mark);
    this.stack.length = mark;
    return out;
  }

  /**
   * The alternatives choose an import line by token type, without gates
   * (a gated alternative costs an allocation per choice): where Caddy would
   * not import, the next `import` becomes a plain word again.
   */
  private importOnlyIf(imports: boolean): void {
    const t = this.LA(1);
    if (t.tokenType === ImportWord && !imports) retype(t, (t as IToken & { quoted?: boolean }).quoted ? Quoted : Word);
  }

  private atLineStart(): boolean {
    const p = this.LA(0);
    return p.tokenType === EOF || p.startOffset === undefined || !sameLine(p, this.LA(1));
  }

  private readonly fileAlts = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { ALT: () => this.top.push(this.SUBRULE(this.importLine)) },
      { ALT: () => this.top.push(this.SUBRULE(this.serverBlock)) },
    ],
  };
  private readonly fileMany = {
    GATE: () => this.LA(1).tokenType !== EOF,
    DEF: () => {
      // Between server blocks Caddy imports only at the start of a line.
      this.ACTION(() => this.importOnlyIf(this.atLineStart()));
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

  private readonly keyFirst = {
    GATE: () => this.LA(1).tokenType !== LBrace,
    DEF: () => this.keys.push(this.CONSUME(Key)),
  };
  private readonly keyMore = {
    // More keys while on the same line, or after a key that ends with a comma (parse.go addresses).
    GATE: () => {
      const p = this.LA(0);
      const next = this.LA(1);
      if (this.keys.length === 0 || next.tokenType === LBrace) return false;
      return sameLine(p, next) || tokenText(p).endsWith(',');
    },
    DEF: () => this.keys.push(this.CONSUME1(Key)),
  };

  public serverBlock = this.RULE('serverBlock', (): SynServerBlock => {
    const keys: IToken[] = (this.keys = []);
    let open: IToken | undefined;
    let close: IToken | undefined;
    this.OPTION(this.keyFirst);
    this.MANY(this.keyMore);
    // Braces are optional: without `{`, directives run to EOF or a `}`.
    this.OPTION2(() => {
      open = this.CONSUME(LBrace);
    });
    const body = this.SUBRULE(this.body);
    this.OPTION3(() => {
      close = this.CONSUME2(RBrace);
    });
    return { kind: 'server', keys, open, body, close };
  });

  private readonly bodyAlts = {
    IGNORE_AMBIGUITIES: true,
    DEF: [
      { ALT: () => this.stack.push(this.SUBRULE(this.importLine)) },
      { ALT: () => this.stack.push(this.SUBRULE(this.directive)) },
    ],
  };
  private readonly bodyMany = {
    GATE: () => this.LA(1).tokenType !== RBrace,
    DEF: () => {
      // Caddy expands `import` wherever a directive starts; inside a nested block only at line start.
      this.ACTION(() => this.importOnlyIf(this.depth === 0 || this.atLineStart()));
      this.OR(this.bodyAlts);
    },
  };

  /** Directive lines of a server block (depth 0) or a nested block (depth > 0). */
  public body = this.RULE('body', (): SynItem[] => {
    const mark = this.stack.length;
    this.MANY(this.bodyMany);
    return this.take(mark) as SynItem[];
  });

  // A directive's parts: the words on its line, then any blocks, each followed by the words on
  // its closing line. Two loops instead of a choice per part: no alternative to decide per word.
  private readonly wordOnLine = (): boolean => {
    const next = this.LA(1);
    return isWordy(next) && sameLine(this.LA(0), next);
  };
  private readonly wordsOnLine = { GATE: this.wordOnLine, DEF: () => this.stack.push(this.CONSUME1(Arg)) };
  private readonly wordsAfterBlock = { GATE: this.wordOnLine, DEF: () => this.stack.push(this.CONSUME2(Arg)) };
  private readonly blocks = {
    GATE: () => this.LA(1).tokenType === LBrace,
    DEF: () => {
      this.stack.push(this.SUBRULE(this.block));
      this.MANY3(this.wordsAfterBlock);
    },
  };

  public directive = this.RULE('directive', (): SynDirective => {
    const name = this.CONSUME(Name);
    const mark = this.stack.length;
    this.MANY1(this.wordsOnLine);
    this.MANY2(this.blocks);
    return { kind: 'directive', name, parts: this.take(mark) as Array<IToken | SynBlock> };
  });

  public block = this.RULE('block', (): SynBlock => {
    const open = this.CONSUME(LBrace);
    this.depth++;
    const body = this.SUBRULE(this.body);
    this.depth--;
    let close: IToken | undefined;
    this.OPTION(() => {
      close = this.CONSUME(RBrace);
    });
    return { kind: 'block', open, body, close };
  });

  private readonly argMany = { GATE: this.wordOnLine, DEF: () => this.args.push(this.CONSUME1(Arg)) };

  public importLine = this.RULE('importLine', (): SynImport => {
    const keyword = this.CONSUME(ImportWord);
    const args: IToken[] = (this.args = []);
    this.MANY(this.argMany);
    return { kind: 'import', keyword, args };
  });
}

const parser = new CorefileParser();

export interface SyntaxResult {
  items: SynTop[];
  tokens: IToken[];
  comments: IToken[];
  lexErrors: ILexingError[];
  parseErrors: IRecognitionException[];
}

/** Lex a Corefile: the token stream CoreDNS's lexer yields, with offsets and raw text kept. */
export function lex(text: string): { tokens: IToken[]; comments: IToken[]; errors: ILexingError[] } {
  const res = CorefileLexer.tokenize(text);
  const tokens = res.tokens;
  let drop = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const c = t.image.charCodeAt(0);
    if (t.tokenType === Quoted) {
      // An unterminated quote with nothing in it yields no token (caddyfile lexer.next).
      if (isUnterminated(t.image) && tokenText(t) === '') {
        tokens[i] = undefined as never;
        drop = true;
        continue;
      }
      const len = t.image.length;
      if ((len === 3 || len === 2) && (t.image[1] === '{' || t.image[1] === '}')) {
        const v = tokenText(t);
        // Caddy compares the unquoted text, so `"{"` opens a block.
        if (v === '{' || v === '}') {
          retype(t, v === '{' ? LBrace : RBrace);
          // Keep the token's text unquoted (tokenText reads this flag once the type is a brace).
          (t as IToken & { quoted?: boolean }).quoted = true;
        }
      }
      if ((len === 8 || len === 7) && tokenText(t) === 'import') {
        retype(t, ImportWord);
        (t as IToken & { quoted?: boolean }).quoted = true;
      }
    } else if (c === 0x7b || c === 0x7d) {
      if (t.image.length === 1 || tokenText(t).length === 1) retype(t, c === 0x7b ? LBrace : RBrace);
    } else if (c === 0x69 /* i */ && t.image.startsWith('import') && tokenText(t) === 'import') retype(t, ImportWord);
  }
  return { tokens: drop ? tokens.filter((t) => t !== undefined) : tokens, comments: (res.groups.comments as IToken[] | undefined) ?? [], errors: res.errors };
}

function retype(t: IToken, type: typeof LBrace): void {
  t.tokenType = type;
  t.tokenTypeIdx = type.tokenTypeIdx!;
}

/** Parse a token stream (from `lex`) into the Corefile syntax tree. Never throws. */
export function parseTokens(tokens: IToken[]): { items: SynTop[]; errors: IRecognitionException[] } {
  parser.input = tokens;
  const items = parser.file();
  return { items: items ?? [], errors: parser.errors };
}

/** Lex and parse. Never throws. */
export function parseSyntax(text: string): SyntaxResult {
  const { tokens, comments, errors } = lex(text);
  const { items, errors: parseErrors } = parseTokens(tokens);
  return { items, tokens, comments, lexErrors: errors, parseErrors };
}
