import type { SetupValidator } from '../types.js';
import {
  ERR_ONCE, SetupError, hostNormalizeExact, hostPortOrFile, remainingArgTokens, runSetup, tlsConfigArgsError,
} from '../values.js';

const MAX_UPSTREAMS = 15;

/**
 * coredns/coredns:plugin/grpc/setup.go parseGRPC. An upstream that is not
 * an IP address must be a resolv.conf-style file, which only the running
 * server can read; such upstreams are accepted.
 */
export const validate: SetupValidator = (ctx) =>
  runSetup('grpc', ctx, ({ d }) => {
    let i = 0;
    while (d.next()) {
      if (i > 0) throw new SetupError(ERR_ONCE, d.token());
      i++;
      const from = d.args(1);
      if (!from) throw d.argErr();
      if (hostNormalizeExact(from[0]).length === 0) throw new SetupError(`unable to normalize '${from[0]}'`, d.token());
      const toTokens = remainingArgTokens(d);
      if (toTokens.length === 0) throw d.argErr();
      const hosts = hostPortOrFile(toTokens.map((t) => t.text));
      if (!hosts.ok) {
        // The first argument that fails alone is the one parse.HostPortOrFile stopped at.
        const bad = toTokens.find((t) => !hostPortOrFile([t.text]).ok);
        throw new SetupError(hosts.error, bad ?? d.token());
      }
      while (d.nextBlock()) {
        switch (d.val()) {
          case 'except':
            if (d.countRemainingArgs() === 0) throw d.argErr();
            break;
          case 'tls': {
            const args = d.remainingArgs();
            if (args.length > 3) throw d.argErr();
            const e = tlsConfigArgsError(args);
            if (e) throw new SetupError(e, d.token());
            break;
          }
          case 'tls_servername':
            if (!d.nextArg()) throw d.argErr();
            break;
          case 'policy': {
            if (!d.nextArg()) throw d.argErr();
            const p = d.val();
            if (!['random', 'round_robin', 'sequential'].includes(p)) throw d.err(`unknown policy '${p}'`);
            break;
          }
          case 'fallthrough':
            d.countRemainingArgs();
            break;
          default:
            if (d.val() !== '}') throw d.err(`unknown property '${d.val()}'`);
        }
      }
      // Files add servers at start-up, so only the addresses given count for sure.
      const n = hosts.value.servers.length;
      if (n > MAX_UPSTREAMS) throw new SetupError(`more than ${MAX_UPSTREAMS} TOs configured: ${n}`, d.token());
    }
  });
