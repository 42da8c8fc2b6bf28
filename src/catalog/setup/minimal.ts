import type { SetupValidator } from '../types.js';
import { runSetup } from '../values.js';

/** plugin/minimal/setup.go: only the first occurrence is looked at. */
export const validate: SetupValidator = (ctx) =>
  runSetup('minimal', ctx, ({ d: c }) => {
    c.next();
    if (c.nextArg()) throw c.argErr();
  });
