import { defineRule } from '../rule.js';

export default defineRule({
  id: 'no-mid-word-comment',
  category: 'suspicious',
  severity: 'warning',
  description: 'A `#` inside a word cuts only that word, not the rest of the line.',
  docs:
    'A `#` at the start of a word comments out the rest of the line, but a `#` inside a word (`foo#bar baz`) ' +
    'only drops the rest of that word: CoreDNS still reads `baz`. Put a space before `#` to comment out the rest ' +
    'of the line, or quote the word if the `#` belongs to it.',
  messages: {
    midWord: "'#' inside '{word}' cuts only this word: CoreDNS reads '{kept}' and still reads the words after it. Put a space before '#' to comment out the rest of the line, or quote the word.",
  },
  create(ctx) {
    return {
      Model() {
        const { lexed } = ctx;
        for (const i of lexed.holding('#')) {
          if (lexed.quoted(i)) continue;
          const start = lexed.starts[i]!;
          const raw = lexed.raw(i);
          const at = raw.indexOf('#');
          if (at <= 0) continue;
          ctx.report({
            node: { start, end: start + raw.length },
            messageId: 'midWord',
            data: { word: raw, kept: raw.slice(0, at) },
            suggestions: [{ message: "Insert a space before '#'", edits: [{ span: { start: start + at, end: start + at }, text: ' ' }] }],
          });
        }
      },
    };
  },
});
