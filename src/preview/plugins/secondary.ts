import { matchZone } from '../dns/names.js';
import { RCODE } from '../dns/rr.js';
import type { PluginModule } from '../types.js';
import { dispenser, origins } from './common.js';

/**
 * coredns/coredns:plugin/secondary before its first transfer: the zone
 * exists but holds no SOA, so every query in it is SERVFAIL
 * (file.go ServeDNS → Lookup ServerFailure). The preview never transfers.
 */
export const secondary: PluginModule = {
  name: 'secondary',
  setup(ctx) {
    const d = dispenser(ctx.tokens);
    let zones: string[] = [];
    while (d.next()) {
      zones = zones.concat(origins(d.remainingArgs(), ctx.keys));
      while (d.nextBlock()) d.remainingArgs();
    }
    return {
      handlers: [
        {
          name: 'secondary',
          serve(req, w, next) {
            const name = req.msg.question[0].name;
            if (!matchZone(zones, name)) {
              if (req.trace.on) req.trace.step('secondary', 'pass', `${name} is outside the secondary zones; passed on`);
              return next(req, w);
            }
            req.facts.approximate.push('secondary: the preview never transfers the zone from its primary');
            req.trace.step('secondary', 'error', 'zone not transferred yet (no SOA): SERVFAIL, as CoreDNS answers until the first transfer succeeds');
            return RCODE.SERVFAIL;
          },
        },
      ],
    };
  },
};
