export { endLine, lex, parseSyntax, parseTokens, type SyntaxResult, type SynBlock, type SynDirective, type SynImport, type SynItem, type SynServerBlock, type SynTop } from './parser.js';
export { Arg, Comment, LBrace, Quoted, RBrace, Word, tokenText, unquote, wordText, isUnterminated } from './tokens.js';
export type { IToken } from 'chevrotain';
