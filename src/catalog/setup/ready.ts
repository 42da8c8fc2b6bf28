import type { SetupValidator } from '../types.js';
import { ERR_ONCE, SetupError, listenAddressArg, runSetup } from '../values.js';

/** coredns/coredns:plugin/ready/setup.go parse. */
export const validate: SetupValidator = (ctx) =>
  runSetup('ready', ctx, ({ d }) => {
    let i = 0;
    while (d.next()) {
      if (i > 0) throw new SetupError(ERR_ONCE, d.token());
      i++;
      listenAddressArg(d);
      while (d.nextBlock()) {
        if (d.val() !== 'monitor') throw d.err(`unknown property '${d.val()}'`);
        const a = d.remainingArgs();
        if (a.length !== 1) throw d.argErr();
        if (a[0] !== 'until-ready' && a[0] !== 'continuously') throw d.err(`monitor type '${a[0]}' not supported`);
      }
    }
  });
