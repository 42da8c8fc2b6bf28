import { describe, expect, it } from 'vitest';
import { MAX_NESTING, NESTING, parse } from '../src/ast/build.js';
import { format } from '../src/format/format.js';
import { lint } from '../src/service/index.js';

/** A server block whose `log` directive holds `depth` nested blocks. */
const nested = (depth: number, tail = '') => '. {\n  log ' + '{\n'.repeat(depth) + '}\n'.repeat(depth) + '}\n' + tail;

describe('deeply nested blocks', () => {
  it('builds the tree and formats up to MAX_NESTING levels', () => {
    const text = nested(MAX_NESTING - 1);
    expect(parse(text).diagnostics).toEqual([]);
    const out = format(text);
    expect(out.diagnostics).toEqual([]);
    expect(format(out.value).value).toBe(out.value);
  });

  it('deeper, reports where without building the tree (the stack would not hold it), and never throws', () => {
    for (const depth of [MAX_NESTING + 1, 100_000]) {
      const r = parse(nested(depth));
      expect(r.value.body).toEqual([]);
      // At the brace that opens level MAX_NESTING + 1: the server block's is the first level, then `log`'s
      // blocks, two characters each from offset 10.
      expect(r.diagnostics.map((d) => [d.code, d.span.start])).toEqual([[NESTING, 10 + 2 * (MAX_NESTING - 1)]]);
      expect(format(nested(depth)).diagnostics.map((d) => d.code)).toEqual([NESTING]);
    }
  });

  it('lint reads it as CoreDNS does: the nesting is no error, the reading’s own error is reported', () => {
    expect(lint(nested(5000)).filter((d) => d.code.startsWith('syntax/'))).toEqual([]);
    const broken = lint(nested(5000, 'example.org {\n  log {\n'));
    expect(broken.filter((d) => d.code.startsWith('syntax/')).map((d) => d.message)).toEqual(['Unexpected EOF']);
  });
});
