import type { SetupValidator } from '../types.js';
import { Duration, SetupError, formatDuration, parseDuration, remainingArgTokens, runSetup } from '../values.js';

const MIN_INTERVAL = 2 * Duration.second;
const MIN_JITTER = Duration.second;
const DEFAULT_INTERVAL = 30 * Duration.second;
const DEFAULT_JITTER = 15 * Duration.second;

/** coredns/coredns:plugin/reload/setup.go: only the first occurrence is read. */
export const validate: SetupValidator = (ctx) =>
  runSetup('reload', ctx, ({ d }) => {
    d.next();
    const args = remainingArgTokens(d);
    if (args.length > 2) throw d.argErr();
    let interval = DEFAULT_INTERVAL;
    if (args.length > 0) {
      const i = parseDuration(args[0].text);
      if (!i.ok) throw new SetupError(i.error, args[0]);
      interval = i.value;
    }
    if (interval < MIN_INTERVAL) {
      throw new SetupError(`interval value must be greater or equal to ${formatDuration(MIN_INTERVAL)}`, args[0] ?? d.token());
    }
    let jitter = DEFAULT_JITTER;
    if (args.length > 1) {
      const j = parseDuration(args[1].text);
      if (!j.ok) throw new SetupError(j.error, args[1]);
      jitter = j.value;
    }
    if (jitter !== 0 && jitter < MIN_JITTER) {
      throw new SetupError(`jitter value must be 0 or greater or equal to ${formatDuration(MIN_JITTER)}`, args[1] ?? d.token());
    }
  });
