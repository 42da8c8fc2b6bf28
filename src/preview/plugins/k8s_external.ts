/**
 * coredns/coredns:plugin/k8s_external: Services' external addresses
 * (spec.externalIPs and load-balancer ingress) under a zone of their own
 * (external.go ServeDNS, apex.go, msg_to_dns.go; the data comes from the
 * kubernetes plugin's External, kubernetes/external.go). The namespace
 * exposure rules are the kubernetes plugin's, read from its directive.
 */
import { setReply, type Msg } from '../dns/message.js';
import { norm, splitLabels } from '../dns/names.js';
import { addressFromReverse } from '../dns/reverse.js';
import { RCODE, rr, T, type RR } from '../dns/rr.js';
import { parseSelector, selects, type Cluster, type EndpointAddress, type Selector } from '../kubernetes/cluster.js';
import type { PluginModule, Request } from '../types.js';
import { dispenser, Fall, origins, zoneOf } from './common.js';
import { ip16, to4 } from './netaddr.js';

interface K8sView {
  namespaces: Set<string>;
  namespaceLabels?: Selector;
  ttl: number;
  endpointPodNames: boolean;
}

/** The parts of the kubernetes directive that decide what k8s_external sees. */
function kubernetesView(tokens: Parameters<typeof dispenser>[0]): K8sView {
  const v: K8sView = { namespaces: new Set(), ttl: 5, endpointPodNames: false };
  const d = dispenser(tokens);
  while (d.next()) {
    d.remainingArgs();
    while (d.nextBlock()) {
      const opt = d.val();
      const a = d.remainingArgs();
      if (opt === 'namespaces') a.forEach((n) => v.namespaces.add(n));
      else if (opt === 'namespace_labels') v.namespaceLabels = parseSelector(a.join(' '));
      else if (opt === 'ttl' && /^\d+$/.test(a[0] ?? '')) v.ttl = Number(a[0]);
      else if (opt === 'endpoint_pod_names') v.endpointPodNames = true;
    }
  }
  return v;
}

/** msg.Service as External returns it. */
interface ExtSvc {
  host: string;
  port: number;
  /** msg.Domain(Key): `service.namespace.zone` (plus the endpoint label for headless endpoints). */
  domain: string;
}

const isIP = (s: string) => ip16(s) !== undefined;

function endpointHostname(a: EndpointAddress, podNames: boolean): string {
  if (a.hostname) return a.hostname;
  if (podNames && a.targetRefName) return a.targetRefName;
  return a.ip.includes(':') ? a.ip.replace(/:/g, '-') : a.ip.replace(/\./g, '-');
}

/** kubernetes.go matchPortAndProtocol: an empty port or protocol matches anything; otherwise case-insensitive equality (no wildcards). */
function portMatches(port: string, pname: string, protocol: string, pproto: string): boolean {
  return (port === '' || port.toLowerCase() === pname.toLowerCase()) && (protocol === '' || protocol.toLowerCase() === pproto.toLowerCase());
}

const strip = (s: string) => (s.startsWith('_') ? s.slice(1) : s);

export const k8s_external: PluginModule = {
  name: 'k8s_external',
  setup(ctx) {
    const d = dispenser(ctx.tokens);
    let zones: string[] = [];
    let ttl = 5;
    let apex = 'dns';
    let headless = false;
    let fall = new Fall();
    while (d.next()) {
      zones = origins(d.remainingArgs(), ctx.keys);
      while (d.nextBlock()) {
        const opt = d.val();
        const a = d.remainingArgs();
        if (opt === 'ttl') {
          if (!/^\d+$/.test(a[0] ?? '') || Number(a[0]) > 3600) return { error: `ttl must be in range [0, 3600]: ${a[0] ?? ''}` };
          ttl = Number(a[0]);
        } else if (opt === 'apex') {
          if (!a[0]) return { error: 'Wrong argument count or unexpected line ending' };
          apex = a[0];
        } else if (opt === 'headless') headless = true;
        else if (opt === 'fallthrough') fall = Fall.fromArgs(a);
        else return { error: `unknown property '${opt}'` };
      }
    }
    const k8sTokens = ctx.directives?.get('kubernetes');
    if (!k8sTokens) return { error: 'kubernetes plugin not loaded' };
    const k = kubernetesView(k8sTokens);
    const cluster: Cluster | undefined = ctx.env.cluster;

    const exposed = (ns: string): boolean => {
      if (k.namespaces.size > 0 && !k.namespaces.has(ns)) return false;
      const n = cluster?.namespaces.get(ns);
      if (!n) return false;
      return !k.namespaceLabels || selects(k.namespaceLabels, n.labels);
    };

    /**
     * kubernetes/ns.go nsAddrs(external): the external addresses of the Services CoreDNS itself backs (found by
     * its pod addresses), or with `headless` the endpoints of a headless one; CoreDNS's own addresses when none
     * of its pods is an endpoint. CoreDNS's pods are the --coredns-ip addresses, else the first ready endpoint of
     * kube-system/kube-dns, as the kubernetes plugin assumes.
     */
    const externalNsAddrs = (req: Request): Array<{ ip: string }> => {
      const local = ctx.env.corednsIPs ?? (() => {
        const first = (cluster?.endpoints.get('kube-dns.kube-system') ?? []).flatMap((e) => e.addresses)[0];
        return first ? [first.ip] : [];
      })();
      if (local.length === 0) req.facts.approximate.push("k8s_external: CoreDNS's own addresses are unknown (no --coredns-ip, no kube-system/kube-dns endpoint), so ns1 has no addresses here");
      const out: Array<{ ip: string }> = [];
      let found = false;
      for (const ip of local) {
        for (const ep of cluster?.endpointsByIP.get(ip) ?? []) {
          found = true;
          for (const svc of cluster?.services.get(ep.index) ?? []) {
            if (headless && svc.headless) for (const a of ep.addresses) out.push({ ip: a.ip });
            else for (const x of svc.externalIPs) out.push({ ip: x });
          }
        }
      }
      return found ? out : local.map((ip) => ({ ip }));
    };

    /** The ns1 address records, owner `owner`, of the wanted types (A and AAAA for NS glue). */
    const nsRecords = (req: Request, owner: string, types: number[]): RR[] =>
      externalNsAddrs(req)
        .filter((a) => isIP(a.ip))
        .map((a) => ({ a, v4: to4(ip16(a.ip)!) !== undefined }))
        .filter(({ v4 }) => types.includes(v4 ? T.A : T.AAAA))
        .map(({ a, v4 }) => rr(owner, v4 ? T.A : T.AAAA, ttl, { kind: 'ip', ip: a.ip }));

    const soa = (zone: string): RR =>
      rr(zone, T.SOA, ttl, { kind: 'soa', mname: `ns1.${apex}.${zone}`, rname: `hostmaster.${apex}.${zone}`, serial: ctx.env.serial, refresh: 7200, retry: 1800, expire: 86400, minttl: ttl });

    /** Kubernetes.External: the services a name stands for, and the rcode when there are none. */
    const external = (name: string, zone: string, qtype: number): { svcs: ExtSvc[]; rcode: number } => {
      if (qtype === T.PTR) {
        const ip = addressFromReverse(name);
        if (ip) {
          const svcs: ExtSvc[] = [];
          for (const list of cluster?.services.values() ?? []) {
            for (const s of list) {
              if (!s.externalIPs.includes(ip)) continue;
              if (k.namespaces.size > 0 && !exposed(s.namespace)) continue;
              svcs.push({ host: `${s.name}.${s.namespace}`, port: 0, domain: '' });
            }
          }
          return { svcs, rcode: svcs.length ? RCODE.NOERROR : RCODE.NXDOMAIN };
        }
      }
      const base = name.slice(0, name.length - zone.length);
      const segs = splitLabels(base === '' ? '.' : base);
      let last = segs.length - 1;
      if (last < 0) return { svcs: [], rcode: RCODE.SERVFAIL };
      const namespace = segs[last];
      if (!exposed(namespace)) return { svcs: [], rcode: RCODE.NXDOMAIN };
      last--;
      if (last < 0) return { svcs: [], rcode: RCODE.NOERROR };
      const service = segs[last];
      last--;
      let endpoint = '';
      let port = '';
      let protocol = '';
      if (last === 0) {
        endpoint = strip(segs[0]);
        last--;
      } else if (last === 1) {
        protocol = strip(segs[1]);
        port = strip(segs[0]);
        last -= 2;
      }
      if (last !== -1) return { svcs: [], rcode: RCODE.NXDOMAIN };
      const svcs: ExtSvc[] = [];
      let rcode: number = RCODE.NXDOMAIN;
      const domain = `${service}.${namespace}.${zone}`;
      for (const s of cluster?.services.get(`${service}.${namespace}`) ?? []) {
        if (headless && s.externalIPs.length === 0 && (s.headless || endpoint !== '')) {
          for (const ep of cluster?.endpoints.get(`${service}.${namespace}`) ?? []) {
            for (const a of ep.addresses) {
              const host = endpointHostname(a, k.endpointPodNames);
              if (endpoint !== '' && endpoint.toLowerCase() !== host.toLowerCase()) continue;
              for (const p of ep.ports) {
                if (!portMatches(port, p.name, protocol, p.protocol)) continue;
                rcode = RCODE.NOERROR;
                svcs.push({ host: a.ip, port: p.port, domain: `${host}.${domain}` });
              }
            }
          }
          continue;
        }
        for (const ip of s.externalIPs) {
          for (const p of s.ports) {
            if (!portMatches(port, p.name, protocol, p.protocol)) continue;
            rcode = RCODE.NOERROR;
            svcs.push({ host: ip, port: p.port, domain });
          }
        }
      }
      return { svcs, rcode };
    };

    /** A and AAAA answers (msg_to_dns.go a/aaaa): addresses once each; a hostname becomes a CNAME followed through the server. */
    const addresses = (req: Request, svcs: ExtSvc[], qtype: number, m: Msg): RR[] => {
      const out: RR[] = [];
      const seen = new Set<string>();
      const qname = req.msg.question[0].name;
      for (const s of svcs) {
        if (!isIP(s.host)) {
          const target = norm(s.host);
          out.push(rr(qname, T.CNAME, k.ttl, { kind: 'name', target }));
          const up = req.server.lookup(req, target, qtype);
          if (up) {
            out.push(...up.answer);
            if (up.tc) m.tc = true;
          }
          continue;
        }
        const v4 = to4(ip16(s.host)!) !== undefined;
        if ((qtype === T.A) !== v4 || seen.has(s.host)) continue;
        seen.add(s.host);
        out.push(rr(qname, qtype, ttl, { kind: 'ip', ip: s.host }));
      }
      return out;
    };

    /** SRV answers (msg_to_dns.go srv): weight 100/N, targets `service.ns.zone`, addresses in additional. */
    const srv = (req: Request, svcs: ExtSvc[], m: Msg): void => {
      const qname = req.msg.question[0].name;
      const total = svcs.length * 100;
      const seen = new Set<string>();
      for (const s of svcs) {
        if (s.port === -1) continue;
        const weight = Math.max(1, Math.floor((100 / total) * 100));
        const target = isIP(s.host) ? s.domain : norm(s.host);
        const srvKey = `${target}|${s.port}`;
        if (!seen.has(srvKey)) {
          seen.add(srvKey);
          m.answer.push(rr(qname, T.SRV, k.ttl, { kind: 'srv', priority: 0, weight, port: s.port, target }));
        }
        const addrKey = `${target}|${s.host}`;
        if (seen.has(addrKey)) continue;
        seen.add(addrKey);
        if (isIP(s.host)) {
          const v4 = to4(ip16(s.host)!) !== undefined;
          m.extra.push(rr(target, v4 ? T.A : T.AAAA, ttl, { kind: 'ip', ip: s.host }));
        } else {
          for (const t of [T.A, T.AAAA]) m.extra.push(...(req.server.lookup(req, target, t)?.answer ?? []));
        }
      }
    };

    return {
      handlers: [
        {
          name: 'k8s_external',
          serve(req, w, next) {
            const q = req.msg.question[0];
            const name = norm(q.name);
            const zone = zoneOf(zones, name);
            if (!zone) {
              if (req.trace.on) req.trace.step('k8s_external', 'pass', `${name} is outside the k8s_external zones; passed on`);
              return next(req, w);
            }
            if (!cluster) req.facts.approximate.push('k8s_external: no cluster state given, so no service has external addresses');
            const m = setReply(req.msg);
            m.aa = true;
            if (zones.includes(name)) {
              // apex.go serveApex: the glue is named after the name asked (ns1.<apex>.<qname>).
              if (q.type === T.SOA) m.answer = [soa(zone)];
              else if (q.type === T.NS) {
                m.answer = [rr(zone, T.NS, ttl, { kind: 'name', target: `ns1.${apex}.${zone}` })];
                m.extra = nsRecords(req, `ns1.${apex}.${q.name}`, [T.A, T.AAAA]);
              } else m.ns = [soa(zone)];
              req.trace.step('k8s_external', 'answer', `zone apex of ${zone}`);
              w.write(m);
              return RCODE.NOERROR;
            }
            if (zoneOf([`${apex}.${zone}`], name)) {
              const labels = splitLabels(name.slice(0, name.length - zone.length)).length;
              if (labels === 1) m.ns = [soa(zone)];
              else if (labels === 2 && name.startsWith('ns1.')) {
                m.answer = q.type === T.A || q.type === T.AAAA ? nsRecords(req, q.name, [q.type]) : [];
                if (m.answer.length === 0) m.ns = [soa(zone)];
              } else {
                m.rcode = RCODE.NXDOMAIN;
                m.ns = [soa(zone)];
              }
              req.trace.step('k8s_external', 'answer', `name under the ${apex}.${zone} apex`);
              w.write(m);
              return RCODE.NOERROR;
            }
            const { svcs, rcode } = external(name, zone, q.type);
            if (svcs.length === 0) {
              if (fall.through(name) && rcode === RCODE.NXDOMAIN) {
                req.trace.step('k8s_external', 'pass', `no service for ${name}; fallthrough passes it on`);
                return next(req, w);
              }
              m.rcode = rcode;
              m.ns = [soa(zone)];
              req.trace.step('k8s_external', 'answer', rcode === RCODE.NXDOMAIN ? `no exposed service with external addresses for ${name}: NXDOMAIN` : `${name} exists but has no records: NODATA`);
              w.write(m);
              return RCODE.NOERROR;
            }
            if (q.type === T.A || q.type === T.AAAA) m.answer = addresses(req, svcs, q.type, m);
            else if (q.type === T.SRV) srv(req, svcs, m);
            else if (q.type === T.PTR) {
              const seen = new Set<string>();
              for (const s of svcs) {
                if (seen.has(s.host)) continue;
                seen.add(s.host);
                m.answer.push(rr(q.name, T.PTR, ttl, { kind: 'name', target: norm(`${s.host}.${zones[0]}`) }));
              }
            } else m.ns = [soa(zone)];
            if (m.answer.length === 0) m.ns = [soa(zone)];
            req.trace.step('k8s_external', 'answer', `external addresses of ${svcs.length} service port(s): ${m.answer.length} record(s)`);
            w.write(m);
            return RCODE.NOERROR;
          },
        },
      ],
    };
  },
};
