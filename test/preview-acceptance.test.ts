/**
 * The acceptance table of ../shared/reference/preview-engine-spec.md §4,
 * for the plugins of issue 6 (rows 1–63 and 66–73 except the template
 * rows, 90–96, 100). Row numbers are the table's. The zone and hosts data
 * are written here from the facts the table states; the Kubernetes rows
 * use the transcribed handler-test cluster in ../shared plus the
 * namespaces the table adds.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../src/ast/fs.js';
import { newQuery, type Msg } from '../src/preview/dns/message.js';
import { CLASS, rcodeName, rrText, typeFromName, type RR } from '../src/preview/dns/rr.js';
import { pack } from '../src/preview/dns/wire.js';
import { buildEngine, evaluate } from '../src/preview/engine.js';
import { addObjects, emptyCluster, loadCluster, type Cluster } from '../src/preview/kubernetes/cluster.js';
import type { Arrival, EngineEnv } from '../src/preview/types.js';
import { parseRR } from '../src/preview/zonefile.js';
import { haveShared, sharedPath } from './support/shared.js';

const UDP: Arrival = { transport: 'dns', proto: 'udp', clientIP: '10.240.0.1', clientPort: 40212, serverIP: '127.0.0.1' };

function env(files: Record<string, string> = {}, cluster?: Cluster, extra: Partial<EngineEnv> = {}): EngineEnv {
  return { fs: memoryFileSystem(files), corefilePath: '/etc/coredns/Corefile', env: () => undefined, cluster, upstream: { mode: 'offline' }, hostname: 'localhost', serial: 3, ...extra };
}

function ask(corefile: string, e: EngineEnv, name: string, type: string, opts: { arrival?: Partial<Arrival>; cls?: number; edns?: { udpSize: number; do?: boolean } } = {}): Msg {
  const engine = buildEngine(corefile, e);
  expect(engine.issues.filter((i) => i.severity === 'error')).toEqual([]);
  const q = newQuery(name, typeFromName(type)!, { cls: opts.cls, edns: opts.edns ?? false });
  const ev = evaluate(engine, q, { ...UDP, proto: 'tcp', ...opts.arrival });
  expect(ev.facts.undetermined).toBeUndefined();
  expect(ev.message).toBeDefined();
  return ev.message!;
}

/** Presentation strings, sorted; a SOA reduced to what CoreDNS's tests compare (owner, TTL, type, mname). */
function canon(rrs: RR[]): string[] {
  return rrs.map((r) => (r.data.kind === 'soa' ? `${r.name}\t${r.ttl}\tSOA\t${r.data.mname}` : rrText(r))).sort();
}
function want(list: string[]): string[] {
  return canon(
    list.map((s) => {
      const r = parseRR(s);
      if ('error' in r) throw new Error(`${s}: ${r.error}`);
      return r.rr;
    }),
  );
}

// ---------------------------------------------------------------- kubernetes (rows 1–46)

const K1 = 'cluster.local {\n  kubernetes {\n    namespaces testns\n  }\n}\n';
const SOAK = 'cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 3 7200 1800 86400 5';

function k8sA(): Cluster {
  const c = loadCluster(fs.readFileSync(sharedPath('conformance', 'kubernetes-cluster.yaml'), 'utf8'));
  // The table's K8S-A adds these namespaces (the Go stub answers "exists" for them).
  addObjects(c, ['svcns', 'svc-nons'].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })));
  return c;
}

function k8sR(): Cluster {
  const c = emptyCluster();
  const ep = (name: string, svc: string, addrs: Array<[string, string]>) => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'testns', labels: { 'kubernetes.io/service-name': svc } },
    endpoints: addrs.map(([ip, hostname]) => ({ addresses: [ip], hostname })),
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
  });
  addObjects(c, [
    { kind: 'Namespace', metadata: { name: 'testns' } },
    { kind: 'Service', metadata: { name: 'svc1', namespace: 'testns' }, spec: { clusterIP: '192.168.1.100', clusterIPs: ['192.168.1.100'], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } },
    ep('svc1-a', 'svc1', [['10.0.0.100', 'ep1a'], ['10.0.0.99', 'double-ep']]),
    ep('svc1-b', 'svc1', [['1234:abcd::1', 'ep1b'], ['fd00:77:30::a', 'ip6svc1ex'], ['fd00:77:30::2:9ba6', 'ip6svc1in']]),
    ep('svc1-c', 'svc1', [['10.0.0.100', 'ep1a']]),
    ep('svc2-a', 'svc2', [['10.0.0.99', 'double-ep']]),
  ]);
  return c;
}

describe.skipIf(!haveShared())('acceptance: kubernetes', () => {
  const c = haveShared() ? k8sA() : emptyCluster();
  const k = (name: string, type: string, corefile = K1, extra: Partial<EngineEnv> = {}) => ask(corefile, env({}, c, extra), name, type);
  const rows: Array<[number, string, string, string, string[], string[], string[]?]> = [
    [1, 'svc1.testns.svc.cluster.local.', 'A', 'NOERROR', ['svc1.testns.svc.cluster.local. 5 A 10.0.0.1'], []],
    [2, 'svcempty.testns.svc.cluster.local.', 'A', 'NOERROR', ['svcempty.testns.svc.cluster.local. 5 A 10.0.0.1'], []],
    [3, 'svc1.testns.svc.cluster.local.', 'SRV', 'NOERROR', ['svc1.testns.svc.cluster.local. 5 SRV 0 100 80 svc1.testns.svc.cluster.local.'], [], ['svc1.testns.svc.cluster.local. 5 A 10.0.0.1']],
    [4, '_http._tcp.svc1.testns.svc.cluster.local.', 'SRV', 'NOERROR', ['_http._tcp.svc1.testns.svc.cluster.local. 5 SRV 0 100 80 svc1.testns.svc.cluster.local.'], [], ['svc1.testns.svc.cluster.local. 5 A 10.0.0.1']],
    [5, 'svc6.testns.svc.cluster.local.', 'SRV', 'NOERROR', ['svc6.testns.svc.cluster.local. 5 SRV 0 100 80 svc6.testns.svc.cluster.local.'], [], ['svc6.testns.svc.cluster.local. 5 AAAA 1234:abcd::1']],
    [6, 'hdls1.testns.svc.cluster.local.', 'A', 'NOERROR', ['172.0.0.2', '172.0.0.3', '172.0.0.4', '172.0.0.5'].map((ip) => `hdls1.testns.svc.cluster.local. 5 A ${ip}`), []],
    [7, 'hdls1.testns.svc.cluster.local.', 'AAAA', 'NOERROR', ['5678:abcd::1', '5678:abcd::2'].map((ip) => `hdls1.testns.svc.cluster.local. 5 AAAA ${ip}`), []],
    [8, 'hdlsprtls.testns.svc.cluster.local.', 'A', 'NOERROR', ['hdlsprtls.testns.svc.cluster.local. 5 A 172.0.0.20'], []],
    [9, 'svc1.testns.svc.cluster.local.', 'AAAA', 'NOERROR', [], [SOAK]],
    [10, 'svc0.testns.svc.cluster.local.', 'A', 'NXDOMAIN', [], [SOAK]],
    [10, 'svc0.testns.svc.cluster.local.', 'AAAA', 'NXDOMAIN', [], [SOAK]],
    [11, 'svc0.svc-nons.svc.cluster.local.', 'A', 'NXDOMAIN', [], [SOAK]],
    [12, 'dns-version.cluster.local.', 'TXT', 'NOERROR', ['dns-version.cluster.local. 28800 TXT "1.1.0"'], []],
    [13, 'svc1.testns.svc.cluster.local.', 'TXT', 'NOERROR', [], [SOAK]],
    [14, 'svc0.svc-nons.svc.cluster.local.', 'TXT', 'NXDOMAIN', [], [SOAK]],
    [15, 'bogusendpoint.hdls1.testns.svc.cluster.local.', 'A', 'NXDOMAIN', [], [SOAK]],
    [15, 'bogusendpoint.svc0.testns.svc.cluster.local.', 'A', 'NXDOMAIN', [], [SOAK]],
    [16, 'svc.cluster.local.', 'A', 'NOERROR', [], [SOAK]],
    [16, 'pod.cluster.local.', 'A', 'NOERROR', [], [SOAK]],
    [16, 'testns.svc.cluster.local.', 'A', 'NOERROR', [], [SOAK]],
    [16, 'svc.cluster.local.', 'NS', 'NOERROR', [], [SOAK]],
    [16, 'testns.svc.cluster.local.', 'NS', 'NOERROR', [], [SOAK]],
    [17, 'foo.cluster.local.', 'NS', 'NXDOMAIN', [], [SOAK]],
    [17, 'foo.svc.cluster.local.', 'NS', 'NXDOMAIN', [], [SOAK]],
    [18, 'svc-dual-stack.testns.svc.cluster.local.', 'A', 'NOERROR', ['svc-dual-stack.testns.svc.cluster.local. 5 A 10.0.0.3'], []],
    [18, 'svc-dual-stack.testns.svc.cluster.local.', 'AAAA', 'NOERROR', ['svc-dual-stack.testns.svc.cluster.local. 5 AAAA 10::3'], []],
    [18, 'svc-dual-stack.testns.svc.cluster.local.', 'SRV', 'NOERROR', ['svc-dual-stack.testns.svc.cluster.local. 5 SRV 0 50 80 svc-dual-stack.testns.svc.cluster.local.'], [], ['svc-dual-stack.testns.svc.cluster.local. 5 A 10.0.0.3', 'svc-dual-stack.testns.svc.cluster.local. 5 AAAA 10::3']],
    [19, 'svc1.testns.svc.cluster.local.', 'SOA', 'NOERROR', [], [SOAK]],
    [20, 'endpoint.external.testns.svc.cluster.local.', 'CNAME', 'NXDOMAIN', [], [SOAK]],
    [20, 'subdomain.subdomain.external.testns.svc.cluster.local.', 'CNAME', 'NXDOMAIN', [], [SOAK]],
    [
      21,
      '_http._tcp.hdls1.testns.svc.cluster.local.',
      'SRV',
      'NOERROR',
      ['172-0-0-2', '172-0-0-3', '5678-abcd--1', '5678-abcd--2', 'dup-name'].map((h) => `_http._tcp.hdls1.testns.svc.cluster.local. 5 SRV 0 16 80 ${h}.hdls1.testns.svc.cluster.local.`),
      [],
      [
        '172-0-0-2.hdls1.testns.svc.cluster.local. 5 A 172.0.0.2',
        '172-0-0-3.hdls1.testns.svc.cluster.local. 5 A 172.0.0.3',
        '5678-abcd--1.hdls1.testns.svc.cluster.local. 5 AAAA 5678:abcd::1',
        '5678-abcd--2.hdls1.testns.svc.cluster.local. 5 AAAA 5678:abcd::2',
        'dup-name.hdls1.testns.svc.cluster.local. 5 A 172.0.0.4',
        'dup-name.hdls1.testns.svc.cluster.local. 5 A 172.0.0.5',
      ],
    ],
    [22, '5678-abcd--2.hdls1.testns.svc.cluster.local.', 'AAAA', 'NOERROR', ['5678-abcd--2.hdls1.testns.svc.cluster.local. 5 AAAA 5678:abcd::2'], []],
    [22, '172-0-0-20.hdlsprtls.testns.svc.cluster.local.', 'A', 'NOERROR', ['172-0-0-20.hdlsprtls.testns.svc.cluster.local. 5 A 172.0.0.20'], []],
    [23, 'dup-name.hdls1.testns.svc.cluster.local.', 'A', 'NOERROR', ['dup-name.hdls1.testns.svc.cluster.local. 5 A 172.0.0.4', 'dup-name.hdls1.testns.svc.cluster.local. 5 A 172.0.0.5'], []],
    [24, 'external.testns.svc.cluster.local.', 'CNAME', 'NOERROR', ['external.testns.svc.cluster.local. 5 CNAME ext.interwebs.test.'], []],
    [26, 'external-to-service.testns.svc.cluster.local.', 'A', 'NOERROR', ['external-to-service.testns.svc.cluster.local. 5 CNAME svc1.testns.svc.cluster.local.', 'svc1.testns.svc.cluster.local. 5 A 10.0.0.1'], []],
  ];
  for (const [row, name, type, rcode, answer, ns, extra] of rows) {
    it(`row ${row}: ${name} ${type} → ${rcode}`, () => {
      const m = k(name, type);
      expect(rcodeName(m.rcode)).toBe(rcode);
      expect(m.aa).toBe(true);
      expect(canon(m.answer)).toEqual(want(answer));
      expect(canon(m.ns)).toEqual(want(ns));
      expect(canon(m.extra)).toEqual(want(extra ?? []));
    });
  }

  it('rows 27–29: the query case is kept in owners, SRV target zones and the SOA', () => {
    const ign = 'cluster.local {\n  kubernetes {\n    ignore empty_service\n  }\n}\n';
    expect(canon(k('SvC1.TeStNs.SvC.cLuStEr.LoCaL.', 'A', ign).answer)).toEqual(want(['SvC1.TeStNs.SvC.cLuStEr.LoCaL. 5 A 10.0.0.1']));
    const srv = k('_HtTp._TcP.sVc1.TeStNs.SvC.cLuStEr.LoCaL.', 'SRV', ign);
    expect(canon(srv.answer)).toEqual(want(['_HtTp._TcP.sVc1.TeStNs.SvC.cLuStEr.LoCaL. 5 SRV 0 100 80 svc1.testns.svc.cLuStEr.LoCaL.']));
    expect(canon(srv.extra)).toEqual(want(['svc1.testns.svc.cLuStEr.LoCaL. 5 A 10.0.0.1']));
    const nx = k('not-a-service.testns.svc.ClUsTeR.lOcAl.', 'A', ign);
    expect(rcodeName(nx.rcode)).toBe('NXDOMAIN');
    expect(canon(nx.ns)).toEqual(want(['ClUsTeR.lOcAl. 5 SOA ns.dns.ClUsTeR.lOcAl. hostmaster.ClUsTeR.lOcAl. 3 7200 1800 86400 5']));
    expect(canon(k('Cluster.local.', 'SOA', ign).answer)).toEqual(want(['Cluster.local. 5 SOA ns.dns.Cluster.local. hostmaster.Cluster.local. 3 7200 1800 86400 5']));
  });

  it('row 30: ignore empty_service', () => {
    const ign = 'cluster.local {\n  kubernetes {\n    ignore empty_service\n  }\n}\n';
    expect(rcodeName(k('svcempty.testns.svc.cluster.local.', 'A', ign).rcode)).toBe('NXDOMAIN');
    expect(canon(k('external.testns.svc.cluster.local.', 'CNAME', ign).answer)).toEqual(want(['external.testns.svc.cluster.local. 5 CNAME ext.interwebs.test.']));
  });

  it('row 31: apex SOA, NS with the CoreDNS pod address, other types NODATA', () => {
    const apex = 'cluster.local {\n  kubernetes\n}\n';
    const e = { corednsIPs: ['127.0.0.1'] };
    expect(canon(k('cluster.local.', 'SOA', apex, e).answer)).toEqual(want([SOAK]));
    const ns = k('cluster.local.', 'NS', apex, e);
    expect(canon(ns.answer)).toEqual(want(['cluster.local. 5 NS ns.dns.cluster.local.']));
    expect(canon(ns.extra)).toEqual(want(['ns.dns.cluster.local. 5 A 127.0.0.1']));
    for (const t of ['A', 'AAAA', 'SRV', 'HINFO']) {
      const m = k('cluster.local.', t, apex, e);
      expect([rcodeName(m.rcode), m.answer.length, canon(m.ns)], t).toEqual(['NOERROR', 0, want([SOAK])]);
    }
  });

  it('rows 33–39: pods disabled, insecure, verified', () => {
    const mode = (m: string) => `cluster.local {\n  kubernetes {\n    pods ${m}\n  }\n}\n`;
    for (const n of ['10-240-0-1.podns.pod.cluster.local.', '172-0-0-2.podns.pod.cluster.local.']) expect(rcodeName(k(n, 'A', mode('disabled')).rcode)).toBe('NXDOMAIN');
    expect(canon(k('10-240-0-1.podns.pod.cluster.local.', 'A', mode('insecure')).answer)).toEqual(want(['10-240-0-1.podns.pod.cluster.local. 5 A 10.240.0.1']));
    expect(canon(k('172-0-0-2.podns.pod.cluster.local.', 'A', mode('insecure')).answer)).toEqual(want(['172-0-0-2.podns.pod.cluster.local. 5 A 172.0.0.2']));
    for (const t of ['A', 'AAAA', 'HINFO']) expect(rcodeName(k('blah.podns.pod.cluster.local.', t, mode('insecure')).rcode), t).toBe('NXDOMAIN');
    expect(rcodeName(k('blah.pod-nons.pod.cluster.local.', 'A', mode('insecure')).rcode)).toBe('NXDOMAIN');
    const nodata = k('podns.pod.cluster.local.', 'A', mode('insecure'));
    expect([rcodeName(nodata.rcode), nodata.answer.length]).toEqual(['NOERROR', 0]);
    expect(canon(k('10-240-0-1.podns.pod.cluster.local.', 'A', mode('verified')).answer)).toEqual(want(['10-240-0-1.podns.pod.cluster.local. 5 A 10.240.0.1']));
    expect(rcodeName(k('172-0-0-2.podns.pod.cluster.local.', 'A', mode('verified')).rcode)).toBe('NXDOMAIN');
    expect(rcodeName(k('pod-nons.pod.cluster.local.', 'A', mode('verified')).rcode)).toBe('NXDOMAIN');
    for (const n of ['podns.pod.cluster.local.', 'svcns.svc.cluster.local.']) {
      const m = k(n, 'A', mode('verified'));
      expect([rcodeName(m.rcode), m.answer.length, canon(m.ns)], n).toEqual(['NOERROR', 0, want([SOAK])]);
    }
  });
});

describe('acceptance: kubernetes reverse (rows 40–46)', () => {
  const KR = '. {\n  kubernetes cluster.local 0.10.in-addr.arpa 168.192.in-addr.arpa 0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.4.3.2.1.ip6.arpa 0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa\n}\n';
  const e = env({}, k8sR());
  const ptr = (n: string) => ask(KR, e, n, 'PTR');
  it('rows 40–43: endpoint, service and IPv6 PTRs', () => {
    expect(canon(ptr('100.0.0.10.in-addr.arpa.').answer)).toEqual(want(['100.0.0.10.in-addr.arpa. 5 PTR ep1a.svc1.testns.svc.cluster.local.']));
    expect(canon(ptr('100.1.168.192.in-addr.arpa.').answer)).toEqual(want(['100.1.168.192.in-addr.arpa. 5 PTR svc1.testns.svc.cluster.local.']));
    const v6a = '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.4.3.2.1.ip6.arpa.';
    expect(canon(ptr(v6a).answer)).toEqual(want([`${v6a} 5 PTR ep1b.svc1.testns.svc.cluster.local.`]));
    const v6b = 'a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa.';
    expect(canon(ptr(v6b).answer)).toEqual(want([`${v6b} 5 PTR ip6svc1ex.svc1.testns.svc.cluster.local.`]));
    expect(canon(ptr('99.0.0.10.in-addr.arpa.').answer)).toEqual(want(['99.0.0.10.in-addr.arpa. 5 PTR double-ep.svc1.testns.svc.cluster.local.', '99.0.0.10.in-addr.arpa. 5 PTR double-ep.svc2.testns.svc.cluster.local.']));
  });
  it('rows 44–46: misses are NXDOMAIN with the matched zone SOA; PTR of a forward name is NODATA', () => {
    const m = ptr('101.0.0.10.in-addr.arpa.');
    expect([rcodeName(m.rcode), canon(m.ns)]).toEqual(['NXDOMAIN', want(['0.10.in-addr.arpa. 5 SOA ns.dns.0.10.in-addr.arpa. hostmaster.0.10.in-addr.arpa. 3 7200 1800 86400 5'])]);
    const nd = ptr('svc1.testns.svc.cluster.local.');
    expect([rcodeName(nd.rcode), nd.answer.length, canon(nd.ns)]).toEqual(['NOERROR', 0, want([SOAK])]);
    expect(rcodeName(ask(KR, e, 'svc1.testns.svc.0.10.in-addr.arpa.', 'A').rcode)).toBe('NXDOMAIN');
    expect(rcodeName(ptr('example.org.cluster.local.').rcode)).toBe('NXDOMAIN');
    expect(rcodeName(ptr('100.0.0.10.cluster.local.').rcode)).toBe('NXDOMAIN');
  });
});

// ---------------------------------------------------------------- file (rows 47–63)

/** A zone with the facts the table's MIEK rows rely on (written for this test). */
const MIEK = `$TTL 30M
$ORIGIN miek.nl.
@ IN SOA linode.atoom.net. miek.miek.nl. ( 1282630057 4H 1H 7D 4H )
  IN NS linode.atoom.net.
  IN NS ns-ext.nlnetlabs.nl.
  IN NS omval.tednet.nl.
  IN NS ext.ns.whyscream.net.
  IN MX 1 aspmx.l.google.com.
  IN MX 5 alt1.aspmx.l.google.com.
  IN MX 5 alt2.aspmx.l.google.com.
  IN MX 10 aspmx2.googlemail.com.
  IN MX 10 aspmx3.googlemail.com.
  IN A 139.162.196.78
  IN AAAA 2a01:7e00::f03c:91ff:fef1:6735
a IN A 139.162.196.78
  IN AAAA 2a01:7e00::f03c:91ff:fef1:6735
www IN CNAME a
*.x IN CNAME www
b.x IN CNAME a
*.y IN A 139.162.196.78
dname IN DNAME x
srv IN SRV 10 10 8080 a.miek.nl.
ext-cname IN CNAME example.com.
`;
const MIEK_AUTH = ['ext.ns.whyscream.net.', 'linode.atoom.net.', 'ns-ext.nlnetlabs.nl.', 'omval.tednet.nl.'].map((n) => `miek.nl. 1800 IN NS ${n}`);
const MIEK_SOA = 'miek.nl. 1800 IN SOA linode.atoom.net. miek.miek.nl. 1282630057 14400 3600 604800 14400';

describe('acceptance: file', () => {
  const files = { '/etc/coredns/db.miek.nl': MIEK, '/etc/coredns/db.del': MIEK.replace('ext-cname IN CNAME example.com.', 'delegated IN NS a.delegated\n  IN NS ns-ext.nlnetlabs.nl.\na.delegated IN A 139.162.196.78\n  IN AAAA 2a01:7e00::f03c:91ff:fef1:6735') };
  const cf = 'miek.nl {\n  file db.miek.nl\n}\n';
  const q = (name: string, type: string, corefile = cf) => ask(corefile, env(files), name, type);
  it('rows 47–49: CNAME chase, lower-cased owner for a mixed-case query, SOA', () => {
    const www = q('www.miek.nl.', 'A');
    expect(www.answer.map(rrText)).toEqual(['www.miek.nl.\t1800\tIN\tCNAME\ta.miek.nl.', 'a.miek.nl.\t1800\tIN\tA\t139.162.196.78']);
    expect(canon(www.ns)).toEqual(want(MIEK_AUTH));
    expect(canon(q('mIeK.NL.', 'AAAA').answer)).toEqual(want(['miek.nl. 1800 AAAA 2a01:7e00::f03c:91ff:fef1:6735']));
    expect(q('miek.nl.', 'SOA').answer.map(rrText)).toEqual([rrText(parseRRok(MIEK_SOA))]);
  });
  it('rows 50–53: MX without additional, NODATA, NXDOMAIN, SRV with in-zone additional', () => {
    const mx = q('miek.nl.', 'MX');
    expect(mx.answer.length).toBe(5);
    expect(mx.extra).toEqual([]);
    const nd = q('a.miek.nl.', 'SRV');
    expect([rcodeName(nd.rcode), nd.answer.length, canon(nd.ns)]).toEqual(['NOERROR', 0, want([MIEK_SOA])]);
    const nx = q('b.miek.nl.', 'A');
    expect([rcodeName(nx.rcode), canon(nx.ns)]).toEqual(['NXDOMAIN', want([MIEK_SOA])]);
    const srv = q('srv.miek.nl.', 'SRV');
    expect(canon(srv.answer)).toEqual(want(['srv.miek.nl. 1800 SRV 10 10 8080 a.miek.nl.']));
    expect(canon(srv.extra)).toEqual(want(['a.miek.nl. 1800 A 139.162.196.78', 'a.miek.nl. 1800 AAAA 2a01:7e00::f03c:91ff:fef1:6735']));
  });
  it('rows 54–56: wildcards, the closer-name rule, DNAME synthesis', () => {
    expect(canon(q('asterisk.x.miek.nl.', 'CNAME').answer)).toEqual(want(['asterisk.x.miek.nl. 1800 CNAME www.miek.nl.']));
    expect(canon(q('asterisk.y.miek.nl.', 'A').answer)).toEqual(want(['asterisk.y.miek.nl. 1800 A 139.162.196.78']));
    expect(rcodeName(q('a.b.x.miek.nl.', 'CNAME').rcode)).toBe('NXDOMAIN');
    const d = q('foo.dname.miek.nl.', 'CNAME');
    expect(canon(d.answer)).toEqual(want(['dname.miek.nl. 1800 DNAME x.miek.nl.', 'foo.dname.miek.nl. 1800 CNAME foo.x.miek.nl.']));
  });
  it('row 57: an out-of-zone CNAME target is looked up through the server (REFUSED there → NOERROR with the CNAME)', () => {
    const m = q('ext-cname.miek.nl.', 'A');
    expect([rcodeName(m.rcode), canon(m.answer), canon(m.ns)]).toEqual(['NOERROR', want(['ext-cname.miek.nl. 1800 CNAME example.com.']), want(MIEK_AUTH)]);
  });
  it('rows 58–59: fallthrough on NXDOMAIN and empty non-terminals only', () => {
    const all = 'miek.nl {\n  file db.miek.nl {\n    fallthrough\n  }\n}\n';
    expect(rcodeName(q('doesnotexist.miek.nl.', 'A', all).rcode)).toBe('SERVFAIL');
    expect(rcodeName(q('x.miek.nl.', 'A', all).rcode)).toBe('SERVFAIL');
    const some = 'miek.nl {\n  file db.miek.nl {\n    fallthrough a.miek.nl\n  }\n}\n';
    expect(rcodeName(q('doesnotexist.miek.nl.', 'A', some).rcode)).toBe('NXDOMAIN');
    expect(rcodeName(q('passthrough.a.miek.nl.', 'A', some).rcode)).toBe('SERVFAIL');
  });
  it('rows 60–61: referrals are not authoritative and carry glue', () => {
    const del = 'miek.nl {\n  file db.del\n}\n';
    for (const [n, t] of [['a.delegated.miek.nl.', 'TXT'], ['delegated.miek.nl.', 'NS'], ['foo.delegated.miek.nl.', 'A'], ['foo.delegated.miek.nl.', 'SOA']]) {
      const m = q(n, t, del);
      expect([rcodeName(m.rcode), m.aa, m.answer.length], `${n} ${t}`).toEqual(['NOERROR', false, 0]);
      expect(canon(m.ns)).toEqual(want(['delegated.miek.nl. 1800 NS a.delegated.miek.nl.', 'delegated.miek.nl. 1800 NS ns-ext.nlnetlabs.nl.']));
      expect(canon(m.extra)).toEqual(want(['a.delegated.miek.nl. 1800 A 139.162.196.78', 'a.delegated.miek.nl. 1800 AAAA 2a01:7e00::f03c:91ff:fef1:6735']));
    }
    const nd = q('miek.nl.', 'AAAA', del);
    expect(nd.answer.length).toBe(1);
  });
  it('file as the last plugin answers REFUSED outside its zones; a missing file gives SERVFAIL', () => {
    const two = 'miek.nl example.com {\n  file db.miek.nl miek.nl\n}\n';
    expect(rcodeName(q('www.example.com.', 'A', two).rcode)).toBe('REFUSED');
    expect(rcodeName(q('www.miek.nl.', 'A', 'miek.nl {\n  file db.missing\n}\n').rcode)).toBe('SERVFAIL');
  });
});

function parseRRok(s: string): RR {
  const r = parseRR(s);
  if ('error' in r) throw new Error(r.error);
  return r.rr;
}

// ---------------------------------------------------------------- hosts (rows 66–73)

const HOSTS = `127.0.0.1 localhost localhost.domain
::1 localhost localhost.domain
10.0.0.1 example.org
::FFFF:10.0.0.2 example.com
10.0.0.3 example.com
`;

describe('acceptance: hosts', () => {
  const files = { '/etc/coredns/hosts.txt': HOSTS };
  const cf = '. {\n  hosts hosts.txt\n}\n';
  const q = (n: string, t: string, c = cf) => ask(c, env(files), n, t);
  it('rows 67–69: addresses, IPv4-mapped, PTR, NODATA without SOA', () => {
    expect(canon(q('example.org.', 'A').answer)).toEqual(want(['example.org. 3600 A 10.0.0.1']));
    expect(canon(q('example.com.', 'A').answer)).toEqual(want(['example.com. 3600 A 10.0.0.2', 'example.com. 3600 A 10.0.0.3']));
    expect(canon(q('localhost.', 'AAAA').answer)).toEqual(want(['localhost. 3600 AAAA ::1']));
    expect(canon(q('1.0.0.10.in-addr.arpa.', 'PTR').answer)).toEqual(want(['1.0.0.10.in-addr.arpa. 3600 PTR example.org.']));
    expect(canon(q('1.0.0.127.in-addr.arpa.', 'PTR').answer)).toEqual(want(['1.0.0.127.in-addr.arpa. 3600 PTR localhost.', '1.0.0.127.in-addr.arpa. 3600 PTR localhost.domain.']));
    for (const t of ['AAAA', 'MX']) {
      const m = q('example.org.', t);
      expect([rcodeName(m.rcode), m.answer.length, m.ns.length, m.aa], t).toEqual(['NOERROR', 0, 0, true]);
    }
  });
  it('row 70: an unknown name is SERVFAIL written by the server (AA=0)', () => {
    const m = q('nothere.example.org.', 'A');
    expect([rcodeName(m.rcode), m.aa]).toEqual(['SERVFAIL', false]);
  });
  it('row 71: fallthrough_unsupported passes other types on', () => {
    const plain = '. {\n  hosts hosts.txt {\n    fallthrough\n  }\n}\n';
    expect([rcodeName(q('example.org.', 'TXT', plain).rcode), q('example.org.', 'TXT', plain).answer.length]).toEqual(['NOERROR', 0]);
    expect(rcodeName(q('missing.example.org.', 'TXT', plain).rcode)).toBe('SERVFAIL');
    const unsup = '. {\n  hosts hosts.txt {\n    fallthrough\n    fallthrough_unsupported\n  }\n}\n';
    expect(rcodeName(q('example.org.', 'TXT', unsup).rcode)).toBe('SERVFAIL');
  });
  it('row 72: wildcard entries match one extra label', () => {
    const w = '. {\n  hosts {\n    127.0.0.53 *.example.org\n    127.0.1.52 *.intern.example.org\n    127.0.0.54 foo.example.org\n    192.168.33.10 *.example.com\n    192.168.33.11 a.example.com\n    fallthrough\n  }\n  whoami\n}\n';
    const a = (n: string) => q(n, 'A', w).answer.map((r) => (r.data as { ip: string }).ip);
    expect(a('bar.example.org.')).toEqual(['127.0.0.53']);
    expect(a('foo.example.org.')).toEqual(['127.0.0.54']);
    expect(a('bar.intern.example.org.')).toEqual(['127.0.1.52']);
    expect(a('c.example.com.')).toEqual(['192.168.33.10']);
    expect(a('deep.foo.example.org.')).toEqual([]);
    expect(a('example.com.')).toEqual([]);
  });
  it('row 73: a missing hosts file is only a warning; inline entries answer', () => {
    const c = 'example.org {\n  hosts missing-file example.org {\n    10.0.0.1 example.org\n    fallthrough\n  }\n}\n';
    expect(canon(q('example.org.', 'A', c).answer)).toEqual(want(['example.org. 3600 A 10.0.0.1']));
  });
  it('row 66: a file CNAME target answered by hosts in the same server', () => {
    const files2 = { ...files, '/etc/coredns/db.example.org': '$TTL 3600\n@ IN SOA ns.example.org. h.example.org. 1 2 3 4 5\n@ IN NS ns\nwww IN CNAME www.example.net.\n' };
    const c = '. {\n  file db.example.org example.org\n  hosts {\n    10.0.0.1 www.example.net.\n    fallthrough\n  }\n}\n';
    const m = ask(c, env(files2), 'www.example.org.', 'A');
    expect(m.answer.map(rrText)).toEqual(['www.example.org.\t3600\tIN\tCNAME\twww.example.net.', 'www.example.net.\t3600\tIN\tA\t10.0.0.1']);
  });
});

// ---------------------------------------------------------------- server, cache, chaos, whoami, local (rows 90–96, 100)

describe('acceptance: server and small plugins', () => {
  it('row 90: cache rewrites the TTLs of the first reply', () => {
    const files = { '/etc/coredns/db.example.org': '$TTL 3600\n@ IN SOA ns.example.org. h.example.org. 1 2 3 4 5\n@ IN NS ns\n@ IN A 127.0.0.1\n@ IN A 127.0.0.2\nshort 1 IN A 127.0.0.3\n' };
    const c = 'example.org {\n  file db.example.org\n  cache 10\n}\n';
    const m = ask(c, env(files), 'example.org.', 'A');
    expect([...m.answer, ...m.ns].map((r) => r.ttl)).toEqual([10, 10, 10]);
    expect(ask(c, env(files), 'short.example.org.', 'A').answer.map((r) => r.ttl)).toEqual([5]);
  });
  it('row 91: a block without plugins answers REFUSED', () => {
    expect(rcodeName(ask('example.org:0 {\n}\n', env(), 'example.org.', 'A').rcode)).toBe('REFUSED');
  });
  it('rows 92–93: reverse CIDR keys', () => {
    const c = '10.0.0.0/15:5053 {\n  whoami\n}\n';
    const a = ask(c, env(), 'whoami.0.10.in-addr.arpa.', 'A');
    expect([rcodeName(a.rcode), a.extra.length]).toEqual(['NOERROR', 2]);
    expect(rcodeName(ask(c, env(), 'whoami.1.10.in-addr.arpa.', 'A').rcode)).toBe('NOERROR');
    const r = ask(c, env(), 'whoami.2.10.in-addr.arpa.', 'A');
    expect([rcodeName(r.rcode), r.extra.length]).toEqual(['REFUSED', 0]);
    const p = ask('10.0.0.0/24 {\n  whoami\n}\n', env(), '17.0.0.10.in-addr.arpa.', 'PTR', { arrival: { proto: 'udp' } });
    expect(rrText(p.extra[1])).toBe('_udp.17.0.0.10.in-addr.arpa.\t0\tIN\tSRV\t0 0 40212 .');
  });
  it('row 94: chaos version.bind (class CH unlocks the listener)', () => {
    const m = ask('. {\n  chaos CoreDNS-001 miek@miek.nl\n}\n', env(), 'version.bind.', 'TXT', { cls: CLASS.CH });
    expect(m.answer.map(rrText)).toEqual(['version.bind.\t0\tCH\tTXT\t"CoreDNS-001"']);
    expect(m.aa).toBe(false);
    const refused = ask('. {\n  whoami\n}\n', env(), 'version.bind.', 'TXT', { cls: CLASS.CH });
    expect(rcodeName(refused.rcode)).toBe('REFUSED');
  });
  it('row 95: the reply mirrors the client OPT (size, DO) as the last additional record', () => {
    const m = ask('. {\n  whoami\n}\n', env(), 'example.org.', 'SOA', { edns: { udpSize: 4096, do: true } });
    expect(m.opt).toMatchObject({ udpSize: 4096, do: true, version: 0 });
    const wire = pack(m);
    expect(wire[wire.length - 11]).toBe(0); // root owner of the OPT record, packed last
    expect((wire[wire.length - 10] << 8) | wire[wire.length - 9]).toBe(41);
  });
  it('row 96: local', () => {
    const c = '. {\n  local\n}\n';
    expect(canon(ask(c, env(), 'localhost.', 'A').answer)).toEqual(want(['localhost. 604800 A 127.0.0.1']));
    expect(ask(c, env(), 'localHOst.', 'A').answer[0].name).toBe('localHOst.');
    expect(canon(ask(c, env(), 'a.localhost.', 'AAAA').answer)).toEqual(want(['a.localhost. 604800 AAAA ::1']));
    const mx = ask(c, env(), 'localhost.', 'MX');
    expect([rcodeName(mx.rcode), canon(mx.ns)]).toEqual(['NOERROR', want(['localhost. 604800 SOA localhost. root.localhost. 1 0 0 0 604800'])]);
    expect(canon(ask(c, env(), '1.0.0.127.in-addr.arpa.', 'PTR').answer)).toEqual(want(['1.0.0.127.in-addr.arpa. 604800 PTR localhost.']));
    const nx = ask(c, env(), '2.0.0.127.in-addr.arpa.', 'PTR');
    expect([rcodeName(nx.rcode), nx.ns[0].name]).toEqual(['NXDOMAIN', '127.in-addr.arpa.']);
  });
  it('row 100: 30 A records fit in 512 bytes over UDP only with compression', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `@ IN A 192.0.2.${i + 1}`).join('\n');
    const files = { '/etc/coredns/db.example.org': `$TTL 0\n@ IN SOA ns.example.org. h.example.org. 1 2 3 4 5\n${lines}\n` };
    const m = ask('example.org {\n  file db.example.org\n  minimal\n}\n', env(files), 'example.org.', 'A', { arrival: { proto: 'udp' } });
    expect([m.answer.length, m.tc, m.compress]).toEqual([30, false, true]);
    expect(pack(m).length).toBeLessThanOrEqual(512);
    expect(pack({ ...m, compress: false }).length).toBeGreaterThan(512);
  });
  it('UDP truncation keeps a partial answer and sets TC; TCP does not truncate', () => {
    const lines = Array.from({ length: 80 }, (_, i) => `big IN TXT "${'x'.repeat(40)}${i}"`).join('\n');
    const files = { '/etc/coredns/db.example.org': `$TTL 60\n@ IN SOA ns.example.org. h.example.org. 1 2 3 4 5\n${lines}\n` };
    const c = 'example.org {\n  file db.example.org\n}\n';
    const udp = ask(c, env(files), 'big.example.org.', 'TXT', { arrival: { proto: 'udp' } });
    expect(udp.tc).toBe(true);
    expect(udp.answer.length).toBeGreaterThan(0);
    expect(udp.answer.length).toBeLessThan(80);
    expect(pack(udp).length).toBeLessThanOrEqual(512);
    const big = ask(c, env(files), 'big.example.org.', 'TXT', { arrival: { proto: 'udp' }, edns: { udpSize: 4096 } });
    expect(pack(big).length).toBeLessThanOrEqual(4096);
    expect(big.answer.length).toBeGreaterThan(udp.answer.length);
    const tcp = ask(c, env(files), 'big.example.org.', 'TXT', { arrival: { proto: 'tcp' } });
    expect([tcp.tc, tcp.answer.length]).toEqual([false, 80]);
  });
  it('chain order is plugin.cfg order, not Corefile order (any before whoami)', () => {
    const m = ask('. {\n  whoami\n  any\n}\n', env(), 'x.example.', 'ANY');
    expect(m.answer.map(rrText)).toEqual(['x.example.\t8482\tIN\tHINFO\t"ANY obsoleted" "See RFC 8482"']);
  });
  it('the longest zone wins and never falls back to the root block', () => {
    const c = 'example.org {\n  hosts {\n    10.0.0.1 a.example.org\n  }\n}\n. {\n  whoami\n}\n';
    expect(rcodeName(ask(c, env(), 'b.example.org.', 'A').rcode)).toBe('SERVFAIL');
    expect(rcodeName(ask(c, env(), 'b.example.net.', 'A').rcode)).toBe('NOERROR');
  });
  it('an unmodelled plugin gives no answer but names itself', () => {
    const engine = buildEngine('. {\n  route53 example.org.:Z1\n}\n', env());
    const ev = evaluate(engine, newQuery('www.example.org.', 1), UDP);
    expect(ev.message).toBeUndefined();
    expect(ev.facts.undetermined?.plugin).toBe('route53');
  });
  it('forward offline names the upstreams in policy order (round_robin starts at the second)', () => {
    const engine = buildEngine('. {\n  forward . 192.0.2.1 192.0.2.2 192.0.2.3 {\n    policy round_robin\n    except internal.example\n  }\n}\n', env());
    const ev = evaluate(engine, newQuery('example.com.', 1), UDP);
    expect(rcodeName(ev.message!.rcode)).toBe('SERVFAIL');
    expect(ev.facts.forwarded).toMatchObject({ policy: 'round_robin', upstreams: ['192.0.2.2:53', '192.0.2.3:53', '192.0.2.1:53'], answered: false });
    const ex = evaluate(engine, newQuery('a.internal.example.', 1), UDP);
    expect(ex.facts.forwarded).toBeUndefined();
  });
});

describe('acceptance: EDNS options', () => {
  it('the client cookie is echoed, other options are not; nsid answers NSID requests', () => {
    const cookie = { code: 10, data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) };
    const subnet = { code: 8, data: new Uint8Array([0, 1, 24, 0, 192, 0, 2]) };
    const engine = buildEngine('. {\n  whoami\n}\n', env());
    const q = newQuery('x.example.', 1, { edns: { udpSize: 1232, options: [cookie, subnet] } });
    expect(evaluate(engine, q, UDP).message!.opt!.options.map((o) => o.code)).toEqual([10]);
    const withNsid = buildEngine('. {\n  nsid edge-1\n  whoami\n}\n', env());
    const nq = newQuery('x.example.', 1, { edns: { udpSize: 1232, options: [{ code: 3, data: new Uint8Array(0) }] } });
    const opt = evaluate(withNsid, nq, UDP).message!.opt!;
    expect(opt.do).toBe(true);
    expect(opt.options.map((o) => [o.code, Buffer.from(o.data).toString()])).toEqual([[3, 'edge-1']]);
  });
});

describe('acceptance: kubernetes NS from the CoreDNS pod (row 32)', () => {
  it('the services whose endpoints hold the CoreDNS pod address become the NS set, with glue', () => {
    const c = emptyCluster();
    const slice = (svc: string) => ({ kind: 'EndpointSlice', metadata: { name: `${svc}-x`, namespace: 'kube-system', labels: { 'kubernetes.io/service-name': svc } }, endpoints: [{ addresses: ['10.244.0.20'] }], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] });
    const svc = (name: string, ip: string) => ({ kind: 'Service', metadata: { name, namespace: 'kube-system' }, spec: { clusterIP: ip, clusterIPs: [ip], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] } });
    addObjects(c, [{ kind: 'Namespace', metadata: { name: 'kube-system' } }, svc('dns-service', '10.0.0.111'), svc('hdls-dns-service', 'None'), svc('dns6-service', '10::111'), slice('dns-service'), slice('hdls-dns-service'), slice('dns6-service')]);
    const m = ask('inter.webs.test {\n  kubernetes\n}\n', env({}, c, { corednsIPs: ['10.244.0.20'] }), 'inter.webs.test.', 'NS');
    expect(canon(m.answer)).toEqual(
      want(['dns-service.kube-system.svc.inter.webs.test.', '10-244-0-20.hdls-dns-service.kube-system.svc.inter.webs.test.', 'dns6-service.kube-system.svc.inter.webs.test.'].map((n) => `inter.webs.test. 5 NS ${n}`)),
    );
    expect(canon(m.extra)).toEqual(
      want(['dns-service.kube-system.svc.inter.webs.test. 5 A 10.0.0.111', '10-244-0-20.hdls-dns-service.kube-system.svc.inter.webs.test. 5 A 10.244.0.20', 'dns6-service.kube-system.svc.inter.webs.test. 5 AAAA 10::111']),
    );
  });
});

describe('acceptance: configurations CoreDNS refuses', () => {
  it('the same zone twice on one listener is reported (register.go)', () => {
    const engine = buildEngine('example.org {\n  whoami\n}\nexample.org:53 {\n  whoami\n}\n', env());
    expect(engine.issues.map((i) => i.message)).toContain('cannot serve dns://example.org.:53 - it is already defined');
    expect(buildEngine('example.org {\n  whoami\n}\nexample.org:1053 {\n  whoami\n}\n', env()).issues).toEqual([]);
  });
});

describe('acceptance: auto', () => {
  it('zones found by file name answer; names without a zone file are REFUSED when auto is last', () => {
    const files = {
      '/zones/db.example.org': '$TTL 60\n@ IN SOA ns h 1 2 3 4 5\n@ IN NS ns\nwww IN A 192.0.2.7\n',
      '/zones/db.example.net': '$TTL 60\n@ IN SOA ns h 1 2 3 4 5\n@ IN NS ns\nwww IN A 192.0.2.8\n',
      '/zones/notes.txt': 'not a zone',
    };
    const c = '. {\n  auto org {\n    directory /zones\n  }\n}\n';
    expect(canon(ask(c, env(files), 'www.example.org.', 'A').answer)).toEqual(want(['www.example.org. 60 A 192.0.2.7']));
    // example.net is outside auto's zones (org): passed on, and auto is the only plugin.
    expect(rcodeName(ask(c, env(files), 'www.example.net.', 'A').rcode)).toBe('SERVFAIL');
    expect(rcodeName(ask(c, env(files), 'www.example2.org.', 'A').rcode)).toBe('REFUSED');
  });
});

describe('acceptance: CNAME targets in another zone (rows 64–65 shape)', () => {
  const files = {
    '/etc/coredns/db.org': '$TTL 3600\n@ IN SOA ns.example.org. h.example.org. 1 2 3 4 5\n@ IN NS ns\nnx IN CNAME nx.example.net.\nchain1 IN CNAME nx.example.org.\nnodata IN CNAME host.example.net.\nfail IN CNAME www.example.com.\n',
    '/etc/coredns/db.net': '$TTL 3600\n@ IN SOA ns.example.net. h.example.net. 1 2 3 4 5\n@ IN NS ns\nhost IN TXT "only text"\n',
  };
  const c = '. {\n  file db.org example.org\n  file db.net example.net\n  forward . 192.0.2.1\n}\n';
  const q = (n: string) => ask(c, env(files), n, 'A');
  it('the target NXDOMAIN becomes the reply rcode, with the CNAME chain and the SOA', () => {
    const m = q('nx.example.org.');
    expect([rcodeName(m.rcode), m.answer.map(rrText), canon(m.ns)]).toEqual(['NXDOMAIN', ['nx.example.org.\t3600\tIN\tCNAME\tnx.example.net.'], want(['example.org. 3600 IN SOA ns.example.org. h.example.org. 1 2 3 4 5'])]);
    expect(q('chain1.example.org.').answer.map(rrText)).toEqual(['chain1.example.org.\t3600\tIN\tCNAME\tnx.example.org.', 'nx.example.org.\t3600\tIN\tCNAME\tnx.example.net.']);
  });
  it('NODATA at the target is NOERROR with the SOA; a SERVFAIL upstream keeps the CNAME with SERVFAIL', () => {
    const nd = q('nodata.example.org.');
    expect([rcodeName(nd.rcode), nd.answer.length, nd.ns[0].type]).toEqual(['NOERROR', 1, 6]);
    const sf = q('fail.example.org.');
    expect([rcodeName(sf.rcode), sf.answer.map(rrText)]).toEqual(['SERVFAIL', ['fail.example.org.\t3600\tIN\tCNAME\twww.example.com.']]);
  });
});

describe('kubernetes options against fixtures/cluster.yaml', () => {
  const cluster = loadCluster(fs.readFileSync(new URL('../fixtures/cluster.yaml', import.meta.url), 'utf8'));
  const k = (opts: string, name: string, type = 'A', tail = '') => ask(`cluster.local {\n  kubernetes {\n${opts}\n  }\n${tail}}\n`, env({}, cluster), name, type);
  const ips = (m: Msg) => m.answer.map((r) => (r.data.kind === 'ip' ? r.data.ip : rrText(r))).sort();
  it('namespace_labels exposes only matching namespaces', () => {
    expect(ips(k('    namespace_labels team=storefront', 'cart.shop.svc.cluster.local.'))).toEqual(['10.96.40.5']);
    expect(rcodeName(k('    namespace_labels team=storefront', 'nginx.default.svc.cluster.local.').rcode)).toBe('NXDOMAIN');
  });
  it('labels selects services by their own labels', () => {
    expect(ips(k('    labels app=nginx', 'nginx.default.svc.cluster.local.'))).toEqual(['10.96.12.34']);
    expect(rcodeName(k('    labels app=nginx', 'db.default.svc.cluster.local.').rcode)).toBe('NXDOMAIN');
  });
  it('noendpoints: headless services and endpoint names disappear, cluster IPs stay', () => {
    expect(rcodeName(k('    noendpoints', 'db.default.svc.cluster.local.').rcode)).toBe('NXDOMAIN');
    expect(ips(k('    noendpoints', 'nginx.default.svc.cluster.local.'))).toEqual(['10.96.12.34']);
  });
  it('endpoint_pod_names names endpoints after their pods; not-ready endpoints are left out', () => {
    expect(ips(k('    endpoint_pod_names', 'nginx-6d4cf56db6-8kq2x.nginx.default.svc.cluster.local.'))).toEqual(['10.244.1.7']);
    expect(rcodeName(k('    endpoint_pod_names', 'nginx-6d4cf56db6-old01.nginx.default.svc.cluster.local.').rcode)).toBe('NXDOMAIN');
    expect(ips(k('', '10-244-2-9.nginx.default.svc.cluster.local.'))).toEqual(['10.244.2.9']);
  });
  it('dual-stack services answer each family; headless SRV names endpoints by hostname', () => {
    expect(ips(k('', 'cart.shop.svc.cluster.local.', 'AAAA'))).toEqual(['fd00:10:96::4005']);
    const srv = k('', '_postgres._tcp.db.default.svc.cluster.local.', 'SRV');
    expect(srv.answer.map((r) => (r.data.kind === 'srv' ? `${r.data.weight} ${r.data.port} ${r.data.target}` : '')).sort()).toEqual(['50 5432 db-0.db.default.svc.cluster.local.', '50 5432 db-1.db.default.svc.cluster.local.']);
  });
  it('pods verified answers only for running pods in that namespace', () => {
    expect(ips(k('    pods verified', '10-244-1-20.default.pod.cluster.local.'))).toEqual(['10.244.1.20']);
    expect(rcodeName(k('    pods verified', '10-244-1-20.shop.pod.cluster.local.').rcode)).toBe('NXDOMAIN');
  });
  it('fallthrough passes names that do not exist to the next plugin', () => {
    const m = k('    fallthrough', 'nothing.default.svc.cluster.local.', 'A', '  whoami\n');
    expect([rcodeName(m.rcode), m.extra.length]).toEqual(['NOERROR', 2]);
  });
  it('ttl 0 behind cache becomes 5', () => {
    expect(k('    ttl 0', 'nginx.default.svc.cluster.local.', 'A', '  cache 30\n').answer.map((r) => r.ttl)).toEqual([5]);
  });
});
