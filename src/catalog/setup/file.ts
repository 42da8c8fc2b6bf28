import type { SetupValidator } from '../types.js';
import { parseDuration, runSetup, SetupError } from '../values.js';

/**
 * plugin/file/setup.go fileParse. The zone file is opened and parsed at
 * setup; whether it exists and parses for each origin is not decided here.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('file', ctx, ({ d: c }) => {
    while (c.next()) {
      if (!c.nextArg()) throw c.argErr();
      c.countRemainingArgs();
      while (c.nextBlock()) {
        switch (c.val()) {
          case 'fallthrough':
          case 'upstream':
            c.countRemainingArgs();
            break;
          case 'reload': {
            const t = c.remainingArgs();
            if (t.length < 1) throw new SetupError('reload duration value is expected', c.token());
            const d = parseDuration(t[0]);
            // fileParse wraps this one itself, so CoreDNS prints the prefix twice.
            if (!d.ok) throw new SetupError(`plugin/file: ${d.error}`, c.token());
            break;
          }
          case 'reload_by_mtime':
            break;
          default:
            throw c.err(`unknown property '${c.val()}'`);
        }
      }
    }
  });
