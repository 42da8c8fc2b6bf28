import type { SetupValidator } from '../types.js';
import { atoi, runSetup } from '../values.js';

/** coredns/coredns:plugin/https/setup.go parseDOH: only the first occurrence is read. */
export const validate: SetupValidator = (ctx) =>
  runSetup('https', ctx, ({ d }) => {
    d.next();
    if (d.remainingArgs().length > 0) throw d.argErr();
    let seen = false;
    while (d.nextBlock()) {
      if (d.val() !== 'max_connections') throw d.err(`unknown property '${d.val()}'`);
      const args = d.remainingArgs();
      if (args.length !== 1) throw d.argErr();
      const n = atoi(args[0]);
      if (!n.ok) throw d.err(`invalid max_connections value '${args[0]}': ${n.error}`);
      if (n.value < 0) throw d.err(`max_connections must be a non-negative integer: ${n.value}`);
      if (seen) throw d.err('max_connections already defined for this server block');
      seen = true;
    }
  });
