import type { SetupValidator } from '../types.js';
import { runSetup, SetupError } from '../values.js';

const FLAGS = new Set(['aa', 'ra', 'rd']);

/** plugin/header/header.go newRules: only the error matters here. */
function checkRules(key: string, args: string[]): string | undefined {
  if (key === '') return 'no flag action provided';
  if (args.length < 1) return 'invalid length for flags, at least one should be provided';
  const action = key.toLowerCase();
  if (action !== 'set' && action !== 'clear') return `unknown flag action=${action}, should be set or clear`;
  for (const arg of args) {
    const flag = arg.toLowerCase();
    if (!FLAGS.has(flag)) return `unknown/unsupported flag=${flag}`;
  }
  return undefined;
}

/** plugin/header/setup.go parse. */
export const validate: SetupValidator = (ctx) =>
  runSetup('header', ctx, ({ d: c }) => {
    while (c.next()) {
      let rules = 0;
      while (c.nextBlock()) {
        const selector = c.val().toLowerCase();
        let action = '';
        if (selector !== 'query' && selector !== 'response') {
          throw new SetupError(`setting up rule: invalid selector=${selector} should be query or response`, c.token());
        }
        if (c.nextArg()) action = c.val();
        const args = c.remainingArgs();
        const err = checkRules(action, args);
        if (err !== undefined) throw new SetupError(`setting up rule: ${err}`, c.token());
        rules += args.length;
      }
      // CoreDNS returns with the first occurrence that has rules; later ones are never read.
      if (rules > 0) return;
    }
    throw c.argErr();
  });
