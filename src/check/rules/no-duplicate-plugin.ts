import { onlyOncePerBlock } from '../history.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'no-duplicate-plugin',
  category: 'correctness',
  severity: 'error',
  scope: 'block',
  description: 'Plugins that CoreDNS allows only once per server block.',
  docs:
    'cache, dnssec, errors, grpc, hosts, kubernetes, loop, prometheus, nsid, pprof, ready, shed (1.14.7+), tsig ' +
    '(1.9.4+) and view (1.10.0+) refuse a second occurrence in one server block: `plugin/NAME: this plugin can ' +
    'only be used once per Server Block`. `forward` did too before 1.9.4; since then several `forward` lines ' +
    'are tried in order. Merge the occurrences, or split the zones into separate server blocks.',
  messages: {
    once: "plugin/{name}: this plugin can only be used once per Server Block (CoreDNS {version} will not start; first at line {line}). Merge the two, or move one into its own server block.",
  },
  create(ctx) {
    const { model } = ctx;
    return {
      CoreBlock(b) {
        // No name repeats in most blocks.
        if (b.byName.size === b.directives.length) return;
        for (const [name, list] of b.byName) {
          if (list.length < 2 || !onlyOncePerBlock(name, model.version)) continue;
          for (const d of list.slice(1)) {
            ctx.report({ token: d.nameToken, messageId: 'once', data: { name, version: model.version.text, line: list[0]!.nameToken.line } });
          }
        }
      },
    };
  },
});
