import type { SetupValidator } from '../types.js';
import { atoi, errAt, runSetup } from '../values.js';

/**
 * coredns/coredns:plugin/nomad/setup.go parse: the first occurrence only.
 * Addresses are handed to the Nomad API client unchecked.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('nomad', ctx, ({ d }) => {
    if (!d.next()) throw d.err("expected 'nomad' token");
    d.countRemainingArgs();
    while (d.nextBlock()) {
      const selector = d.val().toLowerCase();
      const selectorToken = d.token()!;
      const args = d.remainingArgs();
      switch (selector) {
        case 'address':
          if (args.length === 0) throw d.err('at least one address is required');
          break;
        case 'filter':
          if (args.length !== 1) throw d.err('exactly one filter is required');
          break;
        case 'token':
          if (args.length !== 1) throw d.err('exactly one token is required');
          break;
        case 'ttl': {
          if (args.length !== 1) throw d.err('exactly one ttl value is required');
          const t = atoi(args[0]);
          if (!t.ok) throw d.err(`error parsing ttl: ${t.error}`);
          if (t.value < 0 || t.value > 3600) throw d.err(`ttl must be in range [0, 3600]: ${t.value}`);
          break;
        }
        default:
          throw errAt(d, selectorToken, `unknown property '${selector}'`);
      }
    }
  });
