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
        // Few words hold a '#': the source text tells which, without reading each word's string.
        const text = ctx.text;
        let hash = text.indexOf('#');
        for (const w of ctx.tokens) {
          if (hash !== -1 && hash < w.start) hash = text.indexOf('#', w.start);
          if (hash === -1) return;
          if (hash >= w.end || w.quoted) continue;
          const i = w.raw.indexOf('#');
          if (i <= 0) continue;
          ctx.report({
            node: w,
            messageId: 'midWord',
            data: { word: w.raw, kept: w.raw.slice(0, i) },
            suggestions: [{ message: "Insert a space before '#'", edits: [{ span: { start: w.start + i, end: w.start + i }, text: ' ' }] }],
          });
        }
      },
    };
  },
});
