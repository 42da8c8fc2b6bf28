/**
 * The evaluator: a Corefile becomes listeners of server blocks with plugin
 * chains, and a query runs through them as CoreDNS 1.14.7's
 * core/dnsserver/server.go ServeDNS does (class gate, EDNS version check,
 * ScrubWriter, longest-suffix zone selection, DS routing, root fallback,
 * REFUSED when nothing matches, the server-written error replies).
 */
import * as path from 'node:path';
import { groupByName, readServerBlocks, type CoreToken } from '../ast/read.js';
import { PLUGIN_ORDER } from '../catalog/order.js';
import { validateSetup } from '../catalog/index.js';
import { checkOverlaps, inspectServerBlocks, listenerKey } from '../catalog/zones.js';
import { clientWrite, copyMsg, newMsg, setRcode, setReply, type Msg } from './dns/message.js';
import { CLASS, RCODE, T } from './dns/rr.js';
import { isSubDomainLower } from './dns/names.js';
import { MAX_MSG_SIZE, truncate } from './dns/wire.js';
import { PLUGINS, PASSIVE, UNMODELLED } from './plugins/index.js';
import { passiveHandler, undeterminedHandler } from './plugins/common.js';
import { markTerminal } from './plugins/terminal.js';
import { Trace } from './trace.js';
import type { Arrival, EngineEnv, Facts, Handler, Next, Request, ServerRef, Writer } from './types.js';

export interface Block {
  index: number;
  /** Keys as written. */
  rawKeys: string[];
  /** Normalised keys (`dns://example.org.:53`). */
  keys: string[];
  zones: string[];
  /** Directive names in chain order (plugin.cfg). */
  plugins: string[];
  handlers: Handler[];
  entry: Next | undefined;
  /** A `view` makes the block a filtered config (evaluated by a view plugin module, when there is one). */
  filter?: (req: Request) => boolean | undefined;
  /** Directives outside plugin.cfg: a custom build would place them somewhere unknown. */
  unknown: string[];
  listenHosts: string[];
}

export interface Listener {
  key: string;
  transport: string;
  host: string;
  port: number;
  zones: Map<string, Block[]>;
  /** chaos or forward loaded on this listener: non-IN classes are let through (server.go NewServer). */
  classChaos: boolean;
  /** Its zones except the root, longest first (filled on first use). */
  ordered?: string[];
}

export interface ConfigIssue {
  severity: 'error' | 'warning';
  message: string;
  file?: string;
  line?: number;
}

export interface Engine {
  blocks: Block[];
  listeners: Listener[];
  issues: ConfigIssue[];
  env: EngineEnv;
}

/** Build the evaluator for a Corefile. Never throws; problems are in `issues`. */
export function buildEngine(text: string, env: EngineEnv): Engine {
  const engine: Engine = { blocks: [], listeners: [], issues: [], env };
  const read = readServerBlocks(text, { path: env.corefilePath, fs: env.fs, env: env.env });
  if (read.error) {
    const e = read.error;
    engine.issues.push({ severity: 'error', message: `${e.file || path.basename(env.corefilePath)}:${e.line} - ${e.message}`, file: e.file, line: e.line });
    return engine;
  }
  const inspected = inspectServerBlocks(read.blocks.map((b) => b.keys.map((k) => k.text)));
  if (!inspected.ok) {
    engine.issues.push({ severity: 'error', message: `error inspecting server blocks: ${inspected.error}` });
    return engine;
  }
  const configs: Array<{ block: Block; transport: string; zone: string; port: string }> = [];
  read.blocks.forEach((rb, bi) => {
    const ib = inspected.blocks[bi];
    const grouped = groupByName(rb);
    const block: Block = {
      index: bi,
      rawKeys: rb.keys.map((k) => k.text),
      keys: ib.keys,
      zones: [...new Set(ib.addrs.map((a) => a.zone))],
      plugins: [],
      handlers: [],
      entry: undefined,
      unknown: [],
      listenHosts: [''],
    };
    const rootTokens = grouped.get('root');
    const root = rootTokens && rootTokens[1] ? rootTokens[1].text : undefined;
    const names = [...grouped.keys()];
    block.unknown = names.filter((n) => !PLUGIN_ORDER.includes(n));
    const ordered = PLUGIN_ORDER.filter((n) => grouped.has(n));
    for (const name of ordered) {
      const tokens = grouped.get(name)!;
      try {
        for (const issue of validateSetup(name, { tokens, serverBlockKeys: ib.keys, filename: path.basename(env.corefilePath) })) {
          engine.issues.push({ severity: issue.severity, message: issue.coreMessage, line: issue.token?.line });
        }
      } catch (e) {
        engine.issues.push({ severity: 'warning', message: `plugin/${name}: could not be validated (${(e as Error).message})` });
      }
      block.plugins.push(name);
      if (name === 'bind') block.listenHosts = bindHosts(tokens);
      block.handlers.push(...instantiate(name, tokens, block, env, root, engine, grouped));
    }
    if (block.unknown.length > 0) {
      block.handlers.unshift(undeterminedHandler(block.unknown.join(', '), `not a CoreDNS ${'1.14.7'} plugin: a custom build decides where it runs and what it does`));
    }
    if (grouped.has('view') && !PLUGINS.has('view')) {
      block.filter = () => undefined;
    }
    block.entry = chain(block.handlers);
    engine.blocks.push(block);
    ib.addrs.forEach((a) => configs.push({ block, transport: a.transport, zone: a.zone, port: a.port }));
  });
  // register.go validateZonesAndListeningAddresses: CoreDNS refuses to start on these.
  const listenConfigs = configs.map((c) => ({ transport: c.transport, zone: c.zone, port: c.port, listenHosts: c.block.listenHosts, filtered: c.block.plugins.includes('view') }));
  for (const p of checkOverlaps(listenConfigs)) engine.issues.push({ severity: 'error', message: p.message });
  // Group by listener (register.go groupConfigsByListenAddr).
  const byKey = new Map<string, Listener>();
  for (const c of configs) {
    for (const h of c.block.listenHosts) {
      const k = listenerKey(c.transport, h, c.port);
      if (!k.ok) {
        engine.issues.push({ severity: 'error', message: k.error });
        continue;
      }
      let l = byKey.get(k.key);
      if (!l) {
        l = { key: k.key, transport: c.transport, host: h, port: Number(c.port), zones: new Map(), classChaos: false };
        byKey.set(k.key, l);
      }
      const list = l.zones.get(c.zone) ?? [];
      if (!list.includes(c.block)) list.push(c.block);
      l.zones.set(c.zone, list);
      if (c.block.plugins.includes('chaos') || c.block.plugins.includes('forward')) l.classChaos = true;
    }
  }
  engine.listeners = [...byKey.values()];
  return engine;
}

function bindHosts(tokens: CoreToken[]): string[] {
  const hosts: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    // Each occurrence starts with the directive name; addresses follow on its line.
    const line = tokens[i].line;
    i++;
    while (i < tokens.length && tokens[i].text !== 'bind' && tokens[i].line === line && tokens[i].text !== '{') hosts.push(tokens[i++].text);
    while (i < tokens.length && tokens[i].text !== 'bind') i++;
  }
  return hosts.length ? hosts : [''];
}

function instantiate(name: string, tokens: CoreToken[], block: Block, env: EngineEnv, root: string | undefined, engine: Engine, directives?: ReadonlyMap<string, CoreToken[]>): Handler[] {
  const mod = PLUGINS.get(name);
  if (mod) {
    let r: ReturnType<typeof mod.setup>;
    try {
      r = mod.setup({ name, tokens, keys: block.keys, zones: block.zones, env, root, directives });
    } catch (e) {
      r = { error: (e as Error).message };
    }
    if ('error' in r) {
      engine.issues.push({ severity: 'error', message: `plugin/${name}: ${r.error}`, line: tokens[0]?.line });
      return [undeterminedHandler(name, `its configuration could not be used: ${r.error}`)];
    }
    for (const w of r.warnings ?? []) engine.issues.push({ severity: 'warning', message: `plugin/${name}: ${w}`, line: tokens[0]?.line });
    if (r.filter) block.filter = r.filter;
    return r.handlers;
  }
  const u = UNMODELLED.get(name);
  if (u) return [undeterminedHandler(name, u.reason, u.applies)];
  return [passiveHandler(name, PASSIVE.get(name) ?? 'no effect on answers the preview can show')];
}

/** Link handlers so each one's `next` runs the rest (plugin.NextOrFailure at the end). */
function chain(handlers: Handler[]): Next | undefined {
  if (handlers.length === 0) return undefined;
  let next: Next = markTerminal((req) => {
    req.trace.step('server', 'note', 'no next plugin: the chain ended without a reply');
    return RCODE.SERVFAIL;
  });
  for (let i = handlers.length - 1; i >= 0; i--) {
    const h = handlers[i];
    const after = next;
    next = (req, w) => h.serve(req, w, after);
  }
  return next;
}

// ---------------------------------------------------------------------------
// Serving
// ---------------------------------------------------------------------------

/** request.Request.SizeAndDo: mirror the client's OPT onto the reply. */
function sizeAndDo(req: Msg, m: Msg, extraSupported: ReadonlySet<number> | undefined): void {
  const o = req.opt;
  if (!o) return;
  if (m.opt) {
    m.opt = { ...m.opt, version: 0, udpSize: o.udpSize, extRcode: 0, z: m.opt.z & 0x7f00, do: m.opt.do || o.do };
    return;
  }
  // NSID, EXPIRE, COOKIE, TCP-KEEPALIVE, PADDING (request/edns0.go supportedOptions).
  const supported = [3, 9, 10, 11, 12];
  m.opt = {
    udpSize: o.udpSize,
    extRcode: 0,
    version: 0,
    do: o.do,
    z: o.z & 0x7f00,
    options: o.options.filter((op) => supported.includes(op.code) || extraSupported?.has(op.code)),
  };
}

/** request.Request.Size: the reply size limit. */
function replySize(req: Msg, proto: 'udp' | 'tcp'): number {
  if (proto === 'tcp') return MAX_MSG_SIZE;
  const s = req.opt ? req.opt.udpSize : 0;
  return s < 512 ? 512 : s;
}

class ScrubWriter implements Writer {
  constructor(
    private readonly req: Request,
    private readonly out: Writer,
  ) {}
  write(m: Msg): void {
    const c = copyMsg(m);
    sizeAndDo(this.req.msg, c, this.req.facts.supportedOptions);
    const rl = truncate(c, replySize(this.req.msg, this.req.arrival.proto));
    if (!c.compress && this.req.arrival.proto === 'udp') {
      if ((rl > 1480 && this.req.family === 1) || (rl > 1220 && this.req.family === 2)) c.compress = true;
    }
    this.out.write(c);
  }
}

/** Captures the first message written; later writes are noted (CoreDNS's "double write"). */
export class Capture implements Writer {
  msg: Msg | undefined;
  constructor(private readonly trace?: Trace) {}
  write(m: Msg): void {
    if (this.msg) {
      this.trace?.step('server', 'note', `a second reply (${m.rcode}) was written after the first; the client only sees the first`);
      return;
    }
    this.msg = m;
  }
}

/** server.go errorFunc: SetRcode, AA=0, RA=0, OPT mirrored. */
function errorReply(req: Request, w: Writer, rcode: number): void {
  w.write(setRcode(req.msg, rcode));
}

function runBlock(req: Request, b: Block, w: Writer, zone: string, why: string): void {
  if (!req.facts.block && req.depth === 0) req.facts.block = { index: b.index, keys: b.keys, zone, why };
  if (req.depth === 0 && req.trace.on) req.trace.step('server', 'note', `block ${b.index + 1} (${b.rawKeys.join(' ')}) takes the query: ${why}`);
  const rcode = b.entry!(req, w);
  if (!clientWrite(rcode)) {
    if (!req.facts.undetermined) req.trace.step('server', 'error', `the chain returned ${rcodeText(rcode)} without writing: the server replies ${rcodeText(rcode)}`);
    errorReply(req, w, rcode);
  }
}

const rcodeText = (r: number) => ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'][r] ?? String(r);

/** Apply a block's view filter; undefined (cannot evaluate) makes the whole answer undetermined. */
function passes(req: Request, b: Block): boolean | undefined {
  if (!b.filter) return true;
  return b.filter(req);
}

/** core/dnsserver Server.ServeDNS for one listener. */
export function serveDNS(l: Listener, req: Request, raw: Writer): void {
  const r = req.msg;
  if (r.question.length === 0) {
    errorReply(req, raw, RCODE.SERVFAIL);
    return;
  }
  const q0 = r.question[0];
  if (!l.classChaos && q0.class !== CLASS.IN) {
    req.trace.step('server', 'error', `class ${q0.class} is not IN and no block on this listener loads chaos or forward: REFUSED`);
    errorReply(req, new ScrubWriter(req, raw), RCODE.REFUSED);
    return;
  }
  if (r.opt && r.opt.version !== 0) {
    const m = setReply(r);
    m.rcode = RCODE.BADVERS;
    m.opt = { udpSize: 0, extRcode: 0, version: 0, do: false, z: 0, options: [] };
    req.trace.step('server', 'error', `EDNS version ${r.opt.version} is not 0: BADVERS`);
    raw.write(m);
    return;
  }
  const w = new ScrubWriter(req, raw);
  const q = q0.name.toLowerCase();
  let ds: { b: Block; zone: string } | undefined;
  // Longest suffix first, as the server walks the name's labels; only zones that are suffixes can match.
  l.ordered ??= [...l.zones.keys()].filter((z) => z !== '.').sort((a, b) => b.length - a.length);
  for (const key of l.ordered) {
    if (!isSubDomainLower(key, q)) continue;
    const list = l.zones.get(key);
    if (list) {
      for (const b of list) {
        if (!b.entry) {
          if (req.depth === 0) req.trace.step('server', 'error', `block ${b.index + 1} (${b.rawKeys.join(' ')}) serves ${key} but has no plugins: REFUSED`);
          req.facts.block ??= { index: b.index, keys: b.keys, zone: key, why: 'longest matching zone, but the block has no plugins' };
          errorReply(req, w, RCODE.REFUSED);
          return;
        }
        const p = passes(req, b);
        if (p === undefined) {
          req.facts.undetermined ??= { plugin: 'view', reason: `block ${b.index + 1} has a view filter the preview cannot evaluate` };
          return;
        }
        if (p) {
          if (q0.type !== T.DS) {
            runBlock(req, b, w, key, `longest zone of the query name served on ${l.key}: ${key}`);
            return;
          }
          ds = { b, zone: key };
        }
      }
    }
  }
  if (q0.type === T.DS && ds) {
    runBlock(req, ds.b, w, ds.zone, `DS queries go to the least specific matching zone: ${ds.zone}`);
    return;
  }
  const root = l.zones.get('.');
  if (root) {
    for (const b of root) {
      if (!b.entry) continue;
      const p = passes(req, b);
      if (p === undefined) {
        req.facts.undetermined ??= { plugin: 'view', reason: `block ${b.index + 1} has a view filter the preview cannot evaluate` };
        return;
      }
      if (p) {
        runBlock(req, b, w, '.', 'no more specific zone matches; the root zone block takes it');
        return;
      }
    }
  }
  if (req.depth === 0) req.trace.step('server', 'error', `no server block on ${l.key} serves a zone of ${q0.name}: REFUSED`);
  errorReply(req, w, RCODE.REFUSED);
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

export interface EvaluateOptions {
  trace?: boolean;
}

export interface Evaluation {
  /** The reply as the client would receive it; undefined when no reply is sent. */
  message: Msg | undefined;
  listener: Listener | undefined;
  trace: Trace;
  facts: Facts;
}

const QUIET = new Trace(false);

export const DEFAULT_ARRIVAL: Arrival = { transport: 'dns', proto: 'udp', clientIP: '127.0.0.1', clientPort: 40000, serverIP: '127.0.0.1' };

const listenerCache = new WeakMap<Engine, Map<string, Map<number | undefined, Map<string, Listener | undefined>>>>();

/** The listener a query arriving as `a` reaches (transport, port, then bound address over wildcard). */
export function pickListener(engine: Engine, a: Arrival): Listener | undefined {
  let byTransport = listenerCache.get(engine);
  if (!byTransport) listenerCache.set(engine, (byTransport = new Map()));
  let byPort = byTransport.get(a.transport);
  if (!byPort) byTransport.set(a.transport, (byPort = new Map()));
  let byIP = byPort.get(a.port);
  if (!byIP) byPort.set(a.port, (byIP = new Map()));
  if (byIP.has(a.serverIP)) return byIP.get(a.serverIP);
  const ports = [...new Set(engine.listeners.filter((l) => l.transport === a.transport).map((l) => l.port))];
  const port = a.port ?? (ports.length === 1 ? ports[0] : 53);
  const cands = engine.listeners.filter((l) => l.transport === a.transport && l.port === port);
  const l = cands.find((x) => x.host !== '' && x.host === a.serverIP) ?? cands.find((x) => x.host === '');
  byIP.set(a.serverIP, l);
  return l;
}

const serverRefs = new WeakMap<Listener, ServerRef>();

/** plugin/pkg/upstream for one listener: a new query through the same server, reply captured. */
function serverRef(engine: Engine, listener: Listener): ServerRef {
  let ref = serverRefs.get(listener);
  if (ref) return ref;
  ref = {
    lookup: (from, name, type) => {
      if (from.depth >= 8) {
        from.trace.step('server', 'note', `self-lookup of ${name} abandoned: more than 8 nested lookups (loop)`);
        return undefined;
      }
      const m = newMsg();
      m.id = from.msg.id;
      m.rd = true;
      m.question = [{ name, type, class: CLASS.IN }];
      // upstream.Lookup: SetEdns0(state.Size(), state.Do()).
      m.opt = { udpSize: replySize(from.msg, from.arrival.proto), extRcode: 0, version: 0, do: from.msg.opt?.do ?? false, z: 0, options: [] };
      const sub = newRequest(engine, m, from.arrival, listener, from.trace, from.facts, from.depth + 1);
      const cap = new Capture();
      from.trace.depth++;
      if (from.trace.on) from.trace.step('server', 'note', `self-lookup ${name} ${typeLabel(type)} through ${listener.key}`);
      serveDNS(listener, sub, cap);
      from.trace.depth--;
      return cap.msg;
    },
  };
  serverRefs.set(listener, ref);
  return ref;
}

export function newRequest(engine: Engine, msg: Msg, arrival: Arrival, listener: Listener, trace: Trace, facts: Facts, depth: number): Request {
  return { msg, arrival, family: arrival.clientIP.includes(':') ? 2 : 1, trace, depth, facts, server: serverRef(engine, listener) };
}

function typeLabel(t: number): string {
  return t === T.A ? 'A' : t === T.AAAA ? 'AAAA' : String(t);
}

/** Evaluate one query message. Pure: the only inputs are the engine and the arguments. */
export function evaluate(engine: Engine, query: Msg, arrival: Arrival = DEFAULT_ARRIVAL, opts: EvaluateOptions = {}): Evaluation {
  // A trace that records nothing holds no per-query state worth a new object.
  const trace = opts.trace === false ? QUIET : new Trace(true);
  const facts: Facts = { pending: [], approximate: [] };
  const listener = pickListener(engine, arrival);
  if (!listener) {
    trace.step('server', 'error', `nothing listens on ${arrival.transport}://:${arrival.port ?? 53}; the client gets no DNS reply`);
    return { message: undefined, listener, trace, facts };
  }
  const req = newRequest(engine, query, arrival, listener, trace, facts, 0);
  const cap = new Capture(trace);
  try {
    serveDNS(listener, req, cap);
  } catch (e) {
    // CoreDNS recovers a panicking plugin and answers SERVFAIL; the preview does the same and says why.
    facts.undetermined = { plugin: 'preview', reason: `internal error while evaluating: ${(e as Error).message}` };
    trace.step('server', 'error', `internal error: ${(e as Error).message}`);
  }
  if (!cap.msg && !facts.undetermined && !facts.dropped) facts.dropped = 'no plugin wrote a reply';
  return { message: facts.undetermined ? undefined : cap.msg, listener, trace, facts };
}
