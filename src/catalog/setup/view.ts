import { viewExpressionError } from '../expr.js';
import type { SetupValidator } from '../types.js';
import { ERR_ONCE, SetupError, runSetup } from '../values.js';

/** coredns/coredns:plugin/view/setup.go parse: one view per server block, its `expr` lines compiled by expr-lang. */
export const validate: SetupValidator = (ctx) =>
  runSetup('view', ctx, ({ d }) => {
    let i = 0;
    while (d.next()) {
      i++;
      if (i > 1) throw new SetupError(ERR_ONCE, d.token());
      if (d.remainingArgs().length !== 1) throw d.argErr();
      while (d.nextBlock()) {
        if (d.val() !== 'expr') throw d.err(`unknown property '${d.val()}'`);
        const err = viewExpressionError(d.remainingArgs().join(' '));
        if (err !== undefined) throw new SetupError(err, d.token());
      }
    }
  });
