import type { SetupValidator } from '../types.js';
import { SetupError, parseDuration, runSetup, splitHostPort } from '../values.js';

/** coredns/coredns:plugin/health/setup.go parse. */
export const validate: SetupValidator = (ctx) =>
  runSetup('health', ctx, ({ d }) => {
    while (d.next()) {
      const args = d.remainingArgs();
      if (args.length > 1) throw d.argErr();
      if (args.length === 1) {
        const hp = splitHostPort(args[0]);
        if (!hp.ok) throw new SetupError(hp.error, d.token());
      }
      while (d.nextBlock()) {
        if (d.val() !== 'lameduck') throw d.err(`unknown property '${d.val()}'`);
        const a = d.remainingArgs();
        if (a.length !== 1) throw d.argErr();
        const l = parseDuration(a[0]);
        if (!l.ok) throw new SetupError(`unable to parse lameduck duration value: '${a[0]}' : ${l.error}`, d.token());
      }
    }
  });
