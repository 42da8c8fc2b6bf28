import { CLASS, RCODE, type RR } from './rr.js';

export interface Question {
  /** As received: case kept, fully qualified. */
  name: string;
  type: number;
  class: number;
}

export interface EdnsOption {
  code: number;
  data: Uint8Array;
}

/** The OPT pseudo-record, kept apart from the additional section and always packed last. */
export interface Edns {
  udpSize: number;
  /** Upper 8 bits of the 12-bit rcode. */
  extRcode: number;
  version: number;
  do: boolean;
  /** The 15 remaining flag bits. */
  z: number;
  options: EdnsOption[];
}

export interface Msg {
  id: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  /** The reserved header bit. */
  z: boolean;
  ad: boolean;
  cd: boolean;
  /** Full rcode (up to 12 bits; the upper bits travel in the OPT record). */
  rcode: number;
  question: Question[];
  answer: RR[];
  ns: RR[];
  extra: RR[];
  opt?: Edns;
  /** miekg's Msg.Compress: pack with name compression. */
  compress: boolean;
}

export function newMsg(): Msg {
  return { id: 0, qr: false, opcode: 0, aa: false, tc: false, rd: false, ra: false, z: false, ad: false, cd: false, rcode: 0, question: [], answer: [], ns: [], extra: [], compress: false };
}

/** A query as a client would send it. */
export function newQuery(name: string, type: number, opts: { cls?: number; id?: number; rd?: boolean; edns?: Partial<Edns> | false } = {}): Msg {
  const m = newMsg();
  m.id = opts.id ?? 0;
  m.rd = opts.rd ?? true;
  m.question = [{ name, type, class: opts.cls ?? CLASS.IN }];
  if (opts.edns) m.opt = { udpSize: 4096, extRcode: 0, version: 0, do: false, z: 0, options: [], ...opts.edns };
  return m;
}

/** miekg Msg.SetReply: id, opcode, RD and CD and the first question copied; QR set. */
export function setReply(req: Msg): Msg {
  const m = newMsg();
  m.id = req.id;
  m.qr = true;
  m.opcode = req.opcode;
  if (req.opcode === 0) {
    m.rd = req.rd;
    m.cd = req.cd;
  }
  if (req.question.length > 0) m.question = [{ ...req.question[0] }];
  return m;
}

/** miekg Msg.SetRcode. */
export function setRcode(req: Msg, rcode: number): Msg {
  const m = setReply(req);
  m.rcode = rcode;
  return m;
}

/**
 * A copy of the header with new sections. Built field by field so every
 * message has the same object shape (object spread does not keep it, and
 * messages are made on every query).
 */
export function withSections(m: Msg, answer: RR[], ns: RR[], extra: RR[], opt: Edns | undefined = m.opt): Msg {
  return {
    id: m.id,
    qr: m.qr,
    opcode: m.opcode,
    aa: m.aa,
    tc: m.tc,
    rd: m.rd,
    ra: m.ra,
    z: m.z,
    ad: m.ad,
    cd: m.cd,
    rcode: m.rcode,
    question: m.question,
    answer,
    ns,
    extra,
    opt,
    compress: m.compress,
  };
}

export function copyMsg(m: Msg): Msg {
  const c = withSections(m, m.answer.slice(), m.ns.slice(), m.extra.slice(), m.opt ? { ...m.opt, options: m.opt.options.slice() } : undefined);
  c.question = m.question.map((q) => ({ name: q.name, type: q.type, class: q.class }));
  return c;
}

/** The record with another TTL (same object shape as every record). */
export function withTTL(r: RR, ttl: number): RR {
  return { name: r.name, type: r.type, class: r.class, ttl, data: r.data };
}

/** CoreDNS plugin.ClientWrite: false for the rcodes that mean "nothing was written". */
export function clientWrite(rcode: number): boolean {
  return !(rcode === RCODE.SERVFAIL || rcode === RCODE.REFUSED || rcode === RCODE.FORMERR || rcode === RCODE.NOTIMP);
}
