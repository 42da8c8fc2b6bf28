import { parse } from '../ast/build.js';
import type { File } from '../ast/nodes.js';
import { regionAround } from './complete.js';
import { locate } from './cursor.js';
import type { CatalogOptions } from './editor-types.js';

/** CoreDNS's page about Corefile syntax: server blocks, keys, snippets, imports, environment variables. */
export const COREFILE_MANUAL_URL = 'https://coredns.io/manual/configuration/';
/** CoreDNS's list of plugins, for names it does not know. */
export const PLUGINS_URL = 'https://coredns.io/plugins/';

/**
 * The documentation page for a finding at `offset`: the CoreDNS page of the
 * plugin it is about (a directive, its arguments or its options), the
 * plugin list for an unknown directive, or the Corefile manual for
 * anything else (keys, braces, snippets, imports).
 */
export function docsUrlAt(text: string, offset: number, options: CatalogOptions): string {
  if (!options.ast) {
    // Most findings sit inside a block: parsing that block alone is enough, and far cheaper in a big file.
    const region = regionAround(text, offset);
    const file = region && parse(region.text).value;
    if (region && file && file.body.filter((i) => i.type !== 'Comment').length === 1) return urlFor(file, region.text, offset - region.start, options);
  }
  return urlFor(options.ast ?? parse(text).value, text, offset, options);
}

function urlFor(file: File, text: string, offset: number, options: CatalogOptions): string {
  const cur = locate(file, text, offset);
  const plugin = cur.chain[0];
  if (!plugin) return COREFILE_MANUAL_URL;
  return options.plugins.get(plugin.name.text)?.docsUrl || PLUGINS_URL;
}
