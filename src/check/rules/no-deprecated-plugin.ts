import { pluginStatus } from '../history.js';
import { defineRule } from '../rule.js';

export default defineRule({
  id: 'no-deprecated-plugin',
  category: 'compatibility',
  severity: 'warning',
  scope: 'block',
  description: 'Plugins that still work in the targeted release but are deprecated.',
  docs:
    'The plugin still works in the targeted CoreDNS, but a later release removes it and CoreDNS will then refuse ' +
    'to start. The message names the release that removes it and the replacement. Migrate before upgrading.',
  messages: {
    deprecated: "Plugin '{name}' is deprecated since CoreDNS {deprecated} and removed in {removed}: it works in {version} but not after an upgrade. {advice}.",
  },
  create(ctx) {
    const { model } = ctx;
    const external = new Set(model.externalPlugins.map((e) => e.name));
    const status = (name: string) => pluginStatus(name, model.version);
    return {
      CoreBlock(b) {
        for (let di = 0; di < b.directives.length; di++) {
          const d = b.directives[di]!;
          if (external.has(d.name)) continue;
          const s = status(d.name);
          if (s?.status !== 'deprecated') continue;
          const advice = s.history.advice;
          ctx.report({
            token: d.nameToken,
            messageId: 'deprecated',
            data: { name: d.name, deprecated: s.history.deprecated!, removed: s.history.removed, version: model.version.text, advice: advice[0]!.toUpperCase() + advice.slice(1) },
          });
        }
      },
    };
  },
});
