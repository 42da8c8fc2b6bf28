import type { SetupValidator } from '../types.js';
import { Duration, parseDuration, parseUint10, runSetup, SetupError, tlsConfigArgsError } from '../values.js';

/** etcd/setup.go parseTTL's error: a bare number is seconds, else a Go duration, within uint32 seconds. */
function ttlError(raw: string): string | undefined {
  let s = raw.trim();
  if (s === '') return undefined;
  if (parseUint10(s).ok) s += 's';
  const d = parseDuration(s);
  if (!d.ok) return "invalid TTL format, use format like '30', '30s', '5m', '1h', or '2h30m'";
  const seconds = d.value / Duration.second;
  if (seconds < 0) return 'TTL must be non-negative';
  if (seconds > 4294967295) return 'TTL too large, maximum is 4294967295 seconds';
  return undefined;
}

/**
 * plugin/etcd/setup.go etcdParse: only the first occurrence is read. The
 * client is created at setup (TLS files loaded, endpoints parsed), which is
 * not modelled beyond the TLS argument count.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('etcd', ctx, ({ d: c }) => {
    if (!c.next()) return;
    c.countRemainingArgs();
    while (c.nextBlock()) {
      switch (c.val()) {
        case 'stubzones':
        case 'debug':
          break;
        case 'fallthrough':
        case 'upstream':
          c.countRemainingArgs();
          break;
        case 'path':
          if (!c.nextArg()) throw c.argErr();
          break;
        case 'endpoint':
          if (c.countRemainingArgs() === 0) throw c.argErr();
          break;
        case 'tls': {
          const e = tlsConfigArgsError(c.remainingArgs());
          if (e !== undefined) throw new SetupError(e, c.token());
          break;
        }
        case 'credentials': {
          const args = c.remainingArgs();
          if (args.length === 0) throw c.argErr();
          if (args.length !== 2) throw c.err('credentials requires 2 arguments, username and password');
          break;
        }
        case 'min-lease-ttl':
        case 'max-lease-ttl': {
          const name = c.val();
          if (!c.nextArg()) throw c.argErr();
          const e = ttlError(c.val());
          if (e !== undefined) throw c.err(`invalid ${name} value: ${e}`);
          break;
        }
        default:
          if (c.val() !== '}') throw c.err(`unknown property '${c.val()}'`);
      }
    }
  });
