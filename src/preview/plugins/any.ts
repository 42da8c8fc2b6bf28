import { setReply } from '../dns/message.js';
import { rr, T } from '../dns/rr.js';
import type { PluginModule } from '../types.js';

/** coredns/coredns:plugin/any: ANY queries get RFC 8482's HINFO, not authoritative. */
export const any: PluginModule = {
  name: 'any',
  setup: () => ({
    handlers: [
      {
        name: 'any',
        serve(req, w, next) {
          if (req.msg.question[0].type !== T.ANY) {
            if (req.trace.on) req.trace.step('any', 'pass', 'not an ANY query; passed on');
            return next(req, w);
          }
          const m = setReply(req.msg);
          m.answer = [rr(req.msg.question[0].name, T.HINFO, 8482, { kind: 'hinfo', cpu: 'ANY obsoleted', os: 'See RFC 8482' })];
          req.trace.step('any', 'answer', 'ANY query: answered with the RFC 8482 HINFO record');
          w.write(m);
          return 0;
        },
      },
    ],
  }),
};
