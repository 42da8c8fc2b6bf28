import { RE2JS } from 're2js';
import * as path from 'node:path';
import { setReply } from '../dns/message.js';
import { matchZone, norm } from '../dns/names.js';
import { RCODE, T } from '../dns/rr.js';
import { readZone } from '../zonefile.js';
import { Zone, type LookupAnswer } from '../zone.js';
import type { Handler, Next, PluginModule, Request, SetupContext, Writer } from '../types.js';
import { dispenser, Fall, origins, plural, resolvePath } from './common.js';
import { isTerminal } from './terminal.js';

/** file.go Parse: a zone from a master file, or an error (no SOA is an error). */
export function loadZone(ctx: SetupContext, file: string, origin: string): Zone | { error: string } {
  const r = ctx.env.fs.readFile(file);
  if ('error' in r) return { error: r.error };
  const z = new Zone(origin, file);
  const read = readZone(r.text, { origin, file, fs: ctx.env.fs });
  if (read.error) return { error: `failed to parse file "${file}" for origin ${origin} with error ${read.error.message} on line ${read.error.line}` };
  for (const w of read.warnings) z.warnings.push(`${path.basename(w.file)}:${w.line}: ${w.message}`);
  z.signed = read.warnings.some((w) => /record type (RRSIG|NSEC) /.test(w.message));
  for (const rr of read.records) {
    const err = z.insert(rr);
    if (err) return { error: err };
  }
  if (!z.soa) return { error: `file "${file}" has no SOA record for origin ${origin}` };
  return z;
}

/** Write a Lookup result as file.go / auto.go ServeDNS do. */
function respond(req: Request, w: Writer, name: string, zone: string, r: LookupAnswer, plugin: string): number {
  if (r.result === 'ServerFailure' && r.answer.length === 0) {
    req.trace.step(plugin, 'error', `zone ${zone}: server failure`);
    return RCODE.SERVFAIL;
  }
  const m = setReply(req.msg);
  m.aa = true;
  m.answer = r.answer;
  m.ns = r.ns;
  m.extra = r.extra;
  if (r.result === 'NameError') m.rcode = RCODE.NXDOMAIN;
  if (r.result === 'Delegation' && (m.answer.length === 0 || plugin === 'auto')) m.aa = false;
  if (r.result === 'ServerFailure') m.rcode = RCODE.SERVFAIL;
  const what =
    r.result === 'Success' ? (m.answer.length ? `answered from zone ${zone} (${plural(m.answer.length, 'record')})` : `${name} is an empty non-terminal of ${zone}: NOERROR with the SOA`)
    : r.result === 'NoData' ? `${name} exists in ${zone} without that type: NODATA`
    : r.result === 'NameError' ? `${name} does not exist in ${zone}: NXDOMAIN`
    : r.result === 'Delegation' ? `${name} is below a zone cut in ${zone}: referral`
    : 'the CNAME target lookup failed: SERVFAIL with the CNAME';
  req.trace.step(plugin, 'answer', what);
  w.write(m);
  return 0;
}

export const file: PluginModule = {
  name: 'file',
  setup(ctx) {
    const zones = new Map<string, Zone | undefined>();
    const warnings: string[] = [];
    let fall = new Fall();
    const d = dispenser(ctx.tokens);
    while (d.next()) {
      const args = d.remainingArgs();
      if (args.length < 1) return { error: 'Wrong argument count' };
      const fileName = resolvePath(ctx, args[0]);
      const origs = origins(args.slice(1), ctx.keys);
      let reload = true;
      while (d.nextBlock()) {
        const opt = d.val();
        const a = d.remainingArgs();
        if (opt === 'fallthrough') fall = Fall.fromArgs(a);
        else if (opt === 'reload' && (a[0] === '0' || a[0] === '0s')) reload = false;
      }
      for (const o of origs) {
        const z = loadZone(ctx, fileName, o);
        if ('error' in z) {
          // A file that cannot be opened is tolerated when reloading is on: the zone stays empty and answers SERVFAIL.
          if (reload && !ctx.env.fs.stat(fileName)) {
            warnings.push(`${z.error}; zone ${o} answers SERVFAIL until the file appears`);
            zones.set(o, undefined);
            continue;
          }
          return { error: z.error };
        }
        for (const w of z.warnings) warnings.push(w);
        zones.set(o, z);
      }
    }
    const names = [...zones.keys()];
    const h: Handler = {
      name: 'file',
      serve(req: Request, w: Writer, next: Next) {
        const q = req.msg.question[0];
        const name = q.name.toLowerCase();
        const zone = matchZone(names, name);
        if (!zone) {
          if (isTerminal(next)) {
            req.trace.step('file', 'error', `${name} is in none of the file zones and file is the last plugin: REFUSED`);
            return RCODE.REFUSED;
          }
          if (req.trace.on) req.trace.step('file', 'pass', `${name} is in none of the file zones (${names.join(' ')}); passed on`);
          return next(req, w);
        }
        const z = zones.get(zone);
        if (!z) {
          req.trace.step('file', 'error', `zone ${zone} has no data (file not loaded): SERVFAIL`);
          return RCODE.SERVFAIL;
        }
        if (q.type === T.AXFR || q.type === T.IXFR) {
          req.trace.step('file', 'error', 'zone transfers need the transfer plugin: REFUSED');
          return RCODE.REFUSED;
        }
        if (req.msg.opt?.do && z.signed) req.facts.approximate.push(`DO=1: the RRSIG/NSEC records of the signed zone ${zone} are not added by the preview`);
        const r = z.lookup(req, name, q.type);
        if (r.answer.length === 0 && (r.result === 'NameError' || r.result === 'Success') && fall.through(name)) {
          req.trace.step('file', 'pass', `${name} not in ${zone}; fallthrough passes it on`);
          return next(req, w);
        }
        return respond(req, w, name, zone, r, 'file');
      },
    };
    return { handlers: [h], warnings };
  },
};

/** auto.go: zones discovered in a directory by file name. */
export const auto: PluginModule = {
  name: 'auto',
  setup(ctx) {
    const d = dispenser(ctx.tokens);
    let origs: string[] = [];
    let dir = '';
    let re = 'db\\.(.*)';
    let template = '${1}';
    while (d.next()) {
      origs = origins(d.remainingArgs(), ctx.keys);
      while (d.nextBlock()) {
        if (d.val() === 'directory') {
          const a = d.remainingArgs();
          if (a[0]) dir = resolvePath(ctx, a[0]);
          if (a.length >= 3) {
            re = a[1];
            template = a[2].replace(/\{/g, '${');
          }
        } else d.remainingArgs();
      }
    }
    const zones = new Map<string, Zone>();
    const warnings: string[] = [];
    let pattern: RE2JS;
    try {
      pattern = RE2JS.compile(re);
    } catch (e) {
      return { error: `error parsing regexp: ${(e as Error).message}` };
    }
    for (const f of (dir && ctx.env.fs.readDirectory(dir)) || []) {
      const full = path.join(dir, f);
      if (ctx.env.fs.stat(full) !== 'file') continue;
      const m = pattern.matcher(f);
      if (!m.find()) continue;
      const origin = norm(template.replace(/\$\{(\d+)\}/g, (_a, n) => m.group(Number(n)) ?? ''));
      if (!matchZone(origs, origin)) continue;
      const z = loadZone(ctx, full, origin);
      if ('error' in z) warnings.push(`Parse zone \`${origin}': ${z.error}`);
      else zones.set(origin, z);
    }
    const names = [...zones.keys()];
    const h: Handler = {
      name: 'auto',
      serve(req, w, next) {
        const q = req.msg.question[0];
        const name = q.name.toLowerCase();
        if (!matchZone(origs, name)) {
          if (req.trace.on) req.trace.step('auto', 'pass', `${name} is outside auto's zones; passed on`);
          return next(req, w);
        }
        const zone = matchZone(names, name);
        if (!zone) {
          if (isTerminal(next)) {
            req.trace.step('auto', 'error', `no zone file in ${dir} covers ${name} and auto is the last plugin: REFUSED`);
            return RCODE.REFUSED;
          }
          req.trace.step('auto', 'pass', `no zone file in ${dir} covers ${name}; passed on`);
          return next(req, w);
        }
        if (q.type === T.AXFR || q.type === T.IXFR) return RCODE.REFUSED;
        return respond(req, w, name, zone, zones.get(zone)!.lookup(req, name, q.type), 'auto');
      },
    };
    return { handlers: [h], warnings };
  },
};
