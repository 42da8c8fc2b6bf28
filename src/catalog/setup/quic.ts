import type { SetupValidator } from '../types.js';
import { listenerLimits, runSetup } from '../values.js';

/** coredns/coredns:plugin/quic/setup.go parseQuic: only the first occurrence is read. */
export const validate: SetupValidator = (ctx) =>
  runSetup('quic', ctx, ({ d }) => listenerLimits(d, ['max_streams', 'worker_pool_size'], true));
