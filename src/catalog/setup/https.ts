import type { SetupValidator } from '../types.js';
import { listenerLimits, runSetup } from '../values.js';

/** coredns/coredns:plugin/https/setup.go parseDOH: only the first occurrence is read. */
export const validate: SetupValidator = (ctx) => runSetup('https', ctx, ({ d }) => listenerLimits(d, ['max_connections'], false));
