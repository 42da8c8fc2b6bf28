import type { SetupValidator } from '../types.js';
import { ERR_ONCE, SetupError, runSetup } from '../values.js';

/** coredns/coredns:plugin/nsid/setup.go nsidParse. */
export const validate: SetupValidator = (ctx) =>
  runSetup('nsid', ctx, ({ d }) => {
    let i = 0;
    while (d.next()) {
      if (i > 0) throw new SetupError(ERR_ONCE, d.token());
      i++;
      d.countRemainingArgs();
    }
  });
