/**
 * coredns/coredns:plugin/acl: one rule per `acl` line, each a list of
 * policies matched on the query type and the client address (acl.go
 * ServeDNS, matchWithPolicies; setup.go parse).
 */
import { setRcode } from '../dns/message.js';
import { norm } from '../dns/names.js';
import { RCODE, typeFromName, typeName } from '../dns/rr.js';
import type { PluginModule, Request } from '../types.js';
import { dispenser, origins, zoneOf } from './common.js';
import { cidr, cidrContains, ip16 } from './netaddr.js';
import type { Cidr } from '../../catalog/zones.js';

type Action = 'allow' | 'block' | 'filter' | 'drop';

interface Policy {
  action: Action;
  /** undefined = every type. */
  types?: Set<number>;
  /** undefined = every address. */
  nets?: Cidr[];
  text: string;
}

interface Rule {
  zones: string[];
  policies: Policy[];
}

/** EDE info codes (RFC 8914). */
const EDE_BLOCKED = 15;
const EDE_FILTERED = 17;

function ede(code: number): { code: number; data: Uint8Array } {
  return { code: 15, data: Uint8Array.from([code >> 8, code & 0xff]) };
}

/** setup.go normalize: a bare address is a host network. */
function normalizeNet(s: string): string {
  if (s.includes('/')) return s;
  return s.includes(':') ? `${s}/128` : `${s}/32`;
}

function parse(ctx: Parameters<PluginModule['setup']>[0]): Rule[] | { error: string } {
  const rules: Rule[] = [];
  const d = dispenser(ctx.tokens);
  while (d.next()) {
    const rule: Rule = { zones: origins(d.remainingArgs(), ctx.keys), policies: [] };
    while (d.nextBlock()) {
      const action = d.val().toLowerCase();
      if (action !== 'allow' && action !== 'block' && action !== 'filter' && action !== 'drop') {
        return { error: `unexpected token "${d.val()}"; expect 'allow', 'block', 'filter' or 'drop'` };
      }
      const p: Policy = { action, text: '' };
      let rest = d.remainingArgs();
      p.text = [action, ...rest].join(' ');
      const reserved = (t: string) => ['type', 'net'].includes(t.toLowerCase());
      while (rest.length > 0) {
        if (!reserved(rest[0])) return { error: `unexpected token "${rest[0]}"; expect 'type | net'` };
        const section = rest[0].toLowerCase();
        let i = 1;
        const toks: string[] = [];
        for (; i < rest.length && !reserved(rest[i]); i++) toks.push(rest[i]);
        rest = rest.slice(i);
        if (toks.length === 0) return { error: `no token specified in "${section}" section` };
        if (section === 'type') {
          p.types ??= new Set();
          for (const t of toks) {
            if (t === '*') {
              p.types = undefined;
              break;
            }
            // dns.StringToType is case-sensitive here.
            const n = t === t.toUpperCase() ? typeFromName(t) : undefined;
            if (n === undefined) return { error: `unexpected token "${t}"; expect legal QTYPE` };
            p.types.add(n);
          }
          // `type *` anywhere makes the policy match every type (TypeNone in the set).
          if (toks.includes('*')) p.types = undefined;
        } else {
          p.nets ??= [];
          for (const t of toks) {
            if (t === '*') {
              p.nets = undefined;
              break;
            }
            const c = cidr(normalizeNet(t));
            if (!c) return { error: `illegal CIDR notation "${normalizeNet(t)}"` };
            p.nets.push(c);
          }
        }
      }
      rule.policies.push(p);
    }
    rules.push(rule);
  }
  return rules;
}

function matchPolicies(policies: Policy[], req: Request): Policy | 'unparsable' | undefined {
  let ip = req.arrival.clientIP;
  const pct = ip.indexOf('%');
  if (pct >= 0) ip = ip.slice(0, pct);
  if (!ip16(ip)) return 'unparsable';
  const qtype = req.msg.question[0].type;
  for (const p of policies) {
    if (p.types && !p.types.has(qtype)) continue;
    if (p.nets && !p.nets.some((n) => cidrContains(n, ip))) continue;
    return p;
  }
  return undefined;
}

export const acl: PluginModule = {
  name: 'acl',
  setup(ctx) {
    const rules = parse(ctx);
    if ('error' in rules) return { error: rules.error };
    return {
      handlers: [
        {
          name: 'acl',
          serve(req, w, next) {
            const name = norm(req.msg.question[0].name);
            const who = `client ${req.arrival.clientIP}, type ${typeName(req.msg.question[0].type)}`;
            for (const rule of rules) {
              const zone = zoneOf(rule.zones, name);
              if (!zone) continue;
              const m = matchPolicies(rule.policies, req);
              if (m === undefined) continue;
              const action: Action = m === 'unparsable' ? 'block' : m.action;
              const why = m === 'unparsable' ? `the client address ${req.arrival.clientIP} does not parse` : `"${m.text}" matches ${who}`;
              if (action === 'allow') {
                req.trace.step('acl', 'pass', `${why}: allowed; later acl rules are not checked`);
                break;
              }
              if (action === 'drop') {
                req.facts.dropped = 'acl drop: no reply is sent and the client times out';
                req.trace.step('acl', 'answer', `${why}: dropped; no reply is sent`);
                return RCODE.NOERROR;
              }
              const m2 = setRcode(req.msg, action === 'block' ? RCODE.REFUSED : RCODE.NOERROR);
              m2.opt = { udpSize: 4096, extRcode: 0, version: 0, do: true, z: 0, options: [ede(action === 'block' ? EDE_BLOCKED : EDE_FILTERED)] };
              req.trace.step('acl', 'answer', `${why}: ${action === 'block' ? 'REFUSED with EDE 15 (Blocked)' : 'empty NOERROR with EDE 17 (Filtered)'}`);
              w.write(m2);
              return RCODE.NOERROR;
            }
            if (req.trace.on) req.trace.step('acl', 'pass', `no acl policy matches ${who}; passed on`);
            return next(req, w);
          },
        },
      ],
    };
  },
};
