import { defineRule } from '../rule.js';
import { failingPlugins } from './no-setup-error.js';

export default defineRule({
  id: 'no-brace-on-next-line',
  category: 'correctness',
  severity: 'error',
  scope: 'block',
  fixable: true,
  description: "A plugin's `{` must be on the line of the directive.",
  docs:
    'Server blocks may open their `{` on the next line, but plugin blocks may not: CoreDNS hands the tokens to the ' +
    'plugin, whose setup opens a block only on the same line (caddy Dispenser.NextBlock). The `{` and the options ' +
    'after it are then read as arguments, and most plugins refuse to start ("Unexpected token \'{\', expecting ' +
    'argument"). `--fix` moves the brace up when only whitespace separates it from the line before. The finding ' +
    'is an error when the plugin\'s setup rejects the block, a warning otherwise.',
  messages: {
    nextLine: "This '{' opens {name}'s block on the next line, but plugins only read a block that opens on the directive's line: CoreDNS reads '{' and the lines after it as more arguments. Put '{' at the end of line {line}.",
  },
  create(ctx) {
    const { model } = ctx;
    return {
      CoreBlock(b) {
        for (let di = 0; di < b.directives.length; di++) {
          const d = b.directives[di]!;
          // The words on the name's line before any `{` hold no `{`.
          for (let i = 1 + d.args.length; i < d.tokens.length; i++) {
            const t = d.tokens[i]!;
            const prev = d.tokens[i - 1]!;
            if (t.text !== '{' || prev.text === '{' || prev.text === '}' || (prev.file === t.file && prev.line === t.line)) continue;
            const between = t.file === '' && prev.file === '' ? ctx.text.slice(prev.end, t.start) : undefined;
            const fix = between !== undefined && /^\s*$/.test(between) ? [{ span: { start: prev.end, end: t.start }, text: ' ' }] : undefined;
            const failing = failingPlugins(b, model.catalog, model.filename);
            const rejected = failing === undefined || failing.has(d.name);
            ctx.report({
              token: t,
              messageId: 'nextLine',
              data: { name: d.name, line: prev.line },
              fix: rejected ? fix : undefined,
              suggestions: !rejected && fix ? [{ message: "Move '{' to the directive's line", edits: fix }] : undefined,
              severity: rejected ? undefined : 'warning',
            });
          }
        }
      },
    };
  },
});
