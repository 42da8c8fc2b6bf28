import type { SetupValidator } from '../types.js';
import { goQuote, runSetup } from '../values.js';

/** coredns/coredns:plugin/local/setup.go parse. */
export const validate: SetupValidator = (ctx) =>
  runSetup('local', ctx, ({ d }) => {
    while (d.next()) {
      if (d.countRemainingArgs() !== 0) throw d.argErr();
      while (d.nextBlock()) {
        if (d.val() !== 'localhost_prefix') throw d.err(`unknown property '${d.val()}'`);
        const args = d.remainingArgs();
        if (args.length !== 1) throw d.argErr();
        if (args[0] !== 'on' && args[0] !== 'off') throw d.err(`localhost_prefix expects 'on' or 'off', got ${goQuote(args[0])}`);
      }
    }
  });
