import type { SetupValidator } from '../types.js';
import { atoi, runSetup } from '../values.js';

/** coredns/coredns:plugin/grpc_server/setup.go parseGRPCServer: only the first occurrence is read. */
export const validate: SetupValidator = (ctx) =>
  runSetup('grpc_server', ctx, ({ d }) => {
    d.next();
    if (d.remainingArgs().length > 0) throw d.argErr();
    const seen = new Set<string>();
    while (d.nextBlock()) {
      const opt = d.val();
      if (opt !== 'max_streams' && opt !== 'max_connections') throw d.err(`unknown property '${opt}'`);
      const args = d.remainingArgs();
      if (args.length !== 1) throw d.argErr();
      const n = atoi(args[0]);
      if (!n.ok) throw d.err(`invalid ${opt} value '${args[0]}': ${n.error}`);
      if (n.value < 0) throw d.err(`${opt} must be a non-negative integer: ${n.value}`);
      if (seen.has(opt)) throw d.err(`${opt} already defined for this server block`);
      seen.add(opt);
    }
  });
