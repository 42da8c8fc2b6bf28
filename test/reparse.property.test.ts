import fc from 'fast-check';
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateCorefile } from '../bench/generate.js';
import { parse } from '../src/ast/build.js';
import { reparse } from '../src/ast/reparse.js';

const base =
  '# head comment\n\n' +
  generateCorefile(200) +
  '\n(snip) {\n    log\n}\n\nimport extra.conf\n# between\nexample.org:53 {\n    import snip\n    whoami # trailing\n}\n} stray {\n}\n' +
  fs.readFileSync('fixtures/kubernetes-default.Corefile', 'utf8');

const edit = (text: string) =>
  fc.record({
    at: fc.nat({ max: text.length }),
    del: fc.nat({ max: 40 }),
    ins: fc.constantFrom('', '1', 'x', ' ', '\n', '\n\n', '{', '}', '"', '#', '# c\n', 'forward . 1.1.1.1\n', 'a.org {\n    whoami\n}\n', '\n}\n', '(snip) {\n}\n', '(other) {\n}\n', 'import snip\n', '} x {\n'),
  });

describe('reparse', () => {
  it('gives the tree a full parse gives, edit after edit, or declines', () => {
    let spliced = 0;
    fc.assert(
      fc.property(fc.array(edit(base), { minLength: 1, maxLength: 8 }), (edits) => {
        let text = base;
        let file = parse(text).value;
        for (const e of edits) {
          const at = Math.min(e.at, text.length);
          const next = text.slice(0, at) + e.ins + text.slice(at + e.del);
          const full = parse(next);
          const got = reparse({ text, file }, next);
          if (got) {
            spliced++;
            expect(full.diagnostics).toEqual([]);
            expect(got).toEqual(full.value);
          }
          text = next;
          // Only an error-free tree is ever reused.
          file = full.value;
          if (full.diagnostics.length > 0) break;
        }
      }),
      { numRuns: Number(process.env.REPARSE_RUNS ?? 300) },
    );
    expect(spliced).toBeGreaterThan(100);
  });
});
