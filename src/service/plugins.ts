import { allPlugins, getPlugin } from '../catalog/index.js';
import { pluginPosition, PLUGIN_ORDER } from '../catalog/order.js';
import type { PluginSpec } from '../catalog/types.js';
import type { PluginLookup } from './editor-types.js';

/** The catalog functions the editor features read. */
export interface PluginCatalog {
  getPlugin(name: string, opts?: { includeExternal?: boolean }): PluginSpec | undefined;
  allPlugins(): readonly PluginSpec[];
}

/** A plugin compiled into the user's CoreDNS build, as the configuration declares it. */
export interface ExternalPluginDecl {
  name: string;
  /** Runs right after this plugin in plugin.cfg order. */
  after?: string;
  /** 1-based position in plugin.cfg order (fractional values sit between two plugins). */
  position?: number;
}

/**
 * The plugins the editor features know: the catalog's, plus external ones
 * from the configuration. An external plugin knows only its name and
 * order, which is all a Corefile can tell about it.
 */
export function pluginLookup(catalog: PluginCatalog, externals: readonly ExternalPluginDecl[] = []): PluginLookup {
  const extra = new Map<string, PluginSpec>();
  for (const e of externals) {
    if (catalog.getPlugin(e.name) || extra.has(e.name)) continue;
    const after = e.after ? pluginPosition(e.after) : undefined;
    // Between its predecessor and the next built-in plugin; after all of them when no place is given.
    const order = e.position ?? (after !== undefined ? after + 0.5 : PLUGIN_ORDER.length + 1);
    // Out-of-tree plugins the catalog describes (alternate, …) keep its facts; the configuration only declares them.
    const known = catalog.getPlugin(e.name, { includeExternal: true });
    if (known) {
      extra.set(e.name, { ...known, order, external: true });
      continue;
    }
    extra.set(e.name, {
      name: e.name,
      order,
      summary: `External plugin${e.after ? `, run after \`${e.after}\`` : ''} (declared in the configuration).`,
      docsUrl: '',
      syntax: [],
      args: { min: 0, max: null, items: [] },
      block: { allowed: true, required: false },
      options: [],
      multiple: 'allowed',
      external: true,
    });
  }
  const all = [...catalog.allPlugins(), ...extra.values()];
  return {
    get: (name) => catalog.getPlugin(name) ?? extra.get(name),
    all: () => all,
  };
}

/** The built-in catalog plus the external plugins of a configuration. */
export function knownPlugins(externals: readonly ExternalPluginDecl[] = []): PluginLookup {
  return pluginLookup({ getPlugin, allPlugins }, externals);
}
