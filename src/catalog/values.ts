import { RE2JS } from 're2js';
import { Dispenser, DispenserError } from '../ast/dispenser.js';
import type { CoreToken } from '../ast/read.js';
import type { SetupContext, SetupIssue } from './types.js';

/*
 * Value parsers shared by the setup validators, each a port of the Go
 * function CoreDNS calls, with Go's error wording, so that a validator can
 * be a line-by-line port of a plugin's setup.go.
 *
 * Sections: results and setup plumbing · Go strconv · Go time · Go net ·
 * miekg/dns names and tables · CoreDNS plugin helpers (normalize, parse,
 * fall, tls, and option forms several plugins share) · regular
 * expressions.
 */

// ---------------------------------------------------------------------------
// Results and setup plumbing
// ---------------------------------------------------------------------------

/** A Go `(value, error)` pair: `ok` with the value, or the error text Go would produce. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: string): Parsed<T> {
  return { ok: false, error };
}

/**
 * An error a setup function returns that is not a Dispenser error
 * (`fmt.Errorf`, `errors.New`). Validators throw it the way setup.go
 * returns it; `runSetup` turns it into a SetupIssue.
 */
export class SetupError extends Error {
  constructor(
    message: string,
    readonly token?: CoreToken,
    /** False where setup.go returns the error without plugin.Error's `plugin/NAME: ` prefix. */
    readonly wrapped = true,
  ) {
    super(message);
  }
}

/** plugin.ErrOnce. */
export const ERR_ONCE = 'this plugin can only be used once per Server Block';

/** A Dispenser error returned as-is, without the `plugin/NAME: ` prefix. */
export class UnwrappedError extends Error {
  constructor(readonly inner: DispenserError) {
    super(inner.message);
  }
}

/** What a validator body works with. */
export interface SetupRun {
  /** c.Dispenser: every token of the directive's occurrences, cursor before the first. */
  d: Dispenser;
  ctx: SetupContext;
  /** Something setup.go only logs (log.Warning), reported as a warning; `message` without the log prefix. */
  warn(message: string, token?: CoreToken): void;
}

const PARSE_PREFIX = 'Error during parsing: ';

/**
 * Run a validator body that ports setup.go: it throws DispenserError or
 * SetupError where Go returns an error, and the first one becomes the
 * single error issue, wrapped like plugin.Error (`plugin/NAME: …`).
 * Warnings logged before the error are kept.
 */
export function runSetup(plugin: string, ctx: SetupContext, body: (run: SetupRun) => void): SetupIssue[] {
  const run = new Run(plugin, ctx);
  try {
    body(run);
  } catch (e) {
    run.issues.push(issueFromError(plugin, e));
  }
  return run.issues;
}

/** The SetupRun of runSetup: one object, its `warn` made only for the validators that ask for it. */
class Run implements SetupRun {
  readonly d: Dispenser;
  readonly issues: SetupIssue[] = [];

  constructor(
    private readonly plugin: string,
    readonly ctx: SetupContext,
  ) {
    this.d = new Dispenser(ctx.tokens, ctx.filename);
  }

  /** A function of its own, so that `({ warn }) => warn(…)` works as well as `run.warn(…)`. */
  get warn(): (message: string, token?: CoreToken) => void {
    return (message, token) => {
      // As the plugin's logger (clog.NewWithPlugin) prints it.
      const coreMessage = `[WARNING] plugin/${this.plugin}: ${message}`;
      this.issues.push({ severity: 'warning', coreMessage, message, token: token ?? this.d.token() });
    };
  }
}

/** The SetupIssue for an error a validator body threw. Anything else is a bug in the validator and is rethrown. */
export function issueFromError(plugin: string, e: unknown): SetupIssue {
  const prefix = `plugin/${plugin}: `;
  if (e instanceof DispenserError) {
    return { severity: 'error', coreMessage: prefix + e.message, message: stripParsePrefix(e.detail), token: e.token };
  }
  if (e instanceof UnwrappedError) {
    return { severity: 'error', coreMessage: e.inner.message, message: stripParsePrefix(e.inner.detail), token: e.inner.token };
  }
  if (e instanceof SetupError) {
    return { severity: 'error', coreMessage: (e.wrapped ? prefix : '') + e.message, message: e.message, token: e.token };
  }
  throw e;
}

function stripParsePrefix(detail: string): string {
  return detail.startsWith(PARSE_PREFIX) ? detail.slice(PARSE_PREFIX.length) : detail;
}

/**
 * c.RemainingArgs(), keeping the tokens: the rest of the line up to a
 * `{`, so that a validator can point at the argument an error is about.
 */
export function remainingArgTokens(d: Dispenser): CoreToken[] {
  const out: CoreToken[] = [];
  while (d.nextArg()) {
    if (d.val() === '{') {
      d.cursor--;
      break;
    }
    out.push(d.token()!);
  }
  return out;
}

/**
 * c.Err(msg) as if the Dispenser stood on `token` (same file and line
 * prefix), for an error about one argument of several on the line.
 */
export function errAt(d: Dispenser, token: CoreToken, msg: string): DispenserError {
  return new DispenserError(`${PARSE_PREFIX}${msg}`, token.file !== '' ? token.file : d.filename, token.line, token);
}

/** Throw a Parsed failure as a SetupError at the Dispenser's current token; return the value otherwise. */
export function must<T>(p: Parsed<T>, d?: Dispenser): T {
  if (!p.ok) throw new SetupError(p.error, d?.token());
  return p.value;
}

// ---------------------------------------------------------------------------
// Go strconv
// ---------------------------------------------------------------------------

/** unicode.IsPrint: letters, marks, numbers, punctuation and symbols (ASCII space is handled apart). */
const GO_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** strconv.Quote for the strings that appear in messages. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (ch === ' ' || GO_PRINTABLE.test(ch)) out += ch;
    else if (c > 0xffff) out += '\\U' + c.toString(16).padStart(8, '0');
    else out += '\\u' + c.toString(16).padStart(4, '0');
  }
  return out + '"';
}

/** fmt's %#U of a rune (U+0023 '#'): the character is shown when strconv.IsPrint holds. */
export function goRuneU(cp: number): string {
  const u = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const ch = String.fromCodePoint(cp);
  return ch === ' ' || GO_PRINTABLE.test(ch) ? `${u} '${ch}'` : u;
}

function numError(fn: string, s: string, why: 'invalid syntax' | 'value out of range'): string {
  return `strconv.${fn}: parsing ${goQuote(s)}: ${why}`;
}

function parseDecimal(fn: string, s: string, signed: boolean, bitSize: number): Parsed<number> {
  let i = 0;
  let neg = false;
  if (signed && (s[0] === '+' || s[0] === '-')) {
    neg = s[0] === '-';
    i = 1;
  }
  if (i >= s.length) return fail(numError(fn, s, 'invalid syntax'));
  // Up to 15 digits the value is below 2^53, so plain numbers are exact; longer ones go through BigInt.
  if (s.length - i > 15) return parseDecimalBig(fn, s, i, neg, signed, bitSize);
  let v = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return fail(numError(fn, s, 'invalid syntax'));
    v = v * 10 + (c - 48);
  }
  // 0 - v keeps "-0" a plain 0, as Number(-0n) is.
  if (neg) v = 0 - v;
  const lo = signed ? -(2 ** (bitSize - 1)) : 0;
  const hi = signed ? 2 ** (bitSize - 1) - 1 : 2 ** bitSize - 1;
  if (v < lo || v > hi) return fail(numError(fn, s, 'value out of range'));
  return ok(v);
}

function parseDecimalBig(fn: string, s: string, i: number, neg: boolean, signed: boolean, bitSize: number): Parsed<number> {
  let v = 0n;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return fail(numError(fn, s, 'invalid syntax'));
    v = v * 10n + BigInt(c - 48);
  }
  if (neg) v = -v;
  const bits = BigInt(bitSize);
  const [lo, hi] = signed ? [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n] : [0n, (1n << bits) - 1n];
  if (v < lo || v > hi) return fail(numError(fn, s, 'value out of range'));
  return ok(Number(v));
}

/** strconv.Atoi (int is 64 bits on the platforms CoreDNS ships for). */
export function atoi(s: string): Parsed<number> {
  return parseDecimal('Atoi', s, true, 64);
}

/** strconv.ParseInt(s, 10, bitSize). */
export function parseInt10(s: string, bitSize = 64): Parsed<number> {
  return parseDecimal('ParseInt', s, true, bitSize);
}

/** strconv.ParseUint(s, 10, bitSize). */
export function parseUint10(s: string, bitSize = 64): Parsed<number> {
  return parseDecimal('ParseUint', s, false, bitSize);
}

/** strconv.ParseBool. */
export function parseBool(s: string): Parsed<boolean> {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return ok(true);
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return ok(false);
  return fail(`strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax`);
}

const FLOAT_DEC = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const FLOAT_HEX = /^[+-]?0[xX](?:_?[0-9a-fA-F])*(?:\.[0-9a-fA-F]*(?:_?[0-9a-fA-F])*)?[pP][+-]?\d(?:_?\d)*$/;
const FLOAT_SPECIAL = /^[+-]?(?:inf|infinity)$|^nan$/i;

/** strconv.ParseFloat(s, 64): decimal, hex with exponent, inf/infinity/nan. */
export function parseFloat64(s: string): Parsed<number> {
  if (FLOAT_SPECIAL.test(s)) {
    const l = s.toLowerCase();
    return ok(l === 'nan' ? NaN : l.startsWith('-') ? -Infinity : Infinity);
  }
  // Go allows underscores only between digits and only after a base prefix.
  const hex = FLOAT_HEX.test(s);
  if (!hex && (!FLOAT_DEC.test(s) || s.includes('_'))) return fail(numError('ParseFloat', s, 'invalid syntax'));
  let v: number;
  if (hex) {
    const m = /^([+-]?)0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[\d_]+)$/.exec(s)!;
    const intPart = m[2].replace(/_/g, '');
    const frac = (m[3] ?? '').replace(/_/g, '');
    if (intPart === '' && frac === '') return fail(numError('ParseFloat', s, 'invalid syntax'));
    let mant = 0;
    for (const c of intPart + frac) mant = mant * 16 + parseInt(c, 16);
    v = mant * 2 ** (Number(m[4].replace(/_/g, '')) - 4 * frac.length);
    if (m[1] === '-') v = -v;
  } else v = Number(s);
  if (!Number.isFinite(v)) return fail(numError('ParseFloat', s, 'value out of range'));
  return ok(v);
}

// ---------------------------------------------------------------------------
// Go time
// ---------------------------------------------------------------------------

/** Nanoseconds per unit, as time.ParseDuration's unitMap. */
const DURATION_UNITS = new Map<string, bigint>([
  ['ns', 1n],
  ['us', 1000n],
  ['\u00b5s', 1000n],
  ['\u03bcs', 1000n],
  ['ms', 1000000n],
  ['s', 1000000000n],
  ['m', 60000000000n],
  ['h', 3600000000000n],
]);

const NS_PER_SECOND = 1e9;
const MAX_DURATION = (1n << 63n) - 1n;

/** time.Duration constants, in nanoseconds. */
export const Duration = {
  nanosecond: 1,
  microsecond: 1e3,
  millisecond: 1e6,
  second: NS_PER_SECOND,
  minute: 60 * NS_PER_SECOND,
  hour: 3600 * NS_PER_SECOND,
} as const;

/**
 * time.ParseDuration: the value in nanoseconds (a JS number, exact up to
 * about 104 days, which covers every bound setup.go compares against).
 * A unit is required except for "0".
 */
export function parseDuration(orig: string): Parsed<number> {
  return parseDurationSafe(orig) ?? parseDurationBig(orig);
}

/** Nanoseconds of a time.ParseDuration unit spelled in s[from, to), or 0 when it is not one. */
function durationUnit(s: string, from: number, to: number): number {
  const c0 = s.charCodeAt(from);
  if (to - from === 1) return c0 === 115 /* s */ ? 1e9 : c0 === 109 /* m */ ? 6e10 : c0 === 104 /* h */ ? 3.6e12 : 0;
  if (to - from !== 2 || s.charCodeAt(from + 1) !== 115 /* s */) return 0;
  switch (c0) {
    case 110 /* n */:
      return 1;
    case 117 /* u */:
    case 0xb5 /* µ */:
    case 0x3bc /* μ */:
      return 1e3;
    case 109 /* m */:
      return 1e6;
    default:
      return 0;
  }
}

/**
 * time.ParseDuration in plain numbers, for as long as every quantity stays
 * below 2^53 (where they are exact): undefined past that, and the BigInt
 * version decides.
 */
function parseDurationSafe(orig: string): Parsed<number> | undefined {
  const n = orig.length;
  let i = 0;
  let neg = false;
  if (n > 0) {
    const c = orig.charCodeAt(0);
    if (c === 45 /* - */ || c === 43 /* + */) {
      neg = c === 45;
      i = 1;
    }
  }
  if (n - i === 1 && orig.charCodeAt(i) === 48) return ok(0);
  if (i === n) return fail(`time: invalid duration ${goQuote(orig)}`);
  let d = 0;
  while (i < n) {
    let c = orig.charCodeAt(i);
    if (!(c === 46 || (c >= 48 && c <= 57))) return fail(`time: invalid duration ${goQuote(orig)}`);
    const intStart = i;
    let v = 0;
    while (i < n && (c = orig.charCodeAt(i)) >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      if (v > Number.MAX_SAFE_INTEGER) return undefined;
      i++;
    }
    const pre = i > intStart;
    let post = false;
    let f = 0;
    let scale = 1;
    if (i < n && orig.charCodeAt(i) === 46) {
      i++;
      const fracStart = i;
      while (i < n && (c = orig.charCodeAt(i)) >= 48 && c <= 57) {
        f = f * 10 + (c - 48);
        if (f > Number.MAX_SAFE_INTEGER) return undefined;
        scale *= 10;
        i++;
      }
      post = i > fracStart;
    }
    if (!pre && !post) return fail(`time: invalid duration ${goQuote(orig)}`);
    const unitStart = i;
    while (i < n && !((c = orig.charCodeAt(i)) === 46 || (c >= 48 && c <= 57))) i++;
    if (i === unitStart) return fail(`time: missing unit in duration ${goQuote(orig)}`);
    const unit = durationUnit(orig, unitStart, i);
    if (unit === 0) return fail(`time: unknown unit ${goQuote(orig.slice(unitStart, i))} in duration ${goQuote(orig)}`);
    if (v > Math.floor(Number.MAX_SAFE_INTEGER / unit)) return undefined;
    v *= unit;
    if (f > 0) {
      v += Math.trunc(f * (unit / scale));
      if (v > Number.MAX_SAFE_INTEGER) return undefined;
    }
    d += v;
    if (d > Number.MAX_SAFE_INTEGER) return undefined;
  }
  return ok(neg ? -d : d);
}

function parseDurationBig(orig: string): Parsed<number> {
  const invalid = (): Parsed<number> => fail(`time: invalid duration ${goQuote(orig)}`);
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return ok(0);
  if (s === '') return invalid();
  let d = 0n;
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid();
    let i = 0;
    let v = 0n;
    while (isDigit(s[i])) {
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > 1n << 63n) return invalid();
      i++;
    }
    const pre = i > 0;
    s = s.slice(i);
    let post = false;
    let f = 0n;
    let scale = 1;
    let overflow = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      while (isDigit(s[j])) {
        // leadingFraction stops adding precision once it would overflow.
        if (!overflow) {
          const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
          if (f > ((1n << 63n) - 1n) / 10n || y > 1n << 63n) overflow = true;
          else {
            f = y;
            scale *= 10;
          }
        }
        j++;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) return invalid();
    let u = 0;
    while (u < s.length && !(s[u] === '.' || isDigit(s[u]))) u++;
    if (u === 0) return fail(`time: missing unit in duration ${goQuote(orig)}`);
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = DURATION_UNITS.get(unitName);
    if (unit === undefined) return fail(`time: unknown unit ${goQuote(unitName)} in duration ${goQuote(orig)}`);
    if (v > (1n << 63n) / unit) return invalid();
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > 1n << 63n) return invalid();
    }
    d += v;
    if (d > 1n << 63n) return invalid();
  }
  if (neg) return ok(-Number(d));
  if (d > MAX_DURATION) return invalid();
  return ok(Number(d));
}

/** time.Duration.String, e.g. 90s → "1m30s", 1.5ms → "1.5ms". */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = BigInt(Math.abs(Math.round(ns)));
  const sign = neg ? '-' : '';
  if (u < 1000000000n) {
    const [unit, div] = u < 1000n ? ['ns', 1n] : u < 1000000n ? ['\u00b5s', 1000n] : ['ms', 1000000n];
    return sign + fracString(u, div) + unit;
  }
  let out = '';
  const h = u / 3600000000000n;
  u -= h * 3600000000000n;
  const m = u / 60000000000n;
  u -= m * 60000000000n;
  if (h > 0n) out += `${h}h`;
  if (h > 0n || m > 0n) out += `${m}m`;
  return sign + out + fracString(u, 1000000000n) + 's';
}

function fracString(v: bigint, div: bigint): string {
  const whole = v / div;
  const frac = v % div;
  if (frac === 0n) return `${whole}`;
  const digits = div.toString().length - 1;
  return `${whole}.${frac.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

/**
 * CoreDNS plugin/pkg/durations.NewDurationFromArg: a bare integer is
 * seconds, anything else goes through time.ParseDuration.
 */
export function durationFromArg(arg: string): Parsed<number> {
  let a = arg;
  if (atoi(a).ok) a += 's';
  const d = parseDuration(a);
  return d.ok ? d : fail(`failed to parse duration '${a}'`);
}

// ---------------------------------------------------------------------------
// Go net
// ---------------------------------------------------------------------------

/** net.IP as Go holds it after ParseIP: always 16 bytes, IPv4 as ::ffff:a.b.c.d. */
export type IP = Uint8Array;

const V4_IN_V6_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** What netip.ParseAddr returns: the 16 bytes, whether it was written as IPv4, and the zone. */
export interface Addr {
  ip: IP;
  is4: boolean;
  zone: string;
}

/** A ParseAddr failure, formatted only for callers that show it: net.ParseIP and ParseCIDR drop it. */
interface AddrError {
  inp: string;
  msg: string;
  at?: string;
}

/** netip.ParseAddr: the 16 bytes, whether it was written as IPv4, and the zone. */
export function parseAddr(s: string): Parsed<Addr> {
  const a = parseAddrOrError(s);
  return 'msg' in a ? fail(formatAddrErr(a)) : ok(a);
}

/** netip.ParseAddr without its error text: undefined where it fails. */
export function parseAddrQuiet(s: string): Addr | undefined {
  const a = parseAddrOrError(s);
  return 'msg' in a ? undefined : a;
}

function parseAddrOrError(s: string, ip = new Uint8Array(16)): Addr | AddrError {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e /* . */) {
      ip.set(V4_IN_V6_PREFIX);
      return parseIPv4Fields(s, 0, s.length, ip, 12) ?? { ip, is4: true, zone: '' };
    }
    if (c === 0x3a /* : */) return parseIPv6(s, ip);
    if (c === 0x25 /* % */) return addrErr(s, 'missing IPv6 address');
  }
  return addrErr(s, 'unable to parse IP');
}

/** Scratch bytes for the parses whose address is only tested, never kept. */
const SCRATCH_IP = new Uint8Array(16);

/** Whether net.ParseIP accepts s (parseIP(s) !== undefined, without keeping the bytes). */
export function isIP(s: string): boolean {
  SCRATCH_IP.fill(0);
  const a = parseAddrOrError(s, SCRATCH_IP);
  return !('msg' in a) && a.zone === '';
}

function addrErr(inp: string, msg: string, at?: string): AddrError {
  return { inp, msg, at };
}

function formatAddrErr({ inp, msg, at }: AddrError): string {
  return at !== undefined && at !== ''
    ? `ParseAddr(${goQuote(inp)}): ${msg} (at ${goQuote(at)})`
    : `ParseAddr(${goQuote(inp)}): ${msg}`;
}

function parseIPv4Fields(inp: string, off: number, end: number, out: Uint8Array, at: number): AddrError | undefined {
  let val = 0;
  let pos = 0;
  let digLen = 0;
  const s = inp.slice(off, end);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digLen === 1 && val === 0) return addrErr(inp, 'IPv4 field has octet with leading zero');
      val = val * 10 + (c - 48);
      digLen++;
      if (val > 255) return addrErr(inp, 'IPv4 field has value >255');
    } else if (s[i] === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') return addrErr(inp, 'IPv4 field must have at least one digit', s.slice(i));
      if (pos === 3) return addrErr(inp, 'IPv4 address too long');
      out[at + pos] = val;
      pos++;
      val = 0;
      digLen = 0;
    } else return addrErr(inp, 'unexpected character', s.slice(i));
  }
  if (pos < 3) return addrErr(inp, 'IPv4 address too short');
  out[at + 3] = val;
  return undefined;
}

/** The IPv6 form into `ip`, which must be all zeros. */
function parseIPv6(inp: string, ip: Uint8Array): Addr | AddrError {
  let s = inp;
  let zone = '';
  const pct = s.indexOf('%');
  if (pct !== -1) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === '') return addrErr(inp, 'zone must be a non-empty string');
  }
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { ip, is4: false, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const h = HEX.indexOf(s[off].toLowerCase());
      if (h < 0) break;
      acc = acc * 16 + h;
      if (off > 3) return addrErr(inp, 'each group must have 4 or less digits', s);
      if (acc > 0xffff) return addrErr(inp, 'IPv6 field has value >=2^16', s);
    }
    if (off === 0) return addrErr(inp, 'each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) return addrErr(inp, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      if (i + 4 > 16) return addrErr(inp, 'too many hex fields to fit an embedded IPv4 at the end of the address', s);
      let end = inp.length;
      if (zone.length > 0) end -= zone.length + 1;
      const err = parseIPv4Fields(inp, end - s.length, end, ip, i);
      if (err) return err;
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ':') return addrErr(inp, 'unexpected character, want colon', s);
    if (s.length === 1) return addrErr(inp, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return addrErr(inp, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return addrErr(inp, 'trailing garbage after address', s);
  if (i < 16) {
    if (ellipsis < 0) return addrErr(inp, 'address string too short');
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) return addrErr(inp, 'the :: must expand to at least one field of zeros', s);
  return { ip, is4: false, zone };
}

const HEX = '0123456789abcdef';

/** net.ParseIP: undefined for anything that is not a plain IPv4 or IPv6 address (zones rejected). */
export function parseIP(s: string): IP | undefined {
  const a = parseAddrQuiet(s);
  return a && a.zone === '' ? a.ip : undefined;
}

/** IP.To4: the 4-byte form of an IPv4 (or IPv4-mapped) address. */
export function ipTo4(ip: IP): Uint8Array | undefined {
  if (ip.length === 4) return ip;
  if (ip.length === 16 && V4_IN_V6_PREFIX.every((b, i) => ip[i] === b)) return ip.slice(12);
  return undefined;
}

/** net.IP.String. */
export function ipString(ip: Uint8Array): string {
  const v4 = ipTo4(ip);
  if (v4) return Array.from(v4).join('.');
  if (ip.length !== 16) return '?';
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip[i] << 8) | ip[i + 1]);
  // RFC 5952: the longest run of two or more zero groups becomes '::'.
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
  if (bestStart < 0) return groups.map((g) => g.toString(16)).join(':');
  const head = groups.slice(0, bestStart).map((g) => g.toString(16)).join(':');
  const tail = groups.slice(bestStart + bestLen).map((g) => g.toString(16)).join(':');
  return `${head}::${tail}`;
}

/** net.IPNet: the masked network address (4 bytes for IPv4) and the prefix. */
export interface IPNet {
  ip: Uint8Array;
  ones: number;
  bits: number;
}

export function ipNetString(n: IPNet): string {
  return `${ipString(n.ip)}/${n.ones}`;
}

/** net.ParseCIDR: the address and its network, or `invalid CIDR address: S`. */
export function parseCIDR(s: string): Parsed<{ ip: IP; net: IPNet }> {
  const c = parseCIDRQuiet(s);
  return c ? ok(c) : fail(`invalid CIDR address: ${s}`);
}

/** net.ParseCIDR without its error text: undefined where it fails. */
export function parseCIDRQuiet(s: string): { ip: IP; net: IPNet } | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const a = parseAddrQuiet(s.slice(0, slash));
  if (!a || a.zone !== '') return undefined;
  const mask = s.slice(slash + 1);
  // dtoi: decimal digits only (leading zeros allowed), at least one.
  if (!/^[0-9]+$/.test(mask)) return undefined;
  const ones = Number(mask);
  const bits = a.is4 ? 32 : 128;
  if (ones > bits) return undefined;
  const ip = a.ip;
  const full = a.is4 ? ip.slice(12) : ip.slice();
  for (let i = 0; i < full.length; i++) {
    const keep = Math.max(0, Math.min(8, ones - i * 8));
    full[i] &= (0xff << (8 - keep)) & 0xff;
  }
  return { ip, net: { ip: full, ones, bits } };
}

/** Whether `ip` lies inside `n` (IPNet.Contains). */
export function ipNetContains(n: IPNet, ip: IP): boolean {
  const b = n.bits === 32 ? ipTo4(ip) : ip.length === 16 ? ip : undefined;
  if (!b || b.length !== n.ip.length) return false;
  for (let i = 0; i < b.length; i++) {
    const keep = Math.max(0, Math.min(8, n.ones - i * 8));
    const m = (0xff << (8 - keep)) & 0xff;
    if ((b[i] & m) !== n.ip[i]) return false;
  }
  return true;
}

/** net.SplitHostPort, with its `address X: why` errors. */
export function splitHostPort(hostport: string): Parsed<{ host: string; port: string }> {
  const r = splitHostPortQuiet(hostport);
  return typeof r === 'string' ? fail(`address ${hostport}: ${r}`) : ok(r);
}

/** net.SplitHostPort: the parts, or why it fails (without the `address X: ` of its error). */
export function splitHostPortQuiet(hostport: string): { host: string; port: string } | string {
  const missingPort = 'missing port in address';
  const tooManyColons = 'too many colons in address';
  const i = hostport.lastIndexOf(':');
  if (i < 0) return missingPort;
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return "missing ']' in address";
    if (end + 1 === hostport.length) return missingPort;
    if (end + 1 !== i) return hostport[end + 1] === ':' ? tooManyColons : missingPort;
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    // (lastIndexOf clamps a negative start to 0, where the colon at i = 0 would be found again.)
    if (i > 0 && hostport.lastIndexOf(':', i - 1) !== -1) return tooManyColons;
    host = hostport.slice(0, i);
  }
  if (hostport.indexOf('[', j) !== -1) return "unexpected '[' in address";
  if (hostport.indexOf(']', k) !== -1) return "unexpected ']' in address";
  return { host, port: hostport.slice(i + 1) };
}

/** net.JoinHostPort. */
export function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * net/url.Parse, as far as setup code depends on it: the error for a
 * malformed URL (control characters, bad escapes, bad authority), else the
 * scheme and host.
 */
export function urlParse(rawURL: string): Parsed<{ scheme: string; host: string }> {
  const err = (why: string) => fail<{ scheme: string; host: string }>(`parse ${goQuote(rawURL)}: ${why}`);
  const hash = rawURL.indexOf('#');
  const frag = hash < 0 ? '' : rawURL.slice(hash + 1);
  let rest = hash < 0 ? rawURL : rawURL.slice(0, hash);
  if (badEscape(frag)) return err(`invalid URL escape ${goQuote(badEscape(frag)!)}`);
  if (/[\x00-\x1f\x7f]/.test(rest)) return err('net/url: invalid control character in URL');
  if (rest === '' && hash >= 0) return ok({ scheme: '', host: '' });
  let scheme = '';
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.exec(rest);
  if (rest.startsWith(':')) return err('missing protocol scheme');
  if (m) {
    scheme = m[0].slice(0, -1).toLowerCase();
    rest = rest.slice(m[0].length);
  }
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith('/')) {
    if (scheme !== '') return ok({ scheme, host: '' });
    if (rest.split('/')[0].includes(':')) return err('first path segment in URL cannot contain colon');
  }
  if (!rest.startsWith('//') || (scheme === '' && rest.startsWith('///'))) return ok({ scheme, host: '' });
  const slash = rest.indexOf('/', 2);
  const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
  const at = authority.lastIndexOf('@');
  let host = at < 0 ? authority : authority.slice(at + 1);
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return err("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!/^(:[0-9]*)?$/.test(colonPort)) return err(`invalid port ${goQuote(colonPort)} after host`);
  } else {
    const i = host.lastIndexOf(':');
    if (i >= 0 && !/^:[0-9]*$/.test(host.slice(i))) return err(`invalid port ${goQuote(host.slice(i))} after host`);
  }
  const be = badEscape(host);
  if (be) return err(`invalid URL escape ${goQuote(be)}`);
  const badHostChar = /[^a-zA-Z0-9\-_.~!$&'()*+,;=:[\]<>"%\x80-\uffff]/.exec(host);
  if (badHostChar) return err(`invalid character ${goQuote(badHostChar[0])} in host name`);
  host = host.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return ok({ scheme, host });
}

function badEscape(s: string): string | undefined {
  for (let i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
    if (!/^%[0-9a-fA-F]{2}/.test(s.slice(i))) return s.slice(i, i + 3);
  }
  return undefined;
}

/**
 * net.LookupPort for a numeric port, which is all a validator can decide
 * without the services database: digits in 0–65535.
 */
export function isNumericPort(port: string): boolean {
  return /^[0-9]+$/.test(port) && Number(port) <= 65535;
}

// ---------------------------------------------------------------------------
// miekg/dns names and tables
// ---------------------------------------------------------------------------

const encoder = new TextEncoder();

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** Length in bytes, as Go's len() on a string. */
export function byteLength(s: string): number {
  return ASCII.test(s) ? s.length : encoder.encode(s).length;
}

/** dns.IsFqdn: ends in a dot that is not escaped. */
export function isFqdn(s: string): boolean {
  const last = s.length - 1;
  if (last < 0 || s.charCodeAt(last) !== 0x2e) return false;
  // The dot counts unless an odd number of backslashes escapes it.
  let n = 0;
  for (let i = last - 1; i >= 0 && s.charCodeAt(i) === 0x5c; i--) n++;
  return n % 2 === 0;
}

/** dns.Fqdn. */
export function fqdn(s: string): string {
  return isFqdn(s) ? s : s + '.';
}

/** dns.IsDomainName: the label count and whether s is a syntactically valid name (byte-length rules). */
export function isDomainName(name: string): { labels: number; ok: boolean } {
  if (name.length === 0) return { labels: 0, ok: false };
  const dot = isFqdn(name) ? 0 : 1;
  // ASCII text, the usual case, is its own UTF-8; the dot fqdn adds is read past the end instead of appended.
  if (ASCII.test(name)) return domainNameScan(name, undefined, name.length + dot);
  const bytes = encoder.encode(dot ? name + '.' : name);
  return domainNameScan(name, bytes, bytes.length);
}

/** The bytes of fqdn(name), `len` of them: from `bytes`, or (ASCII) the char codes of name and a final dot. */
function domainNameScan(name: string, bytes: Uint8Array | undefined, len: number): { labels: number; ok: boolean } {
  const lenmsg = 256;
  let labels = 0;
  let off = 0;
  let begin = 0;
  let wasDot = false;
  let escape = false;
  for (let i = 0; i < len; i++) {
    switch (byteAt(name, bytes, len, i)) {
      case 0x5c: // backslash
        escape = !escape;
        if (off + 1 > lenmsg) return { labels, ok: false };
        if (isDigitByte(byteAt(name, bytes, len, i + 1)) && isDigitByte(byteAt(name, bytes, len, i + 2)) && isDigitByte(byteAt(name, bytes, len, i + 3))) {
          i += 3;
          begin += 3;
        } else {
          i++;
          begin++;
        }
        wasDot = false;
        break;
      case 0x2e: {
        escape = false;
        if (i === 0 && len > 1) return { labels, ok: false };
        if (wasDot) return { labels, ok: false };
        wasDot = true;
        const labelLen = i - begin;
        if (labelLen >= 64) return { labels, ok: false };
        off += 1 + labelLen;
        if (off > lenmsg) return { labels, ok: false };
        labels++;
        begin = i + 1;
        break;
      }
      default:
        escape = false;
        wasDot = false;
    }
  }
  return { labels, ok: !escape };
}

function byteAt(name: string, bytes: Uint8Array | undefined, len: number, i: number): number {
  if (i >= len) return NaN;
  if (bytes) return bytes[i];
  return i < name.length ? name.charCodeAt(i) : 0x2e;
}

function isDigitByte(b: number): boolean {
  return b >= 48 && b <= 57;
}

/** dns.NextLabel: offset of the label after `offset`, and whether the end was reached. */
export function nextLabel(s: string, offset: number): { i: number; end: boolean } {
  if (s === '') return { i: 0, end: true };
  let i = offset;
  for (; i < s.length - 1; i++) {
    if (s[i] !== '.') continue;
    let j = i - 1;
    while (j >= 0 && s[j] === '\\') j--;
    if ((j - i) % 2 === 0) continue;
    return { i: i + 1, end: false };
  }
  return { i: i + 1, end: true };
}

/** dns.ReverseAddr. */
export function reverseAddr(addr: string): Parsed<string> {
  const ip = parseIP(addr);
  if (!ip) return fail(`dns: unrecognized address: ${addr}`);
  const v4 = ipTo4(ip);
  if (v4) return ok(`${Array.from(v4).reverse().join('.')}.in-addr.arpa.`);
  let out = '';
  for (let i = 15; i >= 0; i--) out += `${HEX[ip[i] & 0xf]}.${HEX[ip[i] >> 4]}.`;
  return ok(out + 'ip6.arpa.');
}

/** dns.TypeToString (miekg/dns v1.1.72), by value. */
export const TYPE_TO_STRING: ReadonlyMap<number, string> = new Map([
  [0, 'None'], [1, 'A'], [2, 'NS'], [3, 'MD'], [4, 'MF'], [5, 'CNAME'], [6, 'SOA'], [7, 'MB'], [8, 'MG'], [9, 'MR'],
  [10, 'NULL'], [12, 'PTR'], [13, 'HINFO'], [14, 'MINFO'], [15, 'MX'], [16, 'TXT'], [17, 'RP'], [18, 'AFSDB'],
  [19, 'X25'], [20, 'ISDN'], [21, 'RT'], [23, 'NSAP-PTR'], [24, 'SIG'], [25, 'KEY'], [26, 'PX'], [27, 'GPOS'],
  [28, 'AAAA'], [29, 'LOC'], [30, 'NXT'], [31, 'EID'], [32, 'NIMLOC'], [33, 'SRV'], [34, 'ATMA'], [35, 'NAPTR'],
  [36, 'KX'], [37, 'CERT'], [39, 'DNAME'], [41, 'OPT'], [42, 'APL'], [43, 'DS'], [44, 'SSHFP'], [45, 'IPSECKEY'],
  [46, 'RRSIG'], [47, 'NSEC'], [48, 'DNSKEY'], [49, 'DHCID'], [50, 'NSEC3'], [51, 'NSEC3PARAM'], [52, 'TLSA'],
  [53, 'SMIMEA'], [55, 'HIP'], [56, 'NINFO'], [57, 'RKEY'], [58, 'TALINK'], [59, 'CDS'], [60, 'CDNSKEY'],
  [61, 'OPENPGPKEY'], [62, 'CSYNC'], [63, 'ZONEMD'], [64, 'SVCB'], [65, 'HTTPS'], [99, 'SPF'], [100, 'UINFO'],
  [101, 'UID'], [102, 'GID'], [103, 'UNSPEC'], [104, 'NID'], [105, 'L32'], [106, 'L64'], [107, 'LP'],
  [108, 'EUI48'], [109, 'EUI64'], [128, 'NXNAME'], [249, 'TKEY'], [250, 'TSIG'], [251, 'IXFR'], [252, 'AXFR'],
  [253, 'MAILB'], [254, 'MAILA'], [255, 'ANY'], [256, 'URI'], [257, 'CAA'], [258, 'AVC'], [260, 'AMTRELAY'],
  [261, 'RESINFO'], [32768, 'TA'], [32769, 'DLV'], [65535, 'Reserved'],
]);

/** dns.StringToType: exact (case-sensitive) names. */
export const STRING_TO_TYPE: ReadonlyMap<string, number> = new Map([...TYPE_TO_STRING].map(([k, v]) => [v, k]));

/** dns.ClassToString / StringToClass. */
export const STRING_TO_CLASS: ReadonlyMap<string, number> = new Map([
  ['IN', 1], ['CS', 2], ['CH', 3], ['HS', 4], ['NONE', 254], ['ANY', 255],
]);

/** dns.StringToOpcode. */
export const STRING_TO_OPCODE: ReadonlyMap<string, number> = new Map([
  ['QUERY', 0], ['IQUERY', 1], ['STATUS', 2], ['NOTIFY', 4], ['UPDATE', 5],
]);

/** dns.StringToRcode (RcodeToString reversed, plus the NOTIMPL alias). */
export const STRING_TO_RCODE: ReadonlyMap<string, number> = new Map([
  ['NOERROR', 0], ['FORMERR', 1], ['SERVFAIL', 2], ['NXDOMAIN', 3], ['NOTIMP', 4], ['REFUSED', 5],
  ['YXDOMAIN', 6], ['YXRRSET', 7], ['NXRRSET', 8], ['NOTAUTH', 9], ['NOTZONE', 10], ['DSOTYPENI', 11],
  ['BADSIG', 16], ['BADKEY', 17], ['BADTIME', 18], ['BADMODE', 19], ['BADNAME', 20], ['BADALG', 21],
  ['BADTRUNC', 22], ['BADCOOKIE', 23], ['NOTIMPL', 4],
]);

// ---------------------------------------------------------------------------
// CoreDNS plugin helpers
// ---------------------------------------------------------------------------

/** Go's strings.ToLower, which maps U+0130 to a plain `i` where JS adds a combining dot. */
function goLower(s: string): string {
  if (ASCII.test(s)) return s.toLowerCase();
  let out = '';
  // One code point at a time: JS lowers a final sigma by context, Go never does.
  for (const ch of s) out += ch === '\u0130' ? 'i' : ch.toLowerCase();
  return out;
}

/** plugin.Name(s).Normalize(): lower-cased and fully qualified. No IDNA conversion. */
export function normalizeName(s: string): string {
  return goLower(fqdn(s));
}

/** The transports of plugin/pkg/transport, with their `scheme://` prefixes. */
export type Transport = 'dns' | 'tls' | 'quic' | 'grpc' | 'https' | 'https3' | 'unix';

/** parse.Transport: the scheme prefix (default dns) and the rest. */
export function splitTransport(s: string): { transport: Transport; addr: string } {
  const t = transportPrefix(s);
  return t === undefined ? { transport: 'dns', addr: s } : { transport: t, addr: s.slice(t.length + 3) };
}

/** parse.Transport's transport alone: splitTransport(s).transport. */
export function transportOf(s: string): Transport {
  return transportPrefix(s) ?? 'dns';
}

/** The transport whose `scheme://` s starts with, tried in parse.Transport's order. */
function transportPrefix(s: string): Transport | undefined {
  // Every prefix ends in `://` after 3 to 6 letters.
  const sep = s.indexOf('://');
  if (sep < 3 || sep > 6) return undefined;
  for (const t of TRANSPORT_ORDER) if (s.startsWith(t) && s.startsWith('://', t.length)) return t;
  return undefined;
}

const TRANSPORT_ORDER = ['tls', 'dns', 'quic', 'grpc', 'https3', 'https', 'unix'] as const;

/** Default ports per transport (plugin/pkg/transport). */
export const TRANSPORT_PORT: Readonly<Record<Exclude<Transport, 'unix'>, string>> = {
  dns: '53',
  tls: '853',
  quic: '853',
  grpc: '443',
  https: '443',
  https3: '443',
};

/**
 * plugin.SplitHostPort: zone(s) and port of a server-block-style key
 * without scheme; a CIDR expands to its reverse zones.
 */
export function zoneSplitHostPort(str: string): Parsed<{ hosts: string[]; port: string }> {
  let s = str;
  let port = '';
  const colon = s.lastIndexOf(':');
  if (colon === s.length - 1) return fail(`expecting data after last colon: ${goQuote(s)}`);
  if (colon !== -1 && isPlainPort(s, colon + 1)) {
    // Digits without a leading zero print back as they are.
    port = s.slice(colon + 1);
    s = s.slice(0, colon);
  } else if (colon !== -1) {
    const p = atoi(s.slice(colon + 1));
    if (p.ok) {
      // strconv.Itoa prints the number back, so `0053` becomes `53`; past 2^53 only BigInt keeps every digit.
      port = Number.isSafeInteger(p.value) ? String(p.value) : BigInt(s.slice(colon + 1)).toString();
      s = s.slice(0, colon);
    }
  }
  const n = s.length <= 85 ? s.length : byteLength(s);
  if (n > 255) return fail(`specified zone is too long: ${n} > 255`);
  if (!isDomainName(s).ok) return fail(`zone is not a valid domain name: ${s}`);
  const c = parseCIDRQuiet(s);
  if (!c) return ok({ hosts: [s], port });
  if (s[0] === ':' || (s[0] === '0' && s.includes(':'))) return fail(`invalid CIDR ${s}`);
  return ok({ hosts: cidrReverse(cidrSplit(c.net)), port });
}

/** Whether s[from…] is 1 to 15 decimal digits without a leading zero (an int that strconv.Itoa prints back unchanged). */
function isPlainPort(s: string, from: number): boolean {
  const n = s.length - from;
  if (n < 1 || n > 15 || (n > 1 && s.charCodeAt(from) === 48)) return false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** cidr.Split: the subnets of n on reverse-label boundaries (8 bits for IPv4, 4 for IPv6). */
export function cidrSplit(n: IPNet): IPNet[] {
  const boundary = ipNetString(n).includes(':') ? 4 : 8;
  if (n.ones % boundary === 0) return [n];
  const mask = Math.ceil(n.ones / boundary) * boundary;
  const count = 2 ** (mask - n.ones);
  const out: IPNet[] = [];
  const width = n.ip.length * 8;
  let base = 0n;
  for (const b of n.ip) base = (base << 8n) | BigInt(b);
  for (let i = 0; i < count; i++) {
    const v = base + (BigInt(i) << BigInt(width - mask));
    if (v >> BigInt(width) !== 0n) break;
    const ip = new Uint8Array(n.ip.length);
    for (let j = 0; j < ip.length; j++) ip[j] = Number((v >> BigInt(8 * (ip.length - 1 - j))) & 0xffn);
    out.push({ ip, ones: mask, bits: n.bits });
  }
  return out;
}

/** cidr.Reverse: the reverse zone each net is authoritative for. */
export function cidrReverse(nets: IPNet[]): string[] {
  return nets.map((n) => {
    const r = reverseAddr(ipString(n.ip));
    if (!r.ok) return '';
    const sizeDigit = n.ip.length === 16 ? 4 : 8;
    const bits = n.ip.length * 8;
    const mod = (bits - n.ones) % sizeDigit;
    const nearest = bits - n.ones + mod;
    let offset = 0;
    for (let k = 0; k < Math.floor(nearest / sizeDigit); k++) {
      const nl = nextLabel(r.value, offset);
      offset = nl.i;
      if (nl.end) break;
    }
    return r.value.slice(offset);
  });
}

/** plugin.Host(s).NormalizeExact(): the zone(s) of s, or [] when s is not valid. */
export function hostNormalizeExact(s: string): string[] {
  // The root (forward ., fallthrough .) is valid and normalises to itself.
  if (s === '.') return ['.'];
  const r = zoneSplitHostPort(splitTransport(s).addr);
  return r.ok ? r.value.hosts.map(normalizeName) : [];
}

/** plugin.OriginsFromArgsOrServerBlock: normalised args, or the server block keys when there are none. */
export function originsFromArgsOrServerBlock(args: readonly string[], serverBlockKeys: readonly string[]): string[] {
  if (args.length === 0) {
    return serverBlockKeys.map((k) => {
      const sx = hostNormalizeExact(k);
      return sx.length === 0 ? k : sx[0];
    });
  }
  const out: string[] = [];
  for (const a of args) out.push(...hostNormalizeExact(a));
  return out;
}

/** fall.F.SetZonesFromArgs: the fallthrough zones ("." when none are given). Never fails. */
export function fallthroughZones(args: string[]): string[] {
  // No arguments: the root, which normalises to itself.
  if (args.length === 0) return ['.'];
  const out: string[] = [];
  for (const a of args) for (const z of hostNormalizeExact(a)) out.push(z);
  return out;
}

/** parse.stripZone: drop an IPv6 `%zone`, keeping anything after it. */
export function stripZone(host: string): string {
  const i = host.lastIndexOf('%');
  return i < 0 ? host : host.slice(0, i);
}

/** One upstream of parse.HostPortOrFile, before reading any file. */
export type Upstream =
  | { kind: 'address'; transport: Transport; host: string; port: string; text: string }
  | { kind: 'unix'; text: string }
  | { kind: 'file'; path: string };

/**
 * One argument of parse.HostPortOrFile, classified without touching the
 * file system: an address (with its default port added, `text` as
 * `scheme://host:port`) or a candidate resolv.conf path. The error is
 * CoreDNS's for the one shape that can never work, an empty address.
 */
export function classifyUpstream(h: string): Parsed<Upstream> {
  const { transport, addr: host } = splitTransport(h);
  if (host.length === 0) return fail(`invalid address: ${goQuote(h)}`);
  if (transport === 'unix') return ok({ kind: 'unix', text: `unix://${host}` });
  const hp = splitHostPortQuiet(host);
  if (typeof hp === 'string') {
    const bare = trimBrackets(host);
    if (!isIP(stripZone(bare))) return ok({ kind: 'file', path: bare });
    const port = TRANSPORT_PORT[transport];
    const text = joinHostPort(bare, port);
    return ok({ kind: 'address', transport, host: bare, port, text: transport === 'dns' ? text : `${transport}://${text}` });
  }
  if (!isIP(stripZone(hp.host))) return ok({ kind: 'file', path: host });
  return ok({ kind: 'address', transport, host: hp.host, port: hp.port, text: h });
}

/** strings.Trim(s, "[]"): brackets off both ends. */
function trimBrackets(s: string): string {
  const isBracket = (c: number) => c === 0x5b || c === 0x5d;
  let i = 0;
  let j = s.length;
  while (i < j && isBracket(s.charCodeAt(i))) i++;
  while (j > i && isBracket(s.charCodeAt(j - 1))) j--;
  return i === 0 && j === s.length ? s : s.slice(i, j);
}

/**
 * parse.HostPortOrFile without the file system: each argument is an
 * address (normalised as CoreDNS does) or the name of a resolv.conf-style
 * file, which only the running server can read. A validator accepts file
 * arguments; whether they exist and name servers is a run-time question.
 */
export function hostPortOrFile(args: readonly string[]): Parsed<{ servers: string[]; files: string[] }> {
  const servers: string[] = [];
  const files: string[] = [];
  for (const h of args) {
    const c = classifyUpstream(h);
    if (!c.ok) return c;
    const u = c.value;
    if (u.kind === 'file') files.push(u.path);
    // Go's switch on the transport has no https3 case, so a bare https3 address becomes the empty string.
    else if (u.kind === 'address' && u.transport === 'https3' && u.text !== h) servers.push('');
    else servers.push(u.text);
  }
  if (servers.length === 0 && files.length === 0) return fail('no nameservers found');
  return ok({ servers, files });
}

/** parse.HostPort: an IP address with the default port added when missing. */
export function hostPort(s: string, defaultPort: string): Parsed<string> {
  const hp = splitHostPort(s);
  if (!hp.ok) {
    if (!isIP(stripZone(s))) return fail(`must specify an IP address: \`${s}'`);
    return ok(joinHostPort(s, defaultPort));
  }
  const port = hp.value.port === '' ? defaultPort : hp.value.port;
  if (!isIP(stripZone(hp.value.host))) return fail(`must specify an IP address: \`${hp.value.host}'`);
  return ok(joinHostPort(hp.value.host, port));
}

/**
 * parse.TransferIn: `transfer from ADDR...` after the `transfer` token.
 * Throws like the Go function returns (DispenserError or SetupError).
 */
export function transferIn(d: Dispenser): string[] {
  if (!d.nextArg()) throw d.argErr();
  const value = d.val();
  if (value !== 'from') throw d.err(`unknown property ${value}`);
  const froms = d.remainingArgs();
  if (froms.length === 0) throw d.argErr();
  return froms.map((f) => {
    if (f === '*') throw new SetupError("can't use '*' in transfer from", d.token());
    return must(hostPort(f, TRANSPORT_PORT.dns), d);
  });
}

/**
 * plugin/pkg/tls.NewTLSConfigFromArgs, as far as it can be decided
 * without reading the files: the argument count.
 */
export function tlsConfigArgsError(args: string[]): string | undefined {
  return args.length > 3 ? `maximum of three arguments allowed for TLS config, found ${args.length}` : undefined;
}

/**
 * The optional `ADDRESS` argument of the plugins that serve HTTP beside
 * DNS (health, ready, metrics): at most one, which net.SplitHostPort must
 * accept. Its error is returned bare, not through c.Err.
 */
export function listenAddressArg(d: Dispenser): void {
  const args = d.remainingArgs();
  if (args.length > 1) throw d.argErr();
  if (args.length === 1) {
    const hp = splitHostPort(args[0]);
    if (!hp.ok) throw new SetupError(hp.error, d.token());
  }
}

/**
 * The listener limits of a server transport (grpc_server, https, https3
 * and quic setup.go): no arguments, then a block where each of `options`
 * may be set once to an integer that is at least 0, or at least 1 when
 * `positive`. Only the first occurrence of the directive is read.
 */
export function listenerLimits(d: Dispenser, options: readonly string[], positive: boolean): void {
  d.next();
  if (d.countRemainingArgs() > 0) throw d.argErr();
  const seen = new Set<string>();
  while (d.nextBlock()) {
    const opt = d.val();
    if (!options.includes(opt)) throw d.err(`unknown property '${opt}'`);
    const args = d.remainingArgs();
    if (args.length !== 1) throw d.argErr();
    const n = atoi(args[0]);
    if (!n.ok) throw d.err(`invalid ${opt} value '${args[0]}': ${n.error}`);
    if (positive && n.value <= 0) throw d.err(`${opt} must be a positive integer: ${n.value}`);
    if (!positive && n.value < 0) throw d.err(`${opt} must be a non-negative integer: ${n.value}`);
    if (seen.has(opt)) throw d.err(`${opt} already defined for this server block`);
    seen.add(opt);
  }
}

/** The `ttl SECONDS` option of kubernetes and k8s_external: an integer in [0, 3600]. */
export function kubernetesTTL(d: Dispenser): void {
  const args = d.remainingArgs();
  if (args.length === 0) throw d.argErr();
  const t = must(atoi(args[0]), d);
  if (t < 0 || t > 3600) throw d.err(`ttl must be in range [0, 3600]: ${t}`);
}

// ---------------------------------------------------------------------------
// Regular expressions
// ---------------------------------------------------------------------------

/** regexp.Compile with Go's RE2 syntax and error text (`error parsing regexp: …`). */
export function compileRegexp(pattern: string): Parsed<RE2JS> {
  try {
    return ok(RE2JS.compile(pattern));
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
}

/** What a validator needs of regexp.Compile: the verdict, and re.NumSubexp() when it compiles. */
export type RegexpCheck = Parsed<{ groupCount: number }>;

/**
 * A pure function of one string, with its last `max` answers kept. For
 * checks that a validator repeats on the same text (each block's patterns
 * and templates, and the whole file again on every keystroke in an editor):
 * the answer depends on the string alone, so keeping it changes nothing but
 * time, and the bound keeps memory flat.
 */
export function memoizeString<T>(max: number, fn: (s: string) => T): (s: string) => T {
  // An undefined answer is kept as KEPT_UNDEFINED, so that a hit is a single lookup.
  const kept = new Map<string, T | typeof KEPT_UNDEFINED>();
  return (s) => {
    const hit = kept.get(s);
    if (hit !== undefined) return hit === KEPT_UNDEFINED ? (undefined as T) : hit;
    const r = fn(s);
    // Oldest first out: a Map iterates in insertion order.
    if (kept.size >= max) kept.delete(kept.keys().next().value!);
    kept.set(s, r === undefined ? KEPT_UNDEFINED : r);
    return r;
  };
}

const KEPT_UNDEFINED: unique symbol = Symbol('undefined');

/**
 * regexp.Compile's verdict on `pattern`, exactly as compileRegexp would give
 * it, without building a matcher (parse, simplify, prefilter, program) that
 * a validator would throw away, where that is avoidable.
 */
export const checkRegexp: (pattern: string) => RegexpCheck = memoizeString(4096, (pattern) => {
  const groups = plainRegexpGroups(pattern);
  if (groups !== undefined) return ok({ groupCount: groups });
  const c = compileRegexp(pattern);
  return c.ok ? ok({ groupCount: c.value.groupCount() }) : c;
});

const REGEXP_CLASS_ESCAPES = new Set(['d', 'D', 's', 'S', 'w', 'W']);

/**
 * The capture-group count of a pattern in a plain subset of RE2 that is
 * always valid: printable ASCII literals, `\` before punctuation, `\d \s
 * \w` and their negations, `.`, `^`, `$`, `|`, capturing groups, and
 * `* + ?` (greedy or lazy) after a literal, class or group. Anything else
 * (character classes, counted repetition, flags, named groups, other
 * escapes, non-ASCII, long or deeply nested patterns) gives undefined and
 * goes to the real parser, so this never decides a pattern RE2 would judge
 * otherwise (test/regexp-check.property.test.ts holds it to RE2JS.compile).
 */
function plainRegexpGroups(p: string): number | undefined {
  if (p.length > 1000) return undefined;
  let depth = 0;
  let groups = 0;
  // Whether the item just read may take a repetition operator.
  let operand = false;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return undefined;
    switch (c) {
      case 0x5c /* \ */: {
        const n = p.charCodeAt(i + 1);
        const alnum = (n >= 0x30 && n <= 0x39) || (n >= 0x41 && n <= 0x5a) || (n >= 0x61 && n <= 0x7a);
        if (alnum ? !REGEXP_CLASS_ESCAPES.has(p[i + 1]!) : !(n >= 0x21 && n <= 0x7e)) return undefined;
        i++;
        operand = true;
        break;
      }
      case 0x28 /* ( */:
        if (p.charCodeAt(i + 1) === 0x3f /* ? */ || ++depth > 100) return undefined;
        groups++;
        operand = false;
        break;
      case 0x29 /* ) */:
        if (depth === 0) return undefined;
        depth--;
        operand = true;
        break;
      case 0x2a /* * */:
      case 0x2b /* + */:
      case 0x3f /* ? */:
        if (!operand) return undefined;
        if (p.charCodeAt(i + 1) === 0x3f) i++;
        operand = false;
        break;
      case 0x5b /* [ */:
      case 0x5d /* ] */:
      case 0x7b /* { */:
      case 0x7d /* } */:
        return undefined;
      case 0x7c /* | */:
      case 0x5e /* ^ */:
      case 0x24 /* $ */:
        operand = false;
        break;
      default:
        operand = true;
    }
  }
  return depth === 0 ? groups : undefined;
}

/**
 * strconv.ParseUint(s, base, bitSize) for base 0 (Go literal syntax: 0x,
 * 0o, 0b or a leading 0 for octal, underscores between digits) and bases
 * 2–36.
 */
export function parseUint(s: string, base: number, bitSize = 64): Parsed<number> {
  const syntax = fail<number>(numError('ParseUint', s, 'invalid syntax'));
  if (s === '') return syntax;
  const base0 = base === 0;
  let digits = s;
  if (base0) {
    base = 10;
    if (s[0] === '0') {
      const p = s.length >= 3 ? s[1].toLowerCase() : '';
      if (p === 'b' || p === 'o' || p === 'x') {
        base = p === 'b' ? 2 : p === 'o' ? 8 : 16;
        digits = s.slice(2);
      } else {
        base = 8;
        digits = s.slice(1);
      }
    }
  }
  const max = (1n << BigInt(bitSize)) - 1n;
  let n = 0n;
  let underscores = false;
  for (const ch of digits) {
    if (ch === '_' && base0) {
      underscores = true;
      continue;
    }
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= base || !/[0-9a-zA-Z]/.test(ch)) return syntax;
    n = n * BigInt(base) + BigInt(d);
    if (n > max) return fail(numError('ParseUint', s, 'value out of range'));
  }
  if (underscores && !underscoreOK(s)) return syntax;
  return ok(Number(n));
}

/** strconv's underscoreOK: underscores only between digits (a base prefix counts as a digit). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(s[1].toLowerCase())) {
    i = 2;
    saw = '0';
    hex = s[1].toLowerCase() === 'x';
  }
  for (; i < s.length; i++) {
    const ch = s[i];
    if ((ch >= '0' && ch <= '9') || (hex && /[a-fA-F]/.test(ch))) {
      saw = '0';
      continue;
    }
    if (ch === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}
