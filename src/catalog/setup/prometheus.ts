import type { SetupValidator } from '../types.js';
import { ERR_ONCE, SetupError, listenAddressArg, runSetup } from '../values.js';

/** coredns/coredns:plugin/metrics/setup.go parse. */
export const validate: SetupValidator = (ctx) =>
  runSetup('prometheus', ctx, ({ d }) => {
    let i = 0;
    while (d.next()) {
      if (i > 0) throw new SetupError(ERR_ONCE, d.token());
      i++;
      listenAddressArg(d);
      let tls = false;
      while (d.nextBlock()) {
        switch (d.val()) {
          case 'runtime_metrics':
            if (d.countRemainingArgs() !== 0) throw d.argErr();
            break;
          case 'tls':
            if (tls) throw d.err('tls block already specified');
            if (d.countRemainingArgs() !== 1) throw d.argErr();
            tls = true;
            break;
          default:
            throw d.err(`unknown option: ${d.val()}`);
        }
      }
    }
  });
