/**
 * Kubernetes state for the kubernetes plugin, read from YAML as
 * `kubectl get ns,svc,endpointslices,pods -A -o yaml` prints it. Only the
 * fields CoreDNS's object converters read are kept
 * (coredns/coredns:plugin/kubernetes/object/{service,endpoint,pod}.go).
 */
import { parseAllDocuments } from 'yaml';

export interface ServicePort {
  name: string;
  port: number;
  protocol: string;
}

export interface Service {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  type: string;
  clusterIPs: string[];
  headless: boolean;
  externalName: string;
  /** The sentinel `{port: -1}` when the service declares none (object.ToService). */
  ports: ServicePort[];
  /** spec.externalIPs then status.loadBalancer.ingress ip-or-hostname. */
  externalIPs: string[];
}

export interface EndpointAddress {
  ip: string;
  hostname: string;
  targetRefName: string;
  nodeName: string;
  zone: string;
}

/** One EndpointSlice, as CoreDNS's Endpoints object (one subset: its ports and ready addresses). */
export interface Endpoints {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** `service.namespace` from the kubernetes.io/service-name label (or the multicluster one). */
  index: string;
  clusterId: string;
  ports: ServicePort[];
  addresses: EndpointAddress[];
}

export interface Pod {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  podIP: string;
}

export interface Namespace {
  name: string;
  labels: Record<string, string>;
  /** Not in the file, but referenced by an object in it (it must exist in a real cluster). */
  implied: boolean;
}

export interface ServiceImport {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  headless: boolean;
  clusterIPs: string[];
  ports: ServicePort[];
}

export interface Cluster {
  namespaces: Map<string, Namespace>;
  /** By `name.namespace`. */
  services: Map<string, Service[]>;
  endpoints: Map<string, Endpoints[]>;
  imports: Map<string, ServiceImport[]>;
  mcEndpoints: Map<string, Endpoints[]>;
  /** Reverse indexes: cluster IP → services, ready endpoint IP → slices, pod IP → pods. */
  servicesByIP: Map<string, Service[]>;
  endpointsByIP: Map<string, Endpoints[]>;
  podsByIP: Map<string, Pod[]>;
  counts: Record<string, number>;
  warnings: string[];
}

export function emptyCluster(): Cluster {
  return {
    namespaces: new Map(),
    services: new Map(),
    endpoints: new Map(),
    imports: new Map(),
    mcEndpoints: new Map(),
    servicesByIP: new Map(),
    endpointsByIP: new Map(),
    podsByIP: new Map(),
    counts: {},
    warnings: [],
  };
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const labelsOf = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) out[k] = str(x);
  return out;
};

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function ports(v: unknown): ServicePort[] {
  const list = arr(v).filter(isObj);
  if (list.length === 0) return [{ name: '', port: -1, protocol: '' }];
  return list.map((p) => ({ name: str(p.name), port: typeof p.port === 'number' ? p.port : -1, protocol: str(p.protocol) }));
}

/** Parse cluster YAML (a List, several documents, or both). Never throws. */
export function loadCluster(text: string, file = 'cluster.yaml'): Cluster {
  const c = emptyCluster();
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch (e) {
    c.warnings.push(`${file}: ${(e as Error).message}`);
    return c;
  }
  const items: Obj[] = [];
  const collect = (v: unknown) => {
    if (!isObj(v)) return;
    if (typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) v.items.forEach(collect);
    else items.push(v);
  };
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    if (d.errors.length > 0) {
      c.warnings.push(`${file}: ${d.errors[0].message}`);
      continue;
    }
    try {
      collect(d.toJS());
    } catch (e) {
      c.warnings.push(`${file}: ${(e as Error).message}`);
    }
  }
  addObjects(c, items);
  return c;
}

/** Add API objects (already parsed) to a cluster. */
export function addObjects(c: Cluster, items: Obj[]): void {
  const referenced = new Set<string>();
  for (const o of items) {
    const kind = str(o.kind);
    const meta = isObj(o.metadata) ? o.metadata : {};
    const name = str(meta.name);
    const namespace = str(meta.namespace);
    const labels = labelsOf(meta.labels);
    const spec = isObj(o.spec) ? o.spec : {};
    c.counts[kind] = (c.counts[kind] ?? 0) + 1;
    if (namespace) referenced.add(namespace);
    switch (kind) {
      case 'Namespace':
        c.namespaces.set(name, { name, labels, implied: false });
        break;
      case 'Service': {
        const clusterIPs = arr(spec.clusterIPs).map(str).filter(Boolean);
        if (clusterIPs.length === 0) clusterIPs.push(str(spec.clusterIP));
        const status = isObj(o.status) && isObj(o.status.loadBalancer) ? o.status.loadBalancer : {};
        const ingress = arr(status.ingress).filter(isObj).map((i) => str(i.ip) || str(i.hostname));
        const svc: Service = {
          name,
          namespace,
          labels,
          type: str(spec.type) || 'ClusterIP',
          clusterIPs,
          headless: clusterIPs[0] === 'None',
          externalName: str(spec.externalName),
          ports: ports(spec.ports),
          externalIPs: [...arr(spec.externalIPs).map(str), ...ingress],
        };
        push(c.services, `${name}.${namespace}`, svc);
        for (const ip of clusterIPs) if (ip && ip !== 'None') push(c.servicesByIP, ip, svc);
        break;
      }
      case 'EndpointSlice': {
        const mcName = labels['multicluster.kubernetes.io/service-name'];
        const svcName = labels['kubernetes.io/service-name'];
        const eps: Endpoints = { name, namespace, labels, index: '', clusterId: '', ports: ports(o.ports), addresses: [] };
        for (const e of arr(o.endpoints).filter(isObj)) {
          const cond = isObj(e.conditions) ? e.conditions : {};
          // Absent readiness counts as ready (endpointsliceReady); only an explicit false excludes.
          if (cond.ready === false) continue;
          const ref = isObj(e.targetRef) ? str(e.targetRef.name) : '';
          for (const a of arr(e.addresses).map(str)) {
            eps.addresses.push({ ip: a, hostname: str(e.hostname), targetRefName: ref.length < 64 ? ref : '', nodeName: str(e.nodeName), zone: str(e.zone).toLowerCase() });
          }
        }
        if (svcName !== undefined) {
          const plain = { ...eps, index: `${svcName}.${namespace}` };
          push(c.endpoints, plain.index, plain);
          for (const a of plain.addresses) push(c.endpointsByIP, a.ip, plain);
        }
        if (mcName !== undefined) {
          const mc = { ...eps, index: `${mcName}.${namespace}`, clusterId: labels['multicluster.kubernetes.io/source-cluster'] ?? '' };
          push(c.mcEndpoints, mc.index, mc);
        }
        if (svcName === undefined && mcName === undefined) c.warnings.push(`EndpointSlice ${namespace}/${name} has no kubernetes.io/service-name label; CoreDNS links it to no service`);
        break;
      }
      case 'Pod': {
        const status = isObj(o.status) ? o.status : {};
        const phase = str(status.phase);
        // The plugin's pod watch leaves out finished and deleted pods (controller.go podListFunc).
        if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Unknown' || meta.deletionTimestamp) break;
        const pod: Pod = { name, namespace, labels, podIP: str(status.podIP) };
        if (pod.podIP) push(c.podsByIP, pod.podIP, pod);
        break;
      }
      case 'ServiceImport': {
        const si: ServiceImport = { name, namespace, labels, headless: str(spec.type) === 'Headless', clusterIPs: arr(spec.ips).map(str), ports: ports(spec.ports) };
        push(c.imports, `${name}.${namespace}`, si);
        break;
      }
      default:
        break;
    }
  }
  for (const ns of referenced) if (!c.namespaces.has(ns)) c.namespaces.set(ns, { name: ns, labels: {}, implied: true });
}

// ---------------------------------------------------------------------------
// Label selectors (k8s.io/apimachinery labels.Parse, the forms kubectl accepts)
// ---------------------------------------------------------------------------

type Requirement = { key: string; op: 'in' | 'notin' | 'exists' | '!exists'; values: string[] };

export type Selector = Requirement[];

/** Parse `a=b,c!=d,e in (x,y),f notin (z),g,!h`; undefined when malformed. */
export function parseSelector(s: string): Selector | undefined {
  const out: Selector = [];
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    let m;
    if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(p))) out.push({ key: m[1], op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]] });
    else if ((m = /^([\w./-]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(p))) out.push({ key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((x) => x.trim()) });
    else if ((m = /^!\s*([\w./-]+)$/.exec(p))) out.push({ key: m[1], op: '!exists', values: [] });
    else if ((m = /^([\w./-]+)$/.exec(p))) out.push({ key: m[1], op: 'exists', values: [] });
    else return undefined;
  }
  return out;
}

export function selects(sel: Selector | undefined, labels: Record<string, string>): boolean {
  if (!sel) return true;
  for (const r of sel) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case 'in':
        if (!has || !r.values.includes(labels[r.key])) return false;
        break;
      case 'notin':
        if (has && r.values.includes(labels[r.key])) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!exists':
        if (has) return false;
        break;
    }
  }
  return true;
}
