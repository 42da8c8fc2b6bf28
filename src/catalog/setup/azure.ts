import type { SetupValidator } from '../types.js';
import { goQuote, runSetup } from '../values.js';

/** go-autorest azure.EnvironmentFromName's built-in clouds (v0.11.30). */
const CLOUDS = new Set(['AZURECHINACLOUD', 'AZUREGERMANCLOUD', 'AZUREPUBLICCLOUD', 'AZUREUSGOVERNMENTCLOUD']);

/**
 * plugin/azure/setup.go parse. The authorizer, the DNS clients and the
 * first zone sync need credentials and the network, so they are not
 * modelled; nor is AZURESTACKCLOUD, whose environment is read from the
 * file AZURE_ENVIRONMENT_FILEPATH names.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('azure', ctx, ({ d: c }) => {
    const seen = new Set<string>();
    while (c.next()) {
      for (const arg of c.remainingArgs()) {
        const colon = arg.indexOf(':');
        if (colon <= 0 || colon === arg.length - 1) throw c.err(`invalid resource group/zone: ${goQuote(arg)}`);
        // Go keys the set on group+zone concatenated, so "a:bc" and "ab:c" collide.
        const key = arg.slice(0, colon) + arg.slice(colon + 1);
        if (seen.has(key)) throw c.err(`conflicting zone: ${goQuote(arg)}`);
        seen.add(key);
      }
      while (c.nextBlock()) {
        switch (c.val()) {
          case 'subscription':
          case 'tenant':
          case 'client':
          case 'secret':
            if (!c.nextArg()) throw c.argErr();
            break;
          case 'environment': {
            if (!c.nextArg()) throw c.argErr();
            const name = c.val();
            if (name.toUpperCase() === 'AZURESTACKCLOUD') break;
            if (!CLOUDS.has(name.toUpperCase())) {
              const err = `autorest/azure: There is no cloud environment matching the name ${goQuote(name.toUpperCase())}`;
              throw c.err(`cannot set azure environment: ${goQuote(err)}`);
            }
            break;
          }
          case 'fallthrough':
            c.countRemainingArgs();
            break;
          case 'access': {
            if (!c.nextArg()) throw c.argErr();
            const access = c.val();
            if (access !== 'public' && access !== 'private') {
              throw c.err(`invalid access value: can be public/private, found: ${access}`);
            }
            break;
          }
          default:
            throw c.err(`unknown property: ${goQuote(c.val())}`);
        }
      }
    }
  });
