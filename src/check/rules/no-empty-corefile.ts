import { defineRule } from '../rule.js';

export default defineRule({
  id: 'no-empty-corefile',
  category: 'suspicious',
  severity: 'warning',
  description: 'A Corefile without server blocks runs the built-in default.',
  docs:
    'When the file has no server block (empty, only comments, only snippets, or only keyless blocks), CoreDNS ' +
    'silently runs its built-in `.:53 { whoami log }` instead: it answers every query with the client\'s address. ' +
    'Add a server block.',
  messages: {
    empty: "No server blocks: CoreDNS will silently serve its built-in '.:53 { whoami log }' instead, answering every query with the client's address. Add a server block.",
  },
  create(ctx) {
    return {
      Model(m) {
        if (m.blocks.length > 0 || m.read.error) return;
        ctx.report({ node: { start: 0, end: 0 }, messageId: 'empty' });
      },
    };
  },
});
