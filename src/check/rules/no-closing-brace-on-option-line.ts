import { defineRule } from '../rule.js';
import { failingPlugins } from './no-setup-error.js';

export default defineRule({
  id: 'no-closing-brace-on-option-line',
  category: 'correctness',
  severity: 'error',
  scope: 'block',
  fixable: true,
  description: "A `}` after an option's words on the same line is read as one more word.",
  docs:
    'CoreDNS\'s parser accepts one-line plugin blocks such as `log { class denial error }`, but the plugin then reads ' +
    'the rest of the line as the option\'s arguments, `}` included (caddy Dispenser.RemainingArgs stops only at `{`): ' +
    '`invalid Class: }`. Put the closing brace on a line of its own. `--fix` does that. The finding is an error ' +
    'when the plugin\'s setup rejects it, a warning otherwise.',
  messages: {
    sameLine: "This '}' follows '{option}' on the same line, so {name} reads it as one more argument of '{option}' instead of the end of the block. Put '}' on its own line.",
  },
  create(ctx) {
    const { model } = ctx;
    return {
      CoreBlock(b) {
        for (let di = 0; di < b.directives.length; di++) {
          const d = b.directives[di]!;
          // Without tokens past the name's line there is no `{` (the arguments stop at one), so any `}` is unbalanced.
          if (d.tokens.length === 1 + d.args.length) continue;
          let depth = 0;
          let lineStart = 0;
          for (let i = 1; i < d.tokens.length; i++) {
            const t = d.tokens[i]!;
            const prev = d.tokens[i - 1]!;
            if (prev.file !== t.file || prev.line !== t.line) lineStart = i;
            // An option starts a line, or follows a `{` on it (`log { class denial }`).
            if (prev.text === '{' && prev.file === t.file && prev.line === t.line) lineStart = i;
            if (t.text === '{') depth++;
            if (t.text !== '}') continue;
            depth--;
            // `{ }` (opened and closed at once) and a `}` that starts its line are fine.
            if (lineStart === i || prev.text === '{' || prev.text === '}' || depth < 0) continue;
            const option = d.tokens[lineStart]!;
            if (option.text === '{') continue;
            const failing = failingPlugins(b, model.catalog, model.filename);
            const rejected = failing === undefined || failing.has(d.name);
            // The brace goes on a line of its own, indented like the line it leaves.
            const indent = /^[ \t]*/.exec(ctx.text.slice(ctx.text.lastIndexOf('\n', t.start - 1) + 1))![0];
            const fix = t.file === '' ? [{ span: { start: prev.end, end: t.start }, text: `\n${indent}` }] : undefined;
            ctx.report({
              token: t,
              messageId: 'sameLine',
              data: { option: option.text, name: d.name },
              fix: rejected ? fix : undefined,
              suggestions: !rejected && fix ? [{ message: "Put '}' on its own line", edits: fix }] : undefined,
              severity: rejected ? undefined : 'warning',
            });
          }
        }
      },
    };
  },
});
