/**
 * Preview engine throughput: in-process queries per second for kubernetes
 * lookups against a generated 10,000-service cluster and for file-zone
 * lookups, and `corefile serve` over loopback with dnsperf when it is
 * installed (bounded: 10 s, loopback only).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryFileSystem } from '../src/ast/fs.js';
import { startServer } from '../src/cli/serve.js';
import { newQuery } from '../src/preview/dns/message.js';
import { T } from '../src/preview/dns/rr.js';
import { buildEngine, evaluate, type Engine } from '../src/preview/engine.js';
import { addObjects, emptyCluster, type Cluster } from '../src/preview/kubernetes/cluster.js';
import type { Arrival, EngineEnv } from '../src/preview/types.js';
import { median, printFigures, type Figure } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARRIVAL: Arrival = { transport: 'dns', proto: 'udp', clientIP: '10.244.3.3', clientPort: 41000, serverIP: '127.0.0.1' };

/** A deterministic cluster: `services` services over 50 namespaces, every tenth headless, two ready endpoints each. */
export function generateCluster(services = 10_000): Cluster {
  const c = emptyCluster();
  const items: Array<Record<string, unknown>> = [];
  for (let n = 0; n < 50; n++) items.push({ kind: 'Namespace', metadata: { name: `team-${n}` } });
  for (let i = 0; i < services; i++) {
    const ns = `team-${i % 50}`;
    const headless = i % 10 === 0;
    const ip = `10.${96 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
    items.push({ kind: 'Service', metadata: { name: `svc-${i}`, namespace: ns }, spec: { clusterIP: headless ? 'None' : ip, clusterIPs: [headless ? 'None' : ip], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } });
    items.push({
      kind: 'EndpointSlice',
      metadata: { name: `svc-${i}-x`, namespace: ns, labels: { 'kubernetes.io/service-name': `svc-${i}` } },
      endpoints: [0, 1].map((k) => ({ addresses: [`10.${200 + k}.${(i >> 8) & 255}.${i & 255}`], conditions: { ready: true } })),
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    });
  }
  addObjects(c, items);
  return c;
}

/**
 * Queries per second: several short rounds, reporting the median and the
 * best (on a shared machine the best is the figure to compare).
 */
function qps(name: string, engine: Engine, queries: Array<[string, number]>, trace: boolean, rounds = 7, roundMs = 400): Figure[] {
  const msgs = queries.map(([n, t]) => newQuery(n, t, { edns: false }));
  for (let i = 0; i < 20_000; i++) evaluate(engine, msgs[i % msgs.length], ARRIVAL, { trace });
  const rates: number[] = [];
  let count = 0;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = performance.now();
    const end = start + roundMs;
    while (performance.now() < end) {
      for (let i = 0; i < 500; i++) evaluate(engine, msgs[(count + i) % msgs.length], ARRIVAL, { trace });
      count += 500;
      n += 500;
    }
    rates.push(n / ((performance.now() - start) / 1000));
  }
  return [
    { name: `${name} (median)`, value: median(rates), unit: 'q/s' },
    { name: `${name} (best)`, value: Math.max(...rates), unit: 'q/s' },
  ];
}

function env(files: Record<string, string>, cluster?: Cluster): EngineEnv {
  return { fs: memoryFileSystem(files), corefilePath: '/etc/coredns/Corefile', env: () => undefined, cluster, upstream: { mode: 'offline' }, hostname: 'bench', serial: 1 };
}

async function dnsperf(engine: Engine, queries: string[]): Promise<Figure[]> {
  if (spawnSync('dnsperf', ['-h'], { encoding: 'utf8' }).error) {
    console.log('  (dnsperf not installed: serve throughput skipped; apt-get install dnsperf)');
    return [];
  }
  const server = await startServer({ host: '127.0.0.1', port: 0, engine, options: {}, upstream: { mode: 'offline' }, live: false, log: () => {}, quiet: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corefile-bench-'));
  const file = path.join(dir, 'queries.txt');
  fs.writeFileSync(file, queries.join('\n') + '\n');
  try {
    // dnsperf runs as a separate process so that it does not share this event loop with the server.
    const out = await new Promise<string>((resolve) => {
      const p = spawn('dnsperf', ['-s', '127.0.0.1', '-p', String(server.udpPort), '-d', file, '-l', '10', '-c', '4', '-q', '200', '-t', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      p.stdout.on('data', (d) => (text += d));
      p.stderr.on('data', (d) => (text += d));
      p.on('close', () => resolve(text));
    });
    const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? NaN);
    const sent = num(/Queries sent:\s+(\d+)/);
    const lost = num(/Queries lost:\s+(\d+)/);
    return [
      { name: 'serve over loopback UDP (dnsperf, 10 s, 4 clients)', value: num(/Queries per second:\s+([\d.]+)/), unit: 'q/s' },
      { name: 'serve: queries lost (dnsperf timeouts)', value: lost, unit: `of ${sent}` },
    ];
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchPreview(): Promise<void> {
  const cluster = generateCluster(10_000);
  const corefile = fs.readFileSync(path.join(root, 'fixtures/kubernetes-default.Corefile'), 'utf8');
  const k8s = buildEngine(corefile, env({}, cluster));
  const kq: Array<[string, number]> = [];
  for (let i = 0; i < 10_000; i += 7) {
    const svc = `svc-${i}.team-${i % 50}.svc.cluster.local.`;
    kq.push([svc, T.A], [`_http._tcp.${svc}`, T.SRV], [`svc-${i}.team-${(i + 1) % 50}.svc.cluster.local.`, T.A]);
  }
  const lines = ['$TTL 3600', '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ IN NS ns1', 'ns1 IN A 192.0.2.1'];
  for (let i = 0; i < 10_000; i++) lines.push(`host-${i} IN A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, `alias-${i} IN CNAME host-${i}`);
  const zone = buildEngine('example.org {\n  file db.example.org\n}\n', env({ '/etc/coredns/db.example.org': lines.join('\n') + '\n' }));
  const zq: Array<[string, number]> = [];
  for (let i = 0; i < 10_000; i += 3) zq.push([`host-${i}.example.org.`, T.A], [`alias-${i}.example.org.`, T.A], [`missing-${i}.example.org.`, T.A]);
  printFigures('preview', [
    ...qps('kubernetes, 10,000 services (A/SRV/NXDOMAIN mix)', k8s, kq, false),
    ...qps('kubernetes, 10,000 services, with trace', k8s, kq, true),
    ...qps('file zone, 20,000 names (A/CNAME/NXDOMAIN mix)', zone, zq, false),
    ...qps('file zone, 20,000 names, with trace', zone, zq, true),
    ...(await dnsperf(k8s, kq.map(([n, t]) => `${n} ${t === T.SRV ? 'SRV' : 'A'}`))),
  ]);
}
