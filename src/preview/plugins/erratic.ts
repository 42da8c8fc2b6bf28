/**
 * coredns/coredns:plugin/erratic. Its counters live as long as the server:
 * the preview keeps one per engine, so a series of queries (a `corefile
 * test` spec, `serve`) sees the same drop/truncate pattern CoreDNS would,
 * starting with query 0 (which `drop N` drops).
 */
import { setReply } from '../dns/message.js';
import { RCODE, rr, T } from '../dns/rr.js';
import type { PluginModule } from '../types.js';
import { dispenser } from './common.js';

export const erratic: PluginModule = {
  name: 'erratic',
  setup(ctx) {
    const d = dispenser(ctx.tokens);
    let drop = 2;
    let delay = 0;
    let duration = '100ms';
    let truncate = 0;
    let large = false;
    let sawDrop = false;
    const amount = (s: string): number | undefined => (/^\+?\d+$/.test(s) && Number(s) <= 2147483647 ? Number(s) : undefined);
    while (d.next()) {
      while (d.nextBlock()) {
        const opt = d.val();
        const args = d.remainingArgs();
        if (opt === 'drop') {
          if (args.length > 1) return { error: 'Wrong argument count or unexpected line ending' };
          if (args.length === 0) continue;
          const n = amount(args[0]);
          if (n === undefined) return { error: `illegal amount value given "${args[0]}"` };
          drop = n;
          sawDrop = true;
        } else if (opt === 'delay') {
          if (args.length > 2) return { error: 'Wrong argument count or unexpected line ending' };
          delay = 2;
          duration = '100ms';
          if (args.length === 0) continue;
          const n = amount(args[0]);
          if (n === undefined) return { error: `illegal amount value given "${args[0]}"` };
          delay = n;
          if (args[1]) duration = args[1];
        } else if (opt === 'truncate') {
          if (args.length > 1) return { error: 'Wrong argument count or unexpected line ending' };
          truncate = 2;
          if (args.length === 0) continue;
          const n = amount(args[0]);
          if (n === undefined) return { error: `illegal amount value given "${args[0]}"` };
          truncate = n;
        } else if (opt === 'large') large = true;
        else return { error: `unknown property '${opt}'` };
      }
    }
    if ((delay > 0 || truncate > 0) && !sawDrop) drop = 0;
    let counter = 0;
    return {
      handlers: [
        {
          name: 'erratic',
          serve(req, w) {
            const nr = counter++;
            const isDrop = drop > 0 && nr % drop === 0;
            const isDelay = delay > 0 && nr % delay === 0;
            // Bitwise, as erratic.go does (not a modulo).
            const isTrunc = truncate > 0 && (nr & truncate) === 0;
            const q = req.msg.question[0];
            const m = setReply(req.msg);
            m.aa = true;
            if (isTrunc) m.tc = true;
            const note = `query #${nr} of this engine${isDelay ? `; delayed ${duration}` : ''}`;
            if (q.type === T.A) {
              const a = rr(q.name, T.A, 0, { kind: 'ip', ip: '192.0.2.53' });
              m.answer = large ? Array.from({ length: 30 }, () => a) : [a];
            } else if (q.type === T.AAAA) {
              m.answer = [rr(q.name, T.AAAA, 0, { kind: 'ip', ip: '2001:db8::53' })];
            } else if (q.type === T.AXFR) {
              req.facts.undetermined ??= { plugin: 'erratic', reason: 'zone transfers (AXFR) are not previewed' };
              req.trace.step('erratic', 'undetermined', 'AXFR: a zone transfer stream, not previewed');
              return RCODE.SERVFAIL;
            } else {
              if (isDrop) {
                req.facts.dropped = `erratic drops ${note}`;
                req.trace.step('erratic', 'answer', `${note}: dropped`);
                return RCODE.NOERROR;
              }
              req.trace.step('erratic', 'error', `${note}: only A and AAAA are answered; SERVFAIL`);
              return RCODE.SERVFAIL;
            }
            if (isDrop) {
              req.facts.dropped = `erratic drops ${note}`;
              req.trace.step('erratic', 'answer', `${note}: dropped`);
              return RCODE.NOERROR;
            }
            req.trace.step('erratic', 'answer', `${note}: answered${isTrunc ? ' with TC set' : ''}`);
            w.write(m);
            return RCODE.NOERROR;
          },
        },
      ],
    };
  },
};
