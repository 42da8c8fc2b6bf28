import { SETUP_VALIDATORS } from './setup/index.js';
import type { SetupContext, SetupIssue } from './types.js';

/**
 * Validate one server block's occurrences of a directive as the plugin's
 * setup.go would. Returns [] for a directive without a validator.
 */
export function validateSetup(name: string, ctx: SetupContext): SetupIssue[] {
  const validate = SETUP_VALIDATORS.get(name);
  return validate ? validate(ctx) : [];
}
