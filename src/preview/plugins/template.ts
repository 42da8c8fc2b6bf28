/**
 * coredns/coredns:plugin/template (CoreDNS 1.14.7): ordered templates matched
 * by zone, class, type and regex; records rendered by our Go text/template
 * interpreter and read back with dns.NewRR semantics.
 */
import { RE2JS } from 're2js';
import { setReply, type Msg } from '../dns/message.js';
import { norm } from '../dns/names.js';
import { CLASS, className, classFromName, rcodeFromName, rcodeName, RCODE, rrText, T, typeFromName, typeName, type RR } from '../dns/rr.js';
import { compileTemplate, goMap, TemplateUnsupported, type CompiledTemplate, type GoStruct, type GoValue } from '../gotemplate.js';
import type { PluginModule, Request } from '../types.js';
import { parseRR } from '../zonefile.js';
import { dispenser, Fall, origins, zoneOf } from './common.js';
import { findSubmatch } from './rewrite.js';
import { metadataValue } from './metadata.js';

interface Template {
  line: number;
  zones: string[];
  qclass: number;
  qtype: number;
  regex: RE2JS[];
  answer: CompiledTemplate[];
  additional: CompiledTemplate[];
  authority: CompiledTemplate[];
  rcode: number;
  ederror?: { code: number; reason: string };
  fall: Fall;
}

/** miekg Question.String, what fmt prints for the pointer in `.Question`. */
function questionString(q: Msg['question'][0]): string {
  return `;${q.name}\t${className(q.class)}\t ${typeName(q.type)}`;
}

function questionStruct(q: Msg['question'][0], pointer: boolean): GoStruct {
  return { kind: 'struct', type: pointer ? '*dns.Question' : 'dns.Question', fields: { Name: q.name, Qtype: q.type, Qclass: q.class }, string: pointer ? () => questionString(q) : undefined };
}

function rrStruct(r: RR): GoStruct {
  return { kind: 'struct', type: 'dns.RR', fields: {}, string: () => rrText(r) };
}

function unsupportedPrint(what: string): () => string {
  return () => {
    throw new TemplateUnsupported(`printing ${what} is not modelled`);
  };
}

/** The request as `.Message` (*dns.Msg): header fields and sections. */
function messageStruct(m: Msg): GoStruct {
  const extra: GoValue[] = m.extra.map(rrStruct);
  if (m.opt) extra.push({ kind: 'struct', type: '*dns.OPT', fields: {}, string: unsupportedPrint('the OPT record') });
  return {
    kind: 'struct',
    type: '*dns.Msg',
    fields: {
      Id: m.id,
      Response: m.qr,
      Opcode: m.opcode,
      Authoritative: m.aa,
      Truncated: m.tc,
      RecursionDesired: m.rd,
      RecursionAvailable: m.ra,
      Zero: m.z,
      AuthenticatedData: m.ad,
      CheckingDisabled: m.cd,
      Rcode: m.rcode,
      Compress: m.compress,
      Question: m.question.map((q) => questionStruct(q, false)),
      Answer: m.answer.map(rrStruct),
      Ns: m.ns.map(rrStruct),
      Extra: extra,
    },
    string: unsupportedPrint('the whole request message'),
  };
}

function parseTemplates(ctx: Parameters<PluginModule['setup']>[0]): Template[] | { error: string } {
  const out: Template[] = [];
  const d = dispenser(ctx.tokens);
  while (d.next()) {
    const line = d.line();
    if (!d.nextArg()) return { error: 'Wrong argument count or unexpected line ending after \'template\'' };
    const qclass = d.val() === 'ANY' ? CLASS.ANY : classFromName(d.val());
    if (qclass === undefined || d.val() !== d.val().toUpperCase()) return { error: `invalid query class ${d.val()}` };
    if (!d.nextArg()) return { error: 'Wrong argument count or unexpected line ending' };
    const qtype = typeFromName(d.val());
    if (qtype === undefined || d.val() !== d.val().toUpperCase()) return { error: `invalid RR class ${d.val()}` };
    const zones = origins(d.remainingArgs(), ctx.keys);
    const t: Template = { line, zones, qclass, qtype, regex: [], answer: [], additional: [], authority: [], rcode: RCODE.NOERROR, fall: new Fall() };
    while (d.nextBlock()) {
      const opt = d.val();
      const args = d.remainingArgs();
      switch (opt) {
        case 'match':
          for (const r of args) {
            try {
              t.regex.push(RE2JS.compile(r));
            } catch (e) {
              return { error: `could not parse regex: ${r}, ${e instanceof Error ? e.message : String(e)}` };
            }
          }
          break;
        case 'answer':
          t.answer.push(...args.map(compileTemplate));
          break;
        case 'additional':
          t.additional.push(...args.map(compileTemplate));
          break;
        case 'authority':
          t.authority.push(...args.map(compileTemplate));
          break;
        case 'rcode': {
          const r = args[0] === undefined ? undefined : rcodeFromName(args[0]);
          if (r === undefined || /^\d+$/.test(args[0])) return { error: `unknown rcode ${args[0] ?? ''}` };
          t.rcode = r;
          break;
        }
        case 'ederror': {
          const code = Number(args[0]);
          if (!/^\d+$/.test(args[0] ?? '') || code > 0xffff) return { error: `error parsing extended DNS error code ${args[0] ?? ''}` };
          t.ederror = { code, reason: args[1] ?? '' };
          break;
        }
        case 'fallthrough':
          t.fall = Fall.fromArgs(args);
          break;
        case 'upstream':
          break;
        case 'var':
        case 'expr':
          // Added after 1.14.7 (coredns/coredns#8450); 1.14.7's templateParse rejects them like any unknown line.
          return { error: `Wrong argument count or unexpected line ending after '${opt}' (template ${opt} lines need a CoreDNS newer than 1.14.7)` };
        default:
          return { error: `unknown property '${opt}'` };
      }
    }
    if (t.regex.length === 0) t.regex.push(RE2JS.compile('.*'));
    out.push(t);
  }
  return out;
}

interface Data {
  zone: string;
  value: GoValue;
}

/** template.match: the data for the first regex that matches, or why not. */
function match(t: Template, req: Request): { data?: Data; fallthrough: boolean; why?: string } {
  const q = req.msg.question[0];
  const name = norm(q.name);
  const zone = zoneOf(t.zones, name);
  if (!zone) return { fallthrough: true, why: `${name} is outside its zones` };
  if (t.qclass !== CLASS.ANY && q.class !== CLASS.ANY && q.class !== t.qclass) return { fallthrough: true, why: `class ${className(q.class)} does not match` };
  if (t.qtype !== T.ANY && q.type !== T.ANY && q.type !== t.qtype) return { fallthrough: true, why: `type ${typeName(q.type)} does not match` };
  for (const re of t.regex) {
    const groups = findSubmatch(re, name);
    if (!groups) continue;
    const group = new Map<string, GoValue>();
    groups.forEach((g, i) => group.set(String(i), g));
    const names = re.namedGroups() as Record<string, number>;
    for (const [n, i] of Object.entries(names)) group.set(n, groups[i] ?? '');
    const value: GoStruct = {
      kind: 'struct',
      type: 'template.templateData',
      fields: {
        Zone: zone,
        Name: name,
        Regex: re.pattern(),
        Match: groups,
        Group: goMap(group),
        Class: className(q.class !== CLASS.ANY ? q.class : t.qclass),
        Type: typeName(q.type !== T.ANY ? q.type : t.qtype),
        Message: messageStruct(req.msg),
        Question: questionStruct(q, true),
        Remote: req.arrival.clientIP,
        Meta: { kind: 'func', call: (args) => metadataValue(req, typeof args[0] === 'string' ? args[0] : '') },
      },
    };
    return { data: { zone, value }, fallthrough: false };
  }
  return { fallthrough: t.fall.through(name), why: 'no regex matches; fallthrough' };
}

type Render = { rr: RR } | { error: string; unsupported: boolean };

function render(tmpl: CompiledTemplate, data: Data): Render {
  const r = tmpl.run(data.value);
  if (!r.ok) return { error: r.error, unsupported: r.unsupported };
  const p = parseRR(r.text);
  if ('error' in p) return { error: `${JSON.stringify(r.text)} is not a resource record: ${p.error}`, unsupported: false };
  return { rr: p.rr };
}

export const template: PluginModule = {
  name: 'template',
  setup(ctx) {
    const parsed = parseTemplates(ctx);
    if ('error' in parsed) return { error: parsed.error };
    const templates = parsed;
    const zones = [...new Set(templates.flatMap((t) => t.zones))];
    return {
      handlers: [
        {
          name: 'template',
          serve(req, w, next) {
            const q = req.msg.question[0];
            const name = norm(q.name);
            if (!zoneOf(zones, name)) {
              if (req.trace.on) req.trace.step('template', 'pass', `${name} is outside the template zones (${zones.join(' ')}); passed on`);
              return next(req, w);
            }
            for (const t of templates) {
              const label = `template ${className(t.qclass)} ${typeName(t.qtype)} (line ${t.line})`;
              const m = match(t, req);
              if (!m.data) {
                if (!m.fallthrough) {
                  req.trace.step('template', 'error', `${label}: zone, class and type match but no regex matches ${name}, and no fallthrough: SERVFAIL`);
                  return RCODE.SERVFAIL;
                }
                if (req.trace.on) req.trace.step('template', 'pass', `${label}: ${m.why}; next template`);
                continue;
              }
              if (t.rcode === RCODE.SERVFAIL) {
                req.trace.step('template', 'error', `${label} matched with rcode SERVFAIL: nothing written`);
                return RCODE.SERVFAIL;
              }
              const msg = setReply(req.msg);
              msg.aa = true;
              msg.rcode = t.rcode;
              const sections: Array<[CompiledTemplate[], RR[], string]> = [
                [t.answer, msg.answer, 'answer'],
                [t.additional, msg.extra, 'additional'],
                [t.authority, msg.ns, 'authority'],
              ];
              for (const [tmpls, into, section] of sections) {
                for (const tmpl of tmpls) {
                  const r = render(tmpl, m.data);
                  if ('error' in r) {
                    if (r.unsupported) {
                      req.facts.undetermined ??= { plugin: 'template', reason: `${label}: ${r.error}` };
                      req.trace.step('template', 'undetermined', `${label} ${section} ${JSON.stringify(tmpl.source)}: ${r.error}`);
                    } else req.trace.step('template', 'error', `${label} ${section} ${JSON.stringify(tmpl.source)} failed: ${r.error}; SERVFAIL`);
                    return RCODE.SERVFAIL;
                  }
                  into.push(r.rr);
                  if (section === 'answer' && (q.type === T.A || q.type === T.AAAA) && r.rr.type === T.CNAME && r.rr.data.kind === 'name') {
                    const up = req.server.lookup(req, r.rr.data.target, q.type);
                    if (up) {
                      msg.tc = up.tc;
                      into.push(...up.answer);
                    }
                  }
                }
              }
              if (t.ederror) {
                const data = new Uint8Array(2 + Buffer.byteLength(t.ederror.reason));
                data[0] = t.ederror.code >> 8;
                data[1] = t.ederror.code & 0xff;
                data.set(Buffer.from(t.ederror.reason, 'utf8'), 2);
                msg.opt = { udpSize: 4096, extRcode: 0, version: 0, do: true, z: 0, options: [{ code: 15, data }] };
              }
              req.trace.step(
                'template',
                'answer',
                `${label} matched (zone ${m.data.zone}): ${rcodeName(t.rcode)}, ${msg.answer.length} answer, ${msg.ns.length} authority, ${msg.extra.length} additional${t.ederror ? `, EDE ${t.ederror.code}` : ''}`,
              );
              w.write(msg);
              return t.rcode;
            }
            if (req.trace.on) req.trace.step('template', 'pass', 'no template applies; passed on');
            return next(req, w);
          },
        },
      ],
    };
  },
};
