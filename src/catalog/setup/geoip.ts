import type { SetupValidator } from '../types.js';
import { goQuote, runSetup } from '../values.js';

/**
 * coredns/coredns:plugin/geoip/setup.go geoipParse. Opening the database
 * (and its type check) happens when the server loads it.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('geoip', ctx, ({ d }) => {
    let dbPath = '';
    while (d.next()) {
      if (!d.nextArg()) throw d.argErr();
      if (dbPath !== '') throw d.err('configuring multiple databases is not supported');
      dbPath = d.val();
      if (d.countRemainingArgs() !== 0) throw d.argErr();
      while (d.nextBlock()) {
        if (d.val() !== 'edns-subnet') throw d.err(`unknown property ${goQuote(d.val())}`);
      }
    }
  });
