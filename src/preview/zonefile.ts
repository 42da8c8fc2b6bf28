/**
 * An RFC 1035 master-file reader with miekg/dns ZoneParser semantics
 * (miekg/dns scan.go, scan_rr.go): blank owner = previous owner, `@`,
 * relative names, TTL and class in either order, TTL units, `$TTL`,
 * `$ORIGIN`, `$INCLUDE` (relative to the including file), `$GENERATE`,
 * parentheses, `;` comments, `\X`/`\DDD` escapes, `TYPEnnn`/`CLASSnnn`,
 * and `\#` generic data. Published zone-file packages get several of these
 * wrong (see the preview spec), and answers depend on all of them.
 */
import * as path from 'node:path';
import type { FileSystem } from '../ast/fs.js';
import { ipString, parseIP, ipTo4 } from '../catalog/values.js';
import { fqdn, isDomainName, isFqdn } from './dns/names.js';
import { CLASS, T, classFromName, typeFromName, typeName, type RData, type RR } from './dns/rr.js';

export interface ZoneError {
  file: string;
  line: number;
  message: string;
}

export interface ZoneReadResult {
  records: RR[];
  error?: ZoneError;
  /** Records the preview cannot represent, skipped (the zone still loads). */
  warnings: ZoneError[];
}

interface Tok {
  text: string;
  quoted: boolean;
  line: number;
}

interface Entry {
  tokens: Tok[];
  /** The entry's first line began with white space: the owner is the previous one. */
  blankOwner: boolean;
  line: number;
}

class ZoneSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Split a master file into entries (logical lines, parentheses joined). */
function entries(text: string): Entry[] {
  const out: Entry[] = [];
  let line = 1;
  let depth = 0;
  let cur: Entry = { tokens: [], blankOwner: false, line: 1 };
  let atLineStart = true;
  let tok: Tok | undefined;
  const flush = () => {
    if (tok) {
      cur.tokens.push(tok);
      tok = undefined;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (atLineStart && depth === 0 && cur.tokens.length === 0) {
      cur.blankOwner = c === ' ' || c === '\t';
      cur.line = line;
    }
    atLineStart = false;
    if (c === '\\') {
      tok ??= { text: '', quoted: false, line };
      tok.text += c + (text[i + 1] ?? '');
      if (text[i + 1] === '\n') line++;
      i++;
      continue;
    }
    if (c === '"') {
      flush();
      let s = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length) {
          s += text[j] + text[j + 1];
          j++;
          continue;
        }
        if (text[j] === '\n') line++;
        s += text[j];
      }
      if (j >= text.length) throw new ZoneSyntaxError('unbalanced quotes', line);
      cur.tokens.push({ text: s, quoted: true, line });
      i = j;
      continue;
    }
    if (c === ';') {
      flush();
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if (c === '(') {
      flush();
      depth++;
      continue;
    }
    if (c === ')') {
      flush();
      if (depth === 0) throw new ZoneSyntaxError('extra closing brace', line);
      depth--;
      continue;
    }
    if (c === '\n' || c === '\r') {
      flush();
      if (c === '\n') {
        line++;
        atLineStart = true;
        if (depth === 0) {
          if (cur.tokens.length > 0) out.push(cur);
          cur = { tokens: [], blankOwner: false, line };
        }
      }
      continue;
    }
    if (c === ' ' || c === '\t') {
      flush();
      continue;
    }
    tok ??= { text: '', quoted: false, line };
    tok.text += c;
  }
  flush();
  if (depth !== 0) throw new ZoneSyntaxError('unbalanced brace', line);
  if (cur.tokens.length > 0) out.push(cur);
  return out;
}

/** miekg stringToTTL: digits with optional s/m/h/d/w units, e.g. `1h30m`. */
export function parseTTL(s: string): number | undefined {
  if (s === '') return undefined;
  let total = 0;
  let acc = 0;
  for (const c of s) {
    const u = c.toLowerCase();
    if (c >= '0' && c <= '9') acc = acc * 10 + (c.charCodeAt(0) - 48);
    else if (u === 's') (total += acc), (acc = 0);
    else if (u === 'm') (total += acc * 60), (acc = 0);
    else if (u === 'h') (total += acc * 3600), (acc = 0);
    else if (u === 'd') (total += acc * 86400), (acc = 0);
    else if (u === 'w') (total += acc * 604800), (acc = 0);
    else return undefined;
  }
  const v = total + acc;
  return v > 0xffffffff ? v >>> 0 : v;
}

/** Decode `\X` and `\DDD` in a character-string into octets (a latin1 JS string). */
export function unescapeString(s: string): string {
  if (!s.includes('\\')) return utf8Octets(s);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      const d = s.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(d)) {
        out += String.fromCharCode(Number(d) & 0xff);
        i += 3;
      } else out += utf8Octets(s[++i]);
      continue;
    }
    out += utf8Octets(s[i]);
  }
  return out;
}

function utf8Octets(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s : Buffer.from(s, 'utf8').toString('latin1');
}

interface ParseCtx {
  origin: string;
}

function absName(s: string, ctx: ParseCtx, line: number): string {
  if (s === '@') return ctx.origin;
  if (s === '') throw new ZoneSyntaxError('bad name', line);
  const name = isFqdn(s) ? s : ctx.origin === '.' ? s + '.' : `${s}.${ctx.origin}`;
  if (!isDomainName(name)) throw new ZoneSyntaxError(`bad owner name: "${s}"`, line);
  return name;
}

function num(s: Tok | undefined, max: number, what: string, line: number): number {
  if (!s || !/^\d+$/.test(s.text) || Number(s.text) > max) throw new ZoneSyntaxError(`bad ${what}`, line);
  return Number(s.text);
}

function hex(s: string, line: number, what: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(s)) throw new ZoneSyntaxError(`bad ${what}`, line);
  return Uint8Array.from(Buffer.from(s, 'hex'));
}

/** Parse the data of one record from its tokens. Exported for single-RR parsing (dns.NewRR). */
function parseRdata(type: number, toks: Tok[], ctx: ParseCtx, line: number): RData {
  const t = toks.map((x) => x.text);
  if (t[0] === '\\#' && toks[0] && !toks[0].quoted) {
    const len = num(toks[1], 65535, 'generic length', line);
    const raw = hex(t.slice(2).join(''), line, 'generic data');
    if (raw.length !== len) throw new ZoneSyntaxError('bad generic data length', line);
    if (type === T.A && len === 4) return { kind: 'ip', ip: Array.from(raw).join('.') };
    if (type === T.AAAA && len === 16) return { kind: 'ip', ip: ipString(raw) };
    return { kind: 'opaque', raw, text: `\\# ${len}${len ? ' ' + Buffer.from(raw).toString('hex') : ''}` };
  }
  const name = (i: number) => {
    if (t[i] === undefined) throw new ZoneSyntaxError(`missing data for ${typeName(type)}`, line);
    return absName(t[i], ctx, line);
  };
  switch (type) {
    case T.A: {
      const ip = t.length === 1 ? parseIP(t[0]) : undefined;
      if (!ip || !ipTo4(ip) || t[0].includes(':')) throw new ZoneSyntaxError(`bad A A: "${t.join(' ')}"`, line);
      return { kind: 'ip', ip: ipString(ip) };
    }
    case T.AAAA: {
      const ip = t.length === 1 ? parseIP(t[0]) : undefined;
      if (!ip || !t[0].includes(':')) throw new ZoneSyntaxError(`bad AAAA AAAA: "${t.join(' ')}"`, line);
      return { kind: 'ip', ip: ipString(ip) };
    }
    case T.NS:
    case T.CNAME:
    case T.DNAME:
    case T.PTR:
    case T.MB:
    case T.MG:
    case T.MR:
      if (t.length !== 1) throw new ZoneSyntaxError(`bad ${typeName(type)}`, line);
      return { kind: 'name', target: name(0) };
    case T.MX:
      return { kind: 'mx', pref: num(toks[0], 65535, 'MX Pref', line), exchange: name(1) };
    case T.SRV:
      return { kind: 'srv', priority: num(toks[0], 65535, 'SRV Priority', line), weight: num(toks[1], 65535, 'SRV Weight', line), port: num(toks[2], 65535, 'SRV Port', line), target: name(3) };
    case T.SOA: {
      const timer = (i: number, what: string) => {
        const v = t[i] !== undefined ? (/^\d+$/.test(t[i]) ? Number(t[i]) : parseTTL(t[i])) : undefined;
        if (v === undefined || v > 0xffffffff) throw new ZoneSyntaxError(`bad SOA zone parameter (${what})`, line);
        return v;
      };
      if (t.length < 7) throw new ZoneSyntaxError('bad SOA: not enough fields', line);
      const serial = num(toks[2], 0xffffffff, 'SOA zone parameter (serial)', line);
      return { kind: 'soa', mname: name(0), rname: name(1), serial, refresh: timer(3, 'refresh'), retry: timer(4, 'retry'), expire: timer(5, 'expire'), minttl: timer(6, 'minttl') };
    }
    case T.TXT:
    case T.SPF: {
      const strings: string[] = [];
      for (const x of toks) {
        const s = unescapeString(x.text);
        for (let i = 0; i < s.length || (i === 0 && s.length === 0); i += 255) strings.push(s.slice(i, i + 255));
      }
      if (strings.length === 0) throw new ZoneSyntaxError('bad TXT Txt', line);
      return { kind: 'txt', strings };
    }
    case T.HINFO:
      if (toks.length < 1) throw new ZoneSyntaxError('bad HINFO', line);
      return { kind: 'hinfo', cpu: unescapeString(t[0]), os: unescapeString(t.slice(1).join(' ')) };
    case T.CAA:
      if (toks.length !== 3) throw new ZoneSyntaxError('bad CAA', line);
      return { kind: 'caa', flag: num(toks[0], 255, 'CAA Flag', line), tag: t[1], value: unescapeString(t[2]) };
    case T.NAPTR:
      if (toks.length !== 6) throw new ZoneSyntaxError('bad NAPTR', line);
      return { kind: 'naptr', order: num(toks[0], 65535, 'NAPTR Order', line), pref: num(toks[1], 65535, 'NAPTR Preference', line), flags: unescapeString(t[2]), service: unescapeString(t[3]), regexp: unescapeString(t[4]), replacement: name(5) };
    case T.DS:
    case 59 /* CDS */: {
      const digest = hex(t.slice(3).join(''), line, 'DS Digest');
      const raw = new Uint8Array(4 + digest.length);
      const tag = num(toks[0], 65535, 'DS KeyTag', line);
      raw[0] = tag >> 8;
      raw[1] = tag & 0xff;
      raw[2] = num(toks[1], 255, 'DS Algorithm', line);
      raw[3] = num(toks[2], 255, 'DS DigestType', line);
      raw.set(digest, 4);
      return { kind: 'opaque', raw, text: `${tag} ${raw[2]} ${raw[3]} ${Buffer.from(digest).toString('hex').toUpperCase()}` };
    }
    case T.DNSKEY:
    case 60 /* CDNSKEY */: {
      const key = Buffer.from(t.slice(3).join(''), 'base64');
      const flags = num(toks[0], 65535, 'DNSKEY Flags', line);
      const raw = new Uint8Array(4 + key.length);
      raw[0] = flags >> 8;
      raw[1] = flags & 0xff;
      raw[2] = num(toks[1], 255, 'DNSKEY Protocol', line);
      raw[3] = num(toks[2], 255, 'DNSKEY Algorithm', line);
      raw.set(key, 4);
      return { kind: 'opaque', raw, text: `${flags} ${raw[2]} ${raw[3]} ${key.toString('base64')}` };
    }
    case T.TLSA:
    case T.SSHFP: {
      const n = type === T.TLSA ? 3 : 2;
      const data = hex(t.slice(n).join(''), line, typeName(type));
      const head = toks.slice(0, n).map((x) => num(x, 255, typeName(type), line));
      if (head.length < n) throw new ZoneSyntaxError(`bad ${typeName(type)}`, line);
      return { kind: 'opaque', raw: Uint8Array.from([...head, ...data]), text: `${head.join(' ')} ${Buffer.from(data).toString('hex')}` };
    }
    default:
      throw new UnsupportedType(type);
  }
}

class UnsupportedType extends Error {
  constructor(readonly type: number) {
    super(`record type ${typeName(type)} is not supported by the preview`);
  }
}

export interface ReadZoneOptions {
  origin: string;
  /** Path of the file, for $INCLUDE and messages. */
  file: string;
  fs?: FileSystem;
  /** Default TTL for records without one and no $TTL (dns.NewRR uses 3600); undefined = error. */
  defaultTTL?: number;
}

const MAX_INCLUDE_DEPTH = 7;

/** Read a master file. Stops at the first error, as CoreDNS's file plugin does. Never throws. */
export function readZone(text: string, opts: ReadZoneOptions): ZoneReadResult {
  const records: RR[] = [];
  const warnings: ZoneError[] = [];
  const state = {
    ttl: opts.defaultTTL,
    ttlByDirective: false,
    prevOwner: undefined as string | undefined,
    prevClass: CLASS.IN as number,
  };
  const run = (src: string, file: string, origin: string, depth: number): ZoneError | undefined => {
    let list: Entry[];
    try {
      list = entries(src);
    } catch (e) {
      if (e instanceof ZoneSyntaxError) return { file, line: e.line, message: `dns: ${e.message}` };
      throw e;
    }
    const ctx: ParseCtx = { origin: fqdn(origin) };
    for (const ent of list) {
      try {
        const first = ent.tokens[0];
        if (!ent.blankOwner && !first.quoted && first.text.startsWith('$')) {
          const dir = first.text.toUpperCase();
          const args = ent.tokens.slice(1).map((x) => x.text);
          if (dir === '$ORIGIN') {
            if (args.length !== 1) throw new ZoneSyntaxError('expecting $ORIGIN value', ent.line);
            ctx.origin = absName(args[0], ctx, ent.line);
          } else if (dir === '$TTL') {
            const v = args.length === 1 ? parseTTL(args[0]) : undefined;
            if (v === undefined) throw new ZoneSyntaxError('expecting $TTL value, not this...', ent.line);
            state.ttl = v;
            state.ttlByDirective = true;
          } else if (dir === '$INCLUDE') {
            if (args.length < 1 || args.length > 2) throw new ZoneSyntaxError('expecting $INCLUDE value', ent.line);
            if (depth + 1 > MAX_INCLUDE_DEPTH) throw new ZoneSyntaxError('too deeply nested $INCLUDE', ent.line);
            if (!opts.fs) throw new ZoneSyntaxError('$INCLUDE directive not allowed', ent.line);
            const inc = path.isAbsolute(args[0]) ? args[0] : path.join(path.dirname(file), args[0]);
            const r = opts.fs.readFile(inc);
            if ('error' in r) throw new ZoneSyntaxError(`failed to open \`${args[0]}': ${r.error}`, ent.line);
            const incOrigin = args.length === 2 ? absName(args[1], ctx, ent.line) : ctx.origin;
            const err = run(r.text, inc, incOrigin, depth + 1);
            if (err) return err;
          } else if (dir === '$GENERATE') {
            generate(ent, (e) => addRecord(e, ctx));
          } else throw new ZoneSyntaxError(`unknown directive ${first.text}`, ent.line);
          continue;
        }
        addRecord(ent, ctx);
      } catch (e) {
        if (e instanceof ZoneSyntaxError) return { file, line: e.line, message: `dns: ${e.message}` };
        throw e;
      }
    }
    return undefined;

    function addRecord(e: Entry, c: ParseCtx): void {
      const toks = e.tokens;
      let i = 0;
      let owner: string;
      if (e.blankOwner) {
        if (state.prevOwner === undefined) throw new ZoneSyntaxError('no owner name', e.line);
        owner = state.prevOwner;
      } else {
        owner = absName(toks[0].text, c, e.line);
        i = 1;
      }
      let ttl: number | undefined;
      let cls: number | undefined;
      let type: number | undefined;
      for (; i < toks.length && type === undefined; i++) {
        const x = toks[i].text;
        const cl = classFromName(x);
        const ty = typeFromName(x);
        if (cl !== undefined && cls === undefined && !toks[i].quoted) cls = cl;
        else if (ty !== undefined && !toks[i].quoted) type = ty;
        else if (ttl === undefined && /^[0-9]/.test(x) && parseTTL(x) !== undefined) ttl = parseTTL(x);
        else throw new ZoneSyntaxError(`not a TTL: "${x}"`, e.line);
      }
      if (type === undefined) throw new ZoneSyntaxError('expecting RR type', e.line);
      if (ttl === undefined) {
        if (state.ttl === undefined) throw new ZoneSyntaxError('missing TTL with no previous value', e.line);
        ttl = state.ttl;
      } else if (!state.ttlByDirective) state.ttl = ttl;
      state.prevOwner = owner;
      try {
        records.push({ name: owner, type, class: cls ?? CLASS.IN, ttl, data: parseRdata(type, toks.slice(i), c, e.line) });
      } catch (err) {
        if (err instanceof UnsupportedType) warnings.push({ file, line: e.line, message: err.message + '; record skipped' });
        else throw err;
      }
    }
  };
  const error = run(text, opts.file, opts.origin, 0);
  return { records, error, warnings };
}

/** $GENERATE start-stop[/step] lhs [ttl] [class] type rhs, with `$`, `$$` and `${offset,width,base}`. */
function generate(ent: Entry, add: (e: Entry) => void): void {
  const t = ent.tokens;
  const m = t[1] && /^(\d+)-(\d+)(?:\/(\d+))?$/.exec(t[1].text);
  if (!m) throw new ZoneSyntaxError('bad range in $GENERATE range', ent.line);
  const start = Number(m[1]);
  const stop = Number(m[2]);
  const step = m[3] ? Number(m[3]) : 1;
  if (start > stop || step < 1 || stop - start > 65535) throw new ZoneSyntaxError('bad range in $GENERATE range', ent.line);
  const subst = (s: string, n: number): string =>
    s.replace(/\$\$|\\\$|\$(\{(-?\d+)(?:,(\d+)(?:,([doxXn]))?)?\})?/g, (all, _b, off, width, base) => {
      if (all === '$$' || all === '\\$') return '$';
      const v = n + (off ? Number(off) : 0);
      let out = base === 'o' ? v.toString(8) : base === 'x' ? v.toString(16) : base === 'X' ? v.toString(16).toUpperCase() : String(v);
      if (width) out = out.padStart(Number(width), '0');
      return out;
    });
  for (let n = start; n <= stop; n += step) {
    add({ tokens: t.slice(2).map((x) => ({ ...x, text: x.quoted ? x.text : subst(x.text, n) })), blankOwner: false, line: ent.line });
  }
}

/**
 * dns.NewRR: one record in presentation form, origin `.`, default TTL 3600,
 * class IN. Returns an error message instead of throwing.
 */
export function parseRR(s: string, origin = '.'): { rr: RR } | { error: string } {
  const r = readZone(s, { origin, file: '', defaultTTL: 3600 });
  if (r.error) return { error: r.error.message };
  if (r.warnings.length) return { error: r.warnings[0].message };
  if (r.records.length !== 1) return { error: 'dns: expected exactly one record' };
  return { rr: r.records[0] };
}
