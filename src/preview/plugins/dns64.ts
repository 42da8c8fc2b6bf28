/**
 * coredns/coredns:plugin/dns64: AAAA/IN queries from IPv6 clients (or any
 * client with `allow_ipv4`) run through the rest of the chain; when the
 * reply is not NXDOMAIN and has no AAAA (unless `translate_all`), the A
 * records of a self-lookup are turned into AAAA under the prefix (dns64.go
 * ServeDNS, Synthesize, to6).
 */
import { ipString, parseIP } from '../../catalog/zones.js';
import { setReply, type Msg } from '../dns/message.js';
import { norm } from '../dns/names.js';
import { typify } from '../dns/response.js';
import { CLASS, RCODE, T, type RR } from '../dns/rr.js';
import type { PluginModule } from '../types.js';
import { Capture } from '../capture.js';
import { dispenser } from './common.js';
import { cidr, ip16 } from './netaddr.js';

/** to6: the IPv4 address placed after the prefix, skipping octet 8 (RFC 6052 "u" octet). */
function to6(prefix: Uint8Array, ones: number, v4: Uint8Array): string {
  const v6 = new Uint8Array(16);
  let i = 0;
  let j = 0;
  for (; i < ones / 8; i++) v6[i] = prefix[i];
  for (; i < 8; i++, j++) v6[i] = v4[j];
  if (i === 8) i++;
  for (; j < 4; i++, j++) v6[i] = v4[j];
  return ipString({ bytes: v6 });
}

export const dns64: PluginModule = {
  name: 'dns64',
  setup(ctx) {
    const d = dispenser(ctx.tokens);
    let prefixText = '64:ff9b::/96';
    let translateAll = false;
    let allowIPv4 = false;
    while (d.next()) {
      const args = d.remainingArgs();
      if (args.length === 1) prefixText = args[0];
      else if (args.length > 1) return { error: 'Wrong argument count or unexpected line ending' };
      while (d.nextBlock()) {
        const opt = d.val();
        const a = d.remainingArgs();
        if (opt === 'prefix') {
          if (a.length !== 1) return { error: 'Wrong argument count or unexpected line ending' };
          prefixText = a[0];
        } else if (opt === 'translate_all') translateAll = true;
        else if (opt === 'allow_ipv4') allowIPv4 = true;
        else if (opt === 'upstream') continue;
        else return { error: `unknown property '${opt}'` };
      }
    }
    const prefix = cidr(prefixText);
    if (!prefix || prefix.bits !== 128) return { error: `invalid netmask ${prefixText}` };
    const ones = prefix.ones;
    return {
      handlers: [
        {
          name: 'dns64',
          serve(req, w, next) {
            const q = req.msg.question[0];
            if ((!allowIPv4 && req.family === 1) || q.type !== T.AAAA || q.class !== CLASS.IN) {
              if (req.trace.on) req.trace.step('dns64', 'pass', 'not an AAAA/IN query from an IPv6 client (or allow_ipv4); passed on');
              return next(req, w);
            }
            const cap = new Capture();
            const rc = next(req, cap);
            const orig = cap.msg;
            if (!orig) return rc;
            if (typify(orig) === 'NameError' || (!translateAll && orig.answer.some((r) => r.type === T.AAAA))) {
              req.trace.step('dns64', 'pass', 'the reply is NXDOMAIN or already has AAAA records: passed through');
              w.write(orig);
              return rc;
            }
            const a = req.server.lookup(req, norm(q.name), T.A);
            if (!a) {
              req.trace.step('dns64', 'error', 'the A self-lookup gave no reply: SERVFAIL');
              return RCODE.SERVFAIL;
            }
            let soaTTL = 600;
            for (const r of orig.ns) if (r.type === T.SOA) soaTTL = r.ttl;
            const out: Msg = setReply(req.msg);
            out.tc = a.tc;
            out.extra = a.extra;
            out.ns = a.ns;
            out.answer = a.answer.map((r): RR => {
              if (r.type !== T.A || r.data.kind !== 'ip') return r;
              const v4 = parseIP(r.data.ip);
              const bytes = v4 ? ip16(r.data.ip)!.subarray(12) : undefined;
              if (!bytes) return r;
              return { name: r.name, type: T.AAAA, class: r.class, ttl: Math.min(r.ttl, soaTTL), data: { kind: 'ip', ip: to6(prefix.ip.bytes, ones, bytes) } };
            });
            req.trace.step('dns64', 'answer', `synthesized ${out.answer.filter((r) => r.type === T.AAAA).length} AAAA from the A records under ${prefixText}`);
            w.write(out);
            return out.rcode;
          },
        },
      ],
    };
  },
};
