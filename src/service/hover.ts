import { parse } from '../ast/build.js';
import type { File, ServerBlock, Word } from '../ast/nodes.js';
import { getPlugin, removedDirective } from '../catalog/index.js';
import { pluginPosition, PLUGIN_ORDER } from '../catalog/order.js';
import { normalizeName, splitTransport, TRANSPORT_PORT, zoneSplitHostPort } from '../catalog/values.js';
import { locate, snippetsByName } from './cursor.js';
import { optionDocs, pluginDocs, regionAround } from './complete.js';
import type { CatalogOptions, HoverInfo } from './editor-types.js';

/**
 * Hover at `offset`: plugin facts on a directive, option facts on an
 * option, and on a server block key the zone, port and transport CoreDNS
 * serves for it.
 */
export function hover(text: string, offset: number, options: CatalogOptions): HoverInfo | undefined {
  if (!options.ast) {
    // Inside a block, the block alone says what a word is (except for snippet imports, which the whole file answers).
    const region = regionAround(text, offset);
    const file = region && parse(region.text).value;
    if (region && file && file.body.filter((i) => i.type !== 'Comment').length === 1) {
      const cur = locate(file, region.text, offset - region.start);
      if (cur.role !== 'import-arg') {
        const h = hoverAt(file, region.text, offset - region.start, options);
        return h && { markdown: h.markdown, span: { start: h.span.start + region.start, end: h.span.end + region.start } };
      }
    }
  }
  return hoverAt(options.ast ?? parse(text).value, text, offset, options);
}

function hoverAt(file: File, text: string, offset: number, options: CatalogOptions): HoverInfo | undefined {
  const cur = locate(file, text, offset);
  const word = cur.word;
  if (!word) return undefined;
  const span = { start: word.start, end: word.end };
  switch (cur.role) {
    case 'key':
      if (cur.top?.type === 'ServerBlock') return { markdown: keyDocs(word, cur.top), span };
      if (cur.top?.type === 'Snippet') return { markdown: `Snippet \`${cur.top.name}\`: spliced in where \`import ${cur.top.name}\` stands.`, span };
      return undefined;
    case 'name': {
      const spec = options.plugins.get(cur.chain[0].name.text);
      if (cur.chain.length === 1) {
        if (!spec) return unknownDirective(word.text, span);
        const pos = pluginPosition(spec.name);
        const order = pos ? `\n\nRuns at position ${pos} of ${PLUGIN_ORDER.length} in plugin.cfg.` : '';
        return { markdown: `**${spec.name}**\n\n${pluginDocs(spec)}${order}`, span };
      }
      const opt = spec?.options.find((o) => o.name === word.text);
      if (!spec || !opt) return undefined;
      return { markdown: `**${spec.name}** › **${opt.name}**\n\n${optionDocs(spec, opt)}`, span };
    }
    case 'arg': {
      const spec = options.plugins.get(cur.chain[0].name.text);
      if (!spec) return undefined;
      const items = cur.chain.length === 1 ? spec.args.items : spec.options.find((o) => o.name === cur.chain[cur.chain.length - 1].name.text)?.args.items;
      if (!items?.length) return undefined;
      const i = cur.argIndex ?? 0;
      const arg = i < items.length ? items[i] : items[items.length - 1].repeatable ? items[items.length - 1] : undefined;
      if (!arg) return undefined;
      const values = arg.values?.length ? `\n\nOne of: ${arg.values.map((v) => `\`${v}\``).join(', ')}` : '';
      return { markdown: `\`${arg.name}\` (${arg.type})${arg.description ? `: ${arg.description}` : ''}${values}`, span };
    }
    case 'import-arg': {
      const snip = snippetsByName(file).get(word.text);
      if (snip) return { markdown: `Imports snippet \`(${snip.name})\` (line ${snip.line}).`, span };
      return { markdown: `Imports the files matching \`${word.text}\`, relative to this Corefile's folder.`, span };
    }
    case 'import':
      return { markdown: '**import** `PATTERN`\n\nSplices in a snippet by name, or the files matching a glob pattern, where it stands.', span };
    default:
      return undefined;
  }
}

/** A directive the configuration does not know: one CoreDNS dropped, or an out-of-tree plugin not declared. */
function unknownDirective(name: string, span: { start: number; end: number }): HoverInfo | undefined {
  const removed = removedDirective(name);
  if (removed) {
    return { markdown: `**${name}**\n\n**Removed** from CoreDNS in ${removed.since}${removed.replacement ? `: use \`${removed.replacement}\`` : ''}. CoreDNS no longer starts with it.`, span };
  }
  const external = getPlugin(name, { includeExternal: true });
  if (external) {
    return { markdown: `**${name}**\n\n${pluginDocs(external)}\n\nAn external plugin: not in a stock CoreDNS build. If yours includes it, declare it in \`externalPlugins\`.`, span };
  }
  return undefined;
}

/** What a server block key means to CoreDNS: transport, zone(s) and port. */
function keyDocs(key: Word, block: ServerBlock): string {
  const text = key.text.endsWith(',') ? key.text.slice(0, -1) : key.text;
  const { transport, addr } = splitTransport(text);
  if (transport === 'unix') return `Listens on the Unix socket \`${addr}\`.`;
  const r = zoneSplitHostPort(addr);
  if (!r.ok) return `Not a valid server block key: ${r.error}`;
  const port = r.value.port || TRANSPORT_PORT[transport];
  const portNote = r.value.port ? '' : transport === 'dns' ? ' (the default, which `coredns -dns.port` changes)' : ' (the default)';
  const zones = r.value.hosts.map(normalizeName);
  const zoneText = zones.length === 1 ? `zone \`${zones[0]}\`` : `zones ${zones.map((z) => `\`${z}\``).join(', ')}`;
  const others = block.keys.length > 1 ? `\n\nThis block serves ${block.keys.length} keys.` : '';
  return `Serves ${zoneText} over **${transportName(transport)}** on port **${port}**${portNote}.${others}`;
}

function transportName(t: string): string {
  switch (t) {
    case 'dns':
      return 'DNS (UDP and TCP)';
    case 'tls':
      return 'DNS over TLS';
    case 'quic':
      return 'DNS over QUIC';
    case 'grpc':
      return 'DNS over gRPC';
    case 'https':
      return 'DNS over HTTPS';
    case 'https3':
      return 'DNS over HTTP/3';
    default:
      return t;
  }
}
