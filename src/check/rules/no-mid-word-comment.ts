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
        // Few words hold a '#': the source text tells where, and the table which token each is in.
        const { text, lexed } = ctx;
        // The last token found: the next is at or after it.
        let last = 0;
        for (let hash = text.indexOf('#'); hash !== -1; ) {
          const i = lexed.at(hash, last);
          if (i === -1) {
            hash = text.indexOf('#', hash + 1);
            continue;
          }
          last = i;
          const start = lexed.starts[i]!;
          hash = text.indexOf('#', lexed.ends[i]!);
          if (lexed.quoted(i)) continue;
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
