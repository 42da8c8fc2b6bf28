import type { CoreToken } from '../../ast/read.js';
import { goSplitHostPort } from '../../catalog/zones.js';
import { defineRule } from '../rule.js';

/** HTTP endpoints plugins open, with their default addresses (each plugin's setup.go). */
const ENDPOINTS: Record<string, string> = { health: ':8080', ready: ':8181', prometheus: 'localhost:9153', pprof: 'localhost:6053' };

const WILDCARD = new Set(['', '0.0.0.0', '::', '[::]']);

function overlaps(a: string, b: string): boolean {
  const norm = (h: string) => (h === 'localhost' ? '127.0.0.1' : h);
  return WILDCARD.has(a) || WILDCARD.has(b) || norm(a) === norm(b);
}

export default defineRule({
  id: 'no-listener-collision',
  category: 'suspicious',
  severity: 'warning',
  description: 'health, ready, prometheus and pprof endpoints that share an address, or sit on a DNS port.',
  docs:
    'health (default :8080), ready (:8181), prometheus (localhost:9153) and pprof (localhost:6053) each open an ' +
    'HTTP listener. The same plugin on the same address in several blocks shares one listener, which is fine. ' +
    'Two different plugins on one address both bind it with SO_REUSEPORT, and the kernel splits the requests ' +
    'between them: a liveness probe then gets 404 at random and the pod is restarted. An endpoint on the port of ' +
    'a DNS server (which also listens on TCP) has the same problem. Give each endpoint its own port.',
  messages: {
    plugins: "{plugin} listens on {addr}, like {other} at line {line}: both bind the address and requests are split between them at random, so probes and scrapes fail intermittently. Give each its own port.",
    dns: '{plugin} listens on {addr}, a port a DNS server of this Corefile also listens on over TCP ({key}): requests are split between them. Use another port.',
  },
  create(ctx) {
    return {
      Model(m) {
        const seen: Array<{ plugin: string; host: string; port: string; addr: string; token: CoreToken }> = [];
        const dnsPorts = new Map<string, string>();
        for (const b of m.blocks)
          for (const k of b.keys) for (const a of k.addrs) if (a.transport !== 'unix' && !dnsPorts.has(a.port)) dnsPorts.set(a.port, k.text);
        for (const b of m.blocks) {
          for (const [plugin, def] of Object.entries(ENDPOINTS)) {
            for (const d of b.byName.get(plugin) ?? []) {
              const addr = d.args[0]?.text ?? def;
              const hp = goSplitHostPort(addr);
              if (!hp.ok) continue;
              const token = d.args[0] ?? d.nameToken;
              const clash = seen.find((s) => s.plugin !== plugin && s.port === hp.port && overlaps(s.host, hp.host));
              if (clash) {
                ctx.report({ token, messageId: 'plugins', data: { plugin, addr, other: `${clash.plugin} (${clash.addr})`, line: clash.token.line } });
              } else if (dnsPorts.has(hp.port)) {
                ctx.report({ token, messageId: 'dns', data: { plugin, addr, key: dnsPorts.get(hp.port)! } });
              }
              seen.push({ plugin, host: hp.host, port: hp.port, addr, token });
            }
          }
        }
      },
    };
  },
});
