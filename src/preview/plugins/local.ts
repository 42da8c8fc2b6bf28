import { setReply } from '../dns/message.js';
import { matchZone } from '../dns/names.js';
import { rr, T, type RR } from '../dns/rr.js';
import type { PluginModule } from '../types.js';
import { dispenser } from './common.js';

const TTL = 604800;
const ZONES = ['localhost.', '0.in-addr.arpa.', '127.in-addr.arpa.', '255.in-addr.arpa.'];

const soa = (origin: string): RR[] => [rr(origin, T.SOA, TTL, { kind: 'soa', mname: 'localhost.', rname: 'root.localhost.', serial: 1, refresh: 0, retry: 0, expire: 0, minttl: TTL })];

/** coredns/coredns:plugin/local: localhost and the loopback reverse zones, answered early, never authoritative. */
export const local: PluginModule = {
  name: 'local',
  setup(ctx) {
    const d = dispenser(ctx.tokens);
    let prefix = true;
    while (d.next()) {
      d.remainingArgs();
      while (d.nextBlock()) if (d.val() === 'localhost_prefix') prefix = d.remainingArgs()[0] !== 'off';
    }
    return {
      handlers: [
        {
          name: 'local',
          serve(req, w, next) {
            const q = req.msg.question[0];
            const qn = q.name;
            const name = qn.toLowerCase();
            const lc = 'localhost.'.length;
            if (name.length > lc && (name.endsWith('.localhost.') || (prefix && name.startsWith('localhost.')))) {
              const m = setReply(req.msg);
              if (q.type === T.A) m.answer = [rr(qn, T.A, TTL, { kind: 'ip', ip: '127.0.0.1' })];
              else if (q.type === T.AAAA) m.answer = [rr(qn, T.AAAA, TTL, { kind: 'ip', ip: '::1' })];
              else m.ns = soa(qn);
              req.trace.step('local', 'answer', `${qn} is a localhost name: answered locally`);
              w.write(m);
              return 0;
            }
            let zone = matchZone(ZONES, name);
            if (!zone) {
              if (req.trace.on) req.trace.step('local', 'pass', 'not a localhost or loopback name; passed on');
              return next(req, w);
            }
            zone = qn.slice(qn.length - zone.length);
            const m = setReply(req.msg);
            if (ZONES.includes(name)) {
              if (q.type === T.A || q.type === T.AAAA) {
                if (name !== 'localhost.') m.ns = soa(qn);
                else m.answer = [rr(qn, q.type, TTL, { kind: 'ip', ip: q.type === T.A ? '127.0.0.1' : '::1' })];
              } else if (q.type === T.SOA) m.answer = soa(qn);
              else if (q.type === T.NS) m.answer = [rr(qn, T.NS, TTL, { kind: 'name', target: 'localhost.' })];
              else m.ns = soa(qn);
            } else if (name === '1.0.0.127.in-addr.arpa.') {
              if (q.type === T.PTR) m.answer = [rr(qn, T.PTR, TTL, { kind: 'name', target: 'localhost.' })];
              else m.ns = soa(zone);
            }
            if (m.answer.length === 0 && m.ns.length === 0) {
              m.ns = soa(zone);
              m.rcode = 3;
            }
            req.trace.step('local', 'answer', `${qn} is in the local zone ${zone}: answered locally`);
            w.write(m);
            return 0;
          },
        },
      ],
    };
  },
};
