import type { PluginModule } from '../types.js';
import { dispenser } from './common.js';

/** coredns/coredns:plugin/bufsize: lowers the client's advertised EDNS size before the chain runs. */
export const bufsize: PluginModule = {
  name: 'bufsize',
  setup(ctx) {
    const d = dispenser(ctx.tokens);
    let size = 1232;
    while (d.next()) {
      const a = d.remainingArgs();
      if (a.length === 1 && /^\d+$/.test(a[0])) size = Number(a[0]);
    }
    return {
      handlers: [
        {
          name: 'bufsize',
          serve(req, w, next) {
            const o = req.msg.opt;
            if (o && o.udpSize > size) {
              req.trace.step('bufsize', 'modify', `client EDNS size ${o.udpSize} lowered to ${size}`);
              // The request itself is changed, so truncation and the mirrored OPT both see the new size.
              req.msg.opt = { ...o, udpSize: size };
            } else if (req.trace.on) req.trace.step('bufsize', 'pass', `EDNS size within ${size}; unchanged`);
            return next(req, w);
          },
        },
      ],
    };
  },
};
