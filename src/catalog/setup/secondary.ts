import type { SetupValidator } from '../types.js';
import { goQuote, hostNormalizeExact, runSetup, SetupError, transferIn } from '../values.js';

/** plugin/secondary/setup.go secondaryParse. */
export const validate: SetupValidator = (ctx) =>
  runSetup('secondary', ctx, ({ d: c }) => {
    while (c.next()) {
      // Go tests the token, not the position, so a stray word between occurrences is stepped over.
      if (c.val() !== 'secondary') continue;
      c.countRemainingArgs();
      let hasTransfer = false;
      while (c.nextBlock()) {
        switch (c.val()) {
          case 'transfer':
            transferIn(c);
            hasTransfer = true;
            break;
          case 'catalog':
            for (const arg of c.remainingArgs()) {
              if (hostNormalizeExact(arg).length === 0) throw new SetupError(`invalid catalog member zone ${goQuote(arg)}`, c.token());
            }
            break;
          case 'fallthrough':
            c.countRemainingArgs();
            break;
          default:
            throw c.err(`unknown property '${c.val()}'`);
        }
      }
      if (!hasTransfer) throw c.err('secondary zones require a transfer from property');
    }
  });
