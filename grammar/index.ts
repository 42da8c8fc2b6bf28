export { lex, parseCst, parseTokens, type CstResult } from './parser.js';
export { Arg, Comment, LBrace, Quoted, RBrace, Word, tokenText, unquote, wordText, isUnterminated } from './tokens.js';
export type { CstNode, IToken } from 'chevrotain';
