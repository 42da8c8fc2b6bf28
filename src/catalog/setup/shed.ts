import type { SetupValidator } from '../types.js';
import { ERR_ONCE, SetupError, goQuote, runSetup, splitTransport } from '../values.js';

/** coredns/coredns:plugin/shed/setup.go: no arguments or options, plain-DNS server blocks only. */
export const validate: SetupValidator = (ctx) =>
  runSetup('shed', ctx, ({ d, ctx: { serverBlockKeys } }) => {
    let i = 0;
    while (d.next()) {
      if (i > 0) throw new SetupError(ERR_ONCE, d.token());
      i++;
      if (d.countRemainingArgs() !== 0) throw d.argErr();
      if (d.nextBlock()) throw d.err('shed takes no options');
    }
    for (const key of serverBlockKeys) {
      const tr = splitTransport(key).transport;
      if (tr !== 'dns') throw d.err(`only plain DNS server blocks are supported; ${goQuote(key)} uses transport ${goQuote(tr)}`);
    }
  });
