import { PLUGIN_ADDED } from './added.js';
import { SETUP_VALIDATORS } from './setup/index.js';
import { EXTERNAL_PLUGIN_SPECS, PLUGIN_SPECS, REMOVED_DIRECTIVES } from './specs.js';
import type { PluginSpec, RemovedDirective, SetupContext, SetupIssue } from './types.js';

// The generated specs with the release that added each plugin (`since`), where that is after 1.0.0.
const SPECS: readonly PluginSpec[] = PLUGIN_SPECS.map((p) => (PLUGIN_ADDED[p.name] ? { ...p, since: PLUGIN_ADDED[p.name] } : p));
const BY_NAME = new Map(SPECS.map((p) => [p.name, p]));
const EXTERNAL_BY_NAME = new Map(EXTERNAL_PLUGIN_SPECS.map((p) => [p.name, p]));
const REMOVED_BY_NAME = new Map(REMOVED_DIRECTIVES.map((r) => [r.name, r]));

/**
 * The catalog entry of a directive CoreDNS 1.14.7 knows. External plugins
 * (not in a stock build) are found only with `includeExternal`.
 */
export function getPlugin(name: string, opts: { includeExternal?: boolean } = {}): PluginSpec | undefined {
  return BY_NAME.get(name) ?? (opts.includeExternal ? EXTERNAL_BY_NAME.get(name) : undefined);
}

/** Every plugin.cfg directive, in plugin.cfg (execution) order. */
export function allPlugins(): readonly PluginSpec[] {
  return SPECS;
}

/** The out-of-tree plugins the catalog describes. */
export function externalPlugins(): readonly PluginSpec[] {
  return EXTERNAL_PLUGIN_SPECS;
}

/** A directive that CoreDNS has dropped, with its replacement. */
export function removedDirective(name: string): RemovedDirective | undefined {
  return REMOVED_BY_NAME.get(name);
}

/** Whether a setup validator exists for the directive. */
export function hasSetupValidator(name: string): boolean {
  return SETUP_VALIDATORS.has(name);
}

/**
 * Validate one server block's occurrences of a directive as the plugin's
 * setup.go would. Returns [] for a directive without a validator.
 */
export function validateSetup(name: string, ctx: SetupContext): SetupIssue[] {
  const validate = SETUP_VALIDATORS.get(name);
  return validate ? validate(ctx) : [];
}
