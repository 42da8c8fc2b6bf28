import { Capture } from '../capture.js';
import { withSections } from '../dns/message.js';
import { typify } from '../dns/response.js';
import type { PluginModule } from '../types.js';

/** coredns/coredns:plugin/minimal: positive answers lose their authority and additional sections. */
export const minimal: PluginModule = {
  name: 'minimal',
  setup: () => ({
    handlers: [
      {
        name: 'minimal',
        serve(req, w, next) {
          const cap = new Capture();
          const rc = next(req, cap);
          if (!cap.msg) return rc;
          const ty = typify(cap.msg);
          if (ty !== 'NoError') {
            if (req.trace.on) req.trace.step('minimal', 'pass', `${ty} reply passed unchanged`);
            w.write(cap.msg);
            return 0;
          }
          const m = withSections(cap.msg, cap.msg.answer, [], []);
          if (cap.msg.ns.length + cap.msg.extra.length > 0) req.trace.step('minimal', 'modify', 'positive answer: authority and additional sections dropped');
          w.write(m);
          return 0;
        },
      },
    ],
  }),
};
