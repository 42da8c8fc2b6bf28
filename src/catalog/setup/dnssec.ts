import type { SetupValidator } from '../types.js';
import { atoi, must, runSetup, SetupError, ERR_ONCE } from '../values.js';

/**
 * plugin/dnssec/setup.go dnssecParse. Keys are loaded from files or AWS
 * Secrets Manager at setup, so whether they load, and whether their owner
 * names can sign the zones, is not decided here.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('dnssec', ctx, ({ d: c }) => {
    let i = 0;
    while (c.next()) {
      if (i > 0) throw new SetupError(ERR_ONCE, c.token());
      i++;
      c.countRemainingArgs();
      while (c.nextBlock()) {
        switch (c.val()) {
          case 'key': {
            // keyParse: an unknown source keyword is ignored and the rest of the line is read as block items.
            if (!c.nextArg()) throw c.argErr();
            const source = c.val();
            if (source === 'file' || source === 'aws_secretsmanager') {
              if (c.countRemainingArgs() === 0) throw c.argErr();
            }
            break;
          }
          case 'cache_capacity':
            if (!c.nextArg()) throw c.argErr();
            must(atoi(c.val()), c);
            break;
          default:
            throw c.err(`unknown property '${c.val()}'`);
        }
      }
    }
  });
