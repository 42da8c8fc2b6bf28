import fc from 'fast-check';
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateCorefile } from '../bench/generate.js';
import { lexTable } from '../grammar/index.js';
import { RULES } from '../src/check/rules/index.js';
import { parseVersion } from '../src/check/version.js';
import { lint, LintCache } from '../src/service/index.js';

/** Edits of the kind typing makes: a character typed or deleted, a line added or removed, a token retyped. */
const edit = (text: string) =>
  fc.record({
    at: fc.nat({ max: text.length }),
    del: fc.nat({ max: 12 }),
    ins: fc.constantFrom('', '1', '0', 'x', ' ', '\n', '{', '}', '"', '#', 'forward . 1.1.1.1\n', 'cache 30\n', '    fallthrough\n', 'example.org {\n', '\n}\n', 'proxy . 8.8.8.8\n'),
  });

const apply = (text: string, e: { at: number; del: number; ins: string }) => text.slice(0, e.at) + e.ins + text.slice(e.at + e.del);

describe('LintCache', () => {
  const base = generateCorefile(400) + '\n' + fs.readFileSync('fixtures/kubernetes-default.Corefile', 'utf8');

  it('replays unchanged blocks and gives what a fresh lint gives, edit after edit', () => {
    fc.assert(
      fc.property(fc.array(edit(base), { minLength: 1, maxLength: 6 }), (edits) => {
        const cache = new LintCache();
        let text = base;
        expect(lint(text, { cache })).toEqual(lint(text));
        for (const e of edits) {
          text = apply(text, { ...e, at: Math.min(e.at, text.length) });
          expect(lint(text, { cache })).toEqual(lint(text));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('checks again only the block that changed', () => {
    const cache = new LintCache();
    lint(base, { cache });
    const blocks = cache.misses;
    expect(blocks).toBeGreaterThan(10);
    const at = base.indexOf('cache ', base.length / 3) + 'cache '.length;
    lint(apply(base, { at, del: 1, ins: '7' }), { cache });
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: blocks - 1, misses: 1 });
  });

  it('starts afresh when the options change', () => {
    const cache = new LintCache();
    const text = '. {\n    proxy . 8.8.8.8\n}\n';
    expect(lint(text, { cache }).map((d) => d.severity)).toContain('error');
    expect(lint(text, { cache, corednsVersion: '1.4.0' })).toEqual(lint(text, { corednsVersion: '1.4.0' }));
    expect(cache.hits).toBe(0);
  });

  it('is used by rules that declare a block scope, and only those with a CoreBlock handler alone', () => {
    const scoped = RULES.filter((r) => r.scope === 'block');
    expect(scoped.length).toBeGreaterThan(10);
    for (const r of scoped) {
      const v = r.create({ text: '', lexed: lexTable(''), model: { catalog: {}, version: parseVersion('1.14.7'), directives: new Set(), externalPlugins: [] } as never, report: () => {} });
      expect(Object.keys(v), r.id).toEqual(['CoreBlock']);
    }
  });
});
