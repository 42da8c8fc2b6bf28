import { hasOptionHistory, headerSelectorStatus, optionHasHistory, optionStatus, pluginStatus } from '../history.js';
import { defineRule } from '../rule.js';
import { deleteWords, inMainFile, optionEnd } from '../util.js';

export default defineRule({
  id: 'no-removed-option',
  category: 'compatibility',
  severity: 'error',
  scope: 'block',
  fixable: true,
  description: 'Plugin options removed before the targeted release.',
  docs:
    "A removed option makes the plugin's setup fail (`unknown property 'upstream'`), so CoreDNS does not start. " +
    'The message names the release and what replaces it. Options that were no-ops before their removal ' +
    '(kubernetes `upstream`, `resyncperiod`) are deleted by `--fix`; the others need a person (kubernetes ' +
    '`transfer` moves to the `transfer` plugin). header rules without a `query`/`response` selector are ' +
    'rejected since 1.12.4; `--fix` adds `response`, which is what they meant before 1.9.4.',
  messages: {
    removed: "Option '{option}' of plugin '{plugin}' was removed in CoreDNS {since}; the targeted {version} fails with \"unknown property '{option}'\". {advice}.",
    removedValue: "'{option} {value}' of plugin '{plugin}' was removed in CoreDNS {since}, and the targeted {version} refuses it. {advice}.",
    headerSelector:
      "header rules need a 'query' or 'response' selector since CoreDNS 1.12.4; the targeted {version} fails with \"invalid selector={action} should be query or response\". Before 1.9.4 rules changed responses, so write 'response {action} …'.",
  },
  create(ctx) {
    const { model } = ctx;
    const status = (name: string) => pluginStatus(name, model.version);
    const headerRemoved = headerSelectorStatus(model.version) === 'removed';
    return {
      CoreBlock(b) {
        for (let di = 0; di < b.directives.length; di++) {
          const d = b.directives[di]!;
          const header = d.name === 'header';
          // Only plugins with an option history (and header's selector) have options to report.
          if (!header && !hasOptionHistory(d.name)) continue;
          // A removed plugin is reported as a whole.
          if (status(d.name)?.status === 'removed') continue;
          for (const o of d.options) {
            if (o.depth !== 1) continue;
            if (header && (o.name.text === 'set' || o.name.text === 'clear') && headerRemoved) {
              const fix = inMainFile(o.name) ? [{ span: { start: o.name.start, end: o.name.start }, text: 'response ' }] : undefined;
              ctx.report({ token: o.name, messageId: 'headerSelector', data: { version: model.version.text, action: o.name.text }, fix });
              continue;
            }
            if (!optionHasHistory(d.name, o.name.text)) continue;
            const s = optionStatus(d.name, o.name.text, model.version, o.args[0]?.text);
            if (s?.status !== 'removed') continue;
            const end = optionEnd(o);
            const fix = s.history.removable && inMainFile(o.name, end) ? [deleteWords(ctx.text, o.name.start, end.end)] : undefined;
            const advice = s.history.advice;
            ctx.report({
              token: o.name,
              messageId: s.history.firstArg ? 'removedValue' : 'removed',
              data: { option: o.name.text, value: s.history.firstArg ?? '', plugin: d.name, since: s.since, version: model.version.text, advice: advice[0]!.toUpperCase() + advice.slice(1) },
              fix,
            });
          }
        }
      },
    };
  },
});
