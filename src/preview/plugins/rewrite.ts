/**
 * coredns/coredns:plugin/rewrite: rules that change the request on its way in
 * and response rules applied by a reverter on the way out (rewrite.go,
 * name.go, type.go, class.go, ttl.go, rcode.go, cname_target.go, edns0.go,
 * reverter.go).
 */
import { RE2JS } from 're2js';
import { ipBytes } from './netaddr.js';
import { copyMsg, setRcode, type Msg } from '../dns/message.js';
import { isDomainName, norm } from '../dns/names.js';
import { classFromName, className, rcodeFromName, rcodeName, T, typeFromName, typeName, type RData, type RR } from '../dns/rr.js';
import type { PluginModule, Request, Writer } from '../types.js';
import { dispenser } from './common.js';
import { metadataValue } from './metadata.js';
import { clientWrite } from '../dns/message.js';
import { RCODE } from '../dns/rr.js';

type Mode = 'stop' | 'continue';

/** A response rule: changes one record (or, for message-level rules, the message). */
interface ResponseRule {
  apply(res: Msg, rr: RR | undefined, ctx: ResponseContext): void;
  /** Applied once when the reply carries no records (reverter.go msgResponseRule). */
  msgLevel?: boolean;
  /** Works on the OPT record rather than on records (edns0 revert). */
  opt?: boolean;
  describe: string;
}

interface ResponseContext {
  req: Request;
}

interface Rule {
  mode: Mode;
  text: string;
  /** undefined = RewriteIgnored; an array (maybe empty) = RewriteDone with these response rules. */
  rewrite(req: Request): ResponseRule[] | undefined;
}

/** request.Request.Name: the question name lower-cased and fully qualified. */
const reqName = (req: Request) => norm(req.msg.question[0].name);

function setQuestion(req: Request, patch: Partial<Msg['question'][0]>): void {
  // The question object may be shared with the caller's query; replace it rather than editing it.
  req.msg.question = [{ ...req.msg.question[0], ...patch }, ...req.msg.question.slice(1)];
}

/** Go regexp FindStringSubmatch: the groups of the leftmost match ('' for groups that did not take part), or undefined. */
export function findSubmatch(re: RE2JS, s: string): string[] | undefined {
  const m = re.matcher(s);
  if (!m.find()) return undefined;
  const out: string[] = [];
  for (let i = 0; i <= m.groupCount(); i++) out.push(m.group(i) ?? '');
  return out;
}

function compile(p: string): RE2JS | undefined {
  try {
    return RE2JS.compile(p);
  } catch {
    return undefined;
  }
}

function substitute(template: string, groups: string[]): string {
  let s = template;
  groups.forEach((g, i) => {
    s = s.split(`{${i}}`).join(g);
  });
  return s;
}

// ---------------------------------------------------------------------------
// String rewriters used by response rules (name.go)
// ---------------------------------------------------------------------------

type StringRewriter = (src: string) => string;

const regexRewriter = (re: RE2JS, replacement: string): StringRewriter => (src) => {
  const g = findSubmatch(re, src);
  return g ? substitute(replacement, g) : src;
};

/** remapStringRewriter: the name itself, or a subdomain of it on a label boundary. */
const remapRewriter = (orig: string, replacement: string): StringRewriter => (src) => {
  if (src === orig) return replacement;
  const i = src.length - orig.length;
  if (i > 0 && src[i - 1] === '.' && src.slice(i) === orig) return src.slice(0, i) + replacement;
  return src;
};

const suffixRewriter = (suffix: string, replacement: string): StringRewriter => (src) => (src.endsWith(suffix) ? src.slice(0, src.length - suffix.length) + replacement : src);

/** The name in the data that `answer value` rewrites (reverter.go getRecordValueForRewrite). */
function recordValue(rr: RR): string {
  const d = rr.data;
  switch (rr.type) {
    case T.SRV:
      return d.kind === 'srv' ? d.target : '';
    case T.MX:
      return d.kind === 'mx' ? d.exchange : '';
    case T.CNAME:
    case T.NS:
    case T.DNAME:
    case T.PTR:
      return d.kind === 'name' ? d.target : '';
    case T.NAPTR:
      return d.kind === 'naptr' ? d.replacement : '';
    case T.SOA:
      return d.kind === 'soa' ? d.mname : '';
    default:
      return '';
  }
}

function withValue(d: RData, v: string): RData {
  switch (d.kind) {
    case 'srv':
      return { ...d, target: v };
    case 'mx':
      return { ...d, exchange: v };
    case 'name':
      return { ...d, target: v };
    case 'naptr':
      return { ...d, replacement: v };
    case 'soa':
      return { ...d, mname: v };
    default:
      return d;
  }
}

const nameResponse = (rw: StringRewriter, describe: string): ResponseRule => ({
  describe,
  apply(_res, rr) {
    if (rr) rr.name = rw(rr.name);
  },
});

const valueResponse = (rw: StringRewriter, describe: string): ResponseRule => ({
  describe,
  apply(_res, rr) {
    if (!rr) return;
    const v = recordValue(rr);
    if (v === '') return;
    const n = rw(v);
    if (n !== v) rr.data = withValue(rr.data, n);
  },
});

// ---------------------------------------------------------------------------
// Rule constructors (newRule and friends); errors are setup errors
// ---------------------------------------------------------------------------

class RuleError {
  constructor(readonly message: string) {}
}
const bad = (m: string): never => {
  throw new RuleError(m);
};

function validRegex(from: string, to: string): RE2JS {
  const re = compile(from);
  if (!re) bad(`invalid regex matching pattern: ${from}`);
  let used = 0;
  for (let i = 0; i <= 100; i++) if (to.includes(`{${i}}`)) used++;
  if (used > re!.groupCount()) bad(`the rewrite regex pattern (${to}) uses more subexpressions than its corresponding matching regex pattern (${from})`);
  return re!;
}

function answerRules(matchType: string, args: string[]): { auto: boolean; rules: ResponseRule[] } {
  let auto = false;
  const rules: ResponseRule[] = [];
  let i = 0;
  let last = '';
  let nameRules = 0;
  if (args.length < 2) bad(`invalid arguments for ${matchType} rule`);
  while (i < args.length) {
    if (last === '' && args[i] !== 'answer') bad(`exceeded the number of arguments for a non-answer rule argument for ${matchType} rule`);
    if (args[i] === 'answer') i++;
    if (i >= args.length) bad(`type missing for answer rule for ${matchType} rule`);
    last = args[i++];
    if (last === 'auto') {
      auto = true;
      continue;
    }
    if (last !== 'name' && last !== 'value') bad(`invalid type "${last}" for answer rule for ${matchType} rule`);
    if (args.length - i < 2) bad(`${last} answer rule for ${matchType} rule: 2 arguments required`);
    const re = validRegex(args[i], args[i + 1]);
    const to = norm(args[i + 1]);
    const desc = `answer ${last} ${args[i]} ${args[i + 1]}`;
    rules.push(last === 'name' ? nameResponse(regexRewriter(re, to), desc) : valueResponse(regexRewriter(re, to), desc));
    if (last === 'name') nameRules++;
    i += 2;
  }
  if (auto && nameRules > 0) bad('auto name answer rule cannot be combined with explicit name anwer rules');
  return { auto, rules };
}

/** nameRuleBase.responseRuleFor: with auto, map the rewritten name back to the one asked for. */
function responseFor(auto: boolean, statics: ResponseRule[], req: Request, original: string): ResponseRule[] {
  if (!auto) return statics;
  const rw = remapRewriter(req.msg.question[0].name, original);
  return [nameResponse(rw, 'answer auto (names)'), valueResponse(rw, 'answer auto (values)'), ...statics];
}

function nameRule(mode: Mode, args: string[], text: string): Rule {
  if (args.length < 2) bad('too few arguments for a name rule');
  let matchType = 'exact';
  let from: string;
  let to: string;
  if (args.length === 2) {
    from = norm(args[0]);
    to = norm(args[1]);
  } else {
    matchType = args[0].toLowerCase();
    from = matchType === 'regex' ? args[1] : norm(args[1]);
    to = matchType === 'regex' ? args[2] : norm(args[2]);
  }
  const { auto, rules: statics } = args.length > 3 ? answerRules(matchType, args.slice(3)) : { auto: false, rules: [] as ResponseRule[] };
  switch (matchType) {
    case 'exact':
      validRegex(to, from);
      // exactNameRule always reverts its own mapping (auto is forced on).
      return {
        mode,
        text,
        rewrite(req) {
          const n = reqName(req);
          if (n !== from) return undefined;
          setQuestion(req, { name: to });
          return responseFor(true, statics, req, n);
        },
      };
    case 'prefix':
      return {
        mode,
        text,
        rewrite(req) {
          const n = reqName(req);
          if (!n.startsWith(from)) return undefined;
          setQuestion(req, { name: to + n.slice(from.length) });
          return responseFor(auto, statics, req, n);
        },
      };
    case 'suffix': {
      // For suffix the reverse mapping is the same suffix swap in the other direction, decided at setup.
      const all = auto ? [nameResponse(suffixRewriter(to, from), 'answer auto (names)'), valueResponse(suffixRewriter(to, from), 'answer auto (values)'), ...statics] : statics;
      return {
        mode,
        text,
        rewrite(req) {
          const n = reqName(req);
          if (!n.endsWith(from)) return undefined;
          setQuestion(req, { name: n.slice(0, n.length - from.length) + to });
          return all;
        },
      };
    }
    case 'substring':
      return {
        mode,
        text,
        rewrite(req) {
          const n = reqName(req);
          if (!n.includes(from)) return undefined;
          setQuestion(req, { name: n.split(from).join(to) });
          return responseFor(auto, statics, req, n);
        },
      };
    case 'regex': {
      const re = validRegex(from, to);
      const target = norm(args[2]);
      return {
        mode,
        text,
        rewrite(req) {
          const n = reqName(req);
          const g = findSubmatch(re, n);
          if (!g) return undefined;
          setQuestion(req, { name: substitute(target, g) });
          return responseFor(auto, statics, req, n);
        },
      };
    }
    default:
      return bad(`name rule supports only exact, prefix, suffix, substring, and regex name matching, received: ${matchType}`);
  }
}

/** The name matcher shared by ttl and rcode rules: `[MATCH] NAME`. */
function nameMatcher(kind: string, args: string[]): (name: string) => boolean {
  if (args.length === 1) {
    const n = norm(args[0]);
    return (s) => s === n;
  }
  const m = args[0].toLowerCase();
  if (m === 'regex') {
    const re = compile(args[1]);
    if (!re) bad(`invalid regex pattern in a ${kind} rule: ${args[1]}`);
    return (s) => findSubmatch(re!, s) !== undefined;
  }
  const n = norm(args[1]);
  switch (m) {
    case 'exact':
      return (s) => s === n;
    case 'prefix':
      return (s) => s.startsWith(n);
    case 'suffix':
      return (s) => s.endsWith(n);
    case 'substring':
      return (s) => s.includes(n);
    default:
      return bad(`${kind} rule supports only exact, prefix, suffix, substring, and regex name matching`);
  }
}

function ttlRule(mode: Mode, args: string[], text: string): Rule {
  if (args.length < 2) bad(`too few (${args.length}) arguments for a ttl rule`);
  if (args.length > 3) bad('many few arguments for a ttl rule');
  const spec = args[args.length - 1];
  const range = ttlRange(spec);
  if (!range) bad(`invalid TTL '${spec}' for a ttl rule`);
  const [min, max] = range!;
  const matches = nameMatcher('ttl', args.slice(0, args.length - 1));
  const resp: ResponseRule = {
    describe: `ttl ${spec}`,
    apply(_res, rr) {
      if (!rr) return;
      if (rr.ttl < min) rr.ttl = min;
      else if (rr.ttl > max) rr.ttl = max;
    },
  };
  return { mode, text, rewrite: (req) => (matches(reqName(req)) ? [resp] : undefined) };
}

function ttlRange(v: string): [number, number] | undefined {
  const u32 = (s: string) => (/^\d+$/.test(s) && Number(s) <= 0xffffffff ? Number(s) : undefined);
  const s = v.split('-');
  if (s.length === 1) {
    const n = u32(s[0]);
    return n === undefined ? undefined : [n, n];
  }
  if (s.length !== 2) return undefined;
  const min = s[0] === '' ? 0 : u32(s[0]);
  if (min === undefined) return undefined;
  let max: number | undefined;
  if (s[1] === '') {
    if (s[0] === '') return undefined;
    max = 2147483647;
  } else max = u32(s[1]);
  if (max === undefined || min > max) return undefined;
  return [min, max];
}

function rcodeValue(v: string): number | undefined {
  if (/^\d+$/.test(v)) return Number(v) <= 23 ? Number(v) : undefined;
  const r = rcodeFromName(v);
  return r !== undefined && !/^\d+$/.test(v) ? r : undefined;
}

function rcodeRule(mode: Mode, args: string[], text: string): Rule {
  if (args.length < 3) bad(`too few (${args.length}) arguments for a rcode rule`);
  if (args.length > 4) bad('many few arguments for a rcode rule');
  const [oldS, newS] = args.slice(-2);
  const from = rcodeValue(oldS);
  if (from === undefined) bad(`invalid matching RCODE '${oldS}' for a rcode rule`);
  const to = rcodeValue(newS);
  if (to === undefined) bad(`invalid replacement RCODE '${newS}' for a rcode rule`);
  const matches = nameMatcher('rcode', args.slice(0, args.length - 2));
  const resp: ResponseRule = {
    describe: `rcode ${rcodeName(from!)} → ${rcodeName(to!)}`,
    msgLevel: true,
    apply(res) {
      if (res.rcode === from) res.rcode = to!;
    },
  };
  return { mode, text, rewrite: (req) => (matches(reqName(req)) ? [resp] : undefined) };
}

function typeRule(mode: Mode, args: string[], text: string): Rule {
  const from = typeFromName(args[0] ?? '');
  const to = typeFromName(args[1] ?? '');
  if (from === undefined) bad(`invalid type "${(args[0] ?? '').toUpperCase()}"`);
  if (to === undefined) bad(`invalid type "${(args[1] ?? '').toUpperCase()}"`);
  return {
    mode,
    text,
    rewrite(req) {
      if (req.msg.question[0].type !== from) return undefined;
      setQuestion(req, { type: to });
      return [];
    },
  };
}

function classRule(mode: Mode, args: string[], text: string): Rule {
  const from = classFromName(args[0] ?? '');
  const to = classFromName(args[1] ?? '');
  if (from === undefined) bad(`invalid class "${(args[0] ?? '').toUpperCase()}"`);
  if (to === undefined) bad(`invalid class "${(args[1] ?? '').toUpperCase()}"`);
  return {
    mode,
    text,
    rewrite(req) {
      if (req.msg.question[0].class !== from) return undefined;
      setQuestion(req, { class: to });
      return [];
    },
  };
}

function cnameRule(mode: Mode, args: string[], text: string): Rule {
  let kind: string;
  let from: string;
  let to: string;
  if (args.length === 3) {
    kind = args[0].toLowerCase();
    if (!['exact', 'prefix', 'suffix', 'substring', 'regex'].includes(kind)) bad(`unknown cname rewrite type: ${kind}`);
    from = args[1].toLowerCase();
    to = args[2].toLowerCase();
  } else if (args.length === 2) {
    kind = 'exact';
    from = args[0].toLowerCase();
    to = args[1].toLowerCase();
  } else return bad(`too few (${args.length}) arguments for a cname rule`);
  if (kind === 'exact') {
    from = norm(from);
    to = norm(to);
  }
  const re = kind === 'regex' ? compile(from) : undefined;
  if (kind === 'regex' && !re) bad(`invalid cname rewrite regex pattern: ${from}`);
  const fromTo = (t: string): [string, string] => {
    switch (kind) {
      case 'exact':
        return [from, to];
      case 'prefix':
        return t.startsWith(from) ? [t, to + t.slice(from.length)] : ['', ''];
      case 'suffix':
        return t.endsWith(from) ? [t, t.slice(0, t.length - from.length) + to] : ['', ''];
      case 'substring':
        return t.includes(from) ? [t, t.split(from).join(to)] : ['', ''];
      default: {
        const g = findSubmatch(re!, t);
        return g ? [t, substitute(to, g)] : ['', ''];
      }
    }
  };
  return {
    mode,
    text,
    // cnameTargetRule.Rewrite is "done" for every query: its work happens on the reply.
    rewrite: () => [
      {
        describe: `cname ${kind} ${from} ${to}`,
        apply(res, rr, ctx) {
          if (!rr || rr.type !== T.CNAME || rr.data.kind !== 'name') return;
          const [f, t] = fromTo(rr.data.target);
          if (rr.data.target !== f) return;
          const up = ctx.req.server.lookup(ctx.req, t, ctx.req.msg.question[0].type);
          if (!up) {
            ctx.req.trace.step('rewrite', 'note', `cname target ${t}: the self-lookup gave no reply; the answer is left as it was`);
            return;
          }
          const answer: RR[] = [];
          for (const a of res.answer) {
            if (a.type !== T.CNAME) continue;
            answer.push(a);
            if (a.data.kind === 'name' && a.data.target === f) {
              a.data = { kind: 'name', target: t };
              break;
            }
          }
          res.answer = [...answer, ...up.answer];
          res.tc = up.tc;
        },
      },
    ],
  };
}

// ---------------------------------------------------------------------------
// edns0 (request OPT only; local codes become "supported" and are echoed)
// ---------------------------------------------------------------------------

const EDNS0_NSID = 3;
const EDNS0_SUBNET = 8;

function reqOpt(req: Request): NonNullable<Msg['opt']> {
  if (!req.msg.opt) req.msg.opt = { udpSize: 4096, extRcode: 0, version: 0, do: false, z: 0, options: [] };
  return req.msg.opt;
}

function parseCode(s: string): number | undefined {
  const v = /^0x[0-9a-f]+$/i.test(s) ? parseInt(s.slice(2), 16) : /^0[0-7]*$/.test(s) ? parseInt(s, 8) : /^\d+$/.test(s) ? Number(s) : NaN;
  return Number.isInteger(v) && v <= 0xffff ? v : undefined;
}

const enc = new TextEncoder();

function u16(n: number): Uint8Array {
  return Uint8Array.from([(n >> 8) & 0xff, n & 0xff]);
}

/** The value of a `{variable}` in an edns0 local rule (edns0.go ruleData); undefined = rule ignored. */
function variableData(req: Request, v: string): Uint8Array | undefined {
  const a = req.arrival;
  switch (v) {
    case '{qname}':
      return enc.encode(req.msg.question[0].name);
    case '{qtype}':
      return u16(req.msg.question[0].type);
    case '{client_ip}':
      return ipBytes(a.clientIP);
    case '{server_ip}':
      return ipBytes(a.serverIP);
    case '{client_port}':
      return u16(a.clientPort);
    case '{server_port}':
      return u16(a.port ?? 53);
    case '{protocol}':
      return enc.encode(a.proto);
    default: {
      // Any other {label} is a metadata label; empty means the rule is ignored (edns0.go ruleData).
      const value = metadataValue(req, v.slice(1, -1));
      return value === '' ? undefined : enc.encode(value);
    }
  }
}

function edns0Rule(mode: Mode, args: string[], text: string, supported: Set<number>): Rule {
  if (args.length < 2) bad('too few arguments for an EDNS0 rule');
  const type = args[0].toLowerCase();
  const action = args[1].toLowerCase();
  if (!['append', 'replace', 'set', 'unset'].includes(action)) bad(`invalid action: "${action}"`);
  let revert = false;
  if (action !== 'unset' && args[args.length - 1] === 'revert') {
    revert = true;
    args = args.slice(0, -1);
  }
  let code: number;
  let data: ((req: Request) => Uint8Array | undefined) | undefined;
  if (type === 'local') {
    if (action === 'unset' ? args.length !== 3 : args.length !== 4) bad(action === 'unset' ? 'local unset action requires exactly two arguments' : 'EDNS0 local rules require three or four args');
    const c = parseCode(args[2]);
    if (c === undefined) bad(`strconv.ParseUint: parsing "${args[2]}": invalid syntax`);
    code = c!;
    supported.add(code);
    const raw = args[3] ?? '';
    if (raw.startsWith('{') && raw.endsWith('}')) data = (req) => variableData(req, raw);
    else if (raw.startsWith('0x')) {
      if (!/^([0-9a-fA-F]{2})*$/.test(raw.slice(2))) bad(`encoding/hex: invalid byte in ${raw}`);
      const bytes = Uint8Array.from(raw.slice(2).match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
      data = () => bytes;
    } else {
      const bytes = enc.encode(raw);
      data = () => bytes;
    }
  } else if (type === 'nsid') {
    if (args.length !== 2) bad(action === 'unset' ? 'nsid unset action requires exactly one argument' : 'EDNS0 NSID rules can accept no more than one arg');
    code = EDNS0_NSID;
    data = () => new Uint8Array(0);
  } else if (type === 'subnet') {
    if (action === 'unset' ? args.length !== 2 : args.length !== 4) bad(action === 'unset' ? 'subnet unset action requires exactly one argument' : 'EDNS0 subnet rules require three or four args');
    code = EDNS0_SUBNET;
    const v4 = Number(args[2] ?? 0);
    const v6 = Number(args[3] ?? 0);
    if (action !== 'unset' && (!(v4 >= 0 && v4 <= 32) || !(v6 >= 0 && v6 <= 128))) bad('invalid netmask');
    data = (req) => subnetData(req, v4, v6);
  } else return bad(`invalid rule type "${type}"`);
  return {
    mode,
    text,
    rewrite(req) {
      const o = reqOpt(req);
      if (action === 'unset') {
        o.options = o.options.filter((x) => x.code !== code);
        return [];
      }
      const d = data!(req);
      if (d === undefined) return undefined;
      const at = o.options.findIndex((x) => x.code === code);
      const resp: ResponseRule[] = [];
      if (at >= 0) {
        if (action === 'replace' || action === 'set') {
          const old = o.options[at];
          if (revert) resp.push(replaceOption(code, old));
          o.options = o.options.map((x, i) => (i === at ? { code, data: d } : x));
          return resp;
        }
        // nsid/local append with an existing option: still appended for append (edns0.go falls through to append).
      }
      if (action === 'append' || action === 'set') {
        o.options = [...o.options, { code, data: d }];
        if (revert) resp.push(unsetOption(code));
        return resp;
      }
      return undefined;
    },
  };
}

function subnetData(req: Request, v4: number, v6: number): Uint8Array | undefined {
  const bytes = ipBytes(req.arrival.clientIP);
  if (!bytes) return undefined;
  const four = bytes.length === 4;
  const family = four ? 1 : 2;
  const mask = four ? v4 : v6;
  const n = Math.ceil(mask / 8);
  const addr = bytes.slice(0, n);
  if (mask % 8 && n > 0) addr[n - 1] &= (0xff << (8 - (mask % 8))) & 0xff;
  return Uint8Array.from([0, family, mask, 0, ...addr]);
}

const replaceOption = (code: number, old: { code: number; data: Uint8Array }): ResponseRule => ({
  describe: `edns0 revert option ${code}`,
  opt: true,
  apply(res) {
    if (!res.opt) return;
    const i = res.opt.options.findIndex((x) => x.code === code);
    if (i >= 0) res.opt = { ...res.opt, options: res.opt.options.map((x, j) => (j === i ? old : x)) };
  },
});

const unsetOption = (code: number): ResponseRule => ({
  describe: `edns0 revert option ${code}`,
  opt: true,
  apply(res) {
    if (!res.opt) return;
    const i = res.opt.options.findIndex((x) => x.code === code);
    if (i >= 0) res.opt = { ...res.opt, options: res.opt.options.filter((_, j) => j !== i) };
  },
});

function newRule(args: string[], supported: Set<number>): Rule {
  if (args.length === 0) bad('no rule type specified for rewrite');
  const a0 = args[0].toLowerCase();
  let mode: Mode = 'stop';
  let type = a0;
  let start = 1;
  let count = args.length;
  if (a0 === 'continue' || a0 === 'stop') {
    if (args.length < 2) bad(`${a0} rule must begin with a rule type`);
    mode = a0;
    type = args[1].toLowerCase();
    start = 2;
    count = args.length - 1;
  }
  const rest = args.slice(start);
  const text = args.join(' ');
  switch (type) {
    case 'answer':
      return bad('response rewrites must begin with a name rule');
    case 'name':
      return nameRule(mode, rest, text);
    case 'class':
      if (count !== 3) bad(`${type} rules must have exactly two arguments`);
      return classRule(mode, rest, text);
    case 'type':
      if (count !== 3) bad(`${type} rules must have exactly two arguments`);
      return typeRule(mode, rest, text);
    case 'edns0':
      return edns0Rule(mode, rest, text, supported);
    case 'ttl':
      return ttlRule(mode, rest, text);
    case 'cname':
      return cnameRule(mode, rest, text);
    case 'rcode':
      return rcodeRule(mode, rest, text);
    default:
      return bad(`invalid rule type "${args[0]}"`);
  }
}

// ---------------------------------------------------------------------------
// The handler
// ---------------------------------------------------------------------------

function cloneData(d: RData): RData {
  return { ...d } as RData;
}

/** reverter.go ResponseReverter.WriteMsg: restore the question, then the response rules in reverse order. */
class Reverter implements Writer {
  constructor(
    private readonly out: Writer,
    private readonly req: Request,
    private readonly original: Msg['question'][0],
    private readonly rules: ResponseRule[],
  ) {}
  write(m: Msg): void {
    const res = copyMsg(m);
    // Copy the records too: they may be held elsewhere (a cache, a zone).
    res.answer = res.answer.map((r) => ({ ...r, data: cloneData(r.data) }));
    res.ns = res.ns.map((r) => ({ ...r, data: cloneData(r.data) }));
    res.extra = res.extra.map((r) => ({ ...r, data: cloneData(r.data) }));
    if (res.question.length === 0) res.question = [{ ...this.original }];
    else res.question[0] = { ...this.original };
    const ctx: ResponseContext = { req: this.req };
    if (this.rules.length > 0) {
      const each = (rr: RR) => {
        for (let i = this.rules.length - 1; i >= 0; i--) if (!this.rules[i].opt) this.rules[i].apply(res, rr, ctx);
      };
      for (const rr of [...res.ns]) each(rr);
      for (const rr of [...res.answer]) each(rr);
      for (const rr of [...res.extra]) each(rr);
      if (res.ns.length === 0 && res.answer.length === 0 && res.extra.length === 0) {
        for (let i = this.rules.length - 1; i >= 0; i--) if (this.rules[i].msgLevel) this.rules[i].apply(res, undefined, ctx);
      }
      for (let i = this.rules.length - 1; i >= 0; i--) if (this.rules[i].opt) this.rules[i].apply(res, undefined, ctx);
    }
    const optRules = this.rules.filter((r) => r.opt);
    if (optRules.length > 0 && this.req.msg.opt) {
      // reverter.go writeWithRevertedRequestExtra: while the reply is written the request's OPT is the reverted
      // one, so the server mirrors the client's original options, not the rewritten ones.
      const saved = this.req.msg.opt;
      const view = copyMsg(res);
      view.opt = { ...saved, options: [...saved.options] };
      for (let i = optRules.length - 1; i >= 0; i--) optRules[i].apply(view, undefined, ctx);
      this.req.msg.opt = view.opt;
      try {
        this.emit(res);
      } finally {
        this.req.msg.opt = saved;
      }
      return;
    }
    this.emit(res);
  }

  private emit(res: Msg): void {
    this.req.trace.step(
      'rewrite',
      'modify',
      `reply: question restored to ${this.original.name} ${typeName(this.original.type)}${this.rules.length ? `; response rules applied: ${this.rules.map((r) => r.describe).join(', ')}` : ''}`,
    );
    this.out.write(res);
  }
}

export const rewrite: PluginModule = {
  name: 'rewrite',
  setup(ctx) {
    const rules: Rule[] = [];
    const supported = new Set<number>();
    const d = dispenser(ctx.tokens);
    try {
      while (d.next()) {
        let args = d.remainingArgs();
        if (args.length < 2) {
          // The block form: every token inside the braces is one more argument.
          while (d.nextBlock()) args = [...args, d.val()];
        }
        rules.push(newRule(args, supported));
      }
    } catch (e) {
      if (e instanceof RuleError) return { error: e.message };
      return { error: e instanceof Error ? e.message : String(e) };
    }
    return {
      handlers: [
        {
          name: 'rewrite',
          serve(req, w, next) {
            for (const c of supported) supportOption(req, c);
            const original = { ...req.msg.question[0] };
            const collected: ResponseRule[] = [];
            const tr = req.trace.on;
            for (const rule of rules) {
              const before = req.msg.question[0];
              const resp = rule.rewrite(req);
              if (!resp) continue;
              const now = req.msg.question[0];
              if (!isDomainName(now.name)) {
                req.msg.question = [original, ...req.msg.question.slice(1)];
                req.trace.step('rewrite', 'error', `rule "${rule.text}" produced an invalid name ${now.name}: SERVFAIL`);
                return RCODE.SERVFAIL;
              }
              if (tr) {
                const changes: string[] = [];
                if (before.name !== now.name) changes.push(`name ${before.name} → ${now.name}`);
                if (before.type !== now.type) changes.push(`type ${typeName(before.type)} → ${typeName(now.type)}`);
                if (before.class !== now.class) changes.push(`class ${className(before.class)} → ${className(now.class)}`);
                req.trace.step('rewrite', 'modify', `rule "${rule.text}" applied${changes.length ? `: ${changes.join(', ')}` : ''}${resp.length ? ` (response rules: ${resp.map((r) => r.describe).join(', ')})` : ''}${rule.mode === 'stop' ? '; stop' : ''}`);
              }
              collected.push(...resp);
              if (rule.mode === 'stop') return serveReverted(req, w, next, original, collected);
            }
            if (collected.length === 0) {
              if (tr && (req.msg.question[0].name !== original.name || req.msg.question[0].type !== original.type || req.msg.question[0].class !== original.class)) {
                req.trace.step('rewrite', 'note', 'no response rules and no stop rule fired: the reply keeps the rewritten question');
              } else if (tr) {
                req.trace.step('rewrite', 'pass', 'no rule matched; passed on');
              }
              return next(req, w);
            }
            return serveReverted(req, w, next, original, collected);
          },
        },
      ],
    };
  },
};

/**
 * request/edns0.go SupportedOption: codes registered by `edns0 local` are
 * echoed in the reply's OPT by the server like the standard ones.
 */
function supportOption(req: Request, code: number): void {
  (req.facts.supportedOptions ??= new Set()).add(code);
}

function serveReverted(req: Request, w: Writer, next: (r: Request, w: Writer) => number, original: Msg['question'][0], rules: ResponseRule[]): number {
  const rv = new Reverter(w, req, original, rules);
  const rc = next(req, rv);
  if (clientWrite(rc)) return rc;
  // Nothing was written downstream: the error reply goes through the reverter so the question is restored.
  req.trace.step('rewrite', 'note', `the next plugins returned ${rcodeName(rc)} without writing; rewrite writes it through its reverter`);
  const res = setRcode(req.msg, rc);
  rv.write(res);
  return RCODE.NOERROR;
}
