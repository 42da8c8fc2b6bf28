import type { SetupValidator } from '../types.js';
import { atoi, goQuote, parseDuration, runSetup, UnwrappedError } from '../values.js';

/**
 * plugin/route53/setup.go setup. Creating the AWS client, listing the
 * hosted zones and the first sync need credentials and the network, so
 * they are not modelled.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('route53', ctx, ({ d: c, warn }) => {
    while (c.next()) {
      const pairs = new Set<string>();
      for (const arg of c.remainingArgs()) {
        const colon = arg.indexOf(':');
        if (colon < 0 || colon === 0 || colon === arg.length - 1) throw c.err(`invalid zone ${goQuote(arg)}`);
        if (pairs.has(arg)) throw c.err(`conflict zone ${goQuote(arg)}`);
        pairs.add(arg);
      }
      while (c.nextBlock()) {
        switch (c.val()) {
          case 'aws_access_key': {
            const v = c.remainingArgs();
            if (v.length < 2) throw c.err(`invalid access key: '[${v.join(' ')}]'`);
            warn('Save aws_access_key in Corefile has been deprecated, please use other authentication methods instead');
            break;
          }
          case 'aws_endpoint':
            if (!c.nextArg()) throw c.argErr();
            break;
          case 'upstream':
          case 'fallthrough':
            c.countRemainingArgs();
            break;
          case 'credentials':
            // This one error is returned without plugin.Error's prefix.
            if (!c.nextArg()) throw new UnwrappedError(c.argErr());
            c.nextArg();
            break;
          case 'refresh': {
            if (!c.nextArg()) throw c.argErr();
            let s = c.val();
            if (atoi(s).ok) s += 's';
            const d = parseDuration(s);
            if (!d.ok) throw c.err(`Unable to parse duration: ${d.error}`);
            if (d.value <= 0) throw c.err(`refresh interval must be greater than 0: ${goQuote(s)}`);
            break;
          }
          default:
            throw c.err(`unknown property ${goQuote(c.val())}`);
        }
      }
    }
  });
