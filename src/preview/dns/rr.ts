import { TYPE_TO_STRING, STRING_TO_TYPE } from '../../catalog/values.js';

/** Record types the engine refers to by name. */
export const T = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, MB: 7, MG: 8, MR: 9, NULL: 10, PTR: 12, HINFO: 13, MINFO: 14, MX: 15, TXT: 16, RP: 17,
  AAAA: 28, SRV: 33, NAPTR: 35, DNAME: 39, OPT: 41, DS: 43, SSHFP: 44, RRSIG: 46, NSEC: 47, DNSKEY: 48, NSEC3: 50,
  TLSA: 52, SVCB: 64, HTTPS: 65, SPF: 99, IXFR: 251, AXFR: 252, ANY: 255, CAA: 257,
} as const;

export const CLASS = { IN: 1, CH: 3, HS: 4, NONE: 254, ANY: 255 } as const;

export const RCODE = {
  NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, YXDOMAIN: 6, YXRRSET: 7, NXRRSET: 8,
  NOTAUTH: 9, NOTZONE: 10, BADVERS: 16,
} as const;

const RCODE_NAMES = new Map<number, string>(Object.entries(RCODE).map(([k, v]) => [v, k]));
const CLASS_NAMES = new Map<number, string>([[1, 'IN'], [2, 'CS'], [3, 'CH'], [4, 'HS'], [254, 'NONE'], [255, 'ANY']]);

export function typeName(t: number): string {
  return TYPE_TO_STRING.get(t) ?? `TYPE${t}`;
}

/** Type from its mnemonic or `TYPEnnn`, case-insensitive; undefined when unknown. */
export function typeFromName(s: string): number | undefined {
  const u = s.toUpperCase();
  const t = STRING_TO_TYPE.get(u);
  if (t !== undefined) return t;
  const m = /^TYPE(\d{1,5})$/.exec(u);
  return m && Number(m[1]) <= 65535 ? Number(m[1]) : undefined;
}

export function className(c: number): string {
  return CLASS_NAMES.get(c) ?? `CLASS${c}`;
}

export function classFromName(s: string): number | undefined {
  const u = s.toUpperCase();
  for (const [k, v] of CLASS_NAMES) if (v === u) return k;
  const m = /^CLASS(\d{1,5})$/.exec(u);
  return m && Number(m[1]) <= 65535 ? Number(m[1]) : undefined;
}

export function rcodeName(r: number): string {
  return RCODE_NAMES.get(r) ?? `RCODE${r}`;
}

export function rcodeFromName(s: string): number | undefined {
  const u = s.toUpperCase();
  if (u === 'NOTIMPL') return RCODE.NOTIMP;
  for (const [k, v] of RCODE_NAMES) if (v === u) return k;
  return /^\d+$/.test(s) ? Number(s) : undefined;
}

/** Record data, by shape. Names are presentation strings (escapes kept), fully qualified. */
export type RData =
  | { kind: 'ip'; ip: string }
  | { kind: 'name'; target: string }
  | { kind: 'mx'; pref: number; exchange: string }
  | { kind: 'srv'; priority: number; weight: number; port: number; target: string }
  | { kind: 'soa'; mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minttl: number }
  | { kind: 'txt'; strings: string[] }
  | { kind: 'hinfo'; cpu: string; os: string }
  | { kind: 'caa'; flag: number; tag: string; value: string }
  | { kind: 'naptr'; order: number; pref: number; flags: string; service: string; regexp: string; replacement: string }
  /** Any other type: the wire bytes and the presentation text of the data. */
  | { kind: 'opaque'; raw: Uint8Array; text: string };

export interface RR {
  /** Owner, presentation form, fully qualified; case as the plugin produced it. */
  name: string;
  type: number;
  class: number;
  ttl: number;
  data: RData;
}

export function rr(name: string, type: number, ttl: number, data: RData, cls: number = CLASS.IN): RR {
  return { name, type, class: cls, ttl, data };
}

export const ip = (ip: string): RData => ({ kind: 'ip', ip });
export const target = (t: string): RData => ({ kind: 'name', target: t });

/** A character-string in presentation form (miekg sprintTxt): quotes, backslash and non-printables escaped. */
export function quoteString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) out += '\\' + s[i];
    else if (c < 0x20 || c > 0x7e) out += '\\' + String(c & 0xff).padStart(3, '0');
    else out += s[i];
  }
  return out + '"';
}

export function rdataText(d: RData): string {
  switch (d.kind) {
    case 'ip':
      return d.ip;
    case 'name':
      return d.target;
    case 'mx':
      return `${d.pref} ${d.exchange}`;
    case 'srv':
      return `${d.priority} ${d.weight} ${d.port} ${d.target}`;
    case 'soa':
      return `${d.mname} ${d.rname} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minttl}`;
    case 'txt':
      return d.strings.map(quoteString).join(' ');
    case 'hinfo':
      return `${quoteString(d.cpu)} ${quoteString(d.os)}`;
    case 'caa':
      return `${d.flag} ${d.tag} ${quoteString(d.value)}`;
    case 'naptr':
      return `${d.order} ${d.pref} ${quoteString(d.flags)} ${quoteString(d.service)} ${quoteString(d.regexp)} ${d.replacement}`;
    case 'opaque':
      return d.text;
  }
}

/** The record as miekg/dns prints it: `name\tttl\tclass\ttype\trdata`. */
export function rrText(r: RR): string {
  return `${r.name}\t${r.ttl}\t${className(r.class)}\t${typeName(r.type)}\t${rdataText(r.data)}`;
}

/** The name in the data that some plugins (CNAME chasing, additional processing) follow. */
export function rdataTarget(d: RData): string | undefined {
  switch (d.kind) {
    case 'name':
      return d.target;
    case 'mx':
      return d.exchange;
    case 'srv':
      return d.target;
    default:
      return undefined;
  }
}

export function cloneRR(r: RR): RR {
  return { name: r.name, type: r.type, class: r.class, ttl: r.ttl, data: r.data };
}

/** miekg/dns IsDuplicate: same owner (case-insensitive), class, type and data. */
export function sameRR(a: RR, b: RR): boolean {
  return a.type === b.type && a.class === b.class && a.name.toLowerCase() === b.name.toLowerCase() && rdataText(a.data).toLowerCase() === rdataText(b.data).toLowerCase();
}
