import fc from 'fast-check';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/ast/build.js';
import { format, formatRange } from '../src/format/format.js';
import * as plugin from '../src/format/plugin.js';
import { commentTexts, meaning, tokenTexts } from './format.helpers.js';

/**
 * Generated Corefiles. `structured` builds files that usually parse: server
 * blocks, snippets and imports with messy whitespace, brace styles, comments
 * in odd places, quotes holding `#` and braces, placeholders, nested and
 * one-line blocks, multi-line quotes, `\r`. `soup` is token soup that
 * reaches the strange corners (stray braces, `{` as an option name,
 * `import` in the middle of a line).
 */
const sp = fc.constantFrom(' ', ' ', ' ', '  ', '\t', ' \t', '\u00a0', '   ');
const nl = fc.constantFrom('\n', '\n', '\n', '\r\n', ' \n', '\n\n', '\n \n\t\n', '\t\n');
const comment = fc.constantFrom('# note', '#', '#{ brace }', '# "quoted"', '#x y z', '# import snip', '#}');
const zone = fc.constantFrom('.', '.:53', 'example.org', 'example.org:1053', 'dns://.:53', '10.0.0.0/8', '{$ZONE}', '"quoted.org"', 'a,b', '[::1]:53', 'tls://.');
const word = fc.constantFrom(
  '.', '8.8.8.8', '/etc/resolv.conf', 'cluster.local', '30', 'in-addr.arpa', 'foo#bar', 'a\rb', '{$UPSTREAM}', '{%HOST%}', 'x"y', "'single'",
  '`tick`', 'a\\', '"a # b"', '"{"', '"}"', '"{ x }"', '"e\\"q"', '"back\\\\slash"', '""', '"multi\nline"', '"tab\there"', '{}', 'x{', '}y', 'import', '"import"',
);
const name = fc.constantFrom('errors', 'log', 'cache', 'forward', 'health', 'hosts', 'kubernetes', 'rewrite', 'template', 'whoami', 'reload', '"log"', '{$DIRECTIVE}');

const join = (parts: string[][]) => parts.map((p) => p.join('')).join('');

/** A directive line: name, words, maybe a block (same line, next line, one-line), maybe an end-of-line comment. */
const directive: fc.Memo<string> = fc.memo((n) =>
  fc
    .tuple(
      sp.map((s) => s.replace('\u00a0', ' ')),
      name,
      fc.array(fc.tuple(sp, word), { maxLength: 4 }),
      n > 1 ? fc.option(block(n - 1), { nil: undefined }) : fc.constant(undefined),
      fc.option(fc.tuple(sp, comment), { nil: undefined }),
      nl,
    )
    .map(([indent, nm, args, blk, c, end]) => indent + nm + args.map(([s, w]) => s + w).join('') + (blk ?? '') + (c ? c.join('') : '') + end),
);

/** `{ … }` after a directive: on its line, on the next line, or as a one-liner. */
const block: fc.Memo<string> = fc.memo((n) =>
  fc
    .tuple(
      fc.constantFrom(' {', ' {', '{', '\n{', ' # why\n  {', ' {'),
      fc.option(fc.tuple(sp, comment), { nil: undefined }),
      nl,
      fc.array(fc.oneof({ weight: 5, arbitrary: directive(n) }, { weight: 1, arbitrary: fc.tuple(sp, comment, nl).map(join1) }, { weight: 1, arbitrary: fc.constant('   import snip\n') }), { maxLength: 4 }),
      fc.constantFrom('}', '  }', '\t}', '} tail', '} {\n}'),
    )
    .chain(([open, c, end, items, close]) =>
      fc.oneof(
        // Words after the `}` stay on its line; a second block may follow.
        fc.constant(open + (c ? c.join('') : '') + end + items.join('') + close),
        // One-line nested blocks are valid: `log { class denial }`.
        fc.tuple(fc.array(word, { maxLength: 3 }), fc.boolean()).map(([ws, imp]) => ` {${imp ? ' import snip' : ''} ${ws.join(' ')} }`),
      ),
    ),
);

function join1(p: string[]): string {
  return p.join('');
}

const keys = fc
  .tuple(zone, fc.array(fc.tuple(fc.constantFrom(' ', ', ', ',\n', ',\n  ', ', # c\n', '  '), zone), { maxLength: 3 }))
  .map(([first, more]) => first + more.map(([s, z]) => s + z).join(''));

const serverBlock = fc
  .tuple(
    keys,
    fc.constantFrom(' {', ' {', '\n{', ' { # open', '{'),
    nl,
    fc.array(fc.oneof({ weight: 6, arbitrary: directive(3) }, { weight: 1, arbitrary: fc.tuple(sp, comment, nl).map(join1) }, { weight: 1, arbitrary: fc.constantFrom('import snip\n', '  import "files/*.conf"\n', '\timport {$INC}\n') }), { maxLength: 6 }),
    fc.constantFrom('}', '}', '}  # end', ' }', '\t}'),
    // A block may end on the line where the next one starts (`} example.org {`).
    fc.oneof(nl, fc.constant(' ')),
  )
  .map(([k, open, end, items, close, after]) => k + open + end + items.join('') + close + after);

const snippet = fc
  .tuple(fc.constantFrom('(snip)', '(snip) ', '(snip)\n'), fc.array(directive(2), { maxLength: 3 }), nl)
  .map(([head, items, end]) => `${head}{\n${items.join('')}}${end}`);

const top = fc.oneof(
  { weight: 6, arbitrary: serverBlock },
  { weight: 1, arbitrary: fc.tuple(comment, nl).map(join1) },
  { weight: 1, arbitrary: fc.constantFrom('import common.conf\n', 'import snip\n', '\n') },
);

const structured = fc
  .tuple(fc.option(snippet, { nil: undefined }), fc.array(top, { minLength: 1, maxLength: 5 }), fc.option(fc.constantFrom('.:53\nwhoami\nlog\n', 'example.org\n', '.:53\nlog "unterminated', '.:53 # c\n  whoami\n'), { nil: undefined }), fc.boolean(), fc.boolean())
  .map(([s, items, tail, crlf, bom]) => {
    const text = (bom ? '\uFEFF' : '') + (s ?? '') + items.join('') + (tail ?? '');
    return crlf ? text.replace(/\r?\n/g, '\r\n') : text;
  });

const soup = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('a', 'b', '.', 'log', 'import', 'snip', '(snip)', 'x,', '"q # {"', '{$X}', 'foo#bar') },
      { weight: 6, arbitrary: fc.constantFrom(' ', ' ', '\t', '\n', '\n', '\r\n', '  ') },
      { weight: 4, arbitrary: fc.constantFrom('{', '}', '{', '}', '# c', '"m\nl"', '{}', '"') },
    ),
    { maxLength: 50 },
  )
  .map((parts) => parts.join(''));

const corefiles = fc.oneof({ weight: 3, arbitrary: structured }, { weight: 2, arbitrary: soup });
// FORMAT_PROPERTY_RUNS raises the count for a deeper local search.
const runs = { numRuns: Math.max(1500, Number(process.env.FORMAT_PROPERTY_RUNS) || 0) };

const otherEnvs: Array<(name: string) => string | undefined> = [() => undefined, () => 'a b'];

/** Counts the generated inputs that parse, so that a generator that drifts into errors is noticed. */
let parsed = 0;

describe('format properties', () => {
  it('never throws, and leaves a file with syntax errors as it is', () => {
    fc.assert(
      fc.property(fc.oneof(corefiles, fc.string({ maxLength: 60, unit: 'binary' })), (text) => {
        const r = format(text);
        if (r.diagnostics.length > 0) expect(r.value).toBe(text);
        const range = formatRange(text, { start: Math.floor(text.length / 3), end: Math.floor(text.length / 2) });
        expect(Array.isArray(range.value)).toBe(true);
      }),
      runs,
    );
  });

  it('keeps what CoreDNS reads (tokens, keys, directives, errors) and every comment', () => {
    fc.assert(
      fc.property(corefiles, (text) => {
        const r = format(text);
        if (r.diagnostics.length > 0) return;
        parsed++;
        expect(meaning(r.value)).toEqual(meaning(text));
        // Placeholders left unset (they expand to nothing) or holding spaces.
        // Values that are `import` or end in a comma are not tried: the layout
        // takes placeholders for ordinary words (see printer.ts).
        for (const env of otherEnvs) expect(meaning(r.value, env)).toEqual(meaning(text, env));
        expect(tokenTexts(r.value)).toEqual(tokenTexts(text));
        expect(commentTexts(r.value)).toEqual(commentTexts(text));
        expect(parse(r.value).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      }),
      runs,
    );
    expect(parsed).toBeGreaterThan(runs.numRuns / 3);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(corefiles, (text) => {
        const once = format(text).value;
        expect(format(once).value).toBe(once);
      }),
      runs,
    );
  });

  it('Prettier with the plugin prints what format prints (text without \\r, which Prettier rewrites first)', async () => {
    await fc.assert(
      fc.asyncProperty(corefiles.map((t) => t.replace(/\r/g, '')), async (text) => {
        const r = format(text);
        if (r.diagnostics.length > 0) {
          await expect(prettier.format(text, { parser: 'corefile', plugins: [plugin] })).rejects.toThrow(SyntaxError);
        } else {
          expect(await prettier.format(text, { parser: 'corefile', plugins: [plugin] })).toBe(r.value);
        }
      }),
      runs,
    );
  });

  it('formatting a range keeps what CoreDNS reads, and formatting the result in full matches formatting the input', () => {
    fc.assert(
      fc.property(corefiles, fc.nat(), fc.nat(), (text, a, b) => {
        if (format(text).diagnostics.length > 0) return;
        const start = a % (text.length + 1);
        const end = start + (b % (text.length - start + 1));
        const { value: edits } = formatRange(text, { start, end });
        let out = text;
        for (const e of [...edits].sort((x, y) => y.span.start - x.span.start)) out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
        expect(meaning(out)).toEqual(meaning(text));
        expect(tokenTexts(out)).toEqual(tokenTexts(text));
        expect(format(out).value).toBe(format(text).value);
      }),
      runs,
    );
  });
});
