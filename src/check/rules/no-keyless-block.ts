import { defineRule } from '../rule.js';

export default defineRule({
  id: 'no-keyless-block',
  category: 'suspicious',
  severity: 'warning',
  description: 'A block without keys is ignored.',
  docs:
    'A `{ … }` block with no zone before it is parsed and then dropped: none of its directives run, and CoreDNS ' +
    'says nothing. Put the zone (e.g. `.`) before the brace, on the same line.',
  messages: {
    keyless: "This block has no keys, so CoreDNS drops it and none of its directives run. Put a zone such as '.' before '{'.",
  },
  create(ctx) {
    return {
      Model(m) {
        for (const open of m.read.keyless) ctx.report({ token: open, messageId: 'keyless' });
      },
    };
  },
});
