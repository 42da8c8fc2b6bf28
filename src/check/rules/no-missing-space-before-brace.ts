import { defineRule } from '../rule.js';
import type { Token } from '../../../grammar/index.js';

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
    return {
      Model() {
        // Most words have no brace at all: the source text tells which, without reading each word's string.
        const text = ctx.text;
        let brace = nextBrace(text, 0);
        for (const w of ctx.tokens) {
          if (brace !== -1 && brace < w.start) brace = nextBrace(text, w.start);
          if (brace === -1) return;
          // A lone brace (a `#…` may follow it) is one to CoreDNS.
          if (brace >= w.end || w.quoted || w.text === '{' || w.text === '}') continue;
          check(w);
        }
      },
    };

    function check(w: Token): void {
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
    }
  },
});

/** The first `{` or `}` at or after `from` (-1: none). */
function nextBrace(text: string, from: number): number {
  const o = text.indexOf('{', from);
  const c = text.indexOf('}', from);
  return o < 0 ? c : c < 0 ? o : Math.min(o, c);
}
