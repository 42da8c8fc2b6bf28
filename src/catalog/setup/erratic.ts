import type { SetupValidator } from '../types.js';
import { SetupError, goQuote, parseDuration, parseInt10, runSetup } from '../values.js';

/** coredns/coredns:plugin/erratic/setup.go parseErratic. Tokens on the directive line are not read as arguments. */
export const validate: SetupValidator = (ctx) =>
  runSetup('erratic', ctx, ({ d }) => {
    const amount = (s: string): void => {
      const n = parseInt10(s, 32);
      if (!n.ok) throw new SetupError(n.error, d.token());
      if (n.value < 0) throw new SetupError(`illegal amount value given ${goQuote(s)}`, d.token());
    };
    while (d.next()) {
      while (d.nextBlock()) {
        switch (d.val()) {
          case 'drop':
          case 'truncate': {
            const args = d.remainingArgs();
            if (args.length > 1) throw d.argErr();
            if (args.length === 1) amount(args[0]);
            break;
          }
          case 'delay': {
            const args = d.remainingArgs();
            if (args.length > 2) throw d.argErr();
            if (args.length > 0) amount(args[0]);
            if (args.length > 1) {
              const dur = parseDuration(args[1]);
              if (!dur.ok) throw new SetupError(dur.error, d.token());
            }
            break;
          }
          case 'large':
            break;
          default:
            throw d.err(`unknown property '${d.val()}'`);
        }
      }
    }
  });
