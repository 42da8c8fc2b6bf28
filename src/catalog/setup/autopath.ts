import type { SetupValidator } from '../types.js';
import { goQuote, runSetup, SetupError } from '../values.js';

/**
 * plugin/autopath/setup.go autoPathParse. `@plugin` names the plugin that
 * supplies the search path (checked at start-up, against the other
 * plugins); anything else is a resolv.conf read at setup, which only the
 * empty name is sure to fail.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('autopath', ctx, ({ d: c }) => {
    while (c.next()) {
      const at = c.token();
      const args = c.remainingArgs();
      if (args.length < 1) throw new SetupError('no resolv-conf specified', at);
      const resolv = args[args.length - 1];
      if (resolv === '') throw new SetupError(`failed to parse ${goQuote(resolv)}: open : no such file or directory`, c.token());
    }
  });
