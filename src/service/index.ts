/**
 * The editor-agnostic façade: every feature as `(text, …) → data`. The CLI
 * and the language server call only this (and src/index.ts re-exports it).
 */
export { parse } from '../ast/build.js';
export { readServerBlocks, groupByName } from '../ast/read.js';
