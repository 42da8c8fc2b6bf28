import type { SetupValidator } from '../types.js';
import { Duration, SetupError, formatDuration, parseDuration, runSetup } from '../values.js';

const MIN_INTERVAL = 2 * Duration.second;
const MIN_JITTER = Duration.second;
const DEFAULT_INTERVAL = 30 * Duration.second;
const DEFAULT_JITTER = 15 * Duration.second;

/** coredns/coredns:plugin/reload/setup.go: only the first occurrence is read. */
export const validate: SetupValidator = (ctx) =>
  runSetup('reload', ctx, ({ d }) => {
    d.next();
    const args = d.remainingArgs();
    if (args.length > 2) throw d.argErr();
    let interval = DEFAULT_INTERVAL;
    if (args.length > 0) {
      const i = parseDuration(args[0]);
      if (!i.ok) throw new SetupError(i.error, d.token());
      interval = i.value;
    }
    if (interval < MIN_INTERVAL) {
      throw new SetupError(`interval value must be greater or equal to ${formatDuration(MIN_INTERVAL)}`, d.token());
    }
    let jitter = DEFAULT_JITTER;
    if (args.length > 1) {
      const j = parseDuration(args[1]);
      if (!j.ok) throw new SetupError(j.error, d.token());
      jitter = j.value;
    }
    if (jitter !== 0 && jitter < MIN_JITTER) {
      throw new SetupError(`jitter value must be 0 or greater or equal to ${formatDuration(MIN_JITTER)}`, d.token());
    }
  });
