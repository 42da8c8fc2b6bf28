import type { SetupValidator } from '../types.js';
import { SetupError, goQuote, parseDuration, runSetup } from '../values.js';

/** coredns/coredns:plugin/cancel/cancel.go setup: an optional positive Go duration. */
export const validate: SetupValidator = (ctx) =>
  runSetup('cancel', ctx, ({ d }) => {
    while (d.next()) {
      const args = d.remainingArgs();
      if (args.length === 0) continue;
      if (args.length > 1) throw d.argErr();
      const dur = parseDuration(args[0]);
      if (!dur.ok) throw new SetupError(`invalid duration: ${goQuote(args[0])}`, d.token());
      if (dur.value <= 0) throw new SetupError(`invalid negative duration: ${goQuote(args[0])}`, d.token());
    }
  });
