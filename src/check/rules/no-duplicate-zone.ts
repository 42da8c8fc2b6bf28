import type { CoreToken } from '../../ast/read.js';
import { checkOverlaps, zoneAddrString, type ListenConfig, type ZoneAddr } from '../../catalog/zones.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'no-duplicate-zone',
  category: 'correctness',
  severity: 'error',
  description: 'A zone, port and listen address can be served by only one server block.',
  docs:
    'After setting up the plugins CoreDNS checks that no zone is served twice on the same transport, port and ' +
    '`bind` address: `cannot serve dns://example.org.:53 - it is already defined`. A block without `bind` ' +
    'listens on every address, so it also clashes with a block that binds the same zone and port: `zone ' +
    'overlap listener capacity`. CIDR keys count with the reverse zones they expand to. Blocks with a `view` ' +
    'are exempt from "already defined". Merge the blocks, change a port, or bind them to different addresses.',
  messages: {
    defined: '{message} (first at line {line}). CoreDNS will not start: merge the two blocks, or give one another port or bind address.',
    overlap: '{message} (at line {line}). A block without bind listens on every address, so it clashes with a bound one for the same zone and port; bind both, or neither.',
  },
  create(ctx) {
    return {
      Model(m) {
        // Clashes only arise between listeners of one transport, zone and port, and most zones are served
        // once, on one host: only the listeners of a shared zone, or of a block bound to several hosts,
        // go to checkOverlaps (whose findings for them are the same as with every listener given).
        // (Index loops: this runs once per check, mostly before the optimiser steps in, and for-of
        // allocates an iterator result per element until it does.)
        const zoneCount = new Map<string, number>();
        let candidates = false;
        for (let i = 0; i < m.blocks.length; i++) {
          const b = m.blocks[i]!;
          if (b.listenHosts.length > 1 && b.addrs.length > 0) candidates = true;
          for (let j = 0; j < b.addrs.length; j++) {
            const a = b.addrs[j]!;
            const n = zoneCount.get(a.zone);
            if (n === undefined) zoneCount.set(a.zone, 1);
            else {
              zoneCount.set(a.zone, n + 1);
              candidates = true;
            }
          }
        }
        if (!candidates) return;
        const configs: ListenConfig[] = [];
        const where: CoreToken[] = [];
        for (const b of m.blocks)
          for (const k of b.keys)
            for (const a of k.addrs) {
              if (b.listenHosts.length < 2 && zoneCount.get(a.zone)! < 2) continue;
              configs.push({ ...a, listenHosts: b.listenHosts, filtered: b.filtered });
              where.push(k.token);
            }
        const problems = checkOverlaps(configs);
        if (problems.length === 0) return;
        // Where each listener is first defined: every config counts, not only the candidates.
        const firstAt = new Map<string, CoreToken>();
        const keyOf = (z: ZoneAddr) => zoneAddrString({ ...z, address: z.address ?? '' });
        for (const b of m.blocks)
          for (const k of b.keys)
            for (const a of k.addrs)
              for (const h of b.listenHosts) {
                const s = keyOf({ transport: a.transport, zone: a.zone, port: a.port, address: h });
                if (!firstAt.has(s)) firstAt.set(s, k.token);
              }
        for (const p of problems) {
          const other = firstAt.get(keyOf(p.other));
          ctx.report({ token: where[p.config]!, messageId: p.kind, data: { message: p.message, line: other ? other.line : '?' } });
        }
      },
    };
  },
});
