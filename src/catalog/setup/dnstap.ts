import type { SetupValidator } from '../types.js';
import { atoi, errAt, goQuote, remainingArgTokens, runSetup, urlParse } from '../values.js';

const MAX_MULTIPLE_TCP_WRITE_BUF = 1024;
const MAX_MULTIPLE_QUEUE = 4096;

/** coredns/coredns:plugin/dnstap/setup.go parseConfig: every occurrence adds a tap. */
export const validate: SetupValidator = (ctx) =>
  runSetup('dnstap', ctx, ({ d }) => {
    while (d.next()) {
      let argTokens = remainingArgTokens(d);
      let args = argTokens.map((t) => t.text);
      if (args.length === 0) throw d.argErr();
      let endpoint = args[0];
      const isListener = endpoint === 'listen';
      if (isListener) {
        if (args.length < 2) throw d.err('dnstap listen requires an endpoint argument');
        endpoint = args[1];
        args = args.slice(1);
        argTokens = argTokens.slice(1);
      }
      if (args.length >= 3) {
        const v = atoi(args[2]);
        if (!v.ok) throw errAt(d, argTokens[2], `dnstap: invalid MultipleTcpWriteBuf ${goQuote(args[2])}: ${v.error}`);
        if (v.value < 1 || v.value > MAX_MULTIPLE_TCP_WRITE_BUF) {
          throw errAt(d, argTokens[2], `dnstap: MultipleTcpWriteBuf must be between 1 and ${MAX_MULTIPLE_TCP_WRITE_BUF} (MiB units): ${v.value}`);
        }
      }
      if (args.length >= 4) {
        const v = atoi(args[3]);
        if (!v.ok) throw errAt(d, argTokens[3], `dnstap: invalid MultipleQueue ${goQuote(args[3])}: ${v.error}`);
        if (v.value < 1 || v.value > MAX_MULTIPLE_QUEUE) {
          throw errAt(d, argTokens[3], `dnstap: MultipleQueue must be between 1 and ${MAX_MULTIPLE_QUEUE} (x10k messages): ${v.value}`);
        }
      }
      if ((endpoint.startsWith('tls://') || endpoint.startsWith('tcp://')) && !urlParse(endpoint).ok) throw d.argErr();
      while (d.nextBlock()) {
        switch (d.val()) {
          case 'skipverify':
            break;
          case 'tls':
            if (!isListener) throw d.err('tls directive only valid for listeners');
            if (d.countRemainingArgs() < 2) throw d.err('tls requires cert and key file paths');
            break;
          case 'identity':
          case 'version':
          case 'extra':
            if (!d.nextArg()) throw d.argErr();
            break;
          default:
            throw d.err(`unknown property '${d.val()}'`);
        }
      }
    }
  });
