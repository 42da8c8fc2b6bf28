import { optionStatus } from '../history.js';
import { defineRule } from '../rule.js';
import { deleteWords, inMainFile, optionEnd } from '../util.js';

export default defineRule({
  id: 'no-removed-option',
  category: 'compatibility',
  severity: 'error',
  fixable: true,
  description: 'Plugin options removed before the targeted release.',
  docs:
    "A removed option makes the plugin's setup fail (`unknown property 'upstream'`), so CoreDNS does not start. " +
    'The message names the release and what replaces it. Options that were no-ops before their removal ' +
    '(kubernetes `upstream`, `resyncperiod`) are deleted by `--fix`; the others need a person (kubernetes ' +
    '`transfer` moves to the `transfer` plugin).',
  messages: {
    removed: "Option '{option}' of plugin '{plugin}' was removed in CoreDNS {since}; the targeted {version} fails with \"unknown property '{option}'\". {advice}.",
  },
  create(ctx) {
    const { model } = ctx;
    return {
      CoreBlock(b) {
        for (const d of b.directives) {
          for (const o of d.options) {
            if (o.depth !== 1) continue;
            const s = optionStatus(d.name, o.name.text, model.version);
            if (s?.status !== 'removed') continue;
            const end = optionEnd(o);
            const fix = s.history.removable && inMainFile(o.name, end) ? [deleteWords(ctx.text, o.name.start, end.end)] : undefined;
            const advice = s.history.advice;
            ctx.report({
              token: o.name,
              messageId: 'removed',
              data: { option: o.name.text, plugin: d.name, since: s.since, version: model.version.text, advice: advice[0]!.toUpperCase() + advice.slice(1) },
              fix,
            });
          }
        }
      },
    };
  },
});
