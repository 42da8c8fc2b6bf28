import type { SetupValidator } from '../types.js';
import { runSetup } from '../values.js';

/** coredns/coredns:plugin/debug/debug.go: no arguments. */
export const validate: SetupValidator = (ctx) =>
  runSetup('debug', ctx, ({ d }) => {
    while (d.next()) {
      if (d.nextArg()) throw d.argErr();
    }
  });
