import type { Edit } from '../../ast/nodes.js';
import { pluginStatus } from '../history.js';
import type { ModelDirective } from '../model.js';
import { defineRule } from '../rule.js';
import { deleteWords, inMainFile, optionEnd } from '../util.js';

/**
 * proxy → forward, mapping the options as coredns/corefile-migration does
 * (migration/plugins.go proxyToForwardOptionsMigrations), except where that
 * table would produce a Corefile that behaves differently or fails:
 * `policy least_conn` is dropped (the table turns it into `force_tcp`),
 * `policy first` becomes `policy sequential` (forward's name for it), and
 * `protocol dns force_tcp` becomes `force_tcp` (the table means to, but tests
 * the wrong argument). Returns undefined when no faithful rewrite exists:
 * `protocol https_google` and `protocol grpc` change what is queried.
 */
function proxyToForward(text: string, d: ModelDirective): Edit[] | undefined {
  if (!inMainFile(...d.tokens)) return undefined;
  const edits: Edit[] = [{ span: { start: d.nameToken.start, end: d.nameToken.end }, text: 'forward' }];
  for (const o of d.options) {
    if (o.depth !== 1) return undefined;
    const args = o.args.map((a) => a.text);
    const drop = () => edits.push(deleteWords(text, o.name.start, optionEnd(o).end));
    switch (o.name.text) {
      case 'except':
        break;
      case 'fail_timeout':
      case 'max_fails':
      case 'health_check':
      case 'spray':
        drop();
        break;
      case 'policy':
        if (args[0] === 'least_conn') drop();
        else if (args[0] === 'first') edits.push({ span: { start: o.args[0]!.start, end: o.args[0]!.end }, text: 'sequential' });
        else if (args[0] !== 'random' && args[0] !== 'round_robin') return undefined;
        break;
      case 'protocol':
        if (args[0] === 'dns' && args.length === 1) drop();
        else if (args[0] === 'dns' && args[1] === 'force_tcp' && args.length === 2)
          edits.push({ span: { start: o.name.start, end: optionEnd(o).end }, text: 'force_tcp' });
        else return undefined;
        break;
      default:
        return undefined;
    }
  }
  return edits;
}

export default defineRule({
  id: 'no-removed-plugin',
  category: 'compatibility',
  severity: 'error',
  scope: 'block',
  fixable: true,
  description: 'Plugins removed from CoreDNS before the targeted release.',
  docs:
    'A plugin that was removed makes CoreDNS stop at start-up with `Unknown directive` (or, for a few releases, ' +
    '`this plugin has been deprecated`). The message names the release that removed it and its replacement. ' +
    '`proxy` is fixed automatically to `forward` when its options map cleanly: `except` is kept; `fail_timeout`, ' +
    '`max_fails`, `health_check` and `spray` are dropped; `protocol dns force_tcp` becomes `force_tcp`; ' +
    '`policy first` becomes `policy sequential`; `policy least_conn` is dropped. `protocol https_google` and ' +
    '`protocol grpc` have no automatic fix (use `forward . tls://…` or the `grpc` plugin).',
  messages: {
    removed: "Plugin '{name}' was removed in CoreDNS {removed}; the targeted {version} refuses to start with it. {advice}.",
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
          if (s?.status !== 'removed') continue;
          const fix = d.name === 'proxy' ? proxyToForward(ctx.text, d) : undefined;
          ctx.report({
            token: d.nameToken,
            messageId: 'removed',
            data: { name: d.name, removed: s.history.removed, version: model.version.text, advice: capital(s.history.advice) },
            fix,
          });
        }
      },
    };
  },
});

function capital(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}
