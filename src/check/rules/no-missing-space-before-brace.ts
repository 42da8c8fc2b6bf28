import { defineRule } from '../rule.js';
import { nextIndexOf } from '../util.js';

/** `{$VAR}`, `{name}`: one RegExp for every word (each evaluation of a literal makes a new one). */
const PLACEHOLDER = /\{[^{}\s]*\}/g;

export default defineRule({
  id: 'no-missing-space-before-brace',
  category: 'suspicious',
  severity: 'warning',
  description: 'A `{` or `}` glued to a word is part of the word, not a brace.',
  docs:
    'Braces are structural only as whole tokens. `example.org{` is one word, so the key is the zone ' +
    '`example.org{.` and the block that follows is read without braces; `forward . 1.1.1.1{` makes `1.1.1.1{` ' +
    'an upstream. `. {}` makes `{}` a second key. Put a space before `{` (and between `{` and `}`).',
  messages: {
    glued: "'{word}' has a brace glued to it, so CoreDNS reads the brace as part of the word, not as a block. Put a space before the brace.",
    empty: "'{}' is one word, so CoreDNS reads it as another key or argument, not as an empty block. Write '{ }'.",
  },
  create(ctx) {
    // Most words have no brace at all; the source text tells without reading each word's string.
    const nextOpen = nextIndexOf(ctx.text, '{');
    const nextClose = nextIndexOf(ctx.text, '}');
    // The first brace of either kind at or after `from` is at `brace` (-1: none).
    let from = ctx.text.length;
    let brace = -1;
    return {
      Word(w) {
        if (w.quoted) return;
        if (w.start < from || (brace !== -1 && w.start > brace)) {
          from = w.start;
          const o = nextOpen(from);
          const c = nextClose(from);
          brace = o < 0 ? c : c < 0 ? o : Math.min(o, c);
        }
        if (brace === -1 || brace >= w.end || w.end - w.start < 2) return;
        if (w.raw === '{}') {
          ctx.report({ node: w, messageId: 'empty', suggestions: [{ message: "Write '{ }'", edits: [{ span: { start: w.start, end: w.end }, text: '{ }' }] }] });
          return;
        }
        // Placeholders such as {$VAR} and {name} are not braces.
        const raw = w.raw.replace(PLACEHOLDER, '');
        if (raw.endsWith('{')) {
          const at = w.start + w.raw.length - 1;
          ctx.report({
            node: w,
            messageId: 'glued',
            data: { word: w.raw },
            suggestions: [{ message: 'Insert a space before {', edits: [{ span: { start: at, end: at }, text: ' ' }] }],
          });
        } else if (raw.startsWith('}')) {
          ctx.report({
            node: w,
            messageId: 'glued',
            data: { word: w.raw },
            suggestions: [{ message: 'Insert a space after }', edits: [{ span: { start: w.start + 1, end: w.start + 1 }, text: ' ' }] }],
          });
        }
      },
    };
  },
});
