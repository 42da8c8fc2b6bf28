import { defineRule } from '../rule.js';

/** Every listen host is the wildcard. */
function unbound(hosts: readonly string[]): boolean {
  for (const h of hosts) if (h !== '') return false;
  return true;
}

export default defineRule({
  id: 'no-mixed-bind',
  category: 'suspicious',
  severity: 'warning',
  description: 'Blocks with and without `bind` on one port split the traffic by destination address.',
  docs:
    'A block without `bind` listens on every address; a block with `bind 127.0.0.1` on the same transport and ' +
    'port gets its own socket. The kernel hands a query to the most specific socket, so queries sent to the bound ' +
    'address reach only the bound blocks, and the unbound blocks\' zones answer REFUSED there. Bind every block ' +
    'on that port, or none.',
  messages: {
    mixed: "{key} listens on every address, while the block at line {line} binds {hosts} on the same port: queries sent to {hosts} reach only the bound block, so {zone} is not answered there. Bind both blocks, or neither.",
  },
  create(ctx) {
    return {
      Model(m) {
        const bound = new Map<string, { line: number; hosts: string[]; zones: Set<string> }>();
        for (const b of m.blocks) {
          if (unbound(b.listenHosts)) continue;
          for (const a of b.addrs) {
            const k = `${a.transport}:${a.port}`;
            const e = bound.get(k) ?? { line: b.core.keys[0]!.token.line, hosts: b.listenHosts.filter(Boolean), zones: new Set<string>() };
            e.zones.add(a.zone);
            bound.set(k, e);
          }
        }
        if (bound.size === 0) return;
        for (const b of m.blocks) {
          if (!unbound(b.listenHosts)) continue;
          for (const k of b.keys) {
            const a = k.addrs[0];
            if (!a) continue;
            const e = bound.get(`${a.transport}:${a.port}`);
            // The same zone on both is a hard error, reported by no-duplicate-zone.
            if (!e || e.zones.has(a.zone)) continue;
            ctx.report({ token: k.token, messageId: 'mixed', data: { key: k.text, line: e.line, hosts: e.hosts.join(', '), zone: a.zone } });
          }
        }
      },
    };
  },
});
