import type { SetupValidator } from '../types.js';
import { SetupError, atoi, errAt, parseBool, parseDuration, parseFloat64, parseUint10, remainingArgTokens, runSetup } from '../values.js';
import type { Parsed } from '../values.js';

const PROVIDERS = new Set(['zipkin', 'datadog']);

/** coredns/coredns:plugin/trace/setup.go traceParse. */
export const validate: SetupValidator = (ctx) =>
  runSetup('trace', ctx, ({ d }) => {
    const check = <T>(p: Parsed<T>): T => {
      if (!p.ok) throw new SetupError(p.error, d.token());
      return p.value;
    };
    while (d.next()) {
      const args = remainingArgTokens(d);
      if (args.length > 2) throw d.argErr();
      // With one argument it is the endpoint and the type stays zipkin.
      const epType = args.length === 2 ? args[0].text.toLowerCase() : 'zipkin';
      if (!PROVIDERS.has(epType)) throw new SetupError(`tracing endpoint type '${epType}' is not supported`, args[0]);
      while (d.nextBlock()) {
        const opt = d.val();
        const optToken = d.token()!;
        const a = d.remainingArgs();
        switch (opt) {
          case 'every':
            if (a.length !== 1) throw d.argErr();
            check(parseUint10(a[0]));
            break;
          case 'service':
            if (a.length !== 1) throw d.argErr();
            break;
          case 'client_server':
            if (a.length > 1) throw d.argErr();
            if (a.length === 1) check(parseBool(a[0]));
            break;
          case 'datadog_analytics_rate': {
            if (a.length > 1) throw d.argErr();
            const rate = a.length === 1 ? check(parseFloat64(a[0])) : 0;
            if (rate > 1 || rate < 0) {
              throw new SetupError(`datadog analytics rate must be between 0 and 1, '${rate.toFixed(6)}' is not supported`, d.token());
            }
            break;
          }
          case 'zipkin_max_backlog_size':
          case 'zipkin_max_batch_size':
            if (a.length !== 1) throw d.argErr();
            check(atoi(a[0]));
            break;
          case 'zipkin_max_batch_interval':
            if (a.length !== 1) throw d.argErr();
            check(parseDuration(a[0]));
            break;
          default:
            throw errAt(d, optToken, `unknown property '${opt}'`);
        }
      }
    }
  });
