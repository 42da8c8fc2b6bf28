import type { SetupValidator } from '../types.js';
import { SetupError, atoi, runSetup } from '../values.js';

/** coredns/coredns:plugin/bufsize/setup.go parse: the first occurrence decides. */
export const validate: SetupValidator = (ctx) =>
  runSetup('bufsize', ctx, ({ d }) => {
    // parse wraps with plugin.Error and setup wraps again.
    const twice = () => new SetupError(`plugin/bufsize: ${d.argErr().message}`, d.token());
    if (!d.next()) throw twice();
    const args = d.remainingArgs();
    if (args.length === 0) return;
    if (args.length > 1) throw twice();
    const n = atoi(args[0]);
    if (!n.ok || n.value < 512 || n.value > 4096) throw twice();
  });
