/**
 * The Corefile AST: the contract between the grammar and every consumer
 * (checker, formatter, preview, language server).
 *
 * Every node carries half-open UTF-16 offsets `[start, end)` into its file's
 * text and the 1-based line/column of both ends (end is exclusive).
 */
export interface NodeBase {
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** 1-based column of `start`. */
  column: number;
  /** 1-based line of `end`. */
  endLine: number;
  /** 1-based column of `end` (exclusive). */
  endColumn: number;
}

/**
 * What every token of the tree has: it is one object with the lexer's token
 * (grammar/token.ts), so its end is derived from its start and its text.
 */
export interface TokenBase extends NodeBase {
  readonly end: number;
  readonly endLine: number;
  readonly endColumn: number;
  /**
   * Always '': the AST describes one file. With `text`, `line`, `start` and
   * `end` it lets the token stand as the reader's `CoreToken`: the lexer's
   * tokens are the tree's, and what `readServerBlocks` reads (lint hands it
   * the same tokens as a `TokenTable`).
   */
  readonly file: string;
}

/** A token that carries text: a key, a directive name or an argument. */
export interface Word extends TokenBase {
  type: 'Word';
  /** Exactly as written: quotes, escapes, placeholders, a glued `#…` and `\r` kept. */
  raw: string;
  /** What CoreDNS's lexer reads: quotes removed, `\"` unescaped. Placeholders are *not* substituted. */
  text: string;
  /** Written in double quotes. */
  readonly quoted: boolean;
}

/** A structural `{` or `}`. */
export interface Punct extends TokenBase {
  type: 'Punct';
  raw: string;
  readonly value: '{' | '}';
  /** The same as `value`: with `file`, the brace stands as the reader's `CoreToken`. */
  text: '{' | '}';
}

/** A `#` comment, to the end of its line. */
export interface Comment extends NodeBase {
  type: 'Comment';
  raw: string;
  /** The text after `#`, without a trailing `\r`. */
  text: string;
  /** On the same line as a token before it (an end-of-line comment). */
  trailing: boolean;
  /** At least one blank line separates it from what precedes it. */
  blankBefore: boolean;
}

/** `import PATTERN`: a snippet, file or glob spliced in where it stands. */
export interface Import extends NodeBase {
  type: 'Import';
  keyword: Word;
  args: Word[];
  blankBefore: boolean;
}

/** A `{ … }` group inside a directive (plugin options). */
export interface Block extends NodeBase {
  type: 'Block';
  open: Punct;
  /** Missing when the file ends inside the block. */
  close?: Punct;
  body: BodyItem[];
}

/**
 * A directive line in a server block (depth 0) or an option line inside a
 * directive's block (depth ≥ 1): its name, the words on its line, and any
 * block that follows it.
 */
export interface Directive extends NodeBase {
  type: 'Directive';
  // Derived from the name and the last part.
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  name: Word;
  /** The words after the name, up to its first block. */
  args: Word[];
  /** The first `{ … }` after the name, which may start on the next line. */
  block?: Block;
  /** Words and blocks after the first block on its closing line (rare; when none, a shared array). */
  readonly rest: ReadonlyArray<Word | Block>;
  depth: number;
  blankBefore: boolean;
}

export type BodyItem = Directive | Import | Comment;

/** A server block: zone keys and the directives that serve them. */
export interface ServerBlock extends NodeBase {
  type: 'ServerBlock';
  keys: Word[];
  /** Missing for a brace-less block, which runs to EOF or a `}`. */
  open?: Punct;
  close?: Punct;
  body: BodyItem[];
  blankBefore: boolean;
}

/** `(name) { … }`: tokens that `import name` splices in. */
export interface Snippet extends NodeBase {
  type: 'Snippet';
  name: string;
  key: Word;
  open?: Punct;
  close?: Punct;
  body: BodyItem[];
  blankBefore: boolean;
}

export type TopItem = ServerBlock | Snippet | Import | Comment;

export interface File extends NodeBase {
  type: 'File';
  body: TopItem[];
  /** Every comment of the file, in order (also placed in the bodies above). */
  comments: Comment[];
  /** Every token of the file, in order (keys, names, arguments and braces). */
  tokens: Array<Word | Punct>;
}

export type Node = File | ServerBlock | Snippet | Import | Directive | Block | Word | Punct | Comment;

/** Severity of a diagnostic, as in LSP and ESLint. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A half-open range of offsets in one file. */
export interface Span {
  start: number;
  end: number;
}

/** A finding about a Corefile, positioned by offsets in `file`. */
export interface Diagnostic {
  /** `syntax/lex`, `syntax/parse`, `syntax/import` or a lint rule id. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  /** The file the span is in; undefined for the file being checked. */
  file?: string;
  /** Text edits that fix the finding. */
  fix?: Edit[];
  /** Suggestions that are not safe to apply automatically. */
  suggestions?: Array<{ message: string; edits: Edit[] }>;
}

/** Replace `span` of the file with `text`. */
export interface Edit {
  span: Span;
  text: string;
}

/** The result of every stage: a value and what was found on the way. Nothing throws. */
export interface Result<T> {
  value: T;
  diagnostics: Diagnostic[];
}
