import { setReply } from '../dns/message.js';
import { CLASS, rr, T } from '../dns/rr.js';
import type { PluginModule } from '../types.js';
import { dispenser } from './common.js';

/** coredns/coredns:plugin/chaos: version.bind and friends, class CH, TTL 0, not authoritative. */
export const chaos: PluginModule = {
  name: 'chaos',
  setup(ctx) {
    const d = dispenser(ctx.tokens);
    let version = 'CoreDNS-1.14.7';
    let authors: string[] | undefined;
    while (d.next()) {
      const args = d.remainingArgs();
      if (args.length > 0) version = args[0];
      if (args.length > 1) authors = args.slice(1);
    }
    return {
      handlers: [
        {
          name: 'chaos',
          serve(req, w, next) {
            const q = req.msg.question[0];
            const name = q.name.toLowerCase();
            if (q.class !== CLASS.CH || q.type !== T.TXT) {
              if (req.trace.on) req.trace.step('chaos', 'pass', 'only CH TXT queries are answered; passed on');
              return next(req, w);
            }
            let texts: string[];
            if (name === 'version.bind.' || name === 'version.server.') texts = [version];
            else if (name === 'hostname.bind.' || name === 'id.server.') texts = [ctx.env.hostname];
            else if (name === 'authors.bind.') {
              if (!authors) {
                req.facts.undetermined ??= { plugin: 'chaos', reason: 'authors.bind lists the authors compiled into the CoreDNS binary' };
                req.trace.step('chaos', 'undetermined', 'authors.bind: the compiled-in author list is not known to the preview');
                return 2;
              }
              texts = authors;
              req.facts.approximate.push('chaos shuffles the authors on every query');
            } else {
              if (req.trace.on) req.trace.step('chaos', 'pass', `${q.name} is not a name chaos answers; passed on`);
              return next(req, w);
            }
            const m = setReply(req.msg);
            m.answer = texts.map((t) => rr(q.name, T.TXT, 0, { kind: 'txt', strings: [t] }, CLASS.CH));
            req.trace.step('chaos', 'answer', `answered ${q.name} CH TXT`);
            w.write(m);
            return 0;
          },
        },
      ],
    };
  },
};
