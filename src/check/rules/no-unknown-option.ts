import { OPTION_HISTORY } from '../history.js';
import { defineRule } from '../rule.js';
import { didYouMean, hint } from '../util.js';
import { setupIssues } from './no-setup-error.js';

/** No token rejected. */
const NONE: ReadonlyMap<string, ReadonlySet<number>> = new Map();

export default defineRule({
  id: 'no-unknown-option',
  category: 'correctness',
  severity: 'error',
  scope: 'block',
  description: "Every line in a plugin's block must be one of its options.",
  docs:
    "Plugins reject lines of their block they do not know (`unknown property 'NAME'`), and CoreDNS does not start. " +
    'Where the plugin\'s setup validator exists, a line is reported only if the validator rejects it too. ' +
    'Typos and options of another plugin are the usual cause; the message suggests the closest option. Options ' +
    'that were removed or deprecated are reported by `no-removed-option` and `no-deprecated-option` instead.',
  messages: {
    unknown: "Unknown option '{option}' in plugin '{plugin}': its setup rejects it and CoreDNS will not start.{hint} Known options: {known}.",
  },
  create(ctx) {
    const { model } = ctx;
    // Per plugin: its option names (undefined when the rule does not apply to it), looked up once.
    const specs = new Map<string, { names: string[]; set: Set<string>; validated: boolean } | undefined>();
    const optionNames = (name: string) => {
      const hit = specs.get(name);
      if (hit !== undefined || specs.has(name)) return hit;
      const spec = model.catalog.getPlugin?.(name);
      let r: { names: string[]; set: Set<string>; validated: boolean } | undefined;
      if (spec && !spec.external && spec.block.allowed && spec.options.length > 0) {
        const names = spec.options.map((o) => o.name);
        r = { names, set: new Set(names), validated: !!model.catalog.hasSetupValidator?.(name) };
      }
      specs.set(name, r);
      return r;
    };
    return {
      CoreBlock(b) {
        // Where the validators reject a token (file, then start), computed for the block when first needed.
        let rejected: ReadonlyMap<string, ReadonlySet<number>> | undefined;
        for (let di = 0; di < b.directives.length; di++) {
          const d = b.directives[di]!;
          if (d.options.length === 0) continue;
          const known = optionNames(d.name);
          if (!known) continue;
          const { names } = known;
          // Where a faithful setup validator exists, it decides: some plugins take free-form lines
          // (hosts entries, template answers), which a list of option names cannot tell apart.
          const validate = known.validated ? model.catalog.validateSetup : undefined;
          for (let oi = 0; oi < d.options.length; oi++) {
            const o = d.options[oi]!;
            if (o.depth !== 1 || known.set.has(o.name.text)) continue;
            if (validate) {
              if (!rejected) {
                let index: Map<string, Set<number>> | undefined;
                for (const { issue } of setupIssues(b, validate, model.filename)) {
                  if (issue.severity !== 'error' || !issue.token) continue;
                  const starts = (index ??= new Map()).get(issue.token.file);
                  if (starts) starts.add(issue.token.start);
                  else index.set(issue.token.file, new Set([issue.token.start]));
                }
                rejected = index ?? NONE;
              }
              if (!rejected.get(o.name.file)?.has(o.name.start)) continue;
            }
            if (OPTION_HISTORY.some((h) => h.plugin === d.name && h.option === o.name.text)) continue;
            ctx.report({
              token: o.name,
              messageId: 'unknown',
              data: { option: o.name.text, plugin: d.name, hint: hint(didYouMean(o.name.text, names)), known: names.join(', ') },
            });
          }
        }
      },
    };
  },
});
