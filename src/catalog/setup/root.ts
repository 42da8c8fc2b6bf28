import type { SetupValidator } from '../types.js';
import { runSetup } from '../values.js';

/**
 * coredns/coredns:plugin/root/root.go. Whether the directory exists is
 * checked by the running server (a missing one is only logged).
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('root', ctx, ({ d }) => {
    while (d.next()) {
      if (!d.nextArg()) throw d.argErr();
    }
  });
