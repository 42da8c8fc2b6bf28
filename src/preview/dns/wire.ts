/**
 * DNS wire format for the engine's messages. Packing is our own because the
 * byte count decides where UDP replies are cut, and that cut only matches
 * CoreDNS when names are compressed exactly as miekg/dns compresses them
 * (miekg/dns msg.go packDomainName, msg_truncate.go Truncate). dns-packet
 * encodes without compression, so its sizes differ.
 */
import { parseIP } from '../../catalog/values.js';
import { labelStarts, labelText, wireLabels } from './names.js';
import type { Edns, Msg, Question } from './message.js';
import { newMsg } from './message.js';
import { T, type RData, type RR } from './rr.js';

const MAX_COMPRESSION_OFFSET = 0x3fff;
const MAX_MSG_SIZE = 65535;
const MIN_MSG_SIZE = 512;

class Packer {
  buf: Uint8Array;
  off = 0;
  constructor(
    /** Suffix → offset; undefined packs without compression. */
    readonly comp: Map<string, number> | undefined,
    size = 512,
  ) {
    this.buf = new Uint8Array(size);
  }

  private room(n: number): void {
    if (this.off + n <= this.buf.length) return;
    let len = this.buf.length * 2;
    while (len < this.off + n) len *= 2;
    const b = new Uint8Array(len);
    b.set(this.buf.subarray(0, this.off));
    this.buf = b;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.off++] = v & 0xff;
  }

  u16(v: number): void {
    this.room(2);
    this.buf[this.off++] = (v >> 8) & 0xff;
    this.buf[this.off++] = v & 0xff;
  }

  u32(v: number): void {
    this.room(4);
    this.buf[this.off++] = (v >>> 24) & 0xff;
    this.buf[this.off++] = (v >>> 16) & 0xff;
    this.buf[this.off++] = (v >>> 8) & 0xff;
    this.buf[this.off++] = v & 0xff;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.off);
    this.off += b.length;
  }

  /** A character-string: the JS string's code units are the octets. */
  str(s: string): void {
    const n = Math.min(255, s.length);
    this.u8(n);
    this.room(n);
    for (let i = 0; i < n; i++) this.buf[this.off++] = s.charCodeAt(i) & 0xff;
  }

  /**
   * miekg packDomainName: at each label, a known suffix becomes a pointer
   * when this name may be compressed; otherwise the suffix is remembered for
   * later names (even names that may not themselves be compressed).
   */
  name(s: string, compress: boolean): void {
    if (s === '.' || s === '') {
      this.u8(0);
      return;
    }
    const labels = wireLabels(s) ?? [];
    const starts = labelStarts(s);
    for (let i = 0; i < labels.length; i++) {
      if (this.comp) {
        const suffix = s.slice(starts[i] ?? 0);
        const p = this.comp.get(suffix);
        if (p !== undefined) {
          if (compress) {
            this.u16(0xc000 | p);
            return;
          }
        } else if (this.off < MAX_COMPRESSION_OFFSET) this.comp.set(suffix, this.off);
      }
      this.u8(labels[i].length);
      this.bytes(labels[i]);
    }
    this.u8(0);
  }
}

function packRdata(p: Packer, type: number, d: RData): void {
  switch (d.kind) {
    case 'ip': {
      const b = parseIP(d.ip);
      if (!b) return;
      if (type === T.A) p.bytes(b.subarray(12));
      else p.bytes(b);
      return;
    }
    case 'name':
      // DNAME targets are never compressed (RFC 6672); NS, CNAME, PTR, MB, MG, MR are.
      p.name(d.target, type !== T.DNAME);
      return;
    case 'mx':
      p.u16(d.pref);
      p.name(d.exchange, true);
      return;
    case 'srv':
      p.u16(d.priority);
      p.u16(d.weight);
      p.u16(d.port);
      p.name(d.target, false);
      return;
    case 'soa':
      p.name(d.mname, true);
      p.name(d.rname, true);
      p.u32(d.serial);
      p.u32(d.refresh);
      p.u32(d.retry);
      p.u32(d.expire);
      p.u32(d.minttl);
      return;
    case 'txt':
      if (d.strings.length === 0) p.u8(0);
      for (const s of d.strings) p.str(s);
      return;
    case 'hinfo':
      p.str(d.cpu);
      p.str(d.os);
      return;
    case 'caa':
      p.u8(d.flag);
      p.str(d.tag);
      for (let i = 0; i < d.value.length; i++) p.u8(d.value.charCodeAt(i));
      return;
    case 'naptr':
      p.u16(d.order);
      p.u16(d.pref);
      p.str(d.flags);
      p.str(d.service);
      p.str(d.regexp);
      p.name(d.replacement, false);
      return;
    case 'opaque':
      p.bytes(d.raw);
      return;
  }
}

function packRR(p: Packer, r: RR): void {
  p.name(r.name, true);
  p.u16(r.type);
  p.u16(r.class);
  p.u32(r.ttl >>> 0);
  const at = p.off;
  p.u16(0);
  packRdata(p, r.type, r.data);
  const len = p.off - at - 2;
  p.buf[at] = (len >> 8) & 0xff;
  p.buf[at + 1] = len & 0xff;
}

function packOpt(p: Packer, m: Msg, o: Edns): void {
  p.u8(0);
  p.u16(T.OPT);
  p.u16(o.udpSize);
  const ext = ((m.rcode >> 4) & 0xff) | o.extRcode;
  p.u8(ext);
  p.u8(o.version);
  p.u16((o.do ? 0x8000 : 0) | (o.z & 0x7fff));
  let len = 0;
  for (const op of o.options) len += 4 + op.data.length;
  p.u16(len);
  for (const op of o.options) {
    p.u16(op.code);
    p.u16(op.data.length);
    p.bytes(op.data);
  }
}

function packHeader(p: Packer, m: Msg, counts: [number, number, number, number]): void {
  p.u16(m.id);
  let b1 = 0;
  if (m.qr) b1 |= 0x80;
  b1 |= (m.opcode & 0xf) << 3;
  if (m.aa) b1 |= 0x04;
  if (m.tc) b1 |= 0x02;
  if (m.rd) b1 |= 0x01;
  let b2 = m.rcode & 0xf;
  if (m.ra) b2 |= 0x80;
  if (m.z) b2 |= 0x40;
  if (m.ad) b2 |= 0x20;
  if (m.cd) b2 |= 0x10;
  p.u8(b1);
  p.u8(b2);
  for (const c of counts) p.u16(c);
}

function packQuestion(p: Packer, q: Question): void {
  p.name(q.name, true);
  p.u16(q.type);
  p.u16(q.class);
}

/** Pack the whole message (with compression when `m.compress`). */
export function pack(m: Msg): Uint8Array {
  const p = new Packer(m.compress ? new Map() : undefined);
  packHeader(p, m, [m.question.length, m.answer.length, m.ns.length, m.extra.length + (m.opt ? 1 : 0)]);
  for (const q of m.question) packQuestion(p, q);
  for (const r of m.answer) packRR(p, r);
  for (const r of m.ns) packRR(p, r);
  for (const r of m.extra) packRR(p, r);
  if (m.opt) packOpt(p, m, m.opt);
  return p.buf.slice(0, p.off);
}

/** Wire length of an uncompressed name. */
function nameLength(s: string): number {
  if (s === '.' || s === '') return 1;
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x5b\x5d-\x7f]/.test(s)) return s.endsWith('.') ? s.length + 1 : s.length + 2;
  let n = 1;
  for (const l of wireLabels(s) ?? []) n += l.length + 1;
  return n;
}

function strLength(s: string): number {
  return 1 + Math.min(255, s.length);
}

function rdataLength(type: number, d: RData): number {
  switch (d.kind) {
    case 'ip':
      return type === T.A ? 4 : 16;
    case 'name':
      return nameLength(d.target);
    case 'mx':
      return 2 + nameLength(d.exchange);
    case 'srv':
      return 6 + nameLength(d.target);
    case 'soa':
      return nameLength(d.mname) + nameLength(d.rname) + 20;
    case 'txt': {
      let n = d.strings.length === 0 ? 1 : 0;
      for (const x of d.strings) n += strLength(x);
      return n;
    }
    case 'hinfo':
      return strLength(d.cpu) + strLength(d.os);
    case 'caa':
      return 1 + strLength(d.tag) + d.value.length;
    case 'naptr':
      return 4 + strLength(d.flags) + strLength(d.service) + strLength(d.regexp) + nameLength(d.replacement);
    case 'opaque':
      return d.raw.length;
  }
}

/** Length of the message packed without compression, computed without packing it (miekg msgLenWithCompressionMap(nil)). */
export function uncompressedLength(m: Msg): number {
  let n = 12;
  for (const q of m.question) n += nameLength(q.name) + 4;
  for (const sec of [m.answer, m.ns, m.extra]) for (const r of sec) n += nameLength(r.name) + 10 + rdataLength(r.type, r.data);
  if (m.opt) {
    n += 11;
    for (const o of m.opt.options) n += 4 + o.data.length;
  }
  return n;
}

export function packedLength(m: Msg, compress: boolean): number {
  if (!compress) return uncompressedLength(m);
  const saved = m.compress;
  m.compress = compress;
  const n = pack(m).length;
  m.compress = saved;
  return n;
}

/**
 * miekg Msg.Truncate (returns the uncompressed size when it fits, else -1): fits the message into `size` octets. Fits
 * uncompressed → left uncompressed; else compressed, and records are kept in
 * order (answer, authority, additional) while they fit; TC when any was dropped.
 */
export function truncate(m: Msg, size: number): number {
  if (size < MIN_MSG_SIZE) size = MIN_MSG_SIZE;
  const plain = packedLength(m, false);
  if (plain <= size) {
    m.compress = false;
    return plain;
  }
  m.compress = true;
  let budget = size;
  if (m.opt) {
    let olen = 11;
    for (const op of m.opt.options) olen += 4 + op.data.length;
    budget -= olen;
  }
  const p = new Packer(new Map());
  packHeader(p, m, [0, 0, 0, 0]);
  for (const q of m.question) packQuestion(p, q);
  const keep = (rrs: RR[]): number => {
    for (let i = 0; i < rrs.length; i++) {
      packRR(p, rrs[i]);
      if (p.off > budget) return i;
      if (p.off === budget) return i + 1;
    }
    return rrs.length;
  };
  let na = 0;
  let nn = 0;
  let ne = 0;
  if (p.off < budget) na = keep(m.answer);
  if (p.off < budget && na === m.answer.length) nn = keep(m.ns);
  if (p.off < budget && nn === m.ns.length && na === m.answer.length) ne = keep(m.extra);
  m.tc = m.tc || na < m.answer.length || nn < m.ns.length || ne < m.extra.length;
  m.answer = m.answer.slice(0, na);
  m.ns = m.ns.slice(0, nn);
  m.extra = m.extra.slice(0, ne);
  return -1;
}

export { MAX_MSG_SIZE, MIN_MSG_SIZE };

// ---------------------------------------------------------------------------
// Unpacking
// ---------------------------------------------------------------------------

export class WireError extends Error {}

class Reader {
  off = 0;
  constructor(readonly buf: Uint8Array) {}
  need(n: number): void {
    if (this.off + n > this.buf.length) throw new WireError('message too short');
  }
  u8(): number {
    this.need(1);
    return this.buf[this.off++];
  }
  u16(): number {
    this.need(2);
    const v = (this.buf[this.off] << 8) | this.buf[this.off + 1];
    this.off += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = ((this.buf[this.off] << 24) | (this.buf[this.off + 1] << 16) | (this.buf[this.off + 2] << 8) | this.buf[this.off + 3]) >>> 0;
    this.off += 4;
    return v;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const b = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return b;
  }
  /** A possibly compressed name; pointers must go backwards (loop-safe). */
  name(): string {
    let out = '';
    let off = this.off;
    let jumped = false;
    let total = 0;
    let lowest = off;
    for (;;) {
      if (off >= this.buf.length) throw new WireError('name overflows message');
      const c = this.buf[off];
      if (c === 0) {
        off++;
        break;
      }
      if ((c & 0xc0) === 0xc0) {
        if (off + 1 >= this.buf.length) throw new WireError('name overflows message');
        const ptr = ((c & 0x3f) << 8) | this.buf[off + 1];
        if (ptr >= lowest) throw new WireError('bad compression pointer');
        if (!jumped) this.off = off + 2;
        jumped = true;
        lowest = ptr;
        off = ptr;
        continue;
      }
      if ((c & 0xc0) !== 0) throw new WireError('bad label type');
      if (off + 1 + c > this.buf.length) throw new WireError('name overflows message');
      total += c + 1;
      if (total > 254) throw new WireError('name too long');
      out += labelText(this.buf.subarray(off + 1, off + 1 + c)) + '.';
      off += c + 1;
    }
    if (!jumped) this.off = off;
    return out === '' ? '.' : out;
  }
}

export interface Header {
  id: number;
  qr: boolean;
  opcode: number;
  qdcount: number;
  ancount: number;
  nscount: number;
  arcount: number;
}

export function readHeader(buf: Uint8Array): Header | undefined {
  if (buf.length < 12) return undefined;
  return {
    id: (buf[0] << 8) | buf[1],
    qr: (buf[2] & 0x80) !== 0,
    opcode: (buf[2] >> 3) & 0xf,
    qdcount: (buf[4] << 8) | buf[5],
    ancount: (buf[6] << 8) | buf[7],
    nscount: (buf[8] << 8) | buf[9],
    arcount: (buf[10] << 8) | buf[11],
  };
}

/**
 * Unpack a query: header, questions and the OPT record. Answer and
 * authority records (which the accept filter limits to one each) and other
 * additional records (TSIG) are skipped over. Throws WireError.
 */
export function unpackQuery(buf: Uint8Array): Msg {
  const r = new Reader(buf);
  const h = readHeader(buf);
  if (!h) throw new WireError('message shorter than a header');
  r.off = 12;
  const m = newMsg();
  m.id = h.id;
  const b1 = buf[2];
  const b2 = buf[3];
  m.qr = (b1 & 0x80) !== 0;
  m.opcode = (b1 >> 3) & 0xf;
  m.aa = (b1 & 0x04) !== 0;
  m.tc = (b1 & 0x02) !== 0;
  m.rd = (b1 & 0x01) !== 0;
  m.ra = (b2 & 0x80) !== 0;
  m.z = (b2 & 0x40) !== 0;
  m.ad = (b2 & 0x20) !== 0;
  m.cd = (b2 & 0x10) !== 0;
  m.rcode = b2 & 0xf;
  for (let i = 0; i < h.qdcount; i++) m.question.push({ name: r.name(), type: r.u16(), class: r.u16() });
  for (let i = 0; i < h.ancount + h.nscount; i++) {
    r.name();
    r.bytes(8);
    r.bytes(r.u16());
  }
  for (let i = 0; i < h.arcount; i++) {
    const name = r.name();
    const type = r.u16();
    const cls = r.u16();
    const ttl = r.u32();
    const rd = new Reader(r.bytes(r.u16()));
    if (type !== T.OPT) continue;
    if (name !== '.') throw new WireError('OPT record with a non-root owner');
    if (m.opt) throw new WireError('more than one OPT record');
    const options = [];
    while (rd.off < rd.buf.length) {
      const code = rd.u16();
      options.push({ code, data: Uint8Array.from(rd.bytes(rd.u16())) });
    }
    m.opt = { udpSize: cls, extRcode: ttl >>> 24, version: (ttl >>> 16) & 0xff, do: (ttl & 0x8000) !== 0, z: ttl & 0x7fff, options };
    m.rcode |= (ttl >>> 24) << 4;
  }
  return m;
}
