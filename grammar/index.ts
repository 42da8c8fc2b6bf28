export { lex, lexTable, parseSyntax, parseTokens, type SyntaxResult, type SynBlock, type SynDirective, type SynImport, type SynItem, type SynServerBlock, type SynTop } from './parser.js';
export { Token } from './token.js';
export { Arg, Comment, LBrace, Quoted, RBrace, Word, unquote, wordText, isUnterminated, standAsWord } from './tokens.js';
export { TokenTable } from './table.js';
