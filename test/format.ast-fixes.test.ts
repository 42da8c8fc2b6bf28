import { describe, expect, it } from 'vitest';
import { lex } from '../grammar/index.js';
import { parse } from '../src/ast/build.js';
import { format } from '../src/format/format.js';
import { meaning } from './format.helpers.js';

// A quoted brace is structural to CoreDNS (parse.go compares the unquoted
// text), and its text is the brace without quotes: `"}"` reads as `}`.
describe('quoted braces', () => {
  it('lex to brace tokens whose text has no quotes', () => {
    const toks = lex('log "{" "}"\n').tokens;
    expect(toks.map((t) => t.text)).toEqual(['log', '{', '}']);
  });

  it('read as braces in the AST and in CoreDNS’s reading', () => {
    const { value } = parse('. {\n log "{"\n  class denial\n "}"\n}\n');
    expect(value.tokens.map((t) => (t.type === 'Word' ? t.text : t.value))).toEqual(['.', '{', 'log', '{', 'class', 'denial', '}', '}']);
    expect(meaning('. {\n log "{"\n  class denial\n "}"\n}\n')).toEqual([{ keys: ['.'], directives: { log: ['log', '{', 'class', 'denial', '}'] } }]);
  });

  it('keep their meaning through the formatter', () => {
    const text = '(snip){\n errors "}" {  }\n}\n. {\n}\n';
    expect(meaning(format(text).value)).toEqual(meaning(text));
  });
});

// parse.go takes every token on a directive's line as its argument
// (Dispenser.NextArg), braces included. The AST must report what CoreDNS
// rejects, or the formatter would "repair" a file CoreDNS refuses.
describe('tokens on a directive’s or an import’s line', () => {
  const cases: Array<[string, string]> = [
    ['. {\n whoami "}"\n', `Unexpected '}' because no matching opening brace`],
    ['. {\n whoami\u00a0}\n', `Unexpected '}' because no matching opening brace`],
    ['. {\n import x }\n', 'Import takes only one argument (glob pattern or file)'],
    ['. {\n import x {\n }\n}\n', 'Import takes only one argument (glob pattern or file)'],
    ['import x {\n whoami\n}\n', 'Import takes only one argument (glob pattern or file)'],
    ['. {\n log {\n  import x }\n}\n', 'Import takes only one argument (glob pattern or file)'],
  ];
  for (const [text, message] of cases) {
    it(JSON.stringify(text), () => {
      expect(parse(text).diagnostics.map((d) => d.message)).toContain(message);
      expect(meaning(text)).toHaveProperty('error');
      expect(format(text).value).toBe(text);
    });
  }

  it('a `}` on the line of an option inside a nested block, or of a snippet line, is fine', () => {
    expect(parse('. {\n log { class denial }\n}\n').diagnostics).toEqual([]);
    expect(parse('(s) {\n log }\n').diagnostics).toEqual([]);
  });
});
