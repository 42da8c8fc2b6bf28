/**
 * coredns/coredns:plugin/kubernetes over a cluster read from YAML:
 * handler.go ServeDNS, parse.go parseRequest, kubernetes.go
 * Services/Records/findServices/findMultiClusterServices/findPods,
 * reverse.go, ns.go nsAddrs and plugin/backend_lookup.go (A, AAAA, SRV,
 * TXT, CNAME, PTR, NS, SOA, BackendError).
 */
import { parseIP } from '../../catalog/zones.js';
import { setRcode, setReply } from '../dns/message.js';
import { fqdn, isSubDomain, matchZone, splitLabels } from '../dns/names.js';
import { addressFromReverse, isReverse } from '../dns/reverse.js';
import { RCODE, rr, T, type RR } from '../dns/rr.js';
import { emptyCluster, parseSelector, selects, type Cluster, type EndpointAddress, type Endpoints, type Selector } from '../kubernetes/cluster.js';
import type { PluginModule, Request, Writer } from '../types.js';
import { dispenser, Fall, origins } from './common.js';

type K8sError = 'NoItems' | 'NsNotExposed' | 'InvalidRequest' | 'Other';
const isNameError = (e: K8sError | undefined) => e === 'NoItems' || e === 'NsNotExposed' || e === 'InvalidRequest';

interface Opts {
  zones: string[];
  primaryZone: string;
  podMode: 'disabled' | 'insecure' | 'verified';
  namespaces: Set<string>;
  namespaceLabels?: Selector;
  labels?: Selector;
  endpointPodNames: boolean;
  ttl: number;
  noEndpoints: boolean;
  fall: Fall;
  ignoreEmptyService: boolean;
  multicluster: string[];
  zonal: boolean;
}

/** msg.Service: what the backend helpers turn into records. */
interface Svc {
  host: string;
  port: number;
  ttl: number;
  /** The name the key stands for (msg.Domain(Key)), zone in the query's case. */
  domain: string;
  text?: string;
}

interface State {
  /** Lower-cased query name. */
  name: string;
  /** As asked. */
  qname: string;
  /** The matched zone with the query's case. */
  zone: string;
  qtype: number;
}

interface RecordRequest {
  port: string;
  protocol: string;
  endpoint: string;
  cluster: string;
  service: string;
  namespace: string;
  podOrSvc: string;
  topoZone: string;
  zonePrefer: boolean;
}

type Found = { svcs: Svc[]; err?: K8sError };

const ipMemo = new Map<string, boolean>();
/** net.ParseIP(s) != nil, memoised: cluster addresses repeat across queries. */
function isIP(s: string): boolean {
  let v = ipMemo.get(s);
  if (v === undefined) {
    v = parseIP(s) !== undefined;
    if (ipMemo.size > 100_000) ipMemo.clear();
    ipMemo.set(s, v);
  }
  return v;
}

const stripUnderscore = (s: string) => (s.startsWith('_') ? s.slice(1) : s);
const match = (a: string, b: string) => a === b || a.toLowerCase() === b.toLowerCase();
const matchPortProto = (aPort: string, bPort: string, aProto: string, bProto: string) => (aPort === '' || match(aPort, bPort)) && (aProto === '' || match(aProto, bProto));

/** parse.go parseRequest. */
function parseRequest(name: string, zone: string, multicluster: boolean, zonal: boolean): { r: RecordRequest; err?: K8sError } {
  const r: RecordRequest = { port: '', protocol: '', endpoint: '', cluster: '', service: '', namespace: '', podOrSvc: '', topoZone: '', zonePrefer: false };
  const base = name.length > zone.length ? name.slice(0, name.length - zone.length - 1) : '';
  if (base === '' || base === 'svc' || base === 'pod') return { r };
  const segs = splitLabels(base);
  let last = segs.length - 1;
  if (last < 0) return { r };
  r.podOrSvc = segs[last];
  if (r.podOrSvc !== 'pod' && r.podOrSvc !== 'svc') return { r, err: 'InvalidRequest' };
  if (--last < 0) return { r };
  r.namespace = segs[last];
  if (--last < 0) return { r };
  r.service = segs[last];
  if (--last < 0) return { r };
  if (last === 0) r.endpoint = segs[0];
  else if (last === 1) {
    if (!multicluster || segs[1].startsWith('_') || segs[0].startsWith('_')) {
      r.protocol = stripUnderscore(segs[1]);
      r.port = stripUnderscore(segs[0]);
    } else {
      r.cluster = segs[1];
      r.endpoint = segs[0];
    }
  } else {
    if (!zonal || multicluster || segs[last] !== '_zone' || r.podOrSvc !== 'svc') return { r, err: 'InvalidRequest' };
    if (segs[last - 1] === 'prefer') r.zonePrefer = true;
    else if (segs[last - 1] !== 'pin') return { r, err: 'InvalidRequest' };
    r.topoZone = segs.slice(0, last - 1).join('.');
  }
  return { r };
}

function endpointHostname(a: EndpointAddress, podNames: boolean): string {
  if (a.hostname) return a.hostname;
  if (podNames && a.targetRefName) return a.targetRefName;
  if (a.ip.includes('.')) return a.ip.replace(/\./g, '-');
  if (a.ip.includes(':')) {
    const h = a.ip.replace(/:/g, '-');
    return h.endsWith('-') ? h + '0' : h;
  }
  return '';
}

class K8s {
  /** What the last lookup matched, for the trace (evaluation is synchronous, so one slot is enough). */
  matched: { kind: 'clusterip' | 'headless' | 'endpoint' | 'external'; svc: { name: string; namespace: string; clusterIPs: string[]; externalName?: string } } | undefined;
  constructor(
    readonly o: Opts,
    readonly c: Cluster,
    readonly synced: boolean,
    readonly localIPs: string[],
    readonly serial: number,
  ) {}

  private namespaceExposed(ns: string): boolean {
    if (this.o.namespaces.size > 0 && !this.o.namespaces.has(ns)) return false;
    const n = this.c.namespaces.get(ns);
    return n !== undefined && selects(this.o.namespaceLabels, n.labels);
  }

  private isMulticluster(zone: string): boolean {
    return matchZone(this.o.multicluster, zone) !== undefined;
  }

  /** kubernetes.go Records. */
  records(st: State): Found {
    this.matched = undefined;
    const mc = this.isMulticluster(st.zone.toLowerCase());
    const { r, err } = parseRequest(st.name, st.zone, mc, this.o.zonal);
    if (err) return { svcs: [], err };
    if (r.podOrSvc === '') return { svcs: [] };
    if (isReverse(st.name) > 0) return { svcs: [], err: 'NoItems' };
    if (!this.namespaceExposed(r.namespace)) return { svcs: [], err: 'NsNotExposed' };
    if (r.podOrSvc === 'pod') return this.findPods(r, st.zone);
    return mc ? this.findMulticluster(r, st.zone) : this.findServices(r, st.zone);
  }

  private findPods(r: RecordRequest, zone: string): Found {
    if (this.o.podMode === 'disabled') return { svcs: [], err: 'NoItems' };
    if (!this.namespaceExposed(r.namespace)) return { svcs: [], err: 'NoItems' };
    const podname = r.service;
    if (podname === '') return { svcs: [] };
    const ip = (podname.match(/-/g) ?? []).length === 3 && !podname.includes('--') ? podname.replace(/-/g, '.') : podname.replace(/-/g, ':');
    const domain = `${podname}.${r.namespace}.pod.${zone}`;
    if (this.o.podMode === 'insecure') {
      if (!isIP(ip)) return { svcs: [], err: 'NoItems' };
      return { svcs: [{ host: ip, port: 0, ttl: this.o.ttl, domain }] };
    }
    const svcs: Svc[] = [];
    for (const p of this.c.podsByIP.get(ip) ?? []) {
      if (p.podIP === ip && match(r.namespace, p.namespace) && selects(this.o.labels, p.labels)) svcs.push({ host: ip, port: 0, ttl: this.o.ttl, domain });
    }
    return svcs.length ? { svcs } : { svcs, err: 'NoItems' };
  }

  private endpointsOf(idx: string, mc: boolean): Endpoints[] {
    if (this.o.noEndpoints) return [];
    return ((mc ? this.c.mcEndpoints : this.c.endpoints).get(idx) ?? []).filter((e) => selects(this.o.labels, e.labels));
  }

  private findServices(r: RecordRequest, zone: string): Found {
    if (r.service === '') return { svcs: [] };
    let err: K8sError | undefined = 'NoItems';
    const svcs: Svc[] = [];
    const idx = `${r.service}.${r.namespace}`;
    const base = `${r.service}.${r.namespace}.svc.${zone}`;
    for (const svc of this.c.services.get(idx) ?? []) {
      if (!selects(this.o.labels, svc.labels)) continue;
      if (!match(r.namespace, svc.namespace) || !match(r.service, svc.name)) continue;
      const needEndpoints = svc.headless || r.endpoint !== '' || (this.o.ignoreEmptyService && svc.type !== 'ExternalName');
      const eps = needEndpoints ? this.endpointsOf(idx, false) : [];
      if (this.o.ignoreEmptyService && svc.type !== 'ExternalName' && !svc.headless) {
        if (eps.reduce((n, e) => n + e.addresses.length, 0) === 0) continue;
      }
      if (r.topoZone !== '' && !svc.headless) continue;
      if (svc.type === 'ExternalName') {
        this.matched = { kind: 'external', svc };
        if (r.endpoint !== '' || r.port !== '' || r.protocol !== '') continue;
        if (isIP(svc.externalName)) continue;
        svcs.push({ host: svc.externalName, port: 0, ttl: this.o.ttl, domain: base });
        err = undefined;
        continue;
      }
      if (svc.headless || r.endpoint !== '') {
        this.matched = { kind: svc.headless ? 'headless' : 'endpoint', svc };
        if (r.topoZone !== '') err = undefined;
        const add = (topo: string): number => {
          let added = 0;
          for (const ep of eps) {
            for (const a of ep.addresses) {
              if (topo !== '' && a.zone !== topo) continue;
              const hn = endpointHostname(a, this.o.endpointPodNames);
              if (r.endpoint !== '' && !match(r.endpoint, hn)) continue;
              for (const p of ep.ports) {
                if (!matchPortProto(r.port, p.name, r.protocol, p.protocol)) continue;
                svcs.push({ host: a.ip, port: p.port, ttl: this.o.ttl, domain: `${hn}.${base}` });
                err = undefined;
                added++;
              }
            }
          }
          return added;
        };
        if (add(r.topoZone.toLowerCase()) === 0 && r.zonePrefer) add('');
        continue;
      }
      this.matched = { kind: 'clusterip', svc };
      for (const p of svc.ports) {
        if (!matchPortProto(r.port, p.name, r.protocol, p.protocol)) continue;
        err = undefined;
        for (const ip of svc.clusterIPs) svcs.push({ host: ip, port: p.port, ttl: this.o.ttl, domain: base });
      }
    }
    return { svcs, err };
  }

  private findMulticluster(r: RecordRequest, zone: string): Found {
    if (r.service === '') return { svcs: [] };
    let err: K8sError | undefined = 'NoItems';
    const svcs: Svc[] = [];
    const idx = `${r.service}.${r.namespace}`;
    const base = `${r.service}.${r.namespace}.svc.${zone}`;
    for (const svc of this.c.imports.get(idx) ?? []) {
      if (!selects(this.o.labels, svc.labels)) continue;
      if (!match(r.namespace, svc.namespace) || !match(r.service, svc.name)) continue;
      const eps = this.endpointsOf(idx, true);
      if (this.o.ignoreEmptyService && !svc.headless && eps.reduce((n, e) => n + e.addresses.length, 0) === 0) continue;
      if (svc.headless || r.endpoint !== '') {
        this.matched = { kind: svc.headless ? 'headless' : 'endpoint', svc };
        for (const ep of eps) {
          for (const a of ep.addresses) {
            const hn = endpointHostname(a, this.o.endpointPodNames);
            if (r.endpoint !== '' && (!match(r.cluster, ep.clusterId) || !match(r.endpoint, hn))) continue;
            for (const p of ep.ports) {
              if (!matchPortProto(r.port, p.name, r.protocol, p.protocol)) continue;
              svcs.push({ host: a.ip, port: p.port, ttl: this.o.ttl, domain: `${hn}.${ep.clusterId}.${base}` });
              err = undefined;
            }
          }
        }
        continue;
      }
      this.matched = { kind: 'clusterip', svc };
      for (const p of svc.ports) {
        if (!matchPortProto(r.port, p.name, r.protocol, p.protocol)) continue;
        err = undefined;
        for (const ip of svc.clusterIPs) svcs.push({ host: ip, port: p.port, ttl: this.o.ttl, domain: base });
      }
    }
    return { svcs, err };
  }

  /** ns.go nsAddrs (not external): names and addresses for the apex NS set. */
  nsAddrs(zone: string): RR[] {
    const names: string[] = [];
    const ips: string[] = [];
    let found = false;
    for (const local of this.localIPs) {
      for (const ep of this.c.endpointsByIP.get(local) ?? []) {
        found = true;
        for (const svc of this.c.services.get(ep.index) ?? []) {
          const svcName = `${svc.name}.${svc.namespace}.svc.${zone}`;
          if (svc.headless) {
            for (const a of ep.addresses) {
              names.push(`${endpointHostname(a, this.o.endpointPodNames)}.${svcName}`);
              ips.push(a.ip);
            }
          } else {
            for (const ip of svc.clusterIPs) {
              names.push(svcName);
              ips.push(ip);
            }
          }
        }
      }
    }
    if (!found) {
      for (const ip of this.localIPs) {
        names.push(`ns.dns.${zone}`);
        ips.push(ip);
      }
    }
    return ips.map((ip, i) => rr(names[i], ip.includes(':') ? T.AAAA : T.A, 0, { kind: 'ip', ip }));
  }

  /** kubernetes.go Services. */
  services(st: State): Found {
    if (st.qtype === T.TXT) {
      const base = st.name.length > st.zone.length ? st.name.slice(0, st.name.length - st.zone.length - 1) : '';
      if (base === 'dns-version') return { svcs: [{ host: '', port: 0, ttl: 28800, domain: st.qname, text: '1.1.0' }] };
      const rec = this.records(st);
      if (rec.svcs.length > 0) return { svcs: [] };
      if (!rec.err && this.o.zonal) {
        const { r, err } = parseRequest(st.name, st.zone, this.isMulticluster(st.zone.toLowerCase()), true);
        if (!err && r.topoZone !== '') return { svcs: [] };
      }
      return { svcs: [], err: 'NoItems' };
    }
    if (st.qtype === T.NS) {
      return { svcs: this.nsAddrs(st.zone).map((a) => ({ host: (a.data as { ip: string }).ip, port: 0, ttl: this.o.ttl, domain: a.name })) };
    }
    if (st.name === `ns.dns.${st.zone.toLowerCase()}`) {
      const svcs: Svc[] = [];
      for (const a of this.nsAddrs(st.zone)) {
        if (a.type === st.qtype) svcs.push({ host: (a.data as { ip: string }).ip, port: 0, ttl: this.o.ttl, domain: st.qname });
      }
      return { svcs };
    }
    const rec = this.records(st);
    if (st.qtype !== T.SRV) return rec;
    return { svcs: rec.svcs.filter((s) => isIP(s.host)), err: rec.err };
  }

  private checkForApex(st: State): Found {
    if (st.name !== st.zone.toLowerCase()) return this.services(st);
    const apex = this.services({ ...st, name: `apex.dns.${st.name}`, qname: `apex.dns.${st.qname}` });
    if (!apex.err || !isNameError(apex.err)) return apex;
    return this.services(st);
  }

  /** backend_lookup.go A / AAAA (family by qtype). */
  address(req: Request, st: State, prev: RR[]): { rrs: RR[]; tc: boolean; err?: K8sError } {
    const found = this.checkForApex(st);
    if (found.err) return { rrs: [], tc: false, err: found.err };
    const out: RR[] = [];
    let tc = false;
    // Few addresses per name: an array is cheaper than a Set here.
    const dup: string[] = [];
    for (const s of found.svcs) {
      if (!isIP(s.host)) {
        if (s.text !== undefined) continue;
        const target = fqdn(s.host);
        if (isSubDomain(st.name, target)) continue;
        const cname = rr(st.qname, T.CNAME, s.ttl, { kind: 'name', target });
        if (prev.length > 10) continue;
        if (prev.some((p) => p.type === T.CNAME && p.name.toLowerCase() === cname.name.toLowerCase() && (p.data as { target: string }).target.toLowerCase() === target.toLowerCase())) continue;
        if (isSubDomain(st.zone, target)) {
          const next = this.address(req, { ...st, name: target.toLowerCase(), qname: target }, [...prev, cname]);
          if (!next.err && next.rrs.length > 0) out.push(cname, ...next.rrs);
          if (next.tc) tc = true;
          continue;
        }
        const m = req.server.lookup(req, target, st.qtype);
        if (!m) continue;
        if (m.tc) tc = true;
        out.push(cname, ...m.answer);
        continue;
      }
      const is4 = s.host.includes('.') && !s.host.includes(':');
      if ((st.qtype === T.A && is4) || (st.qtype === T.AAAA && !is4)) {
        if (dup.includes(s.host)) continue;
        dup.push(s.host);
        out.push(rr(st.qname, st.qtype, s.ttl, { kind: 'ip', ip: s.host }));
      }
    }
    return { rrs: out, tc };
  }

  srv(st: State): { rrs: RR[]; extra: RR[]; err?: K8sError } {
    const found = this.services(st);
    if (found.err) return { rrs: [], extra: [], err: found.err };
    const n = found.svcs.length;
    const rrs: RR[] = [];
    const extra: RR[] = [];
    const dup = new Set<string>();
    for (const s of found.svcs) {
      if (s.port === -1) continue;
      let weight = Math.floor((100 / (100 * n)) * 100);
      if (weight === 0) weight = 1;
      const ipText = s.host;
      const srvKey = `${s.domain.toLowerCase()}|${s.port}`;
      if (!dup.has(srvKey)) {
        dup.add(srvKey);
        rrs.push(rr(st.qname, T.SRV, s.ttl, { kind: 'srv', priority: 0, weight, port: s.port, target: s.domain }));
      }
      const addrKey = `${s.domain.toLowerCase()}|${ipText}`;
      if (!dup.has(addrKey)) {
        dup.add(addrKey);
        extra.push(rr(s.domain, ipText.includes(':') ? T.AAAA : T.A, s.ttl, { kind: 'ip', ip: ipText }));
      }
    }
    return { rrs, extra };
  }

  soa(zone: string): RR {
    const ttl = Math.min(this.o.ttl, 300);
    return rr(zone, T.SOA, ttl, { kind: 'soa', mname: `ns.dns.${zone}`, rname: `hostmaster.${zone}`, serial: this.serial, refresh: 7200, retry: 1800, expire: 86400, minttl: this.o.ttl });
  }

  /** reverse.go Reverse + backend_lookup.go PTR. */
  ptr(st: State): { rrs: RR[]; err?: K8sError } {
    const ip = addressFromReverse(st.name);
    if (ip === '') {
      const rec = this.records(st);
      return { rrs: [], err: rec.err };
    }
    const targets: string[] = [];
    let svcHit = false;
    for (const svc of this.c.servicesByIP.get(ip) ?? []) {
      if (this.o.namespaces.size > 0 && !this.namespaceExposed(svc.namespace)) continue;
      if (!selects(this.o.labels, svc.labels)) continue;
      targets.push(`${svc.name}.${svc.namespace}.svc.${this.o.primaryZone}`);
      svcHit = true;
      break;
    }
    if (!svcHit && !this.o.noEndpoints) {
      for (const ep of this.c.endpointsByIP.get(ip) ?? []) {
        if (this.o.namespaces.size > 0 && !this.namespaceExposed(ep.namespace)) continue;
        if (!selects(this.o.labels, ep.labels)) continue;
        for (const a of ep.addresses) if (a.ip === ip) targets.push(`${endpointHostname(a, this.o.endpointPodNames)}.${ep.index}.svc.${this.o.primaryZone}`);
      }
    }
    if (targets.length === 0) return { rrs: [], err: 'NoItems' };
    const seen = new Set<string>();
    const rrs: RR[] = [];
    for (const t of targets) {
      if (seen.has(t)) continue;
      seen.add(t);
      rrs.push(rr(st.qname, T.PTR, this.o.ttl, { kind: 'name', target: t }));
    }
    return { rrs };
  }
}

function parseOptions(tokens: import('../../ast/read.js').CoreToken[], keys: string[]): Opts | { error: string } {
  const d = dispenser(tokens);
  const o: Opts = {
    zones: [],
    primaryZone: '',
    podMode: 'disabled',
    namespaces: new Set(),
    endpointPodNames: false,
    ttl: 5,
    noEndpoints: false,
    fall: new Fall(),
    ignoreEmptyService: false,
    multicluster: [],
    zonal: false,
  };
  while (d.next()) {
    o.zones = origins(d.remainingArgs(), keys);
    while (d.nextBlock()) {
      const opt = d.val();
      const a = d.remainingArgs();
      switch (opt) {
        case 'pods':
          if (a[0] === 'disabled' || a[0] === 'insecure' || a[0] === 'verified') o.podMode = a[0];
          else return { error: `wrong value for pods: ${a[0]},  must be one of: disabled, verified, insecure` };
          break;
        case 'namespaces':
          a.forEach((n) => o.namespaces.add(n));
          break;
        case 'namespace_labels':
          o.namespaceLabels = parseSelector(a.join(' '));
          if (!o.namespaceLabels) return { error: `unable to parse namespace_labels selector: ${a.join(' ')}` };
          break;
        case 'labels':
          o.labels = parseSelector(a.join(' '));
          if (!o.labels) return { error: `unable to parse label selector: ${a.join(' ')}` };
          break;
        case 'endpoint_pod_names':
          o.endpointPodNames = true;
          break;
        case 'ttl':
          o.ttl = Number(a[0]);
          if (!Number.isInteger(o.ttl) || o.ttl < 0 || o.ttl > 3600) return { error: `ttl must be in range [0, 3600]: ${a[0]}` };
          break;
        case 'noendpoints':
          o.noEndpoints = true;
          break;
        case 'fallthrough':
          o.fall = Fall.fromArgs(a);
          break;
        case 'ignore':
          if (a[0] === 'empty_service') o.ignoreEmptyService = true;
          break;
        case 'multicluster':
          o.multicluster = a.length ? a.flatMap((z) => origins([z], keys)) : [];
          break;
        case 'zonal':
          o.zonal = true;
          break;
        default:
          // Connection options (endpoint, tls, kubeconfig, apiserver_*, startup_timeout) do not change answers.
          break;
      }
    }
  }
  o.primaryZone = o.zones.find((z) => isReverse(z) === 0) ?? '';
  if (!o.primaryZone) return { error: 'non-reverse zone name must be used' };
  return o;
}

export const kubernetes: PluginModule = {
  name: 'kubernetes',
  setup(ctx) {
    const o = parseOptions(ctx.tokens, ctx.keys);
    if ('error' in o) return o;
    const cluster = ctx.env.cluster ?? emptyCluster();
    const warnings: string[] = [];
    if (!ctx.env.cluster) warnings.push('no cluster state given (--cluster): every name is answered as in an empty cluster');
    let local = ctx.env.corednsIPs;
    if (!local) {
      // Default: CoreDNS runs as the first ready endpoint of kube-system/kube-dns.
      const eps = cluster.endpoints.get('kube-dns.kube-system') ?? [];
      const first = eps.flatMap((e) => e.addresses)[0];
      local = first ? [first.ip] : [];
    }
    const k = new K8s(o, cluster, ctx.env.clusterSynced ?? true, local, ctx.env.serial);
    return { warnings, handlers: [{ name: 'kubernetes', serve: (req, w, next) => serve(k, req, w, next) }] };
  },
};

function serve(k: K8s, req: Request, w: Writer, next: (req: Request, w: Writer) => number): number {
  const q = req.msg.question[0];
  const qname = q.name;
  const name = qname.toLowerCase();
  const zl = matchZone(k.o.zones, name);
  if (!zl) {
    if (req.trace.on) req.trace.step('kubernetes', 'pass', `${qname} is outside ${k.o.zones.join(' ')}; passed on`);
    return next(req, w);
  }
  const zone = qname.slice(qname.length - zl.length);
  const st: State = { name, qname, zone, qtype: q.type };
  let records: RR[] = [];
  let extra: RR[] = [];
  let tc = false;
  let err: K8sError | undefined;
  switch (q.type) {
    case T.A:
    case T.AAAA: {
      const r = k.address(req, st, []);
      records = r.rrs;
      tc = r.tc;
      err = r.err;
      break;
    }
    case T.TXT: {
      const f = k.services(st);
      err = f.err;
      if (!err) records = f.svcs.filter((s) => s.text !== undefined).map((s) => rr(qname, T.TXT, s.ttl, { kind: 'txt', strings: [s.text!] }));
      break;
    }
    case T.CNAME: {
      const f = k.services(st);
      err = f.err;
      if (!err && f.svcs.length > 0 && !isIP(f.svcs[0].host) && f.svcs[0].text === undefined) {
        records = [rr(qname, T.CNAME, f.svcs[0].ttl, { kind: 'name', target: f.svcs[0].host.endsWith('.') ? f.svcs[0].host : f.svcs[0].host + '.' })];
      }
      break;
    }
    case T.PTR: {
      const r = k.ptr(st);
      records = r.rrs;
      err = r.err;
      break;
    }
    case T.MX:
      err = k.services(st).err;
      break;
    case T.SRV: {
      const r = k.srv(st);
      records = r.rrs;
      extra = r.extra;
      err = r.err;
      break;
    }
    case T.SOA:
      if (qname === zone) records = [k.soa(zone)];
      break;
    case T.AXFR:
    case T.IXFR:
      req.trace.step('kubernetes', 'error', 'zone transfers need the transfer plugin: REFUSED');
      return RCODE.REFUSED;
    default:
      if (q.type === T.NS && name === zone) {
        const f = k.services({ ...st, name: `ns.dns.${name}`, qname: `ns.dns.${zone}` });
        const seen = new Set<string>();
        for (const s of f.svcs) {
          extra.push(rr(s.domain, s.host.includes(':') ? T.AAAA : T.A, s.ttl, { kind: 'ip', ip: s.host }));
          if (seen.has(s.domain)) continue;
          seen.add(s.domain);
          records.push(rr(qname, T.NS, s.ttl, { kind: 'name', target: s.domain }));
        }
        if (records.length === 0) req.trace.step('kubernetes', 'note', 'no CoreDNS pod address known (--coredns-ip, or a kube-system/kube-dns endpoint): no NS records');
        break;
      }
      // A fake A lookup tells NODATA from NXDOMAIN for every other type.
      err = k.address(req, { ...st, qtype: T.A }, []).err;
      break;
  }
  if (isNameError(err)) {
    if (k.o.fall.through(name)) {
      req.trace.step('kubernetes', 'pass', `${qname} does not exist in the cluster; fallthrough passes it on`);
      return next(req, w);
    }
    const m = setRcode(req.msg, k.synced ? RCODE.NXDOMAIN : RCODE.SERVFAIL);
    m.aa = true;
    m.ns = [k.soa(zone)];
    req.trace.step('kubernetes', 'answer', k.synced ? `${qname} does not exist in the cluster (${errText(err!)}): NXDOMAIN` : 'not synced with the API: SERVFAIL');
    w.write(m);
    return 0;
  }
  if (err) {
    req.trace.step('kubernetes', 'error', 'backend error: SERVFAIL');
    return RCODE.SERVFAIL;
  }
  if (records.length === 0) {
    const m = setRcode(req.msg, RCODE.NOERROR);
    m.aa = true;
    m.ns = [k.soa(zone)];
    req.trace.step('kubernetes', 'answer', `${qname} exists${k.matched ? ` (${matchedText(k)})` : ''} but has no records of this type: NODATA`);
    w.write(m);
    return 0;
  }
  const m = setReply(req.msg);
  m.tc = tc;
  m.aa = true;
  m.answer = records;
  m.extra = extra;
  if (req.trace.on) {
    const what = matchedText(k) ?? 'the cluster';
    req.trace.step('kubernetes', 'answer', `answered from ${what} (${records.length} record${records.length === 1 ? '' : 's'})`);
  }
  w.write(m);
  return 0;
}

function matchedText(k: K8s): string | undefined {
  const m = k.matched;
  if (!m) return undefined;
  const id = `${m.svc.namespace}/${m.svc.name}`;
  switch (m.kind) {
    case 'clusterip':
      return `service ${id} (cluster IP ${m.svc.clusterIPs.join(', ')})`;
    case 'headless':
      return `headless service ${id} (its ready endpoints)`;
    case 'endpoint':
      return `an endpoint of service ${id}`;
    case 'external':
      return `ExternalName service ${id} (→ ${m.svc.externalName})`;
  }
}

function errText(e: K8sError): string {
  return e === 'NsNotExposed' ? 'namespace not exposed or missing' : e === 'InvalidRequest' ? 'not a name of the kubernetes schema' : 'no such service, endpoint or pod';
}
