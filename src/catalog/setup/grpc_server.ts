import type { SetupValidator } from '../types.js';
import { listenerLimits, runSetup } from '../values.js';

/** coredns/coredns:plugin/grpc_server/setup.go parseGRPCServer: only the first occurrence is read. */
export const validate: SetupValidator = (ctx) =>
  runSetup('grpc_server', ctx, ({ d }) => listenerLimits(d, ['max_streams', 'max_connections'], false));
