import { setReply } from '../dns/message.js';
import { rr, T } from '../dns/rr.js';
import type { PluginModule } from '../types.js';

/** coredns/coredns:plugin/whoami: the client's address and port in the additional section, TTL 0. */
export const whoami: PluginModule = {
  name: 'whoami',
  setup: () => ({
    handlers: [
      {
        name: 'whoami',
        serve(req, w) {
          const q = req.msg.question[0];
          const m = setReply(req.msg);
          m.aa = true;
          const a = req.arrival;
          const addr = rr(q.name, req.family === 1 ? T.A : T.AAAA, 0, { kind: 'ip', ip: a.clientIP }, q.class);
          const srvName = q.name === '.' ? `_${a.proto}.` : `_${a.proto}.${q.name}`;
          m.extra = [addr, rr(srvName, T.SRV, 0, { kind: 'srv', priority: 0, weight: 0, port: a.clientPort, target: '.' }, q.class)];
          req.trace.step('whoami', 'answer', `answered with the client address ${a.clientIP} port ${a.clientPort} (${a.proto})`);
          w.write(m);
          return 0;
        },
      },
    ],
  }),
};
