import type { CoreToken } from '../../ast/read.js';
import { hasOptionHistory, headerSelectorStatus, onlyOncePerBlock, optionHasHistory, optionStatus } from '../history.js';
import type { CatalogApi, ModelBlock } from '../model.js';
import { defineRule } from '../rule.js';

type Validate = NonNullable<CatalogApi['validateSetup']>;
type Found = Array<{ name: string; first: CoreToken; issue: ReturnType<Validate>[number] }>;

// Both setup rules need the same results; blocks are fresh objects per check, so this never goes stale.
const cache = new WeakMap<ModelBlock, Found>();

/** Run the catalog's setup validators over one block, once per directive name, as CoreDNS's setup does. */
export function setupIssues(b: ModelBlock, validate: Validate, filename: string): Found {
  const hit = cache.get(b);
  if (hit) return hit;
  const out: Found = [];
  // b.byName lists the names in order of first occurrence, as CoreDNS runs the setups. A directive that
  // occurs once hands its own tokens over: the validators only read them (SetupContext.tokens).
  b.byName.forEach((list, name) => {
    let tokens: CoreToken[];
    if (list.length === 1) tokens = list[0]!.tokens;
    else {
      tokens = [];
      for (const d of list) for (const t of d.tokens) tokens.push(t);
    }
    let issues: ReturnType<Validate>;
    try {
      issues = validate(name, { tokens, serverBlockKeys: b.serverBlockKeys, filename });
    } catch {
      // A validator bug must not take the whole lint down; the finding is just lost.
      issues = [];
    }
    for (const issue of issues) out.push({ name, first: tokens[0]!, issue });
  });
  cache.set(b, out);
  return out;
}

/**
 * The plugins of a block whose setup fails, or undefined when no validators
 * are at hand (then nothing can be known to fail).
 */
export function failingPlugins(b: ModelBlock, catalog: CatalogApi, filename: string): Set<string> | undefined {
  const validate = catalog.validateSetup;
  if (!validate) return undefined;
  let failing = failingCache.get(b);
  if (!failing) {
    failing = new Set();
    for (const x of setupIssues(b, validate, filename)) if (x.issue.severity === 'error') failing.add(x.name);
    failingCache.set(b, failing);
  }
  return failing;
}
const failingCache = new WeakMap<ModelBlock, Set<string>>();

export default defineRule({
  id: 'no-setup-error',
  category: 'correctness',
  severity: 'error',
  scope: 'block',
  description: "A plugin's setup rejects its arguments or options, so CoreDNS does not start.",
  docs:
    "Each plugin parses its own arguments and block when CoreDNS starts (its setup.go). This rule runs a faithful " +
    'port of that parsing and reports what it rejects in CoreDNS\'s words: wrong argument counts, bad ports, ' +
    'durations, IPs, CIDRs, regular expressions (Go RE2 syntax), enum values, missing required arguments ' +
    '(`forward .` with no upstream)… Checks that need the file system, the network or the clock are left out.',
  messages: {
    setup: '{message}',
  },
  create(ctx) {
    const { model } = ctx;
    const validate = model.catalog.validateSetup;
    const headerAccepted = headerSelectorStatus(model.version) !== 'removed';
    return {
      CoreBlock(b) {
        if (!validate) return;
        const issues = setupIssues(b, validate, model.filename);
        if (!issues.some((x) => x.issue.severity === 'error')) return;
        // The validators describe the newest CoreDNS. On an older target, options the history
        // says were still accepted then are not errors (no-deprecated-option speaks for them).
        const accepted = new Set<string>();
        for (const d of b.directives) {
          if (!hasOptionHistory(d.name)) continue;
          for (const o of d.options) {
            if (o.depth !== 1 || !optionHasHistory(d.name, o.name.text)) continue;
            if (optionStatus(d.name, o.name.text, model.version, o.args[0]?.text)?.status !== 'removed') accepted.add(`${o.name.file}:${o.name.line}`);
          }
        }
        if (headerAccepted)
          for (const d of b.byName.get('header') ?? [])
            for (const o of d.options) if (o.name.text === 'set' || o.name.text === 'clear') accepted.add(`${o.name.file}:${o.name.line}`);
        for (const { name, first, issue } of issues) {
          if (issue.severity !== 'error') continue;
          if (issue.token && accepted.has(`${issue.token.file}:${issue.token.line}`)) continue;
          // Repeats of once-per-block plugins are `no-duplicate-plugin`'s, with a better message.
          if (/can only be used once per Server Block/.test(issue.message) && onlyOncePerBlock(name, model.version)) continue;
          ctx.report({ token: issue.token ?? first, messageId: 'setup', data: { message: `plugin/${name}: ${issue.message}` } });
        }
      },
    };
  },
});
