import type { PluginSpec } from '../src/catalog/types.js';
import { pluginLookup, type PluginLookup } from '../src/service/index.js';

/** Text with every `<|>` removed, and where each one was. */
export function markers(src: string): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let text = '';
  let rest = src;
  for (let i = rest.indexOf('<|>'); i !== -1; i = rest.indexOf('<|>')) {
    text += rest.slice(0, i);
    offsets.push(text.length);
    rest = rest.slice(i + 3);
  }
  return { text: text + rest, offsets };
}

/** Text with one `<|>`, and its offset. */
export function cursor(src: string): { text: string; offset: number } {
  const { text, offsets } = markers(src);
  if (offsets.length !== 1) throw new Error(`expected one <|> marker, found ${offsets.length}`);
  return { text, offset: offsets[0] };
}

/** `text` with each span wrapped in `[…]`, for readable expectations. */
export function showSpans(text: string, spans: Array<{ start: number; end: number }>): string {
  const marks = spans.flatMap((s) => [{ at: s.start, m: '[' }, { at: s.end, m: ']' }]).sort((a, b) => b.at - a.at || (a.m === '[' ? 1 : -1));
  let out = text;
  for (const { at, m } of marks) out = out.slice(0, at) + m + out.slice(at);
  return out;
}

function spec(p: Partial<PluginSpec> & { name: string }): PluginSpec {
  return {
    order: 1, summary: `${p.name} summary`, docsUrl: `https://coredns.io/plugins/${p.name}/`, syntax: [p.name],
    args: { min: 0, max: null, items: [] }, block: { allowed: false, required: false }, options: [], multiple: 'error', ...p,
  };
}

/**
 * A small catalog with the shapes the features read (enum arguments and
 * options, defaults, deprecations), so these tests do not move whenever the
 * real catalog's wording does.
 */
export const TEST_CATALOG = {
  plugins: [
    spec({
      name: 'forward',
      summary: 'Proxies DNS messages to upstream resolvers.',
      syntax: ['forward FROM TO... {', '    policy random|round_robin|sequential', '}'],
      args: { min: 2, max: null, items: [
        { name: 'FROM', type: 'zone', required: true, repeatable: false, description: 'the base domain to match' },
        { name: 'TO', type: 'upstream', required: true, repeatable: true, description: 'upstream resolvers' },
      ] },
      block: { allowed: true, required: false },
      options: [
        { name: 'policy', summary: 'How upstreams are picked.', syntax: 'policy random|round_robin|sequential', default: 'random',
          args: { min: 1, max: 1, items: [{ name: 'POLICY', type: 'enum', required: true, repeatable: false, description: 'selection policy', values: ['random', 'round_robin', 'sequential'] }] } },
        { name: 'max_fails', summary: 'Failures before an upstream is down.', syntax: 'max_fails INTEGER', default: '2', args: { min: 1, max: 1, items: [] } },
        { name: 'force_tcp', summary: 'Use TCP.', syntax: 'force_tcp', args: { min: 0, max: 0, items: [] } },
        { name: 'protocol', summary: 'Old option.', syntax: 'protocol', args: { min: 0, max: null, items: [] }, removed: { since: '1.4.0' } },
      ],
    }),
    spec({
      name: 'kubernetes',
      summary: 'Reads zone data from a Kubernetes cluster.',
      block: { allowed: true, required: false },
      options: [
        { name: 'pods', summary: 'How pod A records are answered.', syntax: 'pods insecure|verified|disabled', default: 'disabled',
          args: { min: 1, max: 1, items: [{ name: 'POD-MODE', type: 'enum', required: true, repeatable: false, description: 'pod mode', values: ['insecure', 'verified', 'disabled'] }] } },
        { name: 'resyncperiod', summary: 'Ignored.', syntax: 'resyncperiod DURATION', args: { min: 1, max: 1, items: [] }, deprecated: { since: '1.9.0', note: 'It has no effect' } },
      ],
    }),
    spec({ name: 'loadbalance', args: { min: 0, max: 1, items: [{ name: 'POLICY', type: 'enum', required: false, repeatable: false, description: 'how to shuffle', values: ['round_robin', 'weighted'] }] } }),
    spec({ name: 'cache', block: { allowed: true, required: false } }),
    spec({ name: 'log', multiple: 'allowed' }),
    spec({ name: 'errors' }),
    spec({ name: 'whoami', since: '1.2.0' }),
    spec({ name: 'proxy', summary: 'Old forwarder.', deprecated: { since: '1.4.0', replacement: 'forward' } }),
  ] as PluginSpec[],
  getPlugin(name: string) {
    return this.plugins.find((p) => p.name === name);
  },
  allPlugins() {
    return this.plugins;
  },
};

export const TEST_PLUGINS: PluginLookup = pluginLookup(TEST_CATALOG, [{ name: 'myplugin', after: 'log' }]);
