import type { SetupValidator } from '../types.js';
import { normalizeName, runSetup, STRING_TO_OPCODE, STRING_TO_TYPE } from '../values.js';

/**
 * plugin/tsig/setup.go parse. setup() replaces whatever error parse returns
 * with c.ArgErr() at the cursor, so CoreDNS always reports
 * `Wrong argument count or unexpected line ending after '…'`; the reason
 * parse had is noted beside each throw.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('tsig', ctx, ({ d: c }) => {
    const secrets = new Set<string>();
    for (let i = 0; c.next(); i++) {
      if (i > 0) throw c.argErr(); // plugin.ErrOnce
      c.countRemainingArgs();
      while (c.nextBlock()) {
        switch (c.val()) {
          case 'secret': {
            const args = c.remainingArgs();
            if (args.length !== 2) throw c.argErr();
            const k = normalizeName(args[0]);
            if (secrets.has(k)) throw c.argErr(); // key %q redefined
            secrets.add(k);
            break;
          }
          case 'secrets': {
            // The key file is read at setup; its existence and contents are not static.
            if (c.countRemainingArgs() !== 1) throw c.argErr();
            break;
          }
          case 'require':
          case 'require_opcode': {
            const opcode = c.val() === 'require_opcode';
            const args = c.remainingArgs();
            if (args.length === 0) throw c.argErr();
            if (args[0] === 'all' || args[0] === 'none') break;
            for (const s of args) {
              if (!(opcode ? STRING_TO_OPCODE : STRING_TO_TYPE).has(s)) {
                throw c.argErr(); // unknown opcode / query type
              }
            }
            break;
          }
          default:
            throw c.argErr(); // unknown property '%s'
        }
      }
    }
  });
