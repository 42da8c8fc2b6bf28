/**
 * An authoritative zone as the file plugin holds it, and its lookup
 * (coredns/coredns:plugin/file/zone.go Insert, lookup.go Lookup,
 * externalLookup, additionalProcessing, tree/glue.go): apex SOA and NS kept
 * apart, referrals with glue, DNAME synthesis, wildcards with the closer
 * empty-non-terminal rule, CNAME chasing inside the zone and self-lookups
 * outside it.
 */
import { isSubDomain, labelStarts, parent } from './dns/names.js';
import { RCODE, T, type RR } from './dns/rr.js';
import type { Request } from './types.js';

export type LookupResult = 'Success' | 'NameError' | 'Delegation' | 'NoData' | 'ServerFailure';

export interface LookupAnswer {
  answer: RR[];
  ns: RR[];
  extra: RR[];
  result: LookupResult;
}

export class Zone {
  soa: RR | undefined;
  apexNS: RR[] = [];
  /** Lower-cased owner → records by type. */
  readonly tree = new Map<string, Map<number, RR[]>>();
  /** Names that have something strictly below them. */
  private readonly ancestors = new Set<string>();
  readonly origin: string;
  readonly originLabels: number;
  warnings: string[] = [];
  /** The file held RRSIG/NSEC records, which the preview does not serve (DO=1 answers would carry them). */
  signed = false;

  constructor(
    origin: string,
    readonly file: string,
  ) {
    this.origin = origin.toLowerCase();
    this.originLabels = labelStarts(this.origin).length;
  }

  /** zone.go Insert: owner and some targets lower-cased, apex SOA/NS kept apart. */
  insert(r0: RR): string | undefined {
    const r: RR = { ...r0 };
    if (r.type !== T.SRV) r.name = r.name.toLowerCase();
    const d = r.data;
    switch (r.type) {
      case T.NS:
        if (d.kind === 'name') r.data = { kind: 'name', target: d.target.toLowerCase() };
        if (r.name === this.origin) {
          this.apexNS.push(r);
          return undefined;
        }
        break;
      case T.SOA:
        if (d.kind === 'soa') r.data = { ...d, mname: d.mname.toLowerCase(), rname: d.rname.toLowerCase() };
        this.soa = r;
        return undefined;
      case T.NSEC3:
      case 51:
        return `NSEC3 zone is not supported, dropping RR: ${r.name} for zone: ${this.origin}`;
      case T.CNAME:
        if (d.kind === 'name') r.data = { kind: 'name', target: d.target.toLowerCase() };
        break;
      case T.MX:
        if (d.kind === 'mx') r.data = { ...d, exchange: d.exchange.toLowerCase() };
        break;
    }
    const key = r.name.toLowerCase();
    let e = this.tree.get(key);
    if (!e) {
      e = new Map();
      this.tree.set(key, e);
      for (let p = key; p !== '.'; ) {
        p = parent(p);
        this.ancestors.add(p);
      }
    }
    const list = e.get(r.type);
    if (list) list.push(r);
    else e.set(r.type, [r]);
    return undefined;
  }

  private hasDescendant(name: string): boolean {
    return this.ancestors.has(name);
  }

  private search(name: string): Map<number, RR[]> | undefined {
    return this.tree.get(name.toLowerCase());
  }

  /** nameFromRight: the origin (i = 0), then one more label of qname each step; undefined past qname. */
  private nameFromRight(qname: string, i: number): string | undefined {
    if (i <= 0) return this.origin;
    const st = labelStarts(qname);
    const idx = st.length - this.originLabels - i;
    if (idx < 0) return undefined;
    return qname.slice(st[idx]);
  }

  private glue(nsrrs: RR[]): RR[] {
    const out: RR[] = [];
    for (const r of nsrrs) {
      if (r.data.kind !== 'name' || !isSubDomain(r.name, r.data.target)) continue;
      const e = this.search(r.data.target);
      if (e) out.push(...(e.get(T.A) ?? []), ...(e.get(T.AAAA) ?? []));
    }
    return out;
  }

  private delegation(e: Map<number, RR[]>, owner: string, qname: string, qtype: number): { ns: RR[]; extra: RR[] } | undefined {
    const ns = e.get(T.NS);
    if (!ns || (qtype === T.DS && owner === qname)) return undefined;
    return { ns, extra: this.glue(ns) };
  }

  additional(answer: RR[]): RR[] {
    const extra: RR[] = [];
    const seen = new Set<string>();
    for (const r of answer) {
      const name = r.data.kind === 'srv' ? r.data.target : r.data.kind === 'mx' ? r.data.exchange : '';
      if (!name || !isSubDomain(this.origin, name)) continue;
      const t = name.toLowerCase();
      if (seen.has(t)) continue;
      seen.add(t);
      const e = this.search(name);
      if (!e) continue;
      extra.push(...(e.get(T.A) ?? []), ...(e.get(T.AAAA) ?? []));
    }
    return extra;
  }

  private authority(result: LookupResult): RR[] {
    return result === 'NameError' || result === 'NoData' ? [this.soa!] : this.apexNS;
  }

  /** Lookup of the lower-cased `qname` (DNSSEC records are not added: see the trace note). */
  lookup(req: Request, qname: string, qtype: number): LookupAnswer {
    if (!this.soa) return { answer: [], ns: [], extra: [], result: 'ServerFailure' };
    if (qname === this.origin) {
      if (qtype === T.SOA) return { answer: [this.soa], ns: this.apexNS, extra: [], result: 'Success' };
      if (qtype === T.NS) return { answer: this.apexNS, ns: [], extra: this.glue(this.apexNS), result: 'Success' };
    }
    let elem: Map<number, RR[]> | undefined;
    let wildElem: Map<number, RR[]> | undefined;
    let wildName = '';
    for (let i = 0; ; i++) {
      const parts = this.nameFromRight(qname, i);
      if (parts === undefined) break;
      elem = this.search(parts);
      if (!elem) {
        const wildcard = replaceWithAsterisk(parts);
        const w = wildcard ? this.search(wildcard) : undefined;
        if (w) {
          wildElem = w;
          wildName = wildcard!;
        } else if (wildcard && this.hasDescendant(wildcard)) {
          wildElem = undefined;
          wildName = wildcard;
        }
        continue;
      }
      const dnames = elem.get(T.DNAME);
      if (dnames && dnames[0].data.kind === 'name' && qname !== parts.toLowerCase() && isSubDomain(parts, qname)) {
        const dname = dnames[0];
        const tgt = (dname.data as { target: string }).target;
        const synth = qname.slice(0, qname.length - dname.name.length) + tgt;
        const cname: RR = { name: qname, type: T.CNAME, class: dname.class, ttl: dname.ttl, data: { kind: 'name', target: synth } };
        if (synth.toLowerCase() === qname) return { answer: [], ns: [], extra: [], result: 'ServerFailure' };
        let r: LookupAnswer;
        if (qtype === T.CNAME) r = { answer: [cname], ns: this.apexNS, extra: [], result: 'Success' };
        else r = this.external(req, [cname], qtype);
        return { ...r, answer: [...dnames, ...r.answer] };
      }
      const del = this.delegation(elem, parts.toLowerCase(), qname, qtype);
      if (del) return { answer: [], ns: del.ns, extra: del.extra, result: 'Delegation' };
    }
    if (elem) {
      const cn = elem.get(T.CNAME);
      if (cn && cn.length > 0 && qtype !== T.CNAME) return this.external(req, cn, qtype);
      const rrs = elem.get(qtype);
      if (!rrs || rrs.length === 0) return { answer: [], ns: [this.soa], extra: [], result: 'NoData' };
      return { answer: rrs, ns: this.apexNS, extra: this.additional(rrs), result: 'Success' };
    }
    if (wildName !== '' && !this.closerENTExists(qname, wildName)) {
      if (!wildElem) return { answer: [], ns: [this.soa], extra: [], result: 'NoData' };
      const forWild = (t: number) => (wildElem!.get(t) ?? []).map((r) => ({ ...r, name: qname }));
      const cn = forWild(T.CNAME);
      if (cn.length > 0 && qtype !== T.CNAME) return this.external(req, cn, qtype);
      const rrs = forWild(qtype);
      if (rrs.length === 0) return { answer: [], ns: [this.soa], extra: [], result: 'NoData' };
      return { answer: rrs, ns: this.apexNS, extra: this.additional(rrs), result: 'Success' };
    }
    // An empty non-terminal exists: NOERROR with the SOA (lookup.go's "hacky" ENT path).
    return { answer: [], ns: [this.soa], extra: [], result: this.hasDescendant(qname) ? 'Success' : 'NameError' };
  }

  private closerENTExists(qname: string, wildcardName: string): boolean {
    if (!wildcardName.startsWith('*.')) return false;
    const par = wildcardName.slice(2);
    let name = qname;
    for (;;) {
      const st = labelStarts(name);
      if (st.length < 2) return false;
      name = name.slice(st[1]);
      if (name === par || !isSubDomain(par, name)) return false;
      if (this.hasDescendant(name)) return true;
    }
  }

  private findDelegation(target: string, qtype: number, exact: Map<number, RR[]> | undefined): { ns: RR[]; extra: RR[] } | undefined {
    const t = target.toLowerCase();
    for (let i = 1; ; i++) {
      const name = this.nameFromRight(t, i);
      if (name === undefined) return undefined;
      if (name === t) return exact ? this.delegation(exact, t, t, qtype) : undefined;
      const e = this.search(name);
      if (!e) continue;
      const d = this.delegation(e, name, t, qtype);
      if (d) return d;
    }
  }

  private doLookup(req: Request, target: string, qtype: number): { rrs: RR[]; result: LookupResult } {
    const m = req.server.lookup(req, target, qtype);
    if (!m) return { rrs: [], result: 'Success' };
    if (m.rcode === RCODE.NXDOMAIN) return { rrs: m.answer, result: 'NameError' };
    if (m.rcode === RCODE.SERVFAIL) return { rrs: m.answer, result: 'ServerFailure' };
    if (m.rcode === RCODE.NOERROR && m.answer.length === 0) return { rrs: m.answer, result: 'NoData' };
    return { rrs: m.answer, result: 'Success' };
  }

  /** lookup.go externalLookup: follow CNAMEs inside the zone, ask the server for targets outside it. */
  private external(req: Request, start: RR[], qtype: number): LookupAnswer {
    let rrs = [...start];
    let target = (start[0].data as { target: string }).target;
    let elem = this.search(target);
    for (let i = 0; ; ) {
      const del = this.findDelegation(target, qtype, elem);
      if (del) return { answer: rrs, ns: del.ns, extra: del.extra, result: 'Delegation' };
      if (!elem || qtype === T.NS || (qtype === T.SOA && target.toLowerCase() === this.origin)) {
        if (req.depth >= 8) return { answer: [], ns: [], extra: [], result: 'ServerFailure' };
        const r = this.doLookup(req, target, qtype);
        rrs = [...rrs, ...r.rrs];
        return { answer: rrs, ns: this.authority(r.result), extra: this.additional(rrs), result: r.result };
      }
      const cn = elem.get(T.CNAME);
      if (cn && cn.length > 0) {
        rrs.push(...cn);
        target = (cn[0].data as { target: string }).target;
        elem = this.search(target);
        if (++i > 8) return { answer: rrs, ns: this.apexNS, extra: this.additional(rrs), result: 'Success' };
        continue;
      }
      rrs.push(...(elem.get(qtype) ?? []));
      return { answer: rrs, ns: this.apexNS, extra: this.additional(rrs), result: 'Success' };
    }
  }
}

function replaceWithAsterisk(name: string): string | undefined {
  const st = labelStarts(name);
  if (st.length < 2) return undefined;
  return '*.' + name.slice(st[1]);
}
