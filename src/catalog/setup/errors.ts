import type { SetupValidator } from '../types.js';
import { ERR_ONCE, SetupError, byteLength, checkRegexp, parseDuration, runSetup } from '../values.js';

const MAX_REGEXP_LEN = 10000;
const LOG_LEVELS = new Set(['warning', 'error', 'info', 'debug']);

/** coredns/coredns:plugin/errors/setup.go errorsParse. */
export const validate: SetupValidator = (ctx) =>
  runSetup('errors', ctx, ({ d }) => {
    let i = 0;
    while (d.next()) {
      if (i > 0) throw new SetupError(ERR_ONCE, d.token());
      i++;
      const args = d.remainingArgs();
      if (args.length > 1) throw d.argErr();
      if (args.length === 1 && args[0] !== 'stdout') throw d.err(`invalid log file: ${args[0]}`);
      while (d.nextBlock()) {
        switch (d.val()) {
          case 'stacktrace':
            break;
          case 'consolidate':
            consolidate();
            break;
          default:
            throw d.syntaxErr(`Unknown field ${d.val()}`);
        }
      }
    }

    function consolidate(): void {
      const a = d.remainingArgs();
      if (a.length < 2 || a.length > 4) throw d.argErr();
      const p = parseDuration(a[0]);
      if (!p.ok) throw d.err(p.error);
      const len = byteLength(a[1]);
      if (len > MAX_REGEXP_LEN) throw d.err(`regex pattern too long: ${len} > ${MAX_REGEXP_LEN}`);
      const re = checkRegexp(a[1]);
      if (!re.ok) throw d.err(re.error);
      let level = false;
      let showFirst = false;
      for (const arg of a.slice(2)) {
        if (LOG_LEVELS.has(arg)) {
          if (level) throw d.err('multiple log levels specified in consolidate');
          if (showFirst) throw d.err('log level must come before show_first in consolidate');
          level = true;
        } else if (arg === 'show_first') showFirst = true;
        else throw d.err(`unknown option in consolidate: ${arg}`);
      }
    }
  });
