import type { Dispenser } from '../../ast/dispenser.js';
import type { SetupValidator } from '../types.js';
import { Duration, atoi, goQuote, must, normalizeName, parseDuration, runSetup, SetupError, type Parsed, ERR_ONCE } from '../values.js';

/** cache/setup.go parseServeStaleTTL. */
function serveStaleTTL(value: string): Parsed<number> {
  const ttl = parseDuration(value);
  if (!ttl.ok) return { ok: false, error: `invalid serve_stale response TTL: ${ttl.error}` };
  if (ttl.value < 0) return { ok: false, error: 'invalid negative response TTL for serve_stale' };
  if (ttl.value % Duration.second !== 0) return { ok: false, error: 'serve_stale response TTL must be a whole number of seconds' };
  if (ttl.value / Duration.second > 0xffffffff) return { ok: false, error: 'serve_stale response TTL exceeds the DNS TTL range' };
  return ttl;
}

/** cache/setup.go parseServeStaleRecheck. */
function serveStaleRecheck(value: string): Parsed<number> {
  const r = parseDuration(value);
  if (!r.ok) return { ok: false, error: `invalid serve_stale failure recheck: ${r.error}` };
  if (r.value < 0) return { ok: false, error: 'invalid negative failure recheck for serve_stale' };
  if (r.value > 5 * Duration.minute) return { ok: false, error: 'serve_stale failure recheck cannot exceed 5 minutes' };
  return r;
}

/** An error at the Dispenser's token. */
function failAt(c: Dispenser, msg: string): SetupError {
  return new SetupError(msg, c.token());
}

function num(c: Dispenser, s: string): number {
  return must(atoi(s), c);
}

/** A TTL field: a number, and above zero (zero and below are reserved). */
function ttl(c: Dispenser, s: string): void {
  const v = num(c, s);
  if (v <= 0) throw failAt(c, `cache TTL can not be zero or negative: ${v}`);
}

function minTTL(c: Dispenser, s: string): void {
  const v = num(c, s);
  if (v < 0) throw failAt(c, `cache min TTL can not be negative: ${v}`);
}

/** plugin/cache/setup.go cacheParse. */
export const validate: SetupValidator = (ctx) =>
  runSetup('cache', ctx, ({ d: c }) => {
    let j = 0;
    while (c.next()) {
      if (j > 0) throw failAt(c, ERR_ONCE);
      j++;
      const args = c.remainingArgs();
      if (args.length > 0) {
        // A leading number is the TTL; anything else is the first zone.
        const t = atoi(args[0]);
        if (t.ok && t.value <= 0) throw failAt(c, `cache TTL can not be zero or negative: ${t.value}`);
      }
      let serveStale = false;
      let policy = false;
      while (c.nextBlock()) {
        switch (c.val()) {
          case 'success':
          case 'denial': {
            const a = c.remainingArgs();
            if (a.length === 0) throw c.argErr();
            num(c, a[0]);
            if (a.length > 1) {
              ttl(c, a[1]);
              if (a.length > 2) minTTL(c, a[2]);
            }
            break;
          }
          case 'prefetch': {
            const a = c.remainingArgs();
            if (a.length === 0 || a.length > 3) throw c.argErr();
            const amount = num(c, a[0]);
            if (amount < 0) throw failAt(c, `prefetch amount should be positive: ${amount}`);
            if (a.length > 1) must(parseDuration(a[1]), c);
            if (a.length > 2) {
              const pct = a[2];
              // Go indexes the last byte and panics on an empty token (""); reporting a bad percentage is the useful verdict.
              const last = pct === '' ? '' : pct[pct.length - 1];
              if (last !== '%') throw failAt(c, `last character of percentage should be \`%\`, but is: ${goRuneQuote(pct)}`);
              const n = num(c, pct.slice(0, -1));
              if (n < 10 || n > 90) throw failAt(c, `percentage should fall in range [10, 90]: ${n}`);
            }
            break;
          }
          case 'serve_stale': {
            serveStale = true;
            const a = c.remainingArgs();
            if (a.length > 5) throw c.argErr();
            if (a.length > 0) {
              const dur = must(parseDuration(a[0]), c);
              if (dur < 0) throw failAt(c, 'invalid negative duration for serve_stale');
            }
            let verify = false;
            if (a.length > 1) {
              const mode = a[1].toLowerCase();
              if (mode !== 'immediate' && mode !== 'verify') throw failAt(c, `invalid value for serve_stale refresh mode: ${mode}`);
              verify = mode === 'verify';
            }
            if (a.length > 2) {
              if (verify) {
                const t = parseDuration(a[2]);
                if (!t.ok) throw failAt(c, `invalid serve_stale verify timeout: ${t.error}`);
                if (t.value < 0) throw failAt(c, 'invalid negative timeout for serve_stale verify');
                if (a.length > 3) must(serveStaleTTL(a[3]), c);
                if (a.length > 4) must(serveStaleRecheck(a[4]), c);
              } else {
                if (a.length > 4) throw c.argErr();
                must(serveStaleTTL(a[2]), c);
                if (a.length > 3) must(serveStaleRecheck(a[3]), c);
              }
            }
            break;
          }
          case 'serve_stale_policy': {
            if (policy) throw failAt(c, 'serve_stale_policy can only be specified once');
            policy = true;
            const a = c.remainingArgs();
            if (a.length !== 1) throw c.argErr();
            if (a[0].toLowerCase() !== 'prefer_positive') throw failAt(c, `invalid serve_stale_policy: ${a[0]}`);
            break;
          }
          case 'servfail': {
            const a = c.remainingArgs();
            if (a.length !== 1) throw c.argErr();
            const dur = must(parseDuration(a[0]), c);
            if (dur < 0) throw failAt(c, 'invalid negative ttl for servfail');
            // RFC 2308 forbids caching SERVFAIL for longer than five minutes.
            if (dur > 5 * Duration.minute) throw failAt(c, 'caching SERVFAIL responses over 5 minutes is not permitted');
            break;
          }
          case 'disable': {
            const a = c.remainingArgs();
            if (a.length < 1) throw c.argErr();
            for (const z of a.slice(1)) {
              if (normalizeName(z) === '') throw failAt(c, `invalid disabled zone: ${z}`);
            }
            if (a[0] !== 'denial' && a[0] !== 'success')
              throw failAt(c, `cache type for disable must be ${goQuote('success')} or ${goQuote('denial')}`);
            break;
          }
          case 'keepttl':
            if (c.countRemainingArgs() !== 0) throw c.argErr();
            break;
          default:
            throw c.argErr();
        }
      }
      if (policy && !serveStale) throw failAt(c, 'serve_stale_policy requires serve_stale');
    }
  });

/** Go's %q of a single byte (pct[len(pct)-1] is a byte, printed as a rune literal). */
function goRuneQuote(s: string): string {
  const b = new TextEncoder().encode(s);
  const last = b[b.length - 1] ?? 0;
  if (last === 0x27) return "'\\''";
  if (last === 0x5c) return "'\\\\'";
  if (last >= 0x20 && last < 0x7f) return `'${String.fromCharCode(last)}'`;
  const named: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r' };
  if (named[last]) return `'\\${named[last]}'`;
  if (last < 0x80) return `'\\x${last.toString(16).padStart(2, '0')}'`;
  // A byte ≥ 0x80 is the rune U+0080–U+00FF, which %q prints as the character when printable.
  return last >= 0xa0 && last !== 0xad ? `'${String.fromCharCode(last)}'` : `'\\u${last.toString(16).padStart(4, '0')}'`;
}
