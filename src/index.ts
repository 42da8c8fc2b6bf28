/**
 * Public API of the `corefile` package.
 */
export * from './service/index.js';
export type * from './ast/nodes.js';
/** Offset ↔ line/column conversion. */
export { LineIndex } from './ast/span.js';
/** File access injected into the core (imports). */
export { memoryFileSystem, emptyFileSystem, type FileSystem } from './ast/fs.js';
/** Environment placeholder substitution as CoreDNS does it. */
export { expandEnv, envReferences, type EnvLookup } from './ast/env.js';
/** CoreDNS's plugin.cfg execution order. */
export { PLUGIN_ORDER, pluginPosition } from './catalog/order.js';
/** The plugin catalog (every CoreDNS 1.14.7 directive) and setup validation that follows each plugin's setup.go. */
export { allPlugins, externalPlugins, getPlugin, hasSetupValidator, removedDirective, validateSetup } from './catalog/index.js';
export type { ArgList, ArgSpec, OptionSpec, PluginSpec, SetupContext, SetupIssue } from './catalog/types.js';
