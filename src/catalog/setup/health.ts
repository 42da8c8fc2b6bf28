import type { SetupValidator } from '../types.js';
import { SetupError, listenAddressArg, parseDuration, runSetup } from '../values.js';

/** coredns/coredns:plugin/health/setup.go parse. */
export const validate: SetupValidator = (ctx) =>
  runSetup('health', ctx, ({ d }) => {
    while (d.next()) {
      listenAddressArg(d);
      while (d.nextBlock()) {
        if (d.val() !== 'lameduck') throw d.err(`unknown property '${d.val()}'`);
        const a = d.remainingArgs();
        if (a.length !== 1) throw d.argErr();
        const l = parseDuration(a[0]);
        if (!l.ok) throw new SetupError(`unable to parse lameduck duration value: '${a[0]}' : ${l.error}`, d.token());
      }
    }
  });
