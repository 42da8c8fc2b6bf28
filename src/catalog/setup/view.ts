import type { CoreToken } from '../../ast/read.js';
import { viewExpressionIssue } from '../expr.js';
import type { SetupValidator } from '../types.js';
import { ERR_ONCE, SetupError, remainingArgTokens, runSetup } from '../values.js';

/** coredns/coredns:plugin/view/setup.go parse: one view per server block, its `expr` lines compiled by expr-lang. */
export const validate: SetupValidator = (ctx) =>
  runSetup('view', ctx, ({ d }) => {
    let i = 0;
    while (d.next()) {
      i++;
      if (i > 1) throw new SetupError(ERR_ONCE, d.token());
      if (d.countRemainingArgs() !== 1) throw d.argErr();
      while (d.nextBlock()) {
        if (d.val() !== 'expr') throw d.err(`unknown property '${d.val()}'`);
        const parts = remainingArgTokens(d);
        // setup.go joins the arguments with single spaces before compiling.
        const issue = viewExpressionIssue(parts.map((t) => t.text).join(' '));
        if (issue) throw new SetupError(issue.message, tokenAt(parts, issue.offset) ?? d.token());
      }
    }
  });

/** The argument token holding code point `offset` of the space-joined expression. */
function tokenAt(parts: CoreToken[], offset: number): CoreToken | undefined {
  let start = 0;
  for (const t of parts) {
    const end = start + [...t.text].length;
    if (offset < end + 1) return t;
    start = end + 1;
  }
  return parts[parts.length - 1];
}
