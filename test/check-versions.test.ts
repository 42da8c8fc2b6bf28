import { describe, expect, it } from 'vitest';
import { PLUGIN_ADDED } from '../src/check/history.js';
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
