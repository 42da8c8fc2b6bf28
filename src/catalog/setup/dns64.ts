import type { Dispenser } from '../../ast/dispenser.js';
import type { SetupValidator } from '../types.js';
import { SetupError, goQuote, ipNetString, parseCIDR, runSetup } from '../values.js';

/** coredns/coredns:plugin/dns64/setup.go dns64Parse. A PREFIX argument makes setup skip the block. */
export const validate: SetupValidator = (ctx) =>
  runSetup('dns64', ctx, ({ d }) => {
    while (d.next()) {
      const args = d.remainingArgs();
      if (args.length === 1) {
        parsePrefix(d, args[0]);
        continue;
      }
      if (args.length > 0) throw d.argErr();
      while (d.nextBlock()) {
        switch (d.val()) {
          case 'prefix':
            if (!d.nextArg()) throw d.argErr();
            parsePrefix(d, d.val());
            break;
          case 'translate_all':
          case 'allow_ipv4':
            break;
          default:
            throw d.err(`unknown property '${d.val()}'`);
        }
      }
    }
  });

function parsePrefix(d: Dispenser, addr: string): void {
  const c = parseCIDR(addr);
  if (!c.ok) throw new SetupError(c.error, d.token());
  const pref = c.value.net;
  const s = ipNetString(pref);
  if (pref.bits !== 128) throw d.err(`invalid netmask ${pref.bits} IPv6 address: ${goQuote(s)}`);
  if (pref.ones % 8 !== 0 || pref.ones < 32 || pref.ones > 96) throw d.err(`invalid prefix length ${goQuote(s)}`);
}
