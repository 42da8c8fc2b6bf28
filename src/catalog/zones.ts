import type { FileSystem } from '../ast/fs.js';

/**
 * Server-block keys as CoreDNS reads them: transport prefix, zone, port,
 * reverse zones from CIDRs, listener grouping and the duplicate/overlap check.
 *
 * A port of coredns/coredns core/dnsserver/register.go (InspectServerBlocks,
 * groupConfigsByListenAddr, validateZonesAndListeningAddresses),
 * core/dnsserver/address.go, plugin/normalize.go, plugin/pkg/cidr,
 * plugin/pkg/parse/{transport,host}.go and the parts of miekg/dns and Go's
 * net package they lean on. Go strings are bytes, so lengths are counted in
 * UTF-8 bytes. Nothing here throws.
 */

export type Transport = 'dns' | 'tls' | 'quic' | 'grpc' | 'https' | 'https3' | 'unix';

/** Default ports per transport (plugin/pkg/transport). `unix` has none. */
export const DEFAULT_PORTS: Readonly<Record<Transport, string>> = {
  dns: '53', tls: '853', quic: '853', grpc: '443', https: '443', https3: '443', unix: '',
};

/** One zone served on one port over one transport (core/dnsserver zoneAddr). */
export interface ZoneAddr {
  transport: string;
  zone: string;
  port: string;
  /** A `bind` address; '' or undefined for the wildcard. */
  address?: string;
}

/** `dns://example.org.:53`, plus ` on ADDRESS` when bound (zoneAddr.String). */
export function zoneAddrString(z: ZoneAddr): string {
  const s = `${z.transport}://${z.zone}:${z.port}`;
  return z.address ? `${s} on ${z.address}` : s;
}

export type Outcome<T> = ({ ok: true } & T) | { ok: false; error: string };

// ---------------------------------------------------------------- transport

// Order matters: https3:// must be tried before https://.
const PREFIXES: readonly Transport[] = ['tls', 'dns', 'quic', 'grpc', 'https3', 'https', 'unix'];

/**
 * Split a lower-case transport prefix off `s` (parse.Transport). Anything
 * else, `DNS://` or `udp://` included, stays in the name and means dns.
 */
export function splitTransport(s: string): { transport: Transport; rest: string } {
  for (const t of PREFIXES) {
    const p = `${t}://`;
    if (s.startsWith(p)) return { transport: t, rest: s.slice(p.length) };
  }
  return { transport: 'dns', rest: s };
}

// ---------------------------------------------------------------- names (miekg/dns)

const encoder = new TextEncoder();

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** UTF-8 bytes (Go's view of a string); ASCII text, the usual case, skips the encoder. */
function utf8(s: string): ArrayLike<number> {
  if (ASCII.test(s)) {
    const out = new Array<number>(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  return encoder.encode(s);
}

/** dns.IsFqdn: ends in a dot that is not escaped. */
export function isFqdn(s: string): boolean {
  if (s === '' || !s.endsWith('.')) return false;
  const body = s.slice(0, -1);
  if (body === '' || !body.endsWith('\\')) return true;
  let n = 0;
  for (let i = body.length - 1; i >= 0 && body[i] === '\\'; i--) n++;
  // An even number of backslashes escape each other, leaving the dot bare.
  return n % 2 === 0;
}

/** dns.Fqdn */
export function fqdn(s: string): string {
  return isFqdn(s) ? s : s + '.';
}

const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;

/**
 * dns.IsDomainName: a very liberal check. It only rejects the empty string,
 * a leading dot (except the root), empty labels, labels of 64 octets or more,
 * names over 255 octets and a dangling escape.
 */
export function isDomainName(name: string): { labels: number; ok: boolean } {
  if (name.length === 0) return { labels: 0, ok: false };
  const s = utf8(fqdn(name));
  const lenmsg = 256;
  let labels = 0;
  let off = 0;
  let begin = 0;
  let wasDot = false;
  let escape = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === 0x5c /* \ */) {
      escape = !escape;
      if (off + 1 > lenmsg) return { labels, ok: false };
      if (isDigit(s[i + 1]) && isDigit(s[i + 2]) && isDigit(s[i + 3])) {
        i += 3;
        begin += 3;
      } else {
        i++;
        begin++;
      }
      wasDot = false;
    } else if (c === 0x2e /* . */) {
      escape = false;
      if (i === 0 && s.length > 1) return { labels, ok: false };
      if (wasDot) return { labels, ok: false };
      wasDot = true;
      const labelLen = i - begin;
      if (labelLen >= 64) return { labels, ok: false };
      off += 1 + labelLen;
      if (off > lenmsg) return { labels, ok: false };
      labels++;
      begin = i + 1;
    } else {
      escape = false;
      wasDot = false;
    }
  }
  return { labels, ok: !escape };
}

/** Go's strings.ToLower, which maps U+0130 to a plain `i` where JS adds a combining dot. */
function goLower(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) out += ch === '\u0130' ? 'i' : ch.toLowerCase();
  return out;
}

/** plugin.Name.Normalize: lower-cased and fully qualified. No IDNA conversion. */
export function normalizeName(s: string): string {
  return goLower(fqdn(s));
}

/** Labels of a name, honouring `\.` escapes (dns.SplitDomainName without the root). */
function labelsOf(name: string): string[] {
  if (name === '.') return [];
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '\\' && i + 1 < name.length) {
      cur += c + name[i + 1];
      i++;
    } else if (c === '.') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** dns.IsSubDomain(parent, child): child equals parent or lies below it (case-insensitive). */
export function isSubDomain(parent: string, child: string): boolean {
  const p = labelsOf(fqdn(parent).toLowerCase());
  const c = labelsOf(fqdn(child).toLowerCase());
  if (p.length > c.length) return false;
  for (let i = 1; i <= p.length; i++) if (p[p.length - i] !== c[c.length - i]) return false;
  return true;
}

/** plugin.Name.Matches */
export function nameMatches(parent: string, child: string): boolean {
  return isSubDomain(parent, child);
}

/** plugin.Zones.Matches: the longest zone that `qname` lies in, or ''. */
export function zonesMatches(zones: readonly string[], qname: string): string {
  let zone = '';
  for (const z of zones) if (isSubDomain(z, qname) && z.length > zone.length) zone = z;
  return zone;
}

/**
 * RFC 1035 preferred syntax (core/dnsserver/onstartup.go checkZoneSyntax);
 * CoreDNS only warns about zones that miss it. The root and reverse zones pass.
 */
export function checkZoneSyntax(zone: string): boolean {
  if (zone === '.' || zone.endsWith('in-addr.arpa.') || zone.endsWith('ip6.arpa.')) return true;
  return /^(([A-Za-z]([A-Za-z0-9-]*[A-Za-z0-9])?)\.)+$/.test(zone);
}

// ---------------------------------------------------------------- IP addresses (Go net)

/** A parsed IP: 4 bytes for IPv4, 16 for IPv6. */
export interface Ip {
  bytes: Uint8Array;
}

function parseIPv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    // Go rejects leading zeros since 1.17 (they used to mean octal elsewhere).
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    out[i] = v;
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | undefined {
  const out = new Uint8Array(16);
  let ellipsis = -1;
  let i = 0;
  let rest = s;
  if (rest.startsWith('::')) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest === '') return out;
  }
  while (i < 16) {
    const m = /^[0-9a-fA-F]{1,4}/.exec(rest);
    if (!m) return undefined;
    // An embedded IPv4 address in the last 32 bits.
    if (rest.length > m[0].length && rest[m[0].length] === '.') {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const v4 = parseIPv4(rest);
      if (!v4) return undefined;
      out.set(v4, i);
      i += 4;
      rest = '';
      break;
    }
    const v = parseInt(m[0], 16);
    out[i] = v >> 8;
    out[i + 1] = v & 0xff;
    i += 2;
    rest = rest.slice(m[0].length);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return undefined;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      rest = rest.slice(1);
      if (rest === '') break;
    }
  }
  if (rest !== '') return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) out[j + n] = out[j]!;
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) out[j] = 0;
  } else if (ellipsis >= 0) {
    // `::` must stand for at least one group.
    return undefined;
  }
  return out;
}

/** net.ParseIP: dotted IPv4 or IPv6 text, no zone. */
export function parseIP(s: string): Ip | undefined {
  if (s.includes(':')) {
    const b = parseIPv6(s);
    return b ? { bytes: b } : undefined;
  }
  const b = parseIPv4(s);
  return b ? { bytes: b } : undefined;
}

function v4Part(b: Uint8Array): Uint8Array | undefined {
  if (b.length === 4) return b;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return undefined;
  return b[10] === 0xff && b[11] === 0xff ? b.subarray(12) : undefined;
}

/** net.IP.String: dotted for IPv4 (and IPv4-mapped), RFC 5952 for IPv6. */
export function ipString(ip: Ip): string {
  const v4 = v4Part(ip.bytes);
  if (v4) return Array.from(v4).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip.bytes[i]! << 8) | ip.bytes[i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopback(ip: Ip): boolean {
  const v4 = v4Part(ip.bytes);
  if (v4) return v4[0] === 127;
  return ip.bytes.every((b, i) => (i === 15 ? b === 1 : b === 0));
}

export interface Cidr {
  /** Network address (host bits cleared), 4 or 16 bytes. */
  ip: Ip;
  ones: number;
  bits: number;
}

/** net.ParseCIDR: full IP, `/`, decimal prefix length within the address size. */
export function parseCIDR(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  const ip = parseIP(addr);
  if (!ip || !/^[0-9]+$/.test(mask)) return undefined;
  // A dotted IPv4 is 32 bits; anything written with colons is 128, even IPv4-mapped.
  const bits = addr.includes(':') ? 128 : 32;
  const ones = mask.length > 4 ? Infinity : Number(mask);
  if (ones > bits) return undefined;
  const bytes = ip.bytes.length === bits / 8 ? Uint8Array.from(ip.bytes) : Uint8Array.from(ip.bytes.subarray(ip.bytes.length - bits / 8));
  applyMask(bytes, ones);
  return { ip: { bytes }, ones, bits };
}

function applyMask(bytes: Uint8Array, ones: number): void {
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, ones - i * 8));
    bytes[i]! &= keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
  }
}

function toBig(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

function fromBig(v: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** IPNet.String */
export function cidrString(c: Cidr): string {
  return `${ipString(c.ip)}/${c.ones}`;
}

/**
 * cidr.Split: the subnets, on a reverse-name boundary (8 bits for IPv4, one
 * nibble for IPv6), whose union is `c`. The mask is rounded up.
 */
export function cidrSplit(c: Cidr): Cidr[] {
  const boundary = c.bits === 128 ? 4 : 8;
  if (c.ones % boundary === 0) return [c];
  const mask = Math.ceil(c.ones / boundary) * boundary;
  const count = 1 << (mask - c.ones);
  const step = 1n << BigInt(c.bits - mask);
  const base = toBig(c.ip.bytes);
  const out: Cidr[] = [];
  for (let i = 0; i < count; i++) out.push({ ip: { bytes: fromBig(base + BigInt(i) * step, c.bits / 8) }, ones: mask, bits: c.bits });
  return out;
}

const HEX = '0123456789abcdef';

/** dns.ReverseAddr */
export function reverseAddr(ip: Ip): string {
  const v4 = v4Part(ip.bytes);
  if (v4) return `${[...v4].reverse().join('.')}.in-addr.arpa.`;
  let s = '';
  for (let i = 15; i >= 0; i--) {
    const v = ip.bytes[i]!;
    s += `${HEX[v & 0xf]}.${HEX[v >> 4]}.`;
  }
  return s + 'ip6.arpa.';
}

/** cidr.Reverse: the zone each (boundary-aligned) subnet is authoritative for. */
export function cidrReverse(nets: readonly Cidr[]): string[] {
  return nets.map((n) => {
    const r = reverseAddr(n.ip);
    const digit = n.bits === 128 ? 4 : 8;
    const host = n.bits - n.ones;
    const skip = (host + (host % digit)) / digit;
    let labels = r.split('.');
    labels = labels.slice(Math.min(skip, labels.length - 1));
    return labels.join('.');
  });
}

// ---------------------------------------------------------------- keys (plugin/normalize.go)

/** Go's strconv.Atoi accepted text: optional sign, decimal digits, int64 range. */
function atoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  if (v > 9223372036854775807n || v < -9223372036854775808n) return undefined;
  return Number(v);
}

/**
 * plugin.SplitHostPort: host(s) and port of a key with its transport already
 * removed. A CIDR host expands to its reverse zones.
 */
export function splitHostPort(input: string): Outcome<{ hosts: string[]; port: string }> {
  let s = input;
  let port = '';
  const colon = s.lastIndexOf(':');
  if (colon === s.length - 1) return { ok: false, error: `expecting data after last colon: ${goQuote(s)}` };
  if (colon !== -1) {
    const p = atoi(s.slice(colon + 1));
    if (p !== undefined) {
      // Go prints the number back, so `0053` becomes `53`; huge values stay text.
      port = Number.isSafeInteger(p) ? String(p) : BigInt(s.slice(colon + 1)).toString();
      s = s.slice(0, colon);
    }
  }
  const n = ASCII.test(s) ? s.length : encoder.encode(s).length;
  if (n > 255) return { ok: false, error: `specified zone is too long: ${n} > 255` };
  if (!isDomainName(s).ok) return { ok: false, error: `zone is not a valid domain name: ${s}` };
  const c = parseCIDR(s);
  if (!c) return { ok: true, hosts: [s], port };
  if (s[0] === ':' || (s[0] === '0' && s.includes(':'))) return { ok: false, error: `invalid CIDR ${s}` };
  return { ok: true, hosts: cidrReverse(cidrSplit(c)), port };
}

/** Go's %q for the plain strings that reach it here. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

export interface NormalizeOptions {
  /** The `-dns.port` flag: default port of dns:// keys (53). */
  port?: string;
}

/**
 * One server-block key → the zones it serves (InspectServerBlocks for one
 * key). A CIDR key yields one address per reverse zone. The error text is
 * CoreDNS's, without its `error inspecting server blocks: ` prefix.
 */
export function normalizeKey(key: string, opts: NormalizeOptions = {}): Outcome<{ addrs: ZoneAddr[] }> {
  const { transport, rest } = splitTransport(key);
  const split = splitHostPort(rest);
  if (split.ok) {
    // CoreDNS re-checks every host once fully qualified (a fuzzing fix).
    for (const h of split.hosts) {
      const again = splitHostPort(fqdn(h));
      if (!again.ok) return again;
    }
  }
  if (!split.ok) return split;
  let port = split.port;
  if (port === '') port = transport === 'dns' ? (opts.port ?? DEFAULT_PORTS.dns) : DEFAULT_PORTS[transport];
  return { ok: true, addrs: split.hosts.map((h) => ({ transport, zone: normalizeName(h), port })) };
}

export interface InspectedBlock {
  /** The normalised keys, as plugins see them in c.ServerBlockKeys (CIDR expansions appended). */
  keys: string[];
  /** One per config, in CoreDNS's config order. */
  addrs: ZoneAddr[];
  /** For each address, the index of the key it came from. */
  keyIndex: number[];
}

/**
 * InspectServerBlocks over every block, stopping at the first bad key as
 * CoreDNS does; `block`/`key` locate it.
 */
export function inspectServerBlocks(
  blocks: readonly (readonly string[])[],
  opts: NormalizeOptions = {},
): { ok: true; blocks: InspectedBlock[] } | { ok: false; error: string; block: number; key: number } {
  const out: InspectedBlock[] = [];
  for (let b = 0; b < blocks.length; b++) {
    const addrs: ZoneAddr[] = [];
    const keyIndex: number[] = [];
    for (let k = 0; k < blocks[b]!.length; k++) {
      const r = normalizeKey(blocks[b]![k]!, opts);
      if (!r.ok) return { ok: false, error: r.error, block: b, key: k };
      for (const a of r.addrs) {
        addrs.push(a);
        keyIndex.push(k);
      }
    }
    out.push({ keys: addrs.map(zoneAddrString), addrs, keyIndex });
  }
  return { ok: true, blocks: out };
}

// ---------------------------------------------------------------- listeners

/** net.SplitHostPort */
export function goSplitHostPort(hostport: string): Outcome<{ host: string; port: string }> {
  const err = (why: string) => ({ ok: false as const, error: `address ${hostport}: ${why}` });
  let j = 0;
  let k = 0;
  const i = hostport.lastIndexOf(':');
  if (i < 0) return err('missing port in address');
  let host: string;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return err("missing ']' in address");
    if (end + 1 === hostport.length) return err('missing port in address');
    if (end + 1 !== i) return err(hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address');
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return err('too many colons in address');
  }
  if (hostport.slice(j).includes('[')) return err("unexpected '[' in address");
  if (hostport.slice(k).includes(']')) return err("unexpected ']' in address");
  return { ok: true, host, port: hostport.slice(i + 1) };
}

/** net.JoinHostPort */
export function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** SplitProtocolHostPort (core/dnsserver/address.go): `dns://[::1]:53` → parts. */
export function splitProtocolHostPort(address: string): Outcome<{ protocol: string; ip: string; port: string }> {
  const parts = address.split('://');
  if (parts.length > 2) return { ok: false, error: `provided value is not in an address format : ${address}` };
  const protocol = parts.length === 2 ? parts[0]! : '';
  const r = goSplitHostPort(parts[parts.length - 1]!);
  return r.ok ? { ok: true, protocol, ip: r.host, port: r.port } : r;
}

/** Go's parsePort + LookupPort for a numeric service: the port, or CoreDNS's error. */
function listenPort(port: string): Outcome<{ port: number }> {
  if (port === '') return { ok: true, port: 0 };
  const m = /^([+-]?)([0-9]+)$/.exec(port);
  if (!m) return { ok: false, error: `address ${port}: unknown port` };
  const n = BigInt(m[2]!) * (m[1] === '-' ? -1n : 1n);
  if (n < 0n || n > 65535n) return { ok: false, error: `address ${port}: invalid port` };
  return { ok: true, port: Number(n) };
}

/**
 * The listener a config lands on, `transport://host:port` as
 * groupConfigsByListenAddr keys it (net.ResolveTCPAddr + TCPAddr.String),
 * or the error CoreDNS stops with (`address 99999: invalid port`).
 */
export function listenerKey(transport: string, host: string, port: string): Outcome<{ key: string }> {
  const p = listenPort(port);
  if (!p.ok) return p;
  let h = host;
  if (h !== '') {
    const pct = h.indexOf('%');
    const ip = parseIP(pct >= 0 ? h.slice(0, pct) : h);
    // Interface names were resolved by `bind` itself; anything else is kept as written.
    if (ip) h = ipString(ip) + (pct >= 0 ? h.slice(pct) : '');
  }
  return { ok: true, key: `${transport}://${joinHostPort(h, String(p.port))}` };
}

export interface ListenConfig {
  transport: string;
  zone: string;
  port: string;
  /** From `bind`; `['']` (the wildcard) when there is none. */
  listenHosts: readonly string[];
  /** The block has a `view` (a filter): it is only checked, never registered. */
  filtered?: boolean;
}

/** groupConfigsByListenAddr: listener key → indexes of the configs on it. */
export function groupConfigsByListenAddr(configs: readonly ListenConfig[]): Outcome<{ groups: Map<string, number[]> }> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < configs.length; i++) {
    const c = configs[i]!;
    for (const h of c.listenHosts) {
      const k = listenerKey(c.transport, h, c.port);
      if (!k.ok) return k;
      const g = groups.get(k.key);
      if (g) g.push(i);
      else groups.set(k.key, [i]);
    }
  }
  return { ok: true, groups };
}

const addrKey = (z: ZoneAddr) => `${z.transport}\u0000${z.zone}\u0000${z.port}\u0000${z.address ?? ''}`;

/**
 * The zone/listener overlap checker of core/dnsserver/address.go: an
 * unbound address conflicts with every bound one for the same transport,
 * zone and port.
 */
export class ZoneOverlap {
  private readonly registered = new Map<string, ZoneAddr>();
  private readonly unboundOverlap = new Map<string, ZoneAddr>();

  /** Register `z` unless it clashes; return what it clashes with. */
  registerAndCheck(z: ZoneAddr): { existing?: ZoneAddr; overlap?: ZoneAddr } {
    const r = this.check(z);
    if (r.existing || r.overlap) return r;
    this.registered.set(addrKey(z), z);
    this.unboundOverlap.set(addrKey(unbound(z)), z);
    return {};
  }

  /** What `z` would clash with, without registering it. */
  check(z: ZoneAddr): { existing?: ZoneAddr; overlap?: ZoneAddr } {
    const exist = this.registered.get(addrKey(z));
    if (exist) return { existing: exist };
    const uz = unbound(z);
    const already = this.unboundOverlap.get(addrKey(uz));
    if (already) {
      if (!z.address) return { overlap: already };
      if (this.registered.has(addrKey(uz))) return { overlap: uz };
    }
    return {};
  }
}

function unbound(z: ZoneAddr): ZoneAddr {
  return { transport: z.transport, zone: z.zone, port: z.port, address: '' };
}

export interface OverlapProblem {
  /** Index of the config in the list given. */
  config: number;
  host: string;
  kind: 'defined' | 'overlap';
  /** CoreDNS's message: `cannot serve dns://.:53 - it is already defined`. */
  message: string;
  /** The address it clashes with. */
  other: ZoneAddr;
}

/**
 * validateZonesAndListeningAddresses, but reporting every clash instead of
 * stopping at the first (CoreDNS would stop at the first one listed).
 */
export function checkOverlaps(configs: readonly ListenConfig[]): OverlapProblem[] {
  const checker = new ZoneOverlap();
  const out: OverlapProblem[] = [];
  for (let i = 0; i < configs.length; i++) {
    const c = configs[i]!;
    for (const h of c.listenHosts) {
      const z: ZoneAddr = { transport: c.transport, zone: c.zone, port: c.port, address: h };
      const r = c.filtered ? { overlap: checker.check(z).overlap } : checker.registerAndCheck(z);
      const s = zoneAddrString(z);
      if (r.existing) out.push({ config: i, host: h, kind: 'defined', message: `cannot serve ${s} - it is already defined`, other: r.existing });
      else if (r.overlap)
        out.push({
          config: i,
          host: h,
          kind: 'overlap',
          message: `cannot serve ${s} - zone overlap listener capacity with ${zoneAddrString(r.overlap)}`,
          other: r.overlap,
        });
    }
  }
  return out;
}

/** The start-up banner lines for one listener (onstartup.go startUpZones). */
export function startUpZones(protocol: string, addr: string, zones: readonly string[]): string {
  let sb = '';
  for (const zone of [...zones].sort()) {
    if (!checkZoneSyntax(zone)) sb += `Warning: Domain ${goQuote(zone)} does not follow RFC1035 preferred syntax\n`;
    const r = splitProtocolHostPort(addr);
    if (!r.ok) sb += `${protocol}${zone}:${addr}\n`;
    else if (r.ip === '') sb += `${protocol}${zone}:${r.port}\n`;
    else sb += `${protocol}${zone}:${r.port} on ${r.ip}\n`;
  }
  return sb;
}

// ---------------------------------------------------------------- plugin helpers

/** plugin.Host.NormalizeExact: the zones of a host, or [] when it is not one. */
export function hostNormalizeExact(host: string): string[] {
  const r = splitHostPort(splitTransport(host).rest);
  return r.ok ? r.hosts.map(normalizeName) : [];
}

/** plugin.OriginsFromArgsOrServerBlock: zones from a plugin's arguments, else from the block's keys. */
export function originsFromArgsOrServerBlock(args: readonly string[], serverBlockKeys: readonly string[]): string[] {
  if (args.length === 0) {
    return serverBlockKeys.map((k) => hostNormalizeExact(k)[0] ?? k);
  }
  return args.flatMap((a) => hostNormalizeExact(a));
}

function stripZone(host: string): string {
  const i = host.lastIndexOf('%');
  return i >= 0 ? host.slice(0, i) : host;
}

/** parse.HostPort: an IP with an optional port; `defaultPort` added when missing. */
export function hostPort(s: string, defaultPort: string): Outcome<{ hostPort: string }> {
  const r = goSplitHostPort(s);
  if (!r.ok) {
    if (!parseIP(stripZone(s))) return { ok: false, error: `must specify an IP address: \`${s}'` };
    return { ok: true, hostPort: joinHostPort(s, defaultPort) };
  }
  if (!parseIP(stripZone(r.host))) return { ok: false, error: `must specify an IP address: \`${r.host}'` };
  return { ok: true, hostPort: joinHostPort(r.host, r.port === '' ? defaultPort : r.port) };
}

/** One upstream of parse.HostPortOrFile, before reading any file. */
export type Upstream =
  | { kind: 'address'; transport: Transport; host: string; port: string; text: string }
  | { kind: 'unix'; text: string }
  | { kind: 'file'; path: string };

/**
 * Classify an upstream the way parse.HostPortOrFile does without touching
 * the file system: an address (with its default port) or a candidate
 * resolv.conf path. Errors are CoreDNS's for the shapes that can never work.
 */
export function classifyUpstream(h: string): Outcome<{ upstream: Upstream }> {
  const { transport, rest: host } = splitTransport(h);
  if (host.length === 0) return { ok: false, error: `invalid address: ${goQuote(h)}` };
  if (transport === 'unix') return { ok: true, upstream: { kind: 'unix', text: `unix://${host}` } };
  const r = goSplitHostPort(host);
  if (!r.ok) {
    const bare = host.replace(/^\[+|\]+$/g, '');
    if (!parseIP(stripZone(bare))) return { ok: true, upstream: { kind: 'file', path: bare } };
    const port = DEFAULT_PORTS[transport];
    const hp = joinHostPort(bare, port);
    return { ok: true, upstream: { kind: 'address', transport, host: bare, port, text: transport === 'dns' ? hp : `${transport}://${hp}` } };
  }
  if (!parseIP(stripZone(r.host))) return { ok: true, upstream: { kind: 'file', path: host } };
  return { ok: true, upstream: { kind: 'address', transport, host: r.host, port: r.port, text: h } };
}

/** The `nameserver` entries of a resolv.conf (dns.ClientConfigFromReader). */
export function resolvConfNameservers(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'nameserver' && f.length > 1) out.push(f[1]!);
  }
  return out;
}

/**
 * parse.HostPortOrFile, reading resolv.conf-style files through `fs`;
 * relative paths resolve with `resolve`.
 */
export function hostPortOrFile(
  args: readonly string[],
  fs: FileSystem,
  resolve: (p: string) => string = (p) => p,
): Outcome<{ servers: string[] }> {
  const servers: string[] = [];
  for (const h of args) {
    const c = classifyUpstream(h);
    if (!c.ok) return c;
    const u = c.upstream;
    if (u.kind !== 'file') {
      servers.push(u.text);
      continue;
    }
    const f = fs.readFile(resolve(u.path));
    if ('error' in f) return { ok: false, error: `not an IP address or file ${goQuote(u.path)}: failed to open file ${goQuote(u.path)}` };
    for (const ns of resolvConfNameservers(f.text)) servers.push(joinHostPort(stripZone(ns), '53'));
  }
  if (servers.length === 0) return { ok: false, error: 'no nameservers found' };
  return { ok: true, servers };
}
