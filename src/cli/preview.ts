import * as dgram from 'node:dgram';
import dnsPacket from 'dns-packet';
import * as net from 'node:net';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { goSplitHostPort, ipString, parseIP } from '../catalog/zones.js';
import type { Msg } from '../preview/dns/message.js';
import { CLASS, classFromName, typeFromName, type RR } from '../preview/dns/rr.js';
import { pack, unpackQuery } from '../preview/dns/wire.js';
import { evaluate, type Engine, type Evaluation } from '../preview/engine.js';
import { arrivalOf, buildEngine, engineEnv, loadCluster, queryMessage, readZone, toResult, type PreviewOptions, type PreviewQuery, type PreviewResult } from '../preview/index.js';
import { renderText } from '../preview/render.js';
import type { Arrival, UpstreamMode } from '../preview/types.js';
import { CliError, readInput, type Io } from './io.js';
import { nodeFileSystem } from './node-fs.js';

export const usage = `Usage: corefile preview COREFILE QNAME [QTYPE] [options]
       corefile preview COREFILE --queries FILE [options]

Evaluate a query against a Corefile as CoreDNS 1.14.7 would answer it,
offline, and show the reply (like dig) and the trace: which server block
took the query and what each plugin did.

Options:
  --cluster FILE        Kubernetes state (kubectl get ns,svc,endpointslices,pods -A -o yaml)
  --queries FILE        one query per line: NAME [TYPE] [CLASS] ('#' comments)
  --client-ip IP        client address (default 127.0.0.1)
  --client-port N       client port (default 40000)
  --server-ip IP        local address the query arrives on (bind selection)
  --port N              listener port (default: the Corefile's only port, else 53)
  --transport T         dns, tls, https, grpc, quic, https3 (default dns)
  --tcp                 the query arrives over TCP (no UDP truncation)
  --class C             query class (default IN)
  --do                  set the DNSSEC OK bit
  --bufsize N           advertise an EDNS UDP size of N (0: no EDNS)
  --upstream MODE       offline (default): forward names its upstream but does not ask it;
                        live: ask the configured upstreams; ADDR (host:port): ask ADDR instead
  --upstream-zone FILE  answer forwarded queries from the records of this zone file
  --coredns-ip IP       CoreDNS pod address for kubernetes apex NS answers (repeatable)
  --format text|json    output format (default text)`;

export const previewOptions = {
  cluster: { type: 'string' },
  queries: { type: 'string' },
  'client-ip': { type: 'string' },
  'client-port': { type: 'string' },
  'server-ip': { type: 'string' },
  port: { type: 'string' },
  transport: { type: 'string' },
  tcp: { type: 'boolean' },
  class: { type: 'string' },
  do: { type: 'boolean' },
  bufsize: { type: 'string' },
  upstream: { type: 'string' },
  'upstream-zone': { type: 'string' },
  'coredns-ip': { type: 'string', multiple: true },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = { [K in keyof typeof previewOptions]?: (typeof previewOptions)[K] extends { multiple: true } ? string[] : (typeof previewOptions)[K] extends { type: 'boolean' } ? boolean : string };

function intOption(v: string | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new CliError(`corefile: --${name} must be a number from ${min} to ${max}, got '${v}'`);
  return Number(v);
}

function readFileOrFail(io: Io, file: string): { path: string; text: string } {
  const p = path.resolve(io.cwd, file);
  const r = nodeFileSystem.readFile(p);
  if ('error' in r) throw new CliError(`corefile: ${r.error}`);
  return { path: p, text: r.text };
}

/** Options shared by preview and serve: the engine's environment and the arrival. */
export function engineOptions(values: Values, io: Io, corefilePath: string): { options: PreviewOptions; live: boolean } {
  const options: PreviewOptions = { path: corefilePath, fs: nodeFileSystem, env: (k) => io.env[k] };
  if (values.cluster) {
    const c = readFileOrFail(io, values.cluster);
    const cluster = loadCluster(c.text, values.cluster);
    for (const w of cluster.warnings) io.stderr(`corefile: ${w}\n`);
    options.cluster = cluster;
  }
  if (values['client-ip'] !== undefined && !parseIP(values['client-ip'])) throw new CliError(`corefile: --client-ip: not an IP address: ${values['client-ip']}`);
  options.clientIP = values['client-ip'];
  options.clientPort = intOption(values['client-port'], 'client-port', 0, 65535);
  options.serverIP = values['server-ip'];
  options.port = intOption(values.port, 'port', 0, 65535);
  if (values.transport !== undefined && !['dns', 'tls', 'https', 'grpc', 'quic', 'https3'].includes(values.transport)) throw new CliError(`corefile: --transport must be one of dns, tls, https, grpc, quic, https3`);
  options.transport = values.transport;
  options.proto = values.tcp ? 'tcp' : 'udp';
  options.corednsIPs = values['coredns-ip'];
  let live = false;
  const up = values.upstream ?? 'offline';
  if (values['upstream-zone']) {
    const z = readFileOrFail(io, values['upstream-zone']);
    const r = readZone(z.text, { origin: '.', file: z.path, fs: nodeFileSystem, defaultTTL: 3600 });
    if (r.error) throw new CliError(`corefile: ${values['upstream-zone']}:${r.error.line}: ${r.error.message}`);
    options.upstream = { mode: 'stub', records: r.records };
  } else if (up === 'offline') options.upstream = { mode: 'offline' };
  else if (up === 'live') {
    options.upstream = { mode: 'exchange', answers: new Map() };
    live = true;
  } else {
    const hp = goSplitHostPort(up);
    if (!hp.ok || !parseIP(hp.host)) throw new CliError(`corefile: --upstream must be offline, live or HOST:PORT, got '${up}'`);
    options.upstream = { mode: 'exchange', answers: new Map(), redirect: up };
    live = true;
  }
  return { options, live };
}

/** Send one query to an upstream over UDP (TCP when the reply is truncated), with a timeout. */
export async function exchange(upstream: string, query: Msg, timeoutMs = 2000): Promise<Msg | 'timeout'> {
  const hp = goSplitHostPort(upstream);
  if (!hp.ok) return 'timeout';
  const host = hp.host;
  const port = Number(hp.port);
  const wire = pack({ ...query, id: (Math.random() * 65536) | 0 });
  const id = (wire[0] << 8) | wire[1];
  const udp = await new Promise<Uint8Array | undefined>((resolve) => {
    const s = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const done = (v: Uint8Array | undefined) => {
      clearTimeout(t);
      s.close();
      resolve(v);
    };
    const t = setTimeout(() => done(undefined), timeoutMs);
    s.on('error', () => done(undefined));
    s.on('message', (b) => {
      if (b.length >= 2 && ((b[0] << 8) | b[1]) === id) done(b);
    });
    s.send(wire, port, host);
  });
  if (!udp) return 'timeout';
  let reply = decodeReply(udp);
  if (reply && reply.tc) {
    const tcp = await new Promise<Uint8Array | undefined>((resolve) => {
      const sock = net.connect(port, host);
      let buf = Buffer.alloc(0);
      const t = setTimeout(() => finish(undefined), timeoutMs);
      const finish = (v: Uint8Array | undefined) => {
        clearTimeout(t);
        sock.destroy();
        resolve(v);
      };
      sock.on('error', () => finish(undefined));
      sock.on('connect', () => {
        const len = Buffer.alloc(2);
        len.writeUInt16BE(wire.length);
        sock.write(Buffer.concat([len, wire]));
      });
      sock.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) finish(buf.subarray(2, 2 + buf.readUInt16BE(0)));
      });
    });
    if (tcp) reply = decodeReply(tcp) ?? reply;
  }
  return reply ?? 'timeout';
}

/**
 * Decode an upstream reply into the engine's model: the header through our
 * reader, the records with dns-packet (it knows many record types); types
 * without a structured form here keep their wire data.
 */
function decodeReply(b: Uint8Array): Msg | undefined {
  let m: Msg;
  let decoded: dnsPacket.Packet;
  try {
    m = unpackQuery(b);
    decoded = dnsPacket.decode(Buffer.from(b));
  } catch {
    return undefined;
  }
  const conv = (list: dnsPacket.Answer[] | undefined): RR[] => (list ?? []).filter((a) => a.type !== 'OPT').map(convertRR);
  m.answer = conv(decoded.answers);
  m.ns = conv(decoded.authorities);
  m.extra = conv(decoded.additionals);
  return m;
}

function convertRR(a: dnsPacket.Answer): RR {
  const x = a as unknown as { name: string; type: string; class?: string; ttl?: number; data: unknown };
  const type = typeFromName(x.type.replace(/^UNKNOWN_/, 'TYPE')) ?? 0;
  const cls = classFromName(x.class ?? 'IN') ?? CLASS.IN;
  const name = x.name === '' || x.name === '.' ? '.' : x.name.endsWith('.') ? x.name : x.name + '.';
  const fq = (s: string) => (s === '' || s === '.' ? '.' : s.endsWith('.') ? s : s + '.');
  const d = x.data as Record<string, unknown> & string;
  let data: RR['data'];
  switch (x.type) {
    case 'A':
    case 'AAAA':
      data = { kind: 'ip', ip: ipString(parseIP(String(d))!) };
      break;
    case 'CNAME':
    case 'NS':
    case 'PTR':
    case 'DNAME':
      data = { kind: 'name', target: fq(String(d)) };
      break;
    case 'MX':
      data = { kind: 'mx', pref: Number(d.preference), exchange: fq(String(d.exchange)) };
      break;
    case 'SRV':
      data = { kind: 'srv', priority: Number(d.priority), weight: Number(d.weight), port: Number(d.port), target: fq(String(d.target)) };
      break;
    case 'SOA':
      data = { kind: 'soa', mname: fq(String(d.mname)), rname: fq(String(d.rname)), serial: Number(d.serial), refresh: Number(d.refresh), retry: Number(d.retry), expire: Number(d.expire), minttl: Number(d.minimum) };
      break;
    case 'TXT':
      data = { kind: 'txt', strings: (Array.isArray(x.data) ? x.data : [x.data]).map((t) => Buffer.from(t as Buffer).toString('latin1')) };
      break;
    default: {
      // Re-encode the record and keep its RDATA bytes.
      const full = x.type.startsWith('UNKNOWN_') ? Buffer.from(x.data as Buffer) : rdataOf(a);
      data = { kind: 'opaque', raw: Uint8Array.from(full), text: `\\# ${full.length}${full.length ? ' ' + full.toString('hex') : ''}` };
    }
  }
  return { name, type, class: cls, ttl: x.ttl ?? 0, data };
}

function rdataOf(a: dnsPacket.Answer): Buffer {
  try {
    // Present at run time, missing from @types/dns-packet.
    const codec = dnsPacket as unknown as { answer: { encode(a: dnsPacket.Answer): Buffer }; name: { encodingLength(n: string): number } };
    const b = codec.answer.encode(a);
    const nameLen = codec.name.encodingLength((a as { name: string }).name);
    return b.subarray(nameLen + 10);
  } catch {
    return Buffer.alloc(0);
  }
}

/**
 * Evaluate, doing the upstream exchanges the engine asks for (live mode)
 * and evaluating again with the replies, a few rounds at most.
 */
export async function evaluateLive(engine: Engine, msg: Msg, arrival: Arrival, upstream: UpstreamMode, live: boolean): Promise<Evaluation> {
  let ev = evaluate(engine, msg, arrival);
  const added: string[] = [];
  for (let round = 0; live && upstream.mode === 'exchange' && ev.facts.pending.length > 0 && round < 4; round++) {
    await Promise.all(
      ev.facts.pending.map(async (p) => {
        if (upstream.answers.has(p.key)) return;
        upstream.answers.set(p.key, await exchange(p.upstream, p.query));
        added.push(p.key);
      }),
    );
    ev = evaluate(engine, msg, arrival);
  }
  // Upstream replies serve this query only: the next one asks again, as CoreDNS's forward does.
  if (upstream.mode === 'exchange') for (const k of added) upstream.answers.delete(k);
  return ev;
}

function parseQueryLine(line: string, defaults: PreviewQuery): PreviewQuery | undefined {
  const f = line.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
  if (f.length === 0) return undefined;
  return { ...defaults, name: f[0], type: f[1] ?? 'A', class: f[2] ?? defaults.class };
}

export async function previewCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: previewOptions, allowPositionals: true });
  const v = values as Values;
  if (v.help) {
    io.stdout(usage + '\n');
    return 0;
  }
  const format = v.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new CliError(`corefile preview: --format must be text or json`);
  if (positionals.length < 1 || (!v.queries && positionals.length < 2) || positionals.length > 3) throw new CliError(`corefile preview: expected COREFILE QNAME [QTYPE] or COREFILE --queries FILE\n${usage}`);
  const input = await readInput(positionals[0], io);
  const { options, live } = engineOptions(v, io, input.path);
  const defaults: PreviewQuery = { name: '', class: v.class, do: v.do, bufsize: intOption(v.bufsize, 'bufsize', 0, 65535) };
  const queries: PreviewQuery[] = [];
  if (v.queries) {
    const f = readFileOrFail(io, v.queries);
    for (const line of f.text.split('\n')) {
      const q = parseQueryLine(line, defaults);
      if (q) queries.push(q);
    }
  }
  if (positionals.length >= 2) queries.push({ ...defaults, name: positionals[1], type: positionals[2] ?? 'A' });
  const engine = buildEngine(input.text, engineEnv(options));
  const results: PreviewResult[] = [];
  const texts: string[] = [];
  for (const q of queries) {
    const msg = queryMessage(q);
    if ('error' in msg) throw new CliError(`corefile preview: ${msg.error}`);
    const ev = await evaluateLive(engine, msg, arrivalOf(options), options.upstream!, live);
    const r = toResult(engine, ev);
    results.push(r);
    texts.push(renderText(r, `${q.name} ${typeof q.type === 'string' ? q.type.toUpperCase() : (q.type ?? 'A')}${q.class ? ' ' + q.class.toUpperCase() : ''}`));
  }
  if (format === 'json') io.stdout(JSON.stringify(v.queries ? results : results[0], null, 2) + '\n');
  else io.stdout(texts.join('\n'));
  return engine.issues.some((i) => i.severity === 'error') ? 1 : 0;
}
