import type { SetupValidator } from '../types.js';
import { runSetup } from '../values.js';

/** coredns/coredns:plugin/chaos/setup.go parse: VERSION and AUTHORS of the first occurrence, no block. */
export const validate: SetupValidator = (ctx) =>
  runSetup('chaos', ctx, ({ d }) => {
    if (!d.next()) return;
    d.countRemainingArgs();
    if (d.nextBlock()) throw d.err(`unknown property '${d.val()}'`);
  });
