/**
 * The editor-agnostic façade: every feature as `(text, …) → data`. The CLI
 * and the language server call only this (and src/index.ts re-exports it).
 */
export { parse } from '../ast/build.js';
export { readServerBlocks, groupByName } from '../ast/read.js';
export { lint, lintFix, lintRules, LintCache, type LintOptions } from './lint.js';
export { CONFIG_FILE_NAMES, parseConfig, type LintConfig } from '../check/config.js';
// Formatting: whole text, edits, or only what intersects a range (never changes what CoreDNS reads).
export { format, formatEdits, formatRange, type FormatOptions } from '../format/format.js';
// Editor features (the language server adapts these to LSP).
export { hover } from './hover.js';
export { complete } from './complete.js';
export { symbols } from './symbols.js';
export { folding } from './folding.js';
export { selectionRanges } from './selection.js';
export { links } from './links.js';
export { definition } from './definition.js';
export { prepareRename, rename } from './rename.js';
export { semanticTokens, type SemanticTokenOptions } from './semantic-tokens.js';
export { inlayHints, type InlayHintOptions } from './inlay-hints.js';
export { codeActions, fixAll } from './code-actions.js';
export { docsUrlAt, COREFILE_MANUAL_URL, PLUGINS_URL } from './docs-link.js';
export { knownPlugins, pluginLookup, type PluginCatalog, type ExternalPluginDecl } from './plugins.js';
export * from './editor-types.js';
// Query preview: what CoreDNS would answer, offline, with the trace (src/preview).
export { preview, type PreviewQuery, type PreviewOptions, type PreviewResult, type PreviewTrace } from '../preview/index.js';
// The dig-like text `corefile preview` prints, for editors that show a preview as text.
export { renderText as renderPreviewText } from '../preview/render.js';
