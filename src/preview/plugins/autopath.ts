/**
 * coredns/coredns:plugin/autopath: a name inside the client's first search
 * domain is tried with every search domain server-side, and the first
 * answer that is not NXDOMAIN comes back behind a CNAME from the name asked
 * (autopath.go ServeDNS, cname.go). With `@kubernetes` the search path is
 * the client pod's (kubernetes/autopath.go AutoPath: `pods verified` only).
 */
import { copyMsg, clientWrite, type Msg } from '../dns/message.js';
import { isSubDomain, norm } from '../dns/names.js';
import { CLASS, RCODE, rr, T } from '../dns/rr.js';
import type { PluginModule, Request } from '../types.js';
import { Capture } from '../capture.js';
import { dispenser, origins, resolvePath, zoneOf } from './common.js';

/** The `search` domains of a resolv.conf (dns.ClientConfigFromFile), normalized, plus the "" sentinel. */
function resolvSearch(text: string): string[] {
  let search: string[] = [];
  for (const line of text.split('\n')) {
    const f = line.replace(/[#;].*/, '').trim().split(/\s+/);
    if (f[0] === 'search' || f[0] === 'domain') search = f.slice(1).map(norm);
  }
  return [...search, ''];
}

/** The kubernetes directive's zones and pod mode. */
function kubernetesView(tokens: Parameters<typeof dispenser>[0], keys: string[]): { zones: string[]; verified: boolean } {
  const d = dispenser(tokens);
  let zones: string[] = [];
  let verified = false;
  while (d.next()) {
    zones = origins(d.remainingArgs(), keys);
    while (d.nextBlock()) {
      const opt = d.val();
      const a = d.remainingArgs();
      if (opt === 'pods') verified = a[0] === 'verified';
    }
  }
  return { zones, verified };
}

/** cnamer: a CNAME from the name asked to the first answer owner that differs, and the question restored. */
function cnamer(m: Msg, original: string): void {
  for (const a of m.answer) {
    if (a.name.toLowerCase() === original.toLowerCase()) continue;
    m.answer = [rr(original, T.CNAME, a.ttl, { kind: 'name', target: a.name }, CLASS.IN), ...m.answer];
    break;
  }
  if (m.question[0]) m.question[0] = { ...m.question[0], name: original };
}

export const autopath: PluginModule = {
  name: 'autopath',
  setup(ctx) {
    const d = dispenser(ctx.tokens);
    let zones: string[] = [];
    let plugin = '';
    let search: string[] = [];
    const warnings: string[] = [];
    while (d.next()) {
      const args = d.remainingArgs();
      if (args.length < 1) return { error: 'no resolv-conf specified' };
      const resolv = args[args.length - 1];
      if (resolv.startsWith('@')) plugin = resolv.slice(1);
      else {
        const f = ctx.env.fs.readFile(resolvePath(ctx, resolv));
        if ('error' in f) return { error: `failed to parse "${resolv}": ${f.error}` };
        search = resolvSearch(f.text);
      }
      zones = origins(args.slice(0, -1), ctx.keys);
    }
    let k8s: { zones: string[]; verified: boolean } | undefined;
    if (plugin !== '') {
      const t = ctx.directives?.get(plugin);
      if (!t) warnings.push(`@${plugin} is not in this server block: autopath does nothing`);
      else if (plugin !== 'kubernetes') return { error: `${plugin} does not implement the AutoPather interface` };
      else k8s = kubernetesView(t, ctx.keys);
    }

    /** The search path for this request; undefined = autopath steps aside. */
    const searchPath = (req: Request, name: string): string[] | undefined => {
      if (plugin === '') return search.length > 1 ? search : undefined;
      if (!k8s) return undefined;
      const zone = zoneOf(k8s.zones, name);
      if (!zone || !k8s.verified) return undefined;
      const pod = ctx.env.cluster?.podsByIP.get(req.arrival.clientIP)?.[0];
      if (!pod) return undefined;
      // The CoreDNS host's resolv.conf search domains would follow; the preview cannot read that host.
      req.facts.approximate.push("autopath: the CoreDNS host's resolv.conf search domains are not known; none assumed");
      return zone === '.' ? [`${pod.namespace}.svc.`, 'svc.', '.', ''] : [`${pod.namespace}.svc.${zone}`, `svc.${zone}`, zone, ''];
    };

    return {
      warnings,
      handlers: [
        {
          name: 'autopath',
          serve(req, w, next) {
            const name = norm(req.msg.question[0].name);
            if (!zoneOf(zones, name)) {
              if (req.trace.on) req.trace.step('autopath', 'pass', `${name} is outside the autopath zones; passed on`);
              return next(req, w);
            }
            const path = searchPath(req, name);
            if (!path || !(name === path[0] || isSubDomain(path[0], name))) {
              if (req.trace.on) req.trace.step('autopath', 'pass', path ? `${name} is not in the first search domain ${path[0]}; passed on` : 'no search path for this client (not a known pod, or pods not verified); passed on');
              return next(req, w);
            }
            const origQName = req.msg.question[0].name;
            if (name === path[0]) {
              // dnsutil.TrimZone overshoots when the name is the search domain itself.
              req.trace.step('autopath', 'error', `${name} is the first search domain itself: SERVFAIL`);
              return RCODE.SERVFAIL;
            }
            const base = origQName.slice(0, origQName.length - path[0].length - 1);
            req.trace.step('autopath', 'note', `search path ${path.map((s) => s || '.').join(' ')}: trying ${base} in each`);
            let first: { msg?: Msg; rcode: number } | undefined;
            for (const s of path) {
              const ar = copyMsg(req.msg);
              ar.question[0] = { ...ar.question[0], name: `${base}.${s}` };
              const sub: Request = { ...req, msg: ar };
              const cap = new Capture();
              const rc = next(sub, cap);
              first ??= { msg: cap.msg, rcode: rc };
              if (!clientWrite(rc) || !cap.msg || cap.msg.rcode === RCODE.NXDOMAIN) continue;
              const m = copyMsg(cap.msg);
              cnamer(m, origQName);
              req.trace.step('autopath', 'answer', `${base}.${s} answered ${m.rcode === 0 ? 'NOERROR' : m.rcode}: returned behind a CNAME from ${origQName}`);
              w.write(m);
              return rc;
            }
            req.trace.step('autopath', 'note', 'every search domain gave NXDOMAIN or an error: the first reply is returned');
            if (first && clientWrite(first.rcode) && first.msg) w.write(first.msg);
            return first?.rcode ?? RCODE.SERVFAIL;
          },
        },
      ],
    };
  },
};
