import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allPlugins, externalPlugins, getPlugin, hasSetupValidator, removedDirective, validateSetup } from '../src/catalog/index.js';
import { PLUGIN_ORDER } from '../src/catalog/order.js';
import { lexFile } from '../src/ast/read.js';
import { haveShared, repoRoot, sharedPath } from './support/shared.js';

describe('plugin catalog', () => {
  it('has every plugin.cfg directive, in plugin.cfg order', () => {
    expect(allPlugins().map((p) => p.name)).toEqual([...PLUGIN_ORDER]);
    allPlugins().forEach((p, i) => expect(p.order).toBe(i + 1));
  });

  it('describes each plugin and option', () => {
    for (const p of allPlugins()) {
      expect(p.summary, p.name).not.toBe('');
      expect(p.docsUrl, p.name).toMatch(/^https:\/\/coredns\.io\//);
      expect(p.syntax[0].split(' ')[0], p.name).toBe(p.name);
      for (const o of p.options) expect(o.syntax.split(' ')[0], `${p.name} ${o.name}`).toBe(o.name);
      expect(p.args.min).toBeLessThanOrEqual(p.args.max ?? Infinity);
    }
  });

  it('has a setup validator for every directive', () => {
    expect(allPlugins().filter((p) => !hasSetupValidator(p.name)).map((p) => p.name)).toEqual([]);
  });

  it('finds plugins by name; external ones only on request', () => {
    expect(getPlugin('forward')?.options.map((o) => o.name)).toContain('policy');
    expect(getPlugin('prometheus')?.docsUrl).toBe('https://coredns.io/plugins/metrics/');
    expect(getPlugin('fanout')).toBeUndefined();
    expect(getPlugin('fanout', { includeExternal: true })?.external).toBe(true);
    expect(externalPlugins().every((p) => p.external && p.order === 0)).toBe(true);
    expect(removedDirective('proxy')?.replacement).toBe('forward');
  });

  it('keeps removed options, with the release that removed them', () => {
    const resync = getPlugin('kubernetes')?.options.find((o) => o.name === 'resyncperiod');
    expect(resync?.removed?.since).toBe('1.7.0');
  });

  it('validates a directive through its setup validator', () => {
    const tokens = lexFile('forward . 127.0.0.1 {\n  policy fastest\n}\n', '');
    const issues = validateSetup('forward', { tokens, serverBlockKeys: [], filename: 'Corefile' });
    expect(issues.map((i) => i.coreMessage)).toEqual([
      "plugin/forward: Corefile:2 - Error during parsing: unknown policy 'fastest'",
    ]);
    expect(issues[0].message).toBe("unknown policy 'fastest'");
    expect(issues[0].token?.text).toBe('fastest');
    expect(validateSetup('no-such-plugin', { tokens, serverBlockKeys: [], filename: 'Corefile' })).toEqual([]);
  });

  it.runIf(haveShared())('specs.ts is what scripts/gen-catalog.mjs renders from the reference', async () => {
    const { renderCatalog, OUTPUT } = await import('../scripts/gen-catalog.mjs');
    const json = JSON.parse(fs.readFileSync(sharedPath('reference/coredns-plugins.json'), 'utf8'));
    expect(path.relative(repoRoot, OUTPUT)).toBe('src/catalog/specs.ts');
    expect(fs.readFileSync(OUTPUT, 'utf8')).toBe(await renderCatalog(json));
  });
});
