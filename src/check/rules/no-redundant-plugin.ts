import { defineRule } from '../rule.js';

/** Plugins whose setup reads only one occurrence per block (reference §5). */
const ONLY: Record<string, 'first' | 'last'> = { reload: 'first', whoami: 'first', any: 'first', root: 'last' };

export default defineRule({
  id: 'no-redundant-plugin',
  category: 'suspicious',
  severity: 'warning',
  scope: 'block',
  description: 'A repeated plugin whose extra occurrences CoreDNS silently ignores.',
  docs:
    '`reload`, `whoami` and `any` read only their first occurrence in a server block, and `root` only its last; ' +
    'the others are ignored without a word. Keep one.',
  messages: {
    ignored: "Only the {which} '{name}' in a server block is used; this one is ignored. Remove the extra occurrence.",
  },
  create(ctx) {
    return {
      CoreBlock(b) {
        // No name repeats in most blocks.
        if (b.byName.size === b.directives.length) return;
        for (const [name, list] of b.byName) {
          const which = ONLY[name];
          if (!which || list.length < 2) continue;
          const ignored = which === 'first' ? list.slice(1) : list.slice(0, -1);
          for (const d of ignored) ctx.report({ token: d.nameToken, messageId: 'ignored', data: { which, name } });
        }
      },
    };
  },
});
