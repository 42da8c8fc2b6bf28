import { defineRule } from '../rule.js';
import { nextIndexOf } from '../util.js';

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
    // Few words hold a '#'; the source text tells without reading each word's string.
    const nextHash = nextIndexOf(ctx.text, '#');
    return {
      Word(w) {
        if (w.quoted) return;
        const h = nextHash(w.start);
        if (h < 0 || h >= w.end) return;
        const i = w.raw.indexOf('#');
        if (i <= 0) return;
        ctx.report({
          node: w,
          messageId: 'midWord',
          data: { word: w.raw, kept: w.raw.slice(0, i) },
          suggestions: [{ message: "Insert a space before '#'", edits: [{ span: { start: w.start + i, end: w.start + i }, text: ' ' }] }],
        });
      },
    };
  },
});
