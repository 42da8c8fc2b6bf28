import type { SetupValidator } from '../types.js';
import { runSetup } from '../values.js';

/** coredns/coredns:plugin/metadata/setup.go metadataParse: zones only, no block, one occurrence read. */
export const validate: SetupValidator = (ctx) =>
  runSetup('metadata', ctx, ({ d }) => {
    d.next();
    d.countRemainingArgs();
    // Anything after the zones, a block or a second `metadata`, is an argument error.
    if (d.nextBlock() || d.next()) throw d.argErr();
  });
