import type { SetupValidator } from '../types.js';
import { SetupError, goQuote, runSetup } from '../values.js';

/**
 * coredns/coredns:plugin/bind/setup.go. An argument that is not an IP
 * address may name a network interface of the host CoreDNS runs on, which
 * only the running server can tell; those are accepted.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('bind', ctx, ({ d }) => {
    while (d.next()) {
      if (d.countRemainingArgs() === 0) throw new SetupError('at least one address or interface name is expected', d.token());
      while (d.nextBlock()) {
        if (d.val() !== 'except') throw new SetupError(`invalid option ${goQuote(d.val())}`, d.token());
        if (d.countRemainingArgs() === 0) {
          throw new SetupError('at least one address or interface must be given to except subdirective', d.token());
        }
      }
    }
  });
