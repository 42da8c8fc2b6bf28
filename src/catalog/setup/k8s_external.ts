import type { SetupValidator } from '../types.js';
import { atoi, must, runSetup } from '../values.js';

/**
 * plugin/k8s_external/setup.go parse. That the kubernetes plugin is in the
 * same server block is checked at start-up, across plugins, so not here.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('k8s_external', ctx, ({ d: c }) => {
    while (c.next()) {
      c.remainingArgs();
      while (c.nextBlock()) {
        switch (c.val()) {
          case 'ttl': {
            const args = c.remainingArgs();
            if (args.length === 0) throw c.argErr();
            const t = must(atoi(args[0]), c);
            if (t < 0 || t > 3600) throw c.err(`ttl must be in range [0, 3600]: ${t}`);
            break;
          }
          case 'apex':
            if (c.remainingArgs().length === 0) throw c.argErr();
            break;
          case 'headless':
            break;
          case 'fallthrough':
            c.remainingArgs();
            break;
          default:
            throw c.err(`unknown property '${c.val()}'`);
        }
      }
    }
  });
