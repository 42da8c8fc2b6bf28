import { parseCIDR, parseIP, type Cidr } from '../../catalog/zones.js';

/** The IPv4 bytes of an address (plain or IPv4-mapped), like Go's net.IP.To4; undefined for IPv6. */
export function to4(b: Uint8Array): Uint8Array | undefined {
  if (b.length === 4) return b;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return undefined;
  return b[10] === 0xff && b[11] === 0xff ? b.subarray(12) : undefined;
}

/** The address as 16 bytes (IPv4 becomes IPv4-mapped), or undefined when it does not parse. */
export function ip16(s: string): Uint8Array | undefined {
  const ip = parseIP(s);
  if (!ip) return undefined;
  if (ip.bytes.length === 16) return ip.bytes;
  const out = new Uint8Array(16);
  out[10] = 0xff;
  out[11] = 0xff;
  out.set(ip.bytes, 12);
  return out;
}

/** The address bytes in the family it is written in: 4 for IPv4 (also IPv4-mapped), else 16. */
export function ipBytes(s: string): Uint8Array | undefined {
  const b = ip16(s);
  if (!b) return undefined;
  return to4(b) ?? b;
}

/** net.IPNet.Contains: an IPv4 network matches IPv4 (and IPv4-mapped) addresses, an IPv6 one 16-byte addresses. */
export function cidrContains(c: Cidr, addr: string): boolean {
  const b = ip16(addr);
  if (!b) return false;
  let ip: Uint8Array;
  if (c.bits === 32) {
    const v4 = to4(b);
    if (!v4) return false;
    ip = v4;
  } else {
    // Go compares the address in its shortest form: an IPv4 address never falls in an IPv6 network.
    if (to4(b)) return false;
    ip = b;
  }
  for (let i = 0; i < c.ones; i++) {
    const byte = i >> 3;
    const bit = 0x80 >> (i & 7);
    if ((ip[byte]! & bit) !== (c.ip.bytes[byte]! & bit)) return false;
  }
  return true;
}

export function cidr(s: string): Cidr | undefined {
  return parseCIDR(s);
}
