import { CstParser, EOF, type CstNode, type ParserMethod, type ILexingError, type IRecognitionException, type IToken } from 'chevrotain';
import { allTokens, Arg, CorefileLexer, isUnterminated, LBrace, Quoted, RBrace, tokenText } from './tokens.js';

/**
 * The Corefile grammar. It is deliberately permissive: every token sequence
 * parses, because CoreDNS's own parser (coredns/caddy caddyfile/parse.go)
 * assigns a meaning to nearly every sequence. The few sequences CoreDNS
 * rejects are reported by the AST builder in CoreDNS's words, so recovery is
 * structural and later server blocks always parse.
 *
 * Structure is line-sensitive, as in Caddy: a directive takes the tokens on
 * its line, plus any `{ … }` group that follows (even on the next line).
 */
class CorefileParser extends CstParser {
  constructor() {
    super(allTokens, { recoveryEnabled: false, maxLookahead: 1, skipValidations: true, nodeLocationTracking: 'onlyOffset' });
    this.performSelfAnalysis();
  }

  /** CstParser.RULE is typed for argument-less rules; these rules take the nesting depth. */
  private rule1(name: string, impl: (depth: number) => void): ParserMethod<[number], CstNode> {
    return this.RULE(name, impl as unknown as () => void) as unknown as ParserMethod<[number], CstNode>;
  }

  /** The last token consumed (Chevrotain's LA(0)). */
  private prev(): IToken {
    return this.LA(0);
  }

  private sameLine(a: IToken, b: IToken): boolean {
    return a.tokenType !== EOF && b.tokenType !== EOF && (a.endLine ?? a.startLine ?? 0) === b.startLine;
  }

  private isImport(t: IToken): boolean {
    return t.tokenType !== EOF && t.tokenType !== LBrace && t.tokenType !== RBrace && tokenText(t) === 'import';
  }

  private atLineStart(): boolean {
    const p = this.prev();
    return p.tokenType === EOF || p.startOffset === undefined || !this.sameLine(p, this.LA(1));
  }

  public file = this.RULE('file', () => {
    this.MANY({ GATE: () => this.LA(1).tokenType !== EOF, DEF: () => {
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { GATE: () => this.isImport(this.LA(1)) && this.atLineStart(), ALT: () => this.SUBRULE(this.importLine) },
          { ALT: () => this.SUBRULE(this.serverBlock) },
        ],
      });
    } });
  });

  public serverBlock: ParserMethod<[], CstNode> = this.RULE('serverBlock', () => {
    // Keys: the first one unconditionally, then more while on the same line
    // or after a key that ends with a comma.
    this.OPTION(() => this.OR1([{ ALT: () => this.CONSUME(Arg, { LABEL: 'keys' }) }, { ALT: () => this.CONSUME(RBrace, { LABEL: 'keys' }) }]));
    this.MANY({
      GATE: () => {
        const p = this.prev();
        if (p.tokenType === EOF || p.startOffset === undefined) return false;
        return this.sameLine(p, this.LA(1)) || (tokenText(p).endsWith(',') && this.LA(1).tokenType !== LBrace);
      },
      DEF: () => this.OR2([{ ALT: () => this.CONSUME1(Arg, { LABEL: 'keys' }) }, { ALT: () => this.CONSUME1(RBrace, { LABEL: 'keys' }) }]),
    });
    this.OR3({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.LA(1).tokenType === LBrace,
          ALT: () => {
            this.CONSUME(LBrace, { LABEL: 'open' });
            this.SUBRULE(this.body, { ARGS: [0] });
            this.OPTION2(() => this.CONSUME2(RBrace, { LABEL: 'close' }));
          },
        },
        {
          // Braces are optional: without `{`, directives run to EOF or a `}`.
          ALT: () => {
            this.SUBRULE1(this.body, { ARGS: [0] });
            this.OPTION3(() => this.CONSUME3(RBrace, { LABEL: 'close' }));
          },
        },
      ],
    });
  });

  /** Directive lines of a server block (depth 0) or a nested block (depth > 0). */
  public body: ParserMethod<[number], CstNode> = this.rule1('body', (depth: number) => {
    this.MANY({
      GATE: () => this.LA(1).tokenType !== RBrace,
      DEF: () => {
        this.OR({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            {
              // Caddy expands `import` wherever a directive starts; inside a nested block only at line start.
              GATE: () => this.isImport(this.LA(1)) && (depth === 0 || this.atLineStart()),
              ALT: () => this.SUBRULE(this.importLine),
            },
            { ALT: () => this.SUBRULE(this.directive, { ARGS: [depth] }) },
          ],
        });
      },
    });
  });

  public directive: ParserMethod<[number], CstNode> = this.rule1('directive', (depth: number) => {
    this.OR([{ ALT: () => this.CONSUME(Arg, { LABEL: 'name' }) }, { ALT: () => this.CONSUME(LBrace, { LABEL: 'name' }) }]);
    this.MANY({
      GATE: () => {
        const next = this.LA(1);
        if (next.tokenType === LBrace) return true;
        return next.tokenType === Arg || next.tokenType.CATEGORIES?.includes(Arg) ? this.sameLine(this.prev(), next) : false;
      },
      DEF: () => {
        this.OR1([
          { ALT: () => this.CONSUME1(Arg, { LABEL: 'parts' }) },
          { ALT: () => this.SUBRULE(this.block, { ARGS: [depth + 1] }) },
        ]);
      },
    });
  });

  public block: ParserMethod<[number], CstNode> = this.rule1('block', (depth: number) => {
    this.CONSUME(LBrace, { LABEL: 'open' });
    this.SUBRULE(this.body, { ARGS: [depth] });
    this.OPTION(() => this.CONSUME(RBrace, { LABEL: 'close' }));
  });

  public importLine: ParserMethod<[], CstNode> = this.RULE('importLine', () => {
    this.CONSUME(Arg, { LABEL: 'keyword' });
    this.MANY({
      GATE: () => this.sameLine(this.prev(), this.LA(1)),
      DEF: () => this.CONSUME1(Arg, { LABEL: 'args' }),
    });
  });
}

const parser = new CorefileParser();

export interface CstResult {
  cst: CstNode;
  tokens: IToken[];
  comments: IToken[];
  lexErrors: ILexingError[];
  parseErrors: IRecognitionException[];
}

/** Lex a Corefile: the token stream CoreDNS's lexer yields, with offsets and raw text kept. */
export function lex(text: string): { tokens: IToken[]; comments: IToken[]; errors: ILexingError[] } {
  const res = CorefileLexer.tokenize(text);
  const tokens: IToken[] = [];
  for (const t of res.tokens) {
    if (t.tokenType === Quoted) {
      // An unterminated quote with nothing in it yields no token (caddyfile lexer.next).
      if (isUnterminated(t.image) && tokenText(t) === '') continue;
      const v = tokenText(t);
      if (v === '{' || v === '}') retype(t, v === '{' ? LBrace : RBrace, true);
    } else {
      const img = t.image;
      const c = img.charCodeAt(0);
      if ((c === 0x7b || c === 0x7d) && (img.length === 1 || tokenText(t).length === 1)) {
        retype(t, c === 0x7b ? LBrace : RBrace, false);
      }
    }
    tokens.push(t);
  }
  return { tokens, comments: (res.groups.comments as IToken[] | undefined) ?? [], errors: res.errors };
}

function retype(t: IToken, type: typeof LBrace, quoted: boolean): void {
  t.tokenType = type;
  t.tokenTypeIdx = type.tokenTypeIdx!;
  if (quoted) (t as IToken & { quoted?: boolean }).quoted = true;
}

/** Parse a token stream (from `lex`) into the Corefile CST. Never throws. */
export function parseTokens(tokens: IToken[]): { cst: CstNode; errors: IRecognitionException[] } {
  parser.input = tokens;
  const cst = parser.file();
  return { cst, errors: parser.errors };
}

/** Lex and parse. Never throws. */
export function parseCst(text: string): CstResult {
  const { tokens, comments, errors } = lex(text);
  const { cst, errors: parseErrors } = parseTokens(tokens);
  return { cst, tokens, comments, lexErrors: errors, parseErrors };
}

export function serializedGrammar() {
  return parser.getSerializedGastProductions();
}
