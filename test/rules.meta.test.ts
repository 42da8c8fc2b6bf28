import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/check/rules/index.js';
import { lintFixture } from './support/fixtures.js';
import { repoRoot } from './support/shared.js';

const rulesDir = path.join(repoRoot, 'src/check/rules');
const fixturesDir = path.join(repoRoot, 'fixtures/rules');

describe('rule catalog', () => {
  it('has one file per rule, named after its id', () => {
    const files = fs.readdirSync(rulesDir).filter((f) => f !== 'index.ts' && f.endsWith('.ts'));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it('lists the rules in alphabetical order, in the index and its imports', () => {
    const ids = RULES.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    const imports = [...fs.readFileSync(path.join(rulesDir, 'index.ts'), 'utf8').matchAll(/from '\.\/(.+)\.js'/g)].map((m) => m[1]);
    expect(imports).toEqual([...imports].sort());
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      it('is documented', () => {
        expect(rule.id).toMatch(/^(no|use)-[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(['correctness', 'compatibility', 'suspicious', 'style', 'nursery']).toContain(rule.category);
        expect(rule.description.length).toBeGreaterThan(20);
        expect(rule.docs.length).toBeGreaterThan(rule.description.length);
        // `{message}` passes CoreDNS's own wording through.
        for (const m of Object.values(rule.messages) as string[]) if (m !== '{message}') expect(m.length).toBeGreaterThan(10);
      });

      it('has valid and invalid fixtures', () => {
        for (const f of ['valid.Corefile', 'invalid.Corefile']) expect(fs.existsSync(path.join(fixturesDir, rule.id, f)), f).toBe(true);
      });

      it('is silent on its valid fixture', () => {
        const { diagnostics } = lintFixture(path.join(fixturesDir, rule.id, 'valid.Corefile'));
        expect(diagnostics.filter((d) => d.code === rule.id)).toEqual([]);
      });

      it('uses every message on its invalid fixtures', () => {
        // invalid.Corefile, plus invalid-*.Corefile for messages that need another CoreDNS version.
        const files = fs.readdirSync(path.join(fixturesDir, rule.id)).filter((f) => /^invalid(-[\w.-]+)?\.Corefile$/.test(f));
        const mine = files.flatMap((f) => lintFixture(path.join(fixturesDir, rule.id, f)).diagnostics.filter((d) => d.code === rule.id));
        expect(mine.length).toBeGreaterThan(0);
        for (const [id, template] of Object.entries(rule.messages) as Array<[string, string]>) {
          // A message matches when its fixed text (placeholders excluded) appears in some report.
          const parts = template.split(/\{\w+\}/).filter((p) => p.length > 3);
          expect(
            mine.some((d) => parts.every((p) => d.message.includes(p))),
            `message '${id}' is not produced by fixtures/rules/${rule.id}/invalid*.Corefile`,
          ).toBe(true);
        }
      });
    });
  }
});
