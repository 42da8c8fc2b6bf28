import type { SetupValidator } from '../types.js';
import { ERR_ONCE, SetupError, atoi, runSetup, splitHostPort } from '../values.js';

/** coredns/coredns:plugin/pprof/setup.go. */
export const validate: SetupValidator = (ctx) =>
  runSetup('pprof', ctx, ({ d }) => {
    let i = 0;
    while (d.next()) {
      if (i > 0) throw new SetupError(ERR_ONCE, d.token());
      i++;
      const args = d.remainingArgs();
      if (args.length === 1) {
        const hp = splitHostPort(args[0]);
        if (!hp.ok) throw d.err(hp.error);
      }
      if (args.length > 1) throw d.argErr();
      while (d.nextBlock()) {
        if (d.val() !== 'block') throw d.err(`unknown property '${d.val()}'`);
        const a = d.remainingArgs();
        if (a.length > 1) throw d.argErr();
        if (a.length > 0 && !atoi(a[0]).ok) throw d.err(`property 'block' invalid integer value '${a[0]}'`);
      }
    }
  });
