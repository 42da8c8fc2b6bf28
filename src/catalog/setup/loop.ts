import type { SetupValidator } from '../types.js';
import { ERR_ONCE, SetupError, runSetup } from '../values.js';

/** coredns/coredns:plugin/loop/setup.go parse: no arguments, once per server block. */
export const validate: SetupValidator = (ctx) =>
  runSetup('loop', ctx, ({ d }) => {
    let i = 0;
    while (d.next()) {
      if (i > 0) throw new SetupError(ERR_ONCE, d.token());
      i++;
      if (d.nextArg()) throw d.argErr();
    }
  });
