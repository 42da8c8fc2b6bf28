import type { Diagnostic, Edit, File, Span } from '../ast/nodes.js';
import type { FileSystem } from '../ast/fs.js';
import type { PluginSpec } from '../catalog/types.js';

/**
 * Plain data types of the editor features (hover, completion, symbols …).
 * They are editor-neutral: offsets into the text, markdown strings, our own
 * kind names. Only server/src/convert.ts maps them to LSP.
 */

/** Where plugin facts come from: the built-in catalog plus any external plugins the user declared. */
export interface PluginLookup {
  get(name: string): PluginSpec | undefined;
  all(): readonly PluginSpec[];
}

/** Options every editor feature accepts. */
export interface FeatureOptions {
  /**
   * The AST of exactly this text, when the caller already has it. The
   * language server keeps one per document version so that a completion
   * request right after a diagnostics pass does not parse again.
   */
  ast?: File;
}

/** Options of the features that need plugin facts. */
export interface CatalogOptions extends FeatureOptions {
  plugins: PluginLookup;
  /** The CoreDNS release targeted, `X.Y.Z`; default the newest the catalog describes. */
  corednsVersion?: string;
}

/** Options of the features that follow `import` to other files. */
export interface ImportOptions extends FeatureOptions {
  /** Absolute path of this Corefile; relative imports resolve against its folder. */
  path?: string;
  /** File access for globs; without it, only plain paths are linked. */
  fs?: FileSystem;
}

export interface HoverInfo {
  /** Markdown. */
  markdown: string;
  /** The word the hover is about. */
  span: Span;
}

export type CandidateKind = 'directive' | 'option' | 'value' | 'snippet' | 'keyword';

export interface CompletionCandidate {
  label: string;
  kind: CandidateKind;
  /** One line shown next to the label. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text to insert instead of the label. */
  insertText?: string;
  /** `insertText` uses `$1`/`${1:name}`/`$0` tab stops (TextMate snippet syntax). */
  snippet?: boolean;
  /** The text the candidate replaces (the word being typed, possibly empty). */
  span: Span;
  deprecated?: boolean;
  /** Ordering key; candidates without one sort by label. */
  sortText?: string;
}

export type SymbolKind = 'server' | 'snippet' | 'directive' | 'option' | 'import';

export interface SymbolInfo {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole construct, block included. */
  span: Span;
  /** The part to reveal and highlight: the key or name. */
  selectionSpan: Span;
  children: SymbolInfo[];
  deprecated?: boolean;
}

export interface FoldingInfo {
  /** From the line of `start` to the line of `end`, both folded away but the first. */
  span: Span;
  kind: 'region' | 'comment';
}

/** A place to go: in this document (no `path`) or in another file. */
export interface TargetInfo {
  path?: string;
  /** Undefined: the whole file. */
  span?: Span;
}

export interface LinkInfo {
  span: Span;
  target: TargetInfo;
  tooltip?: string;
}

export interface RenameRange {
  /** The text that a rename replaces. */
  span: Span;
  placeholder: string;
}

export type RenameResult = { edits: Edit[] } | { error: string };

export const SEMANTIC_TOKEN_TYPES = [
  'namespace', 'function', 'property', 'parameter', 'string', 'number', 'variable', 'comment', 'keyword', 'macro',
] as const;
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];

export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'deprecated', 'defaultLibrary'] as const;
export type SemanticTokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

export interface SemanticToken {
  span: Span;
  type: SemanticTokenType;
  modifiers: SemanticTokenModifier[];
}

export interface InlayHintInfo {
  /** Shown just before this offset. */
  offset: number;
  label: string;
  /** Markdown. */
  tooltip?: string;
}

export interface CodeActionInfo {
  title: string;
  kind: 'quickfix' | 'source.fixAll';
  edits: Edit[];
  /** The finding it fixes, for quick fixes. */
  diagnostic?: Diagnostic;
  preferred?: boolean;
}
