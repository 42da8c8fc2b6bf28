import type { SetupValidator } from '../types.js';
import { atoi, runSetup } from '../values.js';

/** coredns/coredns:plugin/quic/setup.go parseQuic: only the first occurrence is read. */
export const validate: SetupValidator = (ctx) =>
  runSetup('quic', ctx, ({ d }) => {
    d.next();
    if (d.remainingArgs().length > 0) throw d.argErr();
    const seen = new Set<string>();
    while (d.nextBlock()) {
      const opt = d.val();
      if (opt !== 'max_streams' && opt !== 'worker_pool_size') throw d.err(`unknown property '${opt}'`);
      const args = d.remainingArgs();
      if (args.length !== 1) throw d.argErr();
      const n = atoi(args[0]);
      if (!n.ok) throw d.err(`invalid ${opt} value '${args[0]}': ${n.error}`);
      if (n.value <= 0) throw d.err(`${opt} must be a positive integer: ${n.value}`);
      if (seen.has(opt)) throw d.err(`${opt} already defined for this server block`);
      seen.add(opt);
    }
  });
