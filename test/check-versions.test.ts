import { describe, expect, it } from 'vitest';
import { PLUGIN_ADDED } from '../src/catalog/added.js';
import { PLUGIN_ORDER } from '../src/catalog/order.js';
import { lint } from '../src/service/index.js';

const unknown = (text: string, corednsVersion: string) =>
  lint(text, { corednsVersion })
    .filter((d) => d.code === 'no-unknown-directive')
    .map((d) => text.slice(d.span.start, d.span.end));

describe('plugins added after the targeted release', () => {
  const text = '. {\n    view v {\n        expr name() == "a."\n    }\n    ready\n    forward . 1.1.1.1\n    errors\n}\n';

  it('are unknown directives to an older CoreDNS', () => {
    expect(unknown(text, '1.4.0')).toEqual(['view', 'ready']);
    expect(unknown(text, '1.9.4')).toEqual(['view']);
    expect(unknown(text, '1.0.4')).toEqual(['view', 'ready', 'forward']);
  });

  it('are known from the release that added them', () => {
    expect(unknown(text, '1.10.0')).toEqual([]);
    expect(unknown(text, '1.14.7')).toEqual([]);
  });

  it('name only plugins of plugin.cfg, each with a release CoreDNS made', () => {
    for (const [name, since] of Object.entries(PLUGIN_ADDED)) {
      expect(PLUGIN_ORDER).toContain(name);
      expect(since).toMatch(/^1\.\d+\.\d+$/);
    }
  });
});

describe('the finding for a plugin added later', () => {
  it('names the release that added it', () => {
    const found = lint('. {\n    view v {\n        expr name() == "a."\n    }\n}\n', { corednsVersion: '1.9.0' }).find((d) => d.code === 'no-unknown-directive');
    expect(found?.message).toBe("Unknown directive 'view': the plugin was added in CoreDNS 1.10.0, so the targeted 1.9.0 will not start. Target 1.10.0 or later, or remove it.");
    expect(found?.severity).toBe('error');
  });

  it('is not made for a plugin the build declares as external', () => {
    const found = lint('. {\n    view v {\n        expr name() == "a."\n    }\n}\n', { corednsVersion: '1.9.0', externalPlugins: [{ name: 'view' }] });
    expect(found.filter((d) => d.code === 'no-unknown-directive')).toEqual([]);
  });
});

describe('editor features for an older target', () => {
  it('complete no directive the targeted CoreDNS lacks, and hover says when a plugin arrived', async () => {
    const { complete, hover, knownPlugins } = await import('../src/service/index.js');
    const plugins = knownPlugins();
    const text = '. {\n    vi\n}\n';
    const at = text.indexOf('vi') + 2;
    const labels = (v: string) => complete(text, at, { plugins, corednsVersion: v }).map((c) => c.label);
    expect(labels('1.9.0')).not.toContain('view');
    expect(labels('1.10.0')).toContain('view');
    const h = hover('. {\n    view v {\n        expr name() == "a."\n    }\n}\n', 8, { plugins });
    expect(h?.markdown).toContain('In CoreDNS since 1.10.0.');
  });
});
