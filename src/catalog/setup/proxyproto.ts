import { UnwrappedError, SetupError, atoi, goQuote, parseCIDR, parseDuration, runSetup } from '../values.js';
import type { SetupValidator } from '../types.js';

/** coredns/coredns:plugin/proxyproto/setup.go. */
export const validate: SetupValidator = (ctx) =>
  runSetup('proxyproto', ctx, ({ d }) => {
    while (d.next()) {
      if (d.countRemainingArgs() !== 0) throw d.argErr();
      while (d.nextBlock()) {
        switch (d.val()) {
          case 'allow':
            for (const v of d.remainingArgs()) {
              const n = parseCIDR(v);
              if (!n.ok) throw new SetupError(`${v}: ${n.error}`, d.token());
            }
            break;
          case 'default': {
            const v = d.remainingArgs();
            if (v.length !== 1) throw d.argErr();
            if (!['use', 'ignore', 'reject', 'skip'].includes(v[0].toLowerCase())) throw d.argErr();
            break;
          }
          case 'udp_session_tracking': {
            const v = d.remainingArgs();
            if (v.length < 1 || v.length > 2) throw d.argErr();
            const ttl = parseDuration(v[0]);
            if (!ttl.ok) throw new SetupError(`udp_session_tracking: invalid duration ${goQuote(v[0])}: ${ttl.error}`, d.token());
            if (v.length === 2) {
              const n = atoi(v[1]);
              if (!n.ok || n.value <= 0) {
                throw new SetupError(`udp_session_tracking: invalid max sessions ${goQuote(v[1])}: must be a positive integer`, d.token());
              }
            }
            break;
          }
          default:
            // setup.go returns this one without plugin.Error.
            throw new UnwrappedError(d.err(`unknown option '${d.val()}'`));
        }
      }
    }
  });
