/**
 * The preview API: evaluate queries against a Corefile as CoreDNS would
 * answer them, offline, with a trace of how the answer came about.
 */
import { emptyFileSystem, type FileSystem } from '../ast/fs.js';
import { newQuery, type Msg } from './dns/message.js';
import { className, CLASS, classFromName, rcodeName, rrText, typeFromName, typeName, T } from './dns/rr.js';
import { buildEngine, evaluate, type Engine, type Evaluation } from './engine.js';
import { loadCluster, type Cluster } from './kubernetes/cluster.js';
import type { Arrival, EngineEnv, UpstreamMode } from './types.js';

export { buildEngine, evaluate, serveDNS, pickListener, type Engine, type Evaluation, type ConfigIssue } from './engine.js';
export { loadCluster, type Cluster } from './kubernetes/cluster.js';
export { readZone, parseRR } from './zonefile.js';
export { pack, unpackQuery, readHeader, WireError } from './dns/wire.js';
export { newQuery, setRcode, type Msg } from './dns/message.js';
export { exchangeKey } from './plugins/forward.js';
export type { Arrival, EngineEnv, UpstreamMode, Facts, PendingExchange } from './types.js';

export interface PreviewQuery {
  name: string;
  /** Mnemonic (`A`, `SRV`, `TYPE65`) or number; default A. */
  type?: string | number;
  /** Default IN. */
  class?: string;
  /** Set the DO bit (implies EDNS). */
  do?: boolean;
  /** Advertise this EDNS UDP size; 0 sends no OPT record. Default: no OPT unless `do`. */
  bufsize?: number;
  id?: number;
}

export interface PreviewOptions {
  /** Absolute path of the Corefile, for imports and relative file names. Default `/Corefile`. */
  path?: string;
  fs?: FileSystem;
  env?: (name: string) => string | undefined;
  /** Cluster state, or the text of a cluster YAML file. */
  cluster?: Cluster | string;
  upstream?: UpstreamMode;
  /** Listener: transport (default dns) and port (default: the Corefile's only port, else 53). */
  transport?: string;
  port?: number;
  proto?: 'udp' | 'tcp';
  clientIP?: string;
  clientPort?: number;
  serverIP?: string;
  hostname?: string;
  corednsIPs?: string[];
  serial?: number;
}

/** One query's result in the `--format json` shape. */
export interface PreviewResult {
  rcode: string;
  flags: string[];
  question: string[];
  answer: string[];
  authority: string[];
  additional: string[];
  trace: PreviewTrace;
}

export interface PreviewTrace {
  /** What happened to the query: answered, forwarded, undetermined, dropped or no listener. */
  outcome: 'answered' | 'forwarded' | 'undetermined' | 'no-reply' | 'no-listener';
  listener?: string;
  block?: { index: number; keys: string[]; zone: string; why: string };
  steps: Array<{ plugin: string; kind: string; text: string; depth: number }>;
  forwarded?: Evaluation['facts']['forwarded'];
  undetermined?: { plugin: string; reason: string };
  approximate: string[];
  edns?: { version: number; udp: number; do: boolean; options: number[] };
  /** Every listener of the Corefile (`dns://:53` …), to choose from when none matched. */
  listeners: string[];
  /** Configuration problems (CoreDNS would refuse to start on errors). */
  issues: Array<{ severity: string; message: string }>;
}

export function engineEnv(opts: PreviewOptions): EngineEnv {
  const cluster = typeof opts.cluster === 'string' ? loadCluster(opts.cluster) : opts.cluster;
  return {
    fs: opts.fs ?? emptyFileSystem,
    corefilePath: opts.path ?? '/Corefile',
    env: opts.env ?? (() => undefined),
    cluster,
    upstream: opts.upstream ?? { mode: 'offline' },
    hostname: opts.hostname ?? 'localhost',
    corednsIPs: opts.corednsIPs,
    serial: opts.serial ?? 1,
  };
}

export function arrivalOf(opts: PreviewOptions): Arrival {
  const transport = opts.transport ?? 'dns';
  return {
    transport,
    port: opts.port,
    // DNS over TLS, HTTPS and gRPC run over TCP connections (request.Proto() says "tcp").
    proto: opts.proto ?? (transport === 'tls' || transport === 'https' || transport === 'grpc' ? 'tcp' : 'udp'),
    clientIP: opts.clientIP ?? '127.0.0.1',
    clientPort: opts.clientPort ?? 40000,
    serverIP: opts.serverIP ?? '127.0.0.1',
  };
}

/** Build the query message a client such as dig would send. Errors are messages, not exceptions. */
export function queryMessage(q: PreviewQuery): Msg | { error: string } {
  const type = q.type === undefined ? T.A : typeof q.type === 'number' ? q.type : typeFromName(q.type);
  if (type === undefined) return { error: `unknown query type '${q.type}'` };
  const cls = q.class === undefined ? CLASS.IN : classFromName(q.class);
  if (cls === undefined) return { error: `unknown query class '${q.class}'` };
  const name = q.name.endsWith('.') ? q.name : q.name + '.';
  const size = q.bufsize ?? (q.do ? 1232 : 0);
  return newQuery(name, type, { cls, id: q.id ?? 0, edns: size > 0 || q.do ? { udpSize: size || 1232, do: q.do ?? false } : false });
}

/** The result of one evaluation in the JSON shape. */
export function toResult(engine: Engine, ev: Evaluation): PreviewResult {
  const m = ev.message;
  const f = ev.facts;
  const outcome: PreviewTrace['outcome'] = !ev.listener ? 'no-listener' : f.undetermined ? 'undetermined' : !m ? 'no-reply' : f.forwarded ? 'forwarded' : 'answered';
  const flags: string[] = [];
  if (m) {
    if (m.qr) flags.push('qr');
    if (m.aa) flags.push('aa');
    if (m.tc) flags.push('tc');
    if (m.rd) flags.push('rd');
    if (m.ra) flags.push('ra');
    if (m.ad) flags.push('ad');
    if (m.cd) flags.push('cd');
  }
  return {
    rcode: m ? rcodeName(m.rcode) : outcome === 'undetermined' ? 'UNDETERMINED' : 'NONE',
    flags,
    question: m ? m.question.map((q) => `${q.name}\t${className(q.class)}\t${typeName(q.type)}`) : [],
    answer: m ? m.answer.map(rrText) : [],
    authority: m ? m.ns.map(rrText) : [],
    additional: m ? m.extra.map(rrText) : [],
    trace: {
      outcome,
      listener: ev.listener?.key,
      block: f.block,
      steps: ev.trace.steps.map((s) => ({ ...s })),
      forwarded: f.forwarded,
      undetermined: f.undetermined,
      approximate: [...new Set(f.approximate)],
      edns: m?.opt ? { version: m.opt.version, udp: m.opt.udpSize, do: m.opt.do, options: m.opt.options.map((o) => o.code) } : undefined,
      listeners: engine.listeners.map((l) => l.key),
      issues: engine.issues.map((i) => ({ severity: i.severity, message: i.message })),
    },
  };
}

/**
 * What would this Corefile answer? Pure: file access goes through
 * `options.fs`; forward never contacts anything unless given answers.
 */
export function preview(text: string, query: PreviewQuery, options: PreviewOptions = {}): PreviewResult {
  const engine = buildEngine(text, engineEnv(options));
  return previewWith(engine, query, options);
}

/** Evaluate against an engine built once (for many queries). */
export function previewWith(engine: Engine, query: PreviewQuery, options: PreviewOptions = {}): PreviewResult {
  const msg = queryMessage(query);
  if ('error' in msg) {
    return { rcode: 'NONE', flags: [], question: [], answer: [], authority: [], additional: [], trace: { outcome: 'no-reply', steps: [], approximate: [], listeners: engine.listeners.map((l) => l.key), issues: [{ severity: 'error', message: msg.error }] } };
  }
  return toResult(engine, evaluate(engine, msg, arrivalOf(options)));
}
