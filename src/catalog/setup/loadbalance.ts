import type { SetupValidator } from '../types.js';
import { SetupError, goQuote, parseCIDR, parseDuration, runSetup } from '../values.js';

/**
 * coredns/coredns:plugin/loadbalance/setup.go parse. The weight file is
 * read when the server starts.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('loadbalance', ctx, ({ d }) => {
    while (d.next()) {
      const args = d.remainingArgs();
      if (args.length > 0) {
        switch (args[0]) {
          case 'round_robin':
            if (args.length > 1) throw d.err(`unknown property for ${args[0]}`);
            break;
          case 'weighted':
            if (args.length < 2) throw d.err('missing weight file argument');
            if (args.length > 2) throw d.err('unexpected argument(s)');
            // The weighted policy consumes the block, so `prefer` cannot follow it.
            while (d.nextBlock()) {
              if (d.val() !== 'reload') throw d.err(`unknown property '${d.val()}'`);
              const t = d.remainingArgs();
              if (t.length < 1) throw d.err('reload duration value is missing');
              if (t.length > 1) throw d.err('unexpected argument');
              if (!parseDuration(t[0]).ok) throw d.err(`invalid reload duration '${t[0]}'`);
            }
            break;
          default:
            throw new SetupError(`unknown policy: ${args[0]}`, d.token());
        }
      }
      while (d.nextBlock()) {
        if (d.val() !== 'prefer') throw d.err(`unknown property '${d.val()}'`);
        for (const cidr of d.remainingArgs()) {
          const n = parseCIDR(cidr);
          if (!n.ok) throw d.err(`invalid CIDR ${goQuote(cidr)}: ${n.error}`);
        }
      }
    }
  });
