import type { SetupValidator } from '../types.js';
import { SetupError, atoi, runSetup } from '../values.js';

const MAX_NUM_SOCKETS = 1024;

/** coredns/coredns:plugin/multisocket/multisocket.go parseNumSockets. */
export const validate: SetupValidator = (ctx) =>
  runSetup('multisocket', ctx, ({ d }) => {
    d.next();
    const args = d.remainingArgs();
    // A second occurrence (or a block) shows up as a further token.
    if (args.length > 1 || d.next()) throw d.argErr();
    if (args.length === 0) return;
    const n = atoi(args[0]);
    if (!n.ok) throw new SetupError(`invalid num sockets: ${n.error}`, d.token());
    if (n.value < 1) throw new SetupError(`num sockets can not be zero or negative: ${n.value}`, d.token());
    if (n.value > MAX_NUM_SOCKETS) throw new SetupError(`num sockets exceeds maximum (${MAX_NUM_SOCKETS}): ${n.value}`, d.token());
  });
