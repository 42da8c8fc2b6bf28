import type { SetupValidator } from '../types.js';
import { SetupError, runSetup } from '../values.js';

const CLASSES = new Set(['all', 'success', 'denial', 'error']);

/** coredns/coredns:plugin/log/setup.go logParse. Arguments are names and an optional format; any text is accepted. */
export const validate: SetupValidator = (ctx) =>
  runSetup('log', ctx, ({ d }) => {
    while (d.next()) {
      d.countRemainingArgs();
      while (d.nextBlock()) {
        if (d.val() !== 'class') throw d.err(`unknown property '${d.val()}'`);
        const classes = d.remainingArgs();
        if (classes.length === 0) throw d.argErr();
        for (const c of classes) {
          if (!CLASSES.has(c)) throw new SetupError(`invalid Class: ${c}`, d.token());
        }
      }
    }
  });
