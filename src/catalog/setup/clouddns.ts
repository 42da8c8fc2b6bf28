import type { SetupValidator } from '../types.js';
import { goQuote, runSetup } from '../values.js';

/**
 * plugin/clouddns/setup.go setup. The credentials file is read at setup,
 * and the client, the zone lookups and the first sync need the network,
 * so none of that is modelled.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('clouddns', ctx, ({ d: c }) => {
    while (c.next()) {
      const pairs = new Set<string>();
      for (const arg of c.remainingArgs()) {
        // strings.SplitN(arg, ":", 3): name, project, and the rest as the zone.
        const first = arg.indexOf(':');
        const second = first < 0 ? -1 : arg.indexOf(':', first + 1);
        if (second < 0) throw c.err(`invalid zone ${goQuote(arg)}`);
        if (first === 0 || second === first + 1 || second === arg.length - 1) throw c.err(`invalid zone ${goQuote(arg)}`);
        if (pairs.has(arg)) throw c.err(`conflict zone ${goQuote(arg)}`);
        pairs.add(arg);
      }
      while (c.nextBlock()) {
        switch (c.val()) {
          case 'upstream':
          case 'fallthrough':
            c.countRemainingArgs();
            break;
          case 'credentials':
            if (!c.nextArg()) throw c.argErr();
            break;
          default:
            throw c.err(`unknown property ${goQuote(c.val())}`);
        }
      }
    }
  });
