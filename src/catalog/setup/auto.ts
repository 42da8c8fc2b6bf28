import type { SetupValidator } from '../types.js';
import { byteLength, checkRegexp, parseDuration, runSetup, SetupError } from '../values.js';

const MAX_REGEXP_LEN = 10000;

/**
 * plugin/auto/setup.go autoParse. The directory is only stat'ed (a missing
 * one is logged), so it is not checked here.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('auto', ctx, ({ d: c }) => {
    while (c.next()) {
      c.countRemainingArgs();
      while (c.nextBlock()) {
        switch (c.val()) {
          case 'directory': {
            if (!c.nextArg()) throw c.argErr();
            if (c.nextArg()) {
              if (byteLength(c.val()) > MAX_REGEXP_LEN) throw c.err('regexp too large');
              const re = checkRegexp(c.val());
              if (!re.ok) throw new SetupError(re.error, c.token());
              if (re.value.groupCount === 0) throw c.err('Need at least one sub expression');
              if (!c.nextArg()) throw c.argErr();
            }
            if (c.nextArg()) throw c.argErr();
            break;
          }
          case 'reload': {
            const t = c.remainingArgs();
            if (t.length < 1) throw new SetupError('reload duration value is expected', c.token());
            const d = parseDuration(t[0]);
            const err = !d.ok ? d.error : d.value < 0 ? 'invalid duration' : undefined;
            // autoParse wraps this one as the file plugin's, and setup wraps it again.
            if (err !== undefined) throw new SetupError(`plugin/file: ${err}`, c.token());
            break;
          }
          case 'upstream':
            c.countRemainingArgs();
            break;
          default:
            throw c.err(`unknown property '${c.val()}'`);
        }
      }
    }
  });
