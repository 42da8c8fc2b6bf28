import type { SetupValidator } from '../types.js';
import { runSetup } from '../values.js';

/** coredns/coredns:plugin/any/setup.go: no arguments, no block; only the first occurrence is read. */
export const validate: SetupValidator = (ctx) =>
  runSetup('any', ctx, ({ d }) => {
    d.next();
    if (d.nextArg()) throw d.argErr();
    if (d.nextBlock()) throw d.err(`unknown property '${d.val()}'`);
  });
