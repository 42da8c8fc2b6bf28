import type { SetupValidator } from '../types.js';
import { SetupError, goQuote, runSetup } from '../values.js';

/**
 * coredns/coredns:plugin/sign/setup.go parse and keys.go keyParse. Key
 * files are read (and checked to be a CSK/KSK) by the running server; a
 * key source other than `file` and `directory` is silently ignored.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('sign', ctx, ({ d }) => {
    while (d.next()) {
      if (!d.nextArg()) throw d.argErr();
      const dbfile = d.val();
      // Invalid UTF-8 reaches the lexer as U+FFFD, which setup.go rejects.
      if (dbfile.includes('\uFFFD')) throw new SetupError(`dbfile ${goQuote(dbfile)} contains invalid characters`, d.token());
      d.countRemainingArgs();
      while (d.nextBlock()) {
        switch (d.val()) {
          case 'key':
            if (!d.nextArg()) throw d.argErr();
            if (d.val() === 'file') {
              if (d.countRemainingArgs() === 0) throw d.argErr();
            } else if (d.val() === 'directory') {
              throw new SetupError('directory: not implemented', d.token());
            }
            break;
          case 'directory':
            if (d.countRemainingArgs() !== 1) throw new SetupError('can only be one argument after "directory"', d.token());
            break;
          default:
            throw d.err(`unknown property '${d.val()}'`);
        }
      }
    }
  });
