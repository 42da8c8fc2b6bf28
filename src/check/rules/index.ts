import noBraceOnNextLine from './no-brace-on-next-line.js';
import noClosingBraceOnOptionLine from './no-closing-brace-on-option-line.js';
import noDeprecatedOption from './no-deprecated-option.js';
import noDeprecatedPlugin from './no-deprecated-plugin.js';
import noDuplicatePlugin from './no-duplicate-plugin.js';
import noDuplicateZone from './no-duplicate-zone.js';
import noEmptyCorefile from './no-empty-corefile.js';
import noForwardingLoop from './no-forwarding-loop.js';
import noInvalidServerKey from './no-invalid-server-key.js';
import noKeylessBlock from './no-keyless-block.js';
import noListenerCollision from './no-listener-collision.js';
import noMidWordComment from './no-mid-word-comment.js';
import noMissingSpaceBeforeBrace from './no-missing-space-before-brace.js';
import noMixedBind from './no-mixed-bind.js';
import noRedundantPlugin from './no-redundant-plugin.js';
import noRemovedOption from './no-removed-option.js';
import noRemovedPlugin from './no-removed-plugin.js';
import noSetupError from './no-setup-error.js';
import noSetupWarning from './no-setup-warning.js';
import noShadowedPlugin from './no-shadowed-plugin.js';
import noSuspiciousPath from './no-suspicious-path.js';
import noSuspiciousServerKey from './no-suspicious-server-key.js';
import noUnknownDirective from './no-unknown-directive.js';
import noUnknownOption from './no-unknown-option.js';

import type { Rule } from '../rule.js';

/** Every rule, in alphabetical order of id. */
export const RULES: readonly Rule[] = [
  noBraceOnNextLine as Rule,
  noClosingBraceOnOptionLine as Rule,
  noDeprecatedOption as Rule,
  noDeprecatedPlugin as Rule,
  noDuplicatePlugin as Rule,
  noDuplicateZone as Rule,
  noEmptyCorefile as Rule,
  noForwardingLoop as Rule,
  noInvalidServerKey as Rule,
  noKeylessBlock as Rule,
  noListenerCollision as Rule,
  noMidWordComment as Rule,
  noMissingSpaceBeforeBrace as Rule,
  noMixedBind as Rule,
  noRedundantPlugin as Rule,
  noRemovedOption as Rule,
  noRemovedPlugin as Rule,
  noSetupError as Rule,
  noSetupWarning as Rule,
  noShadowedPlugin as Rule,
  noSuspiciousPath as Rule,
  noSuspiciousServerKey as Rule,
  noUnknownDirective as Rule,
  noUnknownOption as Rule,
];
