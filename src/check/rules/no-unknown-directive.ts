import { PLUGIN_ORDER } from '../../catalog/order.js';
import { notYetAdded, PLUGIN_HISTORY } from '../history.js';
import { defineRule } from '../rule.js';
import { didYouMean, hint } from '../util.js';

export default defineRule({
  id: 'no-unknown-directive',
  category: 'correctness',
  severity: 'error',
  scope: 'block',
  description: 'Every directive must be a plugin compiled into the targeted CoreDNS.',
  docs:
    'CoreDNS refuses to start when a server block names a directive that is not in its plugin.cfg: ' +
    "`Corefile:LINE - Error during parsing: Unknown directive 'NAME'`. Usually it is a typo, an option " +
    "written outside its plugin's block, a plugin added in a later release, or an out-of-tree plugin. Fix the " +
    'spelling, move the option into its block, or declare the plugin in `externalPlugins` of the configuration ' +
    'file when your build includes it. Removed plugins are reported by `no-removed-plugin`.',
  messages: {
    unknown: "Unknown directive '{name}': CoreDNS {version} has no such plugin and will not start.{hint} If your build includes it, declare it in externalPlugins.",
    option: "Unknown directive '{name}': CoreDNS {version} will not start. '{name}' is an option of {plugins}, not a plugin: move it into that plugin's block.",
    tooNew: "Unknown directive '{name}': the plugin was added in CoreDNS {since}, so the targeted {version} will not start. Target {since} or later, or remove it.",
  },
  create(ctx) {
    const { model } = ctx;
    const removed = new Set(PLUGIN_HISTORY.map((h) => h.name));
    return {
      CoreBlock(b) {
        for (let di = 0; di < b.directives.length; di++) {
          const d = b.directives[di]!;
          if (model.directives.has(d.name) || removed.has(d.name)) continue;
          const since = notYetAdded(d.name, model.version);
          if (since) {
            ctx.report({ token: d.nameToken, messageId: 'tooNew', data: { name: d.name, version: model.version.text, since } });
            continue;
          }
          const suggestion = didYouMean(d.name, model.directives);
          const owners = suggestion ? [] : PLUGIN_ORDER.filter((p) => model.catalog.getPlugin?.(p)?.options.some((o) => o.name === d.name && !o.removed));
          if (owners.length > 0) {
            const present = owners.filter((p) => b.byName.has(p));
            ctx.report({ token: d.nameToken, messageId: 'option', data: { name: d.name, version: model.version.text, plugins: (present.length ? present : owners).join(', ') } });
            continue;
          }
          ctx.report({
            token: d.nameToken,
            messageId: 'unknown',
            data: { name: d.name, version: model.version.text, hint: hint(suggestion) },
          });
        }
      },
    };
  },
});
