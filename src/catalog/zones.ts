import type { FileSystem } from '../ast/fs.js';
import {
  TRANSPORT_PORT,
  classifyUpstream,
  fqdn,
  goQuote,
  hostPort as parseHostPort,
  ipString as goIPString,
  ipTo4,
  joinHostPort,
  normalizeName,
  parseAddrQuiet,
  parseCIDRQuiet as goParseCIDRQuiet,
  splitHostPort as netSplitHostPort,
  splitTransport as parseTransport,
  stripZone,
  zoneSplitHostPort,
  type Transport,
} from './values.js';

export { classifyUpstream, hostNormalizeExact, joinHostPort, normalizeName, originsFromArgsOrServerBlock } from './values.js';
export type { Transport, Upstream } from './values.js';

/**
 * Server-block keys as CoreDNS reads them: transport prefix, zone, port,
 * reverse zones from CIDRs, listener grouping and the duplicate/overlap check.
 *
 * A port of coredns/coredns core/dnsserver/register.go (InspectServerBlocks,
 * groupConfigsByListenAddr, validateZonesAndListeningAddresses),
 * core/dnsserver/address.go, plugin/normalize.go, plugin/pkg/cidr,
 * plugin/pkg/parse/{transport,host}.go. The Go net, strconv and miekg/dns
 * functions they lean on are the ones in values.ts, shared with the setup
 * validators; here they are only shaped into this module's results. Nothing
 * here throws.
 */

/** Default ports per transport (plugin/pkg/transport). `unix` has none. */
export const DEFAULT_PORTS: Readonly<Record<Transport, string>> = { ...TRANSPORT_PORT, unix: '' };

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

/**
 * Split a lower-case transport prefix off `s` (parse.Transport). Anything
 * else, `DNS://` or `udp://` included, stays in the name and means dns.
 */
export function splitTransport(s: string): { transport: Transport; rest: string } {
  const { transport, addr } = parseTransport(s);
  return { transport, rest: addr };
}

// ---------------------------------------------------------------- names (miekg/dns)

/**
 * Where the labels of a name lie, honouring `\.` escapes (dns.SplitDomainName
 * without the root): label k is name[out[2k], out[2k+1]), escapes kept.
 * Returns the label count; `out` is reused scratch.
 */
function labelBounds(name: string, out: number[]): number {
  if (name === '.') return 0;
  let n = 0;
  let start = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x5c /* \ */ && i + 1 < name.length) i++;
    else if (c === 0x2e /* . */) {
      out[2 * n] = start;
      out[2 * n + 1] = i;
      n++;
      start = i + 1;
    }
  }
  if (start < name.length) {
    out[2 * n] = start;
    out[2 * n + 1] = name.length;
    n++;
  }
  return n;
}

const PARENT_LABELS: number[] = [];
const CHILD_LABELS: number[] = [];

/** dns.IsSubDomain(parent, child): child equals parent or lies below it (case-insensitive). */
export function isSubDomain(parent: string, child: string): boolean {
  const p = fqdn(parent).toLowerCase();
  const c = fqdn(child).toLowerCase();
  const pn = labelBounds(p, PARENT_LABELS);
  const cn = labelBounds(c, CHILD_LABELS);
  if (pn > cn) return false;
  // The last pn labels must be equal, compared from the end.
  for (let i = 1; i <= pn; i++) {
    const ps = PARENT_LABELS[2 * (pn - i)];
    const pe = PARENT_LABELS[2 * (pn - i) + 1];
    const cs = CHILD_LABELS[2 * (cn - i)];
    const ce = CHILD_LABELS[2 * (cn - i) + 1];
    if (pe - ps !== ce - cs) return false;
    for (let k = 0; k < pe - ps; k++) if (p.charCodeAt(ps + k) !== c.charCodeAt(cs + k)) return false;
  }
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

/** A parsed IP: 4 bytes when written as dotted IPv4, 16 for anything written with colons. */
export interface Ip {
  bytes: Uint8Array;
}

/** net.ParseIP: dotted IPv4 or IPv6 text, no zone. */
export function parseIP(s: string): Ip | undefined {
  const a = parseAddrQuiet(s);
  if (!a || a.zone !== '') return undefined;
  return { bytes: a.is4 ? a.ip.subarray(12) : a.ip };
}

/** net.IP.String: dotted for IPv4 (and IPv4-mapped), RFC 5952 for IPv6. */
export function ipString(ip: Ip): string {
  return goIPString(ip.bytes);
}

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopback(ip: Ip): boolean {
  const v4 = ipTo4(ip.bytes);
  if (v4) return v4[0] === 127;
  return ip.bytes.every((b, i) => (i === 15 ? b === 1 : b === 0));
}

export interface Cidr {
  /** Network address (host bits cleared), 4 or 16 bytes. */
  ip: Ip;
  ones: number;
  bits: number;
}

/** net.ParseCIDR: the network of a full IP, `/`, and a decimal prefix length within the address size. */
export function parseCIDR(s: string): Cidr | undefined {
  const c = goParseCIDRQuiet(s);
  if (!c) return undefined;
  const { ip, ones, bits } = c.net;
  return { ip: { bytes: ip }, ones, bits };
}

// ---------------------------------------------------------------- keys (plugin/normalize.go)

/**
 * plugin.SplitHostPort: host(s) and port of a key with its transport already
 * removed. A CIDR host expands to its reverse zones.
 */
export function splitHostPort(input: string): Outcome<{ hosts: string[]; port: string }> {
  const r = zoneSplitHostPort(input);
  return r.ok ? { ok: true, hosts: r.value.hosts, port: r.value.port } : r;
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
  const { transport, addr: rest } = parseTransport(key);
  const split = zoneSplitHostPort(rest);
  if (!split.ok) return split;
  const { hosts } = split.value;
  // CoreDNS re-checks every host once fully qualified (a fuzzing fix).
  for (const h of hosts) {
    const again = zoneSplitHostPort(fqdn(h));
    if (!again.ok) return again;
  }
  let port = split.value.port;
  if (port === '') port = transport === 'dns' ? (opts.port ?? DEFAULT_PORTS.dns) : DEFAULT_PORTS[transport];
  const addrs = hosts.map((h): ZoneAddr => ({ transport, zone: normalizeName(h), port }));
  return { ok: true, addrs };
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
  const r = netSplitHostPort(hostport);
  return r.ok ? { ok: true, host: r.value.host, port: r.value.port } : r;
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

/** parse.HostPort: an IP with an optional port; `defaultPort` added when missing. */
export function hostPort(s: string, defaultPort: string): Outcome<{ hostPort: string }> {
  const r = parseHostPort(s, defaultPort);
  return r.ok ? { ok: true, hostPort: r.value } : r;
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
    const u = c.value;
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
