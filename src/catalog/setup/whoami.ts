import type { SetupValidator } from '../types.js';
import { runSetup } from '../values.js';

/** coredns/coredns:plugin/whoami/setup.go: no arguments; only the first occurrence is read. */
export const validate: SetupValidator = (ctx) =>
  runSetup('whoami', ctx, ({ d }) => {
    d.next();
    if (d.nextArg()) throw d.argErr();
  });
