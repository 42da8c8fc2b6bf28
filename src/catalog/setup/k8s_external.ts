import type { SetupValidator } from '../types.js';
import { kubernetesTTL, runSetup } from '../values.js';

/**
 * plugin/k8s_external/setup.go parse. That the kubernetes plugin is in the
 * same server block is checked at start-up, across plugins, so not here.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('k8s_external', ctx, ({ d: c }) => {
    while (c.next()) {
      c.countRemainingArgs();
      while (c.nextBlock()) {
        switch (c.val()) {
          case 'ttl':
            kubernetesTTL(c);
            break;
          case 'apex':
            if (c.countRemainingArgs() === 0) throw c.argErr();
            break;
          case 'headless':
            break;
          case 'fallthrough':
            c.countRemainingArgs();
            break;
          default:
            throw c.err(`unknown property '${c.val()}'`);
        }
      }
    }
  });
