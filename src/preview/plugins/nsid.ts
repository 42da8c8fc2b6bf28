import { withSections } from '../dns/message.js';
import type { PluginModule } from '../types.js';
import { dispenser } from './common.js';

const NSID = 3;

/**
 * coredns/coredns:plugin/nsid: when the query asks for NSID, the reply's OPT
 * carries the server's id (default: its host name). A reply without OPT gets
 * one with the client's size and DO set, as nsid.go's ResponseWriter does.
 */
export const nsid: PluginModule = {
  name: 'nsid',
  setup(ctx) {
    const d = dispenser(ctx.tokens);
    let data = ctx.env.hostname;
    while (d.next()) {
      const a = d.remainingArgs();
      if (a.length > 0) data = a.join(' ');
    }
    const bytes = Uint8Array.from(Buffer.from(data, 'utf8'));
    return {
      handlers: [
        {
          name: 'nsid',
          serve(req, w, next) {
            const o = req.msg.opt;
            if (!o || !o.options.some((x) => x.code === NSID)) {
              if (req.trace.on) req.trace.step('nsid', 'pass', 'the query does not ask for NSID');
              return next(req, w);
            }
            if (req.trace.on) req.trace.step('nsid', 'modify', `the reply carries NSID "${data}"`);
            return next(req, {
              write(m) {
                const opt = m.opt ? { ...m.opt, options: m.opt.options.filter((x) => x.code !== NSID) } : { udpSize: o.udpSize, extRcode: 0, version: 0, do: true, z: 0, options: [] };
                opt.options.push({ code: NSID, data: bytes });
                w.write(withSections(m, m.answer, m.ns, m.extra, opt));
              },
            });
          },
        },
      ],
    };
  },
};
