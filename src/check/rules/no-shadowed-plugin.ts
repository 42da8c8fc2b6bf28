import { hostNormalizeExact, isSubDomain } from '../../catalog/zones.js';
import type { ModelBlock, ModelDirective } from '../model.js';
import { defineRule } from '../rule.js';
import { optionsNamed } from '../util.js';

interface Answerer {
  d: ModelDirective;
  zones: string[];
  /** undefined: no fallthrough; [] : falls through for everything. */
  fallthrough?: string[];
  /** For template: the query type it answers; undefined means every type. */
  qtype?: string;
}

const zonesOf = (args: string[], b: ModelBlock) => {
  const z = args.flatMap((a) => hostNormalizeExact(a));
  return z.length ? z : b.addrs.map((a) => a.zone);
};

/**
 * Plugins that answer every name of their zones themselves unless told to
 * fall through, and how to read their zones (each plugin's README syntax).
 */
const ANSWERERS = new Set(['hosts', 'file', 'kubernetes', 'etcd', 'template']);

function answerer(d: ModelDirective, b: ModelBlock): Answerer | undefined {
  if (!ANSWERERS.has(d.name)) return undefined;
  const args = d.args.map((a) => a.text);
  const ft = optionsNamed(d, 'fallthrough');
  const fallthrough = ft.length ? ft.flatMap((o) => o.args.flatMap((a) => hostNormalizeExact(a.text))) : undefined;
  switch (d.name) {
    case 'hosts':
      return { d, zones: zonesOf(args.slice(1), b), fallthrough };
    case 'file':
      return { d, zones: zonesOf(args.slice(1), b), fallthrough };
    case 'kubernetes':
    case 'etcd':
      return { d, zones: zonesOf(args, b), fallthrough };
    case 'template': {
      // Without `match` lines the template's regex is `.*`: it answers every name it is asked about.
      if (args.length < 2 || optionsNamed(d, 'match').length > 0) return undefined;
      // A template that only sets an rcode (`template ANY AAAA { rcode NOERROR }`) is a deliberate filter.
      if (optionsNamed(d, 'answer').length === 0) return undefined;
      return { d, zones: zonesOf(args.slice(2), b), fallthrough, qtype: args[1] === 'ANY' ? undefined : args[1] };
    }
    default:
      return undefined;
  }
}

/** The names a later plugin is meant to handle. */
function targets(d: ModelDirective): string[] | undefined {
  if (d.name === 'forward' || d.name === 'grpc' || d.name === 'proxy') {
    const from = d.args[0]?.text;
    return from ? hostNormalizeExact(from) : undefined;
  }
  return undefined;
}

export default defineRule({
  id: 'no-shadowed-plugin',
  category: 'suspicious',
  severity: 'warning',
  description: 'A plugin that answers a zone without `fallthrough` hides a later plugin for those names.',
  docs:
    'Plugins run in plugin.cfg order, never in Corefile order. hosts, file, kubernetes and etcd answer every name ' +
    'of their zones themselves (NXDOMAIN when they do not know it) unless `fallthrough` passes those names on; a ' +
    'template without `match` answers every name of its type. So `hosts` in a `.` block without `fallthrough` ' +
    'makes a `forward .` in the same block dead: it never sees a query. Add `fallthrough` (optionally limited to ' +
    'zones), or narrow the first plugin\'s zones.',
  messages: {
    shadowed:
      "{target} {zone} never sees a query{forType}: {winner} (line {line}) runs first because plugins run in plugin.cfg order ({winner} is #{wpos}, {target} #{tpos}), whatever their order in the Corefile, and it answers every name under {covering} itself with no fallthrough. Add 'fallthrough' to {winner}, or narrow its zones.",
  },
  create(ctx) {
    const { model } = ctx;
    return {
      CoreBlock(b) {
        if (!b.byName.has('forward') && !b.byName.has('grpc') && !b.byName.has('proxy')) return;
        const answerers = b.directives.map((d) => answerer(d, b)).filter((a): a is Answerer => a !== undefined);
        if (answerers.length === 0) return;
        for (const d of b.directives) {
          const from = targets(d);
          if (!from || from.length === 0) continue;
          // Only names of this block's zones reach its plugins: `forward .` in an example.org block handles example.org.
          const t = [...new Set(from.flatMap((f) => b.addrs.map((a) => a.zone).flatMap((z) => (isSubDomain(f, z) ? [z] : isSubDomain(z, f) ? [f] : []))))];
          if (t.length === 0) continue;
          const tpos = model.position(d.name);
          if (tpos === undefined) continue;
          for (const a of answerers) {
            const wpos = model.position(a.d.name);
            if (wpos === undefined || wpos >= tpos) continue;
            // Fully hidden only when every target zone lies in a zone of the winner and no fallthrough zone touches it.
            const covering = t.map((z) => a.zones.find((p) => isSubDomain(p, z)));
            if (covering.some((c) => c === undefined)) continue;
            if (a.fallthrough && (a.fallthrough.length === 0 || t.some((z) => a.fallthrough!.some((f) => isSubDomain(f, z) || isSubDomain(z, f))))) continue;
            ctx.report({
              token: d.nameToken,
              messageId: 'shadowed',
              data: {
                target: d.name,
                zone: from.join(' '),
                forType: a.qtype ? ` of type ${a.qtype}` : '',
                winner: a.d.name,
                line: a.d.nameToken.line,
                wpos,
                tpos,
                covering: [...new Set(covering)].join(' '),
              },
            });
            break;
          }
        }
      },
    };
  },
});
