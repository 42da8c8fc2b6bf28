import { defineRule } from '../rule.js';

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
        const { lexed } = ctx;
        for (const i of lexed.holding('{}')) {
          // A lone brace (a `#…` may follow it) is one to CoreDNS.
          const word = lexed.texts[i]!;
          if (lexed.quoted(i) || word === '{' || word === '}') continue;
          check(lexed.raw(i), lexed.starts[i]!);
        }
      },
    };

    function check(raw: string, start: number): void {
      const node = { start, end: start + raw.length };
      if (raw === '{}') {
        ctx.report({ node, messageId: 'empty', suggestions: [{ message: "Write '{ }'", edits: [{ span: node, text: '{ }' }] }] });
        return;
      }
      // Placeholders such as {$VAR} and {name} are not braces.
      const bare = raw.replace(PLACEHOLDER, '');
      if (bare.endsWith('{')) {
        const at = node.end - 1;
        ctx.report({
          node,
          messageId: 'glued',
          data: { word: raw },
          suggestions: [{ message: 'Insert a space before {', edits: [{ span: { start: at, end: at }, text: ' ' }] }],
        });
      } else if (bare.startsWith('}')) {
        ctx.report({
          node,
          messageId: 'glued',
          data: { word: raw },
          suggestions: [{ message: 'Insert a space after }', edits: [{ span: { start: start + 1, end: start + 1 }, text: ' ' }] }],
        });
      }
    }
  },
});
