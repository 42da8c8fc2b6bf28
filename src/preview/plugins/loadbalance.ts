import { withSections } from '../dns/message.js';
import { T, type RR } from '../dns/rr.js';
import type { PluginModule } from '../types.js';
import { dispenser } from './common.js';

/**
 * coredns/coredns:plugin/loadbalance round_robin: CNAMEs first, then other
 * types, then addresses, then MX. CoreDNS shuffles the addresses and MX
 * records on every reply; the preview keeps their order and says so.
 */
export function roundRobinOrder(rrs: RR[]): RR[] {
  if (rrs.length <= 1) return rrs;
  const t0 = rrs[0].type;
  if ((t0 === T.A || t0 === T.AAAA) && rrs.every((r) => r.type === t0)) return rrs;
  const cname: RR[] = [];
  const addr: RR[] = [];
  const mx: RR[] = [];
  const rest: RR[] = [];
  for (const r of rrs) {
    if (r.type === T.CNAME) cname.push(r);
    else if (r.type === T.A || r.type === T.AAAA) addr.push(r);
    else if (r.type === T.MX) mx.push(r);
    else rest.push(r);
  }
  return [...cname, ...rest, ...addr, ...mx];
}

/** More than one address or MX record: CoreDNS would shuffle them. */
function shufflable(rrs: RR[]): boolean {
  let n = 0;
  for (const r of rrs) if ((r.type === T.A || r.type === T.AAAA || r.type === T.MX) && ++n > 1) return true;
  return false;
}

export const loadbalance: PluginModule = {
  name: 'loadbalance',
  setup(ctx) {
    const d = dispenser(ctx.tokens);
    let policy = 'round_robin';
    while (d.next()) {
      const a = d.remainingArgs();
      if (a[0]) policy = a[0];
    }
    return {
      handlers: [
        {
          name: 'loadbalance',
          serve(req, w, next) {
            if (req.trace.on) req.trace.step('loadbalance', 'passive', `${policy}: reorders records of the reply`);
            return next(req, {
              write(m) {
                const qt = m.question[0]?.type;
                if (m.rcode !== 0 || qt === T.AXFR || qt === T.IXFR) return w.write(m);
                const n = withSections(m, roundRobinOrder(m.answer), roundRobinOrder(m.ns), roundRobinOrder(m.extra));
                if (req.trace.on && [m.answer, m.ns, m.extra].some(shufflable)) req.facts.approximate.push(policy === 'round_robin' ? 'loadbalance shuffles address and MX records on every reply; order shown is one of them' : `loadbalance ${policy} picks addresses at random per reply; order shown is not the one CoreDNS would pick`);
                w.write(n);
              },
            });
          },
        },
      ],
    };
  },
};
