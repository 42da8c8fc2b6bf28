import { hasOptionHistory, headerSelectorStatus, optionHasHistory, optionStatus, pluginStatus, removedIn } from '../history.js';
import { defineRule } from '../rule.js';
import { deleteWords, inMainFile, optionEnd, optionsNamed } from '../util.js';
import { atLeast } from '../version.js';

export default defineRule({
  id: 'no-deprecated-option',
  category: 'compatibility',
  severity: 'warning',
  scope: 'block',
  fixable: true,
  description: 'Plugin options that are deprecated or silently ignored in the targeted release.',
  docs:
    'These options still parse, but do nothing or are on their way out: kubernetes `upstream` and `resyncperiod` ' +
    '(ignored before their removal in 1.7.0), `upstream` in file, auto, etcd, route53, clouddns and template (a no-op ' +
    'since 1.5.2), etcd `stubzones`, several kubernetes `endpoint` URLs (only the first is used since 1.4.0), and ' +
    'header rules without a `query`/`response` selector (1.9.4–1.12.3), ' +
    '`log stdout` (since 1.0.0 `stdout` is read as a name to match, so nothing is logged for other names). ' +
    'Ignored options are deleted by `--fix`, which changes nothing CoreDNS does.',
  messages: {
    deprecated: "Option '{option}' of plugin '{plugin}' is deprecated since CoreDNS {since}{removal}. {advice}.",
    ignored: "Option '{option}' of plugin '{plugin}' is ignored since CoreDNS {since}: it has no effect{removal}. {advice}.",
    endpoints: 'kubernetes uses only the first endpoint since CoreDNS 1.4.0; {extra} ignored. Keep one endpoint.',
    headerSelector:
      "header rule '{action} …' without a 'query' or 'response' selector is deprecated since CoreDNS 1.9.4 and rejected from 1.12.4. Write 'response {action} …' (what it means today).",
    logStdout: "'log stdout' logs only queries for names under 'stdout.': since CoreDNS 1.0.0 logging always goes to standard output and the argument is a name filter. Write 'log' alone.",
  },
  create(ctx) {
    const { model } = ctx;
    const v = model.version;
    const status = (name: string) => pluginStatus(name, v);
    const headerDeprecated = headerSelectorStatus(v) === 'deprecated';
    const kubernetesEndpoints = atLeast(v, '1.4.0');
    const logStdout = atLeast(v, '1.0.0');
    return {
      CoreBlock(b) {
        for (let di = 0; di < b.directives.length; di++) {
          const d = b.directives[di]!;
          const header = d.name === 'header';
          // Only plugins with an option history (and header's selector) have options to report.
          if (!header && !hasOptionHistory(d.name) && d.name !== 'kubernetes' && d.name !== 'log') continue;
          if (status(d.name)?.status === 'removed') continue;
          for (const o of d.options) {
            if (o.depth !== 1) continue;
            if (header && (o.name.text === 'set' || o.name.text === 'clear') && headerDeprecated) {
              ctx.report({ token: o.name, messageId: 'headerSelector', data: { action: o.name.text } });
              continue;
            }
            if (!optionHasHistory(d.name, o.name.text)) continue;
            const s = optionStatus(d.name, o.name.text, v, o.args[0]?.text);
            if (!s || s.status === 'removed') continue;
            const r = removedIn(s.history);
            const end = optionEnd(o);
            const advice = s.history.advice;
            ctx.report({
              token: o.name,
              messageId: s.status === 'ignored' ? 'ignored' : 'deprecated',
              data: {
                option: o.name.text,
                plugin: d.name,
                since: s.since,
                removal: r ? ` and CoreDNS ${r} refuses to start with it` : '',
                advice: advice[0]!.toUpperCase() + advice.slice(1),
              },
              fix: s.status === 'ignored' && s.history.removable && inMainFile(o.name, end) ? [deleteWords(ctx.text, o.name.start, end.end)] : undefined,
            });
          }
          if (d.name === 'kubernetes' && kubernetesEndpoints) {
            for (const o of optionsNamed(d, 'endpoint')) {
              if (o.args.length < 2) continue;
              ctx.report({ token: o.args[1]!, messageId: 'endpoints', data: { extra: o.args.slice(1).map((a) => `'${a.text}'`).join(', ') + (o.args.length > 2 ? ' are' : ' is') } });
            }
          }
          if (d.name === 'log' && logStdout) {
            const stdout = d.args.find((a) => a.text === 'stdout');
            if (stdout) ctx.report({ token: stdout, messageId: 'logStdout' });
          }
        }
      },
    };
  },
});
