import type { SetupValidator } from '../types.js';
import { goQuote, hostPort, must, isIP, runSetup, SetupError, type SetupRun, TRANSPORT_PORT } from '../values.js';

/** plugin/transfer/setup.go parseTransfer. */
export const validate: SetupValidator = (ctx) =>
  runSetup('transfer', ctx, parse).map((i) => ({ ...i, message: i.message.replace(INNER_PREFIX, '') }));

/** What the inner plugin.Error and the Dispenser put before the message. */
const INNER_PREFIX = /^plugin\/transfer: .*?:\d+ - Error during parsing: /;

function parse({ d: c }: SetupRun): void {
  // parseTransfer wraps some errors in plugin.Error itself, and setup wraps them again.
  const twice = (e: { message: string }) => new SetupError(`plugin/transfer: ${e.message}`, c.token());
  while (c.next()) {
    c.countRemainingArgs();
    let to = 0;
    let source = false;
    while (c.nextBlock()) {
      switch (c.val()) {
        case 'to': {
          const args = c.remainingArgs();
          if (args.length === 0) throw c.argErr();
          for (const host of args) {
            if (host !== '*') must(hostPort(host, TRANSPORT_PORT.dns), c);
            to++;
          }
          break;
        }
        case 'source': {
          const args = c.remainingArgs();
          if (args.length !== 1) throw c.argErr();
          if (source) throw twice(c.err('source already specified'));
          if (!isIP(args[0])) throw twice(c.err(`invalid source address ${goQuote(args[0])}`));
          source = true;
          break;
        }
        default:
          throw twice(c.err(`unknown property ${goQuote(c.val())}`));
      }
    }
    if (to === 0) throw twice(c.err("'to' is required"));
  }
}
