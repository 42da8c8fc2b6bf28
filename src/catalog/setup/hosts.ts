import type { SetupValidator } from '../types.js';
import { atoi, fallthroughZones, parseDuration, runSetup, SetupError, ERR_ONCE } from '../values.js';

/**
 * plugin/hosts/setup.go hostsParse. Whether the hosts file exists is only
 * logged by CoreDNS (and read at run time), so it is not checked here.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('hosts', ctx, ({ d: c }) => {
    let fall: string[] = [];
    let fallUnsupported = false;
    let i = 0;
    while (c.next()) {
      if (i > 0) throw new SetupError(ERR_ONCE, c.token());
      i++;
      c.countRemainingArgs();
      while (c.nextBlock()) {
        switch (c.val()) {
          case 'fallthrough':
            fall = fallthroughZones(c.remainingArgs());
            break;
          case 'fallthrough_unsupported':
            if (c.countRemainingArgs() !== 0) throw c.argErr();
            fallUnsupported = true;
            break;
          case 'no_reverse':
            break;
          case 'ttl': {
            const r = c.remainingArgs();
            if (r.length < 1) throw c.err('ttl needs a time in second');
            const ttl = atoi(r[0]);
            if (!ttl.ok) throw c.err('ttl needs a number of second');
            if (ttl.value <= 0 || ttl.value > 65535) throw c.err('ttl provided is invalid');
            break;
          }
          case 'reload': {
            const r = c.remainingArgs();
            if (r.length !== 1) throw c.err('reload needs a duration (zero seconds to disable)');
            const d = parseDuration(r[0]);
            if (!d.ok) throw c.err(`invalid duration for reload '${r[0]}'`);
            if (d.value < 0) throw c.err(`invalid negative duration for reload '${r[0]}'`);
            break;
          }
          default:
            // Until fallthrough is set, any other line is an inline hosts entry (malformed ones are skipped when read).
            if (fall.length === 0) {
              c.countRemainingArgs();
              break;
            }
            throw c.err(`unknown property '${c.val()}'`);
        }
      }
    }
    if (fallUnsupported && fall.length === 0) throw c.err('fallthrough_unsupported requires fallthrough');
  });
