import { hostNormalizeExact, isSubDomain } from '../../catalog/zones.js';
import type { ModelBlock, ModelDirective } from '../model.js';
import { defineRule } from '../rule.js';
import { hasOption } from '../util.js';

interface Answerer {
  d: ModelDirective;
  zones: string[];
  /** undefined: no fallthrough; otherwise the zones it falls through for (never empty, see answerer). */
  fallthrough?: string[];
  /** For template: the query type it answers; undefined means every type. */
  qtype?: string;
}

/** dns.IsSubDomain, answering the common cases (the root, the same name) without splitting labels. */
const subDomain = (parent: string, child: string) => parent === '.' || parent === child || isSubDomain(parent, child);

/**
 * Plugins that answer every name of their zones themselves unless told to
 * fall through, and how to read their zones (each plugin's README syntax).
 */
const ANSWERERS = new Set(['hosts', 'file', 'kubernetes', 'etcd', 'template']);
const TARGETS = ['forward', 'grpc', 'proxy'];

type Normalize = (s: string) => string[];

function answerer(d: ModelDirective, b: ModelBlock, norm: Normalize): Answerer | undefined {
  const zonesFrom = (from: number) => {
    const z: string[] = [];
    for (let i = from; i < d.args.length; i++) z.push(...norm(d.args[i]!.text));
    return z.length ? z : b.addrs.map((a) => a.zone);
  };
  if (d.name === 'template') {
    // Without `match` lines the template's regex is `.*`: it answers every name it is asked about.
    if (d.args.length < 2 || hasOption(d, 'match')) return undefined;
    // A template that only sets an rcode (`template ANY AAAA { rcode NOERROR }`) is a deliberate filter.
    if (!hasOption(d, 'answer')) return undefined;
  }
  let fallthrough: string[] | undefined;
  for (let oi = 0; oi < d.options.length; oi++) {
    const o = d.options[oi]!;
    if (o.depth !== 1 || o.name.text !== 'fallthrough') continue;
    fallthrough ??= [];
    for (const a of o.args) fallthrough.push(...norm(a.text));
  }
  // `fallthrough` for every name (or only for names that are no zone at all): it hides nothing.
  if (fallthrough && fallthrough.length === 0) return undefined;
  switch (d.name) {
    case 'hosts':
    case 'file':
      return { d, zones: zonesFrom(1), fallthrough };
    case 'kubernetes':
    case 'etcd':
      return { d, zones: zonesFrom(0), fallthrough };
    case 'template': {
      const qtype = d.args[1]!.text;
      return { d, zones: zonesFrom(2), fallthrough, qtype: qtype === 'ANY' ? undefined : qtype };
    }
    default:
      return undefined;
  }
}

export default defineRule({
  id: 'no-shadowed-plugin',
  category: 'suspicious',
  severity: 'warning',
  scope: 'block',
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
    // plugin.Host(…).NormalizeExact() of the same words (`.`, the block's zones) again and again.
    const normalized = new Map<string, string[]>();
    const norm: Normalize = (s) => {
      let z = normalized.get(s);
      if (z === undefined) normalized.set(s, (z = hostNormalizeExact(s)));
      return z;
    };
    return {
      CoreBlock(b) {
        if (!b.byName.has('forward') && !b.byName.has('grpc') && !b.byName.has('proxy')) return;
        let answerers: Answerer[] | undefined;
        for (let di = 0; di < b.directives.length; di++) {
          const d = b.directives[di]!;
          if (!ANSWERERS.has(d.name)) continue;
          const a = answerer(d, b, norm);
          if (a) (answerers ??= []).push(a);
        }
        if (!answerers) return;
        for (let di = 0; di < b.directives.length; di++) {
          const d = b.directives[di]!;
          // The names a later plugin is meant to handle.
          if (!TARGETS.includes(d.name)) continue;
          const first = d.args[0]?.text;
          const from = first ? norm(first) : undefined;
          if (!from || from.length === 0) continue;
          // Only names of this block's zones reach its plugins: `forward .` in an example.org block handles example.org.
          const targets = new Set<string>();
          for (const f of from)
            for (const { zone: z } of b.addrs) {
              if (subDomain(f, z)) targets.add(z);
              else if (subDomain(z, f)) targets.add(f);
            }
          if (targets.size === 0) continue;
          const t = [...targets];
          const tpos = model.position(d.name);
          if (tpos === undefined) continue;
          for (const a of answerers) {
            const wpos = model.position(a.d.name);
            if (wpos === undefined || wpos >= tpos) continue;
            if (a.fallthrough && t.some((z) => a.fallthrough!.some((f) => subDomain(f, z) || subDomain(z, f)))) continue;
            // Fully hidden only when every target zone lies in a zone of the winner and no fallthrough zone touches it.
            const covering = t.map((z) => a.zones.find((p) => subDomain(p, z)));
            if (covering.some((c) => c === undefined)) continue;
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
