import { withSections, withTTL } from '../dns/message.js';
import { matchZone } from '../dns/names.js';
import { typify } from '../dns/response.js';
import { T, type RR } from '../dns/rr.js';
import type { PluginModule } from '../types.js';
import { dispenser, origins } from './common.js';

interface CacheConfig {
  zones: string[];
  pttl: number;
  minpttl: number;
  nttl: number;
  minnttl: number;
  failttl: number;
  inactive: string[];
}

function seconds(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(s);
  if (!m) return undefined;
  const v = Number(m[1]);
  return Math.floor(m[2] === 'ms' ? v / 1000 : m[2] === 's' ? v : m[2] === 'm' ? v * 60 : v * 3600);
}

/**
 * coredns/coredns:plugin/cache. Every preview query is a cache miss, but a
 * miss already changes the reply (cache.go ResponseWriter.WriteMsg): all TTLs
 * become one clamped value and the OPT record is removed (the server then
 * mirrors the client's again).
 */
export const cache: PluginModule = {
  name: 'cache',
  setup(ctx) {
    const c: CacheConfig = { zones: [], pttl: 3600, minpttl: 5, nttl: 1800, minnttl: 5, failttl: 5, inactive: [] };
    const d = dispenser(ctx.tokens);
    while (d.next()) {
      const args = d.remainingArgs();
      if (args.length > 0 && /^\d+$/.test(args[0])) {
        const n = Number(args.shift());
        c.pttl = n;
        c.nttl = n;
      }
      c.zones = origins(args, ctx.keys);
      while (d.nextBlock()) {
        const opt = d.val();
        const a = d.remainingArgs();
        if (opt === 'success' || opt === 'denial') {
          const ttl = seconds(a[1]);
          const min = seconds(a[2]);
          if (opt === 'success') {
            if (ttl !== undefined) c.pttl = ttl;
            if (min !== undefined) c.minpttl = min;
          } else {
            if (ttl !== undefined) c.nttl = ttl;
            if (min !== undefined) c.minnttl = min;
          }
        } else if (opt === 'servfail') {
          const s = seconds(a[0]);
          if (s !== undefined) c.failttl = Math.min(s, 300);
        } else if (opt === 'prefetch' || opt === 'serve_stale' || opt === 'keepttl' || opt === 'disable') {
          c.inactive.push(opt === 'disable' ? `disable ${a.join(' ')}` : opt);
        }
      }
    }
    return {
      handlers: [
        {
          name: 'cache',
          serve(req, w, next) {
            const name = req.msg.question[0].name;
            if (!matchZone(c.zones, name)) {
              if (req.trace.on) req.trace.step('cache', 'pass', 'name outside the cache zones; passed on');
              return next(req, w);
            }
            const reqDo = req.msg.opt?.do ?? false;
            const reqAd = req.msg.ad;
            if (req.trace.on) req.trace.step('cache', 'note', `miss (every preview query is one)${c.inactive.length ? `; no effect on this reply: ${c.inactive.join(', ')}` : ''}`);
            return next(req, {
              write(m) {
                const mt = typify(m);
                let ttl: number;
                if (mt === 'NameError' || mt === 'NoData') ttl = Math.min(Math.max(minimalTTL(m.answer, m.ns, m.extra, c.nttl), c.minnttl), c.nttl);
                else if (mt === 'ServerError') ttl = c.failttl;
                else if (mt === 'NoError') ttl = Math.min(Math.max(minimalTTL(m.answer, m.ns, m.extra, c.pttl), c.minpttl), c.pttl);
                else ttl = Math.min(Math.max(5, c.minpttl), c.pttl);
                const set = (rrs: RR[]) => {
                  const out: RR[] = [];
                  for (const r of rrs) if (r.type !== T.OPT) out.push(withTTL(r, ttl));
                  return out;
                };
                const out = withSections(m, set(m.answer), set(m.ns), set(m.extra), undefined);
                if (!reqDo && !reqAd) out.ad = false;
                if (req.trace.on) req.trace.step('cache', 'modify', `${mt} reply: every TTL set to ${ttl}`);
                w.write(out);
              },
            });
          },
        },
      ],
    };
  },
};

/** dnsutil.MinimalTTLWithMaximum for the types it inspects. */
function minimalTTL(answer: RR[], ns: RR[], extra: RR[], max: number): number {
  if (answer.length + ns.length === 0 && extra.length === 0) return 5;
  let min = max;
  for (const r of answer) if (r.ttl < min) min = r.ttl;
  for (const r of ns) if (r.ttl < min) min = r.ttl;
  for (const r of extra) if (r.type !== T.OPT && r.ttl < min) min = r.ttl;
  return min;
}
