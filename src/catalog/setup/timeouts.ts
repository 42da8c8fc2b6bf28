import type { SetupValidator } from '../types.js';
import { Duration, SetupError, atoi, durationFromArg, formatDuration, runSetup } from '../values.js';

/** coredns/coredns:plugin/timeouts/timeouts.go parseTimeouts. */
export const validate: SetupValidator = (ctx) =>
  runSetup('timeouts', ctx, ({ d }) => {
    // Some paths wrap with plugin.Error twice, so the prefix appears twice.
    const twice = (e: { message: string; token?: unknown }) => new SetupError(`plugin/timeouts: ${e.message}`, d.token());
    while (d.next()) {
      if (d.countRemainingArgs() > 0) throw twice(d.argErr());
      let b = 0;
      while (d.nextBlock()) {
        const block = d.val();
        const args = d.remainingArgs();
        if (args.length !== 1) throw d.argErr();
        if (block === 'maxtcpqueries') {
          const n = atoi(args[0]);
          if (!n.ok) throw d.err(`invalid value for maxtcpqueries '${args[0]}': ${n.error}`);
          if (n.value === 0 || n.value < -1) {
            throw d.err(`maxtcpqueries provided '${n.value}' needs to be -1 (unlimited) or a positive integer`);
          }
          b++;
          continue;
        }
        const t = durationFromArg(args[0]);
        if (!t.ok) throw d.err(t.error);
        if (t.value < Duration.second || t.value > 24 * Duration.hour) {
          throw d.err(`timeout provided '${formatDuration(t.value)}' needs to be between 1 second and 24 hours`);
        }
        if (block !== 'read' && block !== 'write' && block !== 'idle') throw d.err(`unknown option: '${block}'`);
        b++;
      }
      if (b === 0) throw twice(d.err('timeouts block with no timeouts specified'));
    }
  });
