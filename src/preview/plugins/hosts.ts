import { ipString, parseIP } from '../../catalog/zones.js';
import { setReply } from '../dns/message.js';
import { norm, matchZone, parent } from '../dns/names.js';
import { RCODE, rr, T, type RR } from '../dns/rr.js';
import { addressFromReverse } from '../dns/reverse.js';
import type { PluginModule } from '../types.js';
import { dispenser, Fall, origins, resolvePath } from './common.js';

interface HostsMap {
  v4: Map<string, string[]>;
  v6: Map<string, string[]>;
  /** Address → names, for PTR. */
  addr: Map<string, string[]>;
}

const newMap = (): HostsMap => ({ v4: new Map(), v6: new Map(), addr: new Map() });

function add(m: Map<string, string[]>, k: string, v: string): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** hostsfile.go parse: one `IP name...` per line, `#` comments, names outside the plugin's zones dropped. */
export function parseHosts(text: string, zones: string[], noReverse: boolean, into: HostsMap = newMap()): HostsMap {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '');
    const f = line.trim().split(/\s+/).filter(Boolean);
    if (f.length < 2) continue;
    const addrText = f[0].replace(/%.*/, '');
    const ip = parseIP(addrText);
    if (!ip) continue;
    const addr = ipString(ip);
    const v4 = !addr.includes(':');
    for (const n of f.slice(1)) {
      const name = norm(n);
      if (!matchZone(zones, name)) continue;
      add(v4 ? into.v4 : into.v6, name, addr);
      if (!noReverse && !name.startsWith('*.')) add(into.addr, addr, name);
    }
  }
  return into;
}

function lookup(maps: HostsMap[], family: 'v4' | 'v6', name: string): string[] {
  const out: string[] = [];
  // One by one: a name may have more addresses than fit in one call's arguments.
  for (const m of maps) for (const a of m[family].get(name) ?? []) out.push(a);
  if (out.length > 0) return out;
  if (name === '.' || !name.includes('.', 0)) return out;
  const wild = '*.' + parent(name);
  if (parent(name) === '.') return out;
  for (const m of maps) for (const a of m[family].get(wild) ?? []) out.push(a);
  return out;
}

/** coredns/coredns:plugin/hosts. Never NXDOMAIN: an unknown name is SERVFAIL unless `fallthrough`. */
export const hosts: PluginModule = {
  name: 'hosts',
  setup(ctx) {
    const d = dispenser(ctx.tokens);
    let file = '/etc/hosts';
    let zones: string[] = [];
    let ttl = 3600;
    let noReverse = false;
    let fall = new Fall();
    let unsupported = false;
    const inline: string[] = [];
    const warnings: string[] = [];
    while (d.next()) {
      const args = d.remainingArgs();
      if (args.length > 0) file = args[0];
      zones = origins(args.slice(1), ctx.keys);
      while (d.nextBlock()) {
        const opt = d.val();
        const rest = d.remainingArgs();
        if (opt === 'ttl') ttl = Number(rest[0]) || ttl;
        else if (opt === 'no_reverse') noReverse = true;
        else if (opt === 'reload') continue;
        else if (opt === 'fallthrough') fall = Fall.fromArgs(rest);
        else if (opt === 'fallthrough_unsupported') unsupported = true;
        else if (!fall.set) inline.push([opt, ...rest].join(' '));
        else return { error: `unknown property '${opt}'` };
      }
    }
    const path = resolvePath(ctx, file);
    const fromFile = newMap();
    const read = ctx.env.fs.readFile(path);
    if ('error' in read) warnings.push(`hosts file ${path} not read (${read.error}); CoreDNS only logs this`);
    else {
      parseHosts(read.text, zones, noReverse, fromFile);
      if (!ctx.root && path === '/etc/hosts') warnings.push('entries of /etc/hosts as read on this machine; CoreDNS reads the file on its own host');
    }
    const maps = [fromFile, parseHosts(inline.join('\n'), zones, noReverse)];
    return {
      warnings,
      handlers: [
        {
          name: 'hosts',
          serve(req, w, next) {
            const q = req.msg.question[0];
            const name = q.name.toLowerCase();
            const zone = matchZone(zones, name);
            if (!zone && q.type !== T.PTR) {
              if (req.trace.on) req.trace.step('hosts', 'pass', `${name} is outside the hosts zones (${zones.join(' ')}); passed on`);
              return next(req, w);
            }
            let answers: RR[];
            if (q.type === T.PTR) {
              const addr = addressFromReverse(name);
              const names = addr ? maps.flatMap((m) => m.addr.get(addr) ?? []) : [];
              if (names.length === 0) {
                if (req.trace.on) req.trace.step('hosts', 'pass', 'no entry for that address; passed on (PTR misses always pass)');
                return next(req, w);
              }
              answers = names.map((n) => rr(name, T.PTR, ttl, { kind: 'name', target: n }));
            } else if (q.type === T.A) answers = lookup(maps, 'v4', name).map((ip) => rr(name, T.A, ttl, { kind: 'ip', ip }));
            else if (q.type === T.AAAA) answers = lookup(maps, 'v6', name).map((ip) => rr(name, T.AAAA, ttl, { kind: 'ip', ip }));
            else {
              answers = [];
              if (unsupported && fall.through(name)) {
                req.trace.step('hosts', 'pass', 'type other than A/AAAA/PTR with fallthrough_unsupported: passed on');
                return next(req, w);
              }
            }
            const exists = lookup(maps, 'v4', name).length > 0 || lookup(maps, 'v6', name).length > 0;
            if (answers.length === 0 && !exists) {
              if (fall.through(name)) {
                req.trace.step('hosts', 'pass', `no entry for ${name}; fallthrough passes it on`);
                return next(req, w);
              }
              req.trace.step('hosts', 'error', `no entry for ${name} and no fallthrough: SERVFAIL (hosts has no SOA to say NXDOMAIN)`);
              return RCODE.SERVFAIL;
            }
            const m = setReply(req.msg);
            m.aa = true;
            m.answer = answers;
            req.trace.step('hosts', 'answer', answers.length ? `answered from the hosts entries (${answers.length} record${answers.length === 1 ? '' : 's'})` : `${name} has entries of another type: NODATA (no SOA)`);
            w.write(m);
            return 0;
          },
        },
      ],
    };
  },
};
