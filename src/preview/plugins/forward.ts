import { classifyUpstream, hostNormalizeExact, resolvConfNameservers, joinHostPort } from '../../catalog/zones.js';
import { copyMsg, setReply, type Msg } from '../dns/message.js';
import { isSubDomain } from '../dns/names.js';
import { RCODE, T, typeName, type RR } from '../dns/rr.js';
import type { ForwardFact, Handler, PluginModule, Request, SetupContext } from '../types.js';
import { dispenser, resolvePath } from './common.js';

interface ForwardConfig {
  from: string;
  upstreams: string[];
  except: string[];
  policy: string;
  notes: string[];
}

/** Exchange key: which upstream was asked what. */
export function exchangeKey(upstream: string, m: Msg): string {
  const q = m.question[0];
  return `${upstream}|${q.name.toLowerCase()}|${q.type}|${q.class}|${m.opt?.do ? 1 : 0}`;
}

function parse(ctx: SetupContext): ForwardConfig[] | { error: string } {
  const out: ForwardConfig[] = [];
  const d = dispenser(ctx.tokens);
  while (d.next()) {
    const args = d.remainingArgs();
    if (args.length < 2) return { error: 'Wrong argument count' };
    const from = hostNormalizeExact(args[0])[0] ?? args[0];
    const cfg: ForwardConfig = { from, upstreams: [], except: [], policy: 'random', notes: [] };
    for (const h of args.slice(1)) {
      const c = classifyUpstream(h);
      if (!c.ok) return { error: c.error };
      const u = c.value;
      if (u.kind === 'file') {
        const p = resolvePath(ctx, u.path);
        const f = ctx.env.fs.readFile(p);
        if ('error' in f) {
          cfg.upstreams.push(`(nameservers of ${u.path})`);
          cfg.notes.push(`${u.path} is read on the CoreDNS host; it could not be read here (${f.error})`);
        } else {
          for (const ns of resolvConfNameservers(f.text)) cfg.upstreams.push(joinHostPort(ns.replace(/%.*/, ''), '53'));
          cfg.notes.push(`upstreams from ${u.path} as read on this machine; CoreDNS reads the file on its own host`);
        }
      } else cfg.upstreams.push(u.text);
    }
    while (d.nextBlock()) {
      const opt = d.val();
      const a = d.remainingArgs();
      if (opt === 'except') cfg.except.push(...a.flatMap((x) => hostNormalizeExact(x)));
      else if (opt === 'policy' && a[0]) cfg.policy = a[0];
      else if (opt === 'health_check') cfg.notes.push(`health checks every ${a[0] ?? '0.5s'}: unhealthy upstreams are skipped (not known offline)`);
      else if (opt === 'force_tcp' || opt === 'prefer_udp') cfg.notes.push(opt);
      else if (opt === 'next') cfg.notes.push(`next ${a.join(' ')}: these upstream rcodes continue to a following forward`);
      else if (opt === 'failover') cfg.notes.push(`failover ${a.join(' ')}: these upstream rcodes make it try the next upstream`);
    }
    out.push(cfg);
  }
  return out;
}

/** Upstreams in the order the policy tries them for the first query (policy.go). */
function ordered(cfg: ForwardConfig): string[] {
  const u = cfg.upstreams;
  if (cfg.policy === 'round_robin' && u.length > 1) {
    // The counter is incremented before use, so the first query starts at index 1.
    return [...u.slice(1), u[0]];
  }
  return u;
}

/** Answer from stand-in records: the name's records of the type, CNAMEs followed; NXDOMAIN when the name has none. */
function fromStub(req: Msg, records: RR[]): Msg {
  const m = setReply(req);
  m.ra = true;
  const q = req.question[0];
  let name = q.name.toLowerCase();
  for (let hop = 0; hop < 8; hop++) {
    const here = records.filter((r) => r.name.toLowerCase() === name);
    if (here.length === 0) {
      if (hop === 0) m.rcode = RCODE.NXDOMAIN;
      break;
    }
    const match = here.filter((r) => r.type === q.type || q.type === T.ANY);
    if (match.length > 0) {
      m.answer.push(...match);
      break;
    }
    const cname = here.find((r) => r.type === T.CNAME);
    if (!cname || cname.data.kind !== 'name') break;
    m.answer.push(cname);
    name = cname.data.target.toLowerCase();
  }
  return m;
}

function handler(cfg: ForwardConfig, index: number, ctx: SetupContext): Handler {
  const label = index === 0 ? 'forward' : `forward#${index + 1}`;
  return {
    name: 'forward',
    serve(req: Request, w, next) {
      const name = req.msg.question[0].name.toLowerCase();
      const excepted = name !== cfg.from && cfg.except.some((e) => isSubDomain(e, name));
      if (!isSubDomain(cfg.from, name) || excepted) {
        if (req.trace.on) req.trace.step(label, 'pass', excepted ? `${name} is excepted; passed on` : `${name} is not under ${cfg.from}; passed on`);
        return next(req, w);
      }
      const order = ordered(cfg);
      const mode = ctx.env.upstream;
      const fact: ForwardFact = {
        plugin: label,
        from: cfg.from,
        policy: cfg.policy,
        upstreams: order,
        except: cfg.except,
        notes: [...cfg.notes],
        source: mode.mode === 'offline' ? 'offline' : mode.mode === 'stub' ? 'stub' : 'live',
        answered: false,
      };
      req.facts.forwarded ??= fact;
      const list = cfg.policy === 'random' ? `one of {${order.join(', ')}} at random` : order.join(' then ');
      if (mode.mode === 'offline') {
        req.trace.step(label, 'forward', `forwards to ${list} (policy ${cfg.policy}); offline preview: upstream unavailable, SERVFAIL as when no upstream answers`);
        return RCODE.SERVFAIL;
      }
      if (mode.mode === 'stub') {
        const m = fromStub(req.msg, mode.records);
        fact.answered = true;
        req.trace.step(label, 'forward', `forwards to ${list}; answered from the upstream stand-in records`);
        w.write(m);
        return 0;
      }
      const target = mode.redirect ?? order[0];
      if (!target || target.startsWith('(')) {
        req.trace.step(label, 'forward', `forwards to ${list}; no address to query`);
        return RCODE.SERVFAIL;
      }
      if (target.includes('://')) {
        // Live queries are plain DNS over UDP/TCP; encrypted transports are not spoken here.
        req.facts.undetermined ??= { plugin: label, reason: `the upstream ${target} needs ${target.split('://')[0]}, which live preview does not speak; use --upstream HOST:PORT` };
        req.trace.step(label, 'undetermined', `forwards to ${target}: transport not supported for live queries`);
        return RCODE.SERVFAIL;
      }
      const key = exchangeKey(target, req.msg);
      const got = mode.answers.get(key);
      if (got === undefined) {
        req.facts.pending.push({ key, upstream: target, query: copyMsg(req.msg) });
        req.trace.step(label, 'forward', `forwards to ${target} (live)`);
        return RCODE.SERVFAIL;
      }
      if (got === 'timeout') {
        req.trace.step(label, 'forward', `forwarded to ${target}: no reply (timeout): SERVFAIL`);
        return RCODE.SERVFAIL;
      }
      const q = req.msg.question[0];
      const gq = got.question[0];
      if (!gq || gq.name.toLowerCase() !== q.name.toLowerCase() || gq.type !== q.type) {
        req.trace.step(label, 'error', `reply from ${target} does not match the question: FORMERR`);
        return RCODE.FORMERR;
      }
      const m = copyMsg(got);
      m.id = req.msg.id;
      fact.answered = true;
      req.trace.step(label, 'forward', `forwarded to ${target}: ${typeName(q.type)} answered by the upstream (rcode ${got.rcode})`);
      w.write(m);
      return 0;
    },
  };
}

/** coredns/coredns:plugin/forward, offline by default (preview spec §2.6). */
export const forward: PluginModule = {
  name: 'forward',
  setup(ctx) {
    const cfgs = parse(ctx);
    if ('error' in cfgs) return cfgs;
    return { handlers: cfgs.map((c, i) => handler(c, i, ctx)) };
  },
};
