import { parse } from '../ast/build.js';
import type { Directive, Span } from '../ast/nodes.js';
import { pluginPosition, PLUGIN_ORDER } from '../catalog/order.js';
import { snippetsByName } from './cursor.js';
import type { FeatureOptions, InlayHintInfo, PluginLookup } from './editor-types.js';

export interface InlayHintOptions extends FeatureOptions {
  /** Only hints inside this span (the editor's visible range). */
  span?: Span;
  /** 'all' hints every plugin of a block; 'outOfOrder' only those whose run order differs from their place in the file. */
  pluginOrder?: 'all' | 'outOfOrder' | 'off';
  /** For where external plugins run (their declared place in plugin.cfg order). */
  plugins?: PluginLookup;
}

/**
 * After each directive of a server block, the position at which it runs:
 * CoreDNS orders a block's plugins by plugin.cfg, whatever their order in
 * the Corefile, which surprises people (`log` after `forward` still logs).
 * Plugins spliced in with `import snippet` take part in the ranking.
 */
export function inlayHints(text: string, options: InlayHintOptions = {}): InlayHintInfo[] {
  const mode = options.pluginOrder ?? 'all';
  if (mode === 'off') return [];
  const file = options.ast ?? parse(text).value;
  const snippets = snippetsByName(file);
  const out: InlayHintInfo[] = [];
  const position = (name: string): number | undefined => {
    const pos = pluginPosition(name);
    if (pos !== undefined) return pos;
    const spec = options.plugins?.get(name);
    return spec?.external && spec.order > 0 ? spec.order : undefined;
  };
  for (const block of file.body) {
    if (block.type !== 'ServerBlock') continue;
    if (options.span && (block.end < options.span.start || block.start > options.span.end)) continue;
    const own: Directive[] = block.body.filter((i): i is Directive => i.type === 'Directive');
    const names = new Set(own.map((d) => d.name.text));
    for (const imp of block.body) {
      if (imp.type !== 'Import' || imp.args.length !== 1) continue;
      for (const i of snippets.get(imp.args[0].text)?.body ?? []) if (i.type === 'Directive') names.add(i.name.text);
    }
    const ranked = [...names].filter((n) => position(n) !== undefined).sort((a, b) => position(a)! - position(b)!);
    if (ranked.length < 2) continue;
    const textual = [...new Set(own.map((d) => d.name.text))].filter((n) => position(n) !== undefined);
    const seen = new Set<string>();
    for (const d of own) {
      const name = d.name.text;
      const pos = position(name);
      // Repeats of a plugin are one plugin to CoreDNS: hint the first only.
      if (pos === undefined || seen.has(name)) continue;
      seen.add(name);
      const rank = ranked.indexOf(name) + 1;
      if (mode === 'outOfOrder' && textual.indexOf(name) + 1 === rank) continue;
      if (options.span && (d.name.end < options.span.start || d.name.end > options.span.end)) continue;
      out.push({
        offset: d.name.end,
        label: `#${rank}`,
        tooltip: `Runs ${ordinal(rank)} of ${ranked.length} plugins in this server block: CoreDNS orders plugins by plugin.cfg (${
          Number.isInteger(pos) ? `\`${name}\` is ${pos} of ${PLUGIN_ORDER.length}` : `\`${name}\` is external, declared at ${pos}`
        }), not by their place in the Corefile.`,
      });
    }
  }
  return out;
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}
