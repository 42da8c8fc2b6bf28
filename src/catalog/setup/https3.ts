import type { SetupValidator } from '../types.js';
import { listenerLimits, runSetup } from '../values.js';

/** coredns/coredns:plugin/https3/setup.go parseDOH3: only the first occurrence is read. */
export const validate: SetupValidator = (ctx) =>
  runSetup('https3', ctx, ({ d }) => listenerLimits(d, ['max_streams', 'max_connections'], false));
