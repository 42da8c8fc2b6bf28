import { describe, expect, it } from 'vitest';
import { generateCorefile } from '../bench/generate.js';
import { complete, hover, parse } from '../src/service/index.js';
import { regionAround } from '../src/service/complete.js';
import { cursor, TEST_PLUGINS } from './lsp-markers.js';

/** Labels offered at the `<|>`, and the text each would replace. */
function check(src: string) {
  const { text, offset } = cursor(src);
  const items = complete(text, offset, { plugins: TEST_PLUGINS });
  return { labels: items.map((i) => i.label), items, replaced: [...new Set(items.map((i) => text.slice(i.span.start, i.span.end)))] };
}

function hoverAt(src: string) {
  const { text, offset } = cursor(src);
  const h = hover(text, offset, { plugins: TEST_PLUGINS });
  return h && { markdown: h.markdown, word: text.slice(h.span.start, h.span.end) };
}

describe('complete', () => {
  it('offers directive names with their summary in a server block', () => {
    const { labels, items, replaced } = check('. {\n  log\n  lo<|>\n}\n');
    expect(labels).toContain('log');
    expect(labels).toContain('loadbalance');
    expect(labels).toContain('myplugin');
    expect(labels).toContain('import');
    // Plugins of plugin.cfg that the catalog does not describe are still names CoreDNS accepts.
    expect(labels).toContain('nomad');
    expect(items.find((i) => i.label === 'forward')?.detail).toBe('Proxies DNS messages to upstream resolvers.');
    expect(items.find((i) => i.label === 'proxy')?.deprecated).toBe(true);
    expect(replaced).toEqual(['lo']);
  });

  it('leaves out a plugin that may appear once and is already there', () => {
    expect(check('. {\n  forward . 1.1.1.1\n  <|>\n}\n').labels).not.toContain('forward');
    expect(check('. {\n  log\n  <|>\n}\n').labels).toContain('log');
  });

  it('offers plugin snippets with a block and the required arguments as tab stops', () => {
    const fwd = check('. {\n  <|>\n}\n').items.find((i) => i.label === 'forward { … }');
    expect(fwd).toMatchObject({ kind: 'snippet', snippet: true, insertText: 'forward ${1:FROM} ${2:TO} {\n\t$0\n}' });
  });

  it('offers the options of the plugin whose block the cursor is in, without removed ones', () => {
    const { labels, items, replaced } = check('. {\n  forward . 1.1.1.1 {\n    max<|>\n  }\n}\n');
    expect(labels).toEqual(['policy', 'max_fails', 'force_tcp']);
    expect(items[0].detail).toBe('policy random|round_robin|sequential');
    expect(items[0].documentation).toContain('Default: `random`');
    expect(replaced).toEqual(['max']);
    expect(check('. {\n  kubernetes {\n    <|>\n  }\n}\n').items.find((i) => i.label === 'resyncperiod')?.deprecated).toBe(true);
  });

  it('follows the targeted CoreDNS version: no newer plugins, options removed later still offered', () => {
    const at = (src: string, corednsVersion?: string) => {
      const { text, offset } = cursor(src);
      return complete(text, offset, { plugins: TEST_PLUGINS, corednsVersion }).map((i) => i.label);
    };
    expect(at('. {\n  <|>\n}\n')).toContain('whoami');
    expect(at('. {\n  <|>\n}\n', '1.1.0')).not.toContain('whoami');
    expect(at('. {\n  forward . 1.1.1.1 {\n    <|>\n  }\n}\n', '1.3.1')).toContain('protocol');
    expect(at('. {\n  forward . 1.1.1.1 {\n    <|>\n  }\n}\n', '1.4.0')).not.toContain('protocol');
  });

  it('offers enum values of option arguments', () => {
    expect(check('. {\n  kubernetes cluster.local {\n    pods <|>\n  }\n}\n').labels).toEqual(['insecure', 'verified', 'disabled']);
    expect(check('. {\n  forward . 1.1.1.1 {\n    policy ro<|>\n  }\n}\n')).toMatchObject({ labels: ['random', 'round_robin', 'sequential'], replaced: ['ro'] });
  });

  it('offers enum values of directive arguments', () => {
    expect(check('. {\n  loadbalance <|>\n}\n').labels).toEqual(['round_robin', 'weighted']);
    expect(check('. {\n  loadbalance round_robin <|>\n}\n').labels).toEqual([]);
  });

  it('offers server-block snippets at the top level, and snippet names after import', () => {
    expect(check('<|>').labels).toEqual(['. { … }', 'zone { … }', '(snippet) { … }', 'import']);
    expect(check('. {\n  whoami\n}\n\nexa<|>').labels).toContain('zone { … }');
    expect(check('example.org <|>').labels).toEqual([]);
    expect(check('(common) {\n  errors\n}\n. {\n  import <|>\n}\n').labels).toEqual(['common']);
  });

  it('offers nothing inside comments and on server block keys of a complete block', () => {
    expect(check('. {\n  # lo<|>\n}\n').labels).toEqual([]);
    expect(check('exa<|>mple.org {\n  whoami\n}\n').labels).toEqual([]);
  });

  it('works in half-typed text', () => {
    expect(check('. {\n  forward . 1.1.1.1 {\n    pol<|>').labels).toContain('policy');
    expect(check('. {\n  <|>').labels).toContain('whoami');
  });
});

describe('hover', () => {
  it('shows plugin facts on a directive', () => {
    const h = hoverAt('. {\n  forw<|>ard . 1.1.1.1\n}\n');
    expect(h?.word).toBe('forward');
    expect(h?.markdown).toContain('Proxies DNS messages to upstream resolvers.');
    expect(h?.markdown).toContain('```corefile\nforward FROM TO... {');
    expect(h?.markdown).toContain('[Documentation](https://coredns.io/plugins/forward/)');
    expect(h?.markdown).toMatch(/Runs at position \d+ of \d+ in plugin\.cfg/);
  });

  it('shows deprecation with its replacement', () => {
    expect(hoverAt('. {\n  pro<|>xy . 1.1.1.1\n}\n')?.markdown).toContain('**Deprecated** since CoreDNS 1.4.0: use `forward`.');
  });

  it('shows option facts: summary, syntax, default, deprecation', () => {
    const h = hoverAt('. {\n  forward . 1.1.1.1 {\n    <|>policy random\n  }\n}\n');
    expect(h?.markdown).toContain('**forward** › **policy**');
    expect(h?.markdown).toContain('Default: `random`');
    expect(hoverAt('. {\n  kubernetes {\n    resync<|>period 5s\n  }\n}\n')?.markdown).toContain('**Deprecated** since CoreDNS 1.9.0. It has no effect.');
  });

  it('shows the zone, port and transport of a server block key', () => {
    expect(hoverAt('tls://example.ORG<|>:8853 {\n}\n')?.markdown).toBe('Serves zone `example.org.` over **DNS over TLS** on port **8853**.');
    expect(hoverAt('<|>. {\n}\n')?.markdown).toContain('on port **53** (the default');
    expect(hoverAt('10.0.0.0/2<|>4 {\n}\n')?.markdown).toContain('zone `0.0.10.in-addr.arpa.`');
    expect(hoverAt('https://a<|>.org {\n}\n')?.markdown).toContain('**DNS over HTTPS** on port **443** (the default)');
  });

  it('shows argument values and snippet imports', () => {
    expect(hoverAt('. {\n  loadbalance wei<|>ghted\n}\n')?.markdown).toContain('One of: `round_robin`, `weighted`');
    expect(hoverAt('(common) {\n}\n. {\n  import com<|>mon\n}\n')?.markdown).toBe('Imports snippet `(common)` (line 1).');
  });

  it('explains directives CoreDNS removed, and out-of-tree plugins', () => {
    // These come from the real catalog: the test catalog knows neither.
    expect(hoverAt('. {\n  start<|>up whoami\n}\n')?.markdown).toBe('**startup**\n\n**Removed** from CoreDNS in 1.1.0: use `on startup`. CoreDNS no longer starts with it.');
    expect(hoverAt('. {\n  alter<|>nate SERVFAIL . 1.1.1.1\n}\n')?.markdown).toContain('An external plugin: not in a stock CoreDNS build');
  });

  it('has nothing to say about unknown words or whitespace', () => {
    expect(hoverAt('. {\n  nosuch<|>plugin\n}\n')).toBeUndefined();
    expect(hoverAt('. {\n <|>  whoami\n}\n')).toBeUndefined();
  });
});

describe('complete on the block around the cursor', () => {
  // Cut after the last complete block: the generator stops mid-block.
  const generated = generateCorefile(400);
  const text =
    generated.slice(0, generated.lastIndexOf('\n}\n') + 3).replace('    errors\n', '    errors\n    import common\n\n') + '(common) {\n    log\n}\n\nzone.example {\nwhoami\n}\n';

  it('gives what completing on the whole file gives, everywhere', () => {
    const full = parse(text).value;
    for (let o = 0; o <= text.length; o += 7) {
      const region = complete(text, o, { plugins: TEST_PLUGINS });
      const whole = complete(text, o, { plugins: TEST_PLUGINS, ast: full });
      expect(region, `at offset ${o}`).toEqual(whole);
    }
  });

  it('hovers the same from the block alone as from the whole file', () => {
    const full = parse(text).value;
    for (let o = 0; o <= text.length; o += 5) {
      expect(hover(text, o, { plugins: TEST_PLUGINS }), `at offset ${o}`).toEqual(hover(text, o, { plugins: TEST_PLUGINS, ast: full }));
    }
  });

  it('cuts out only blocks laid out as usual', () => {
    const at = (src: string) => {
      const { text: t, offset } = cursor(src);
      const r = regionAround(t, offset);
      return r && t.slice(r.start, r.start + r.text.length);
    };
    expect(at('a {\n  x\n}\nb {\n  y<|>\n  z\n}\nc {\n}\n')).toBe('b {\n  y\n  z\n}');
    expect(at('a {\n  x\n}\nb {\ny<|>\n}\n')).toBeUndefined();
    expect(at('a {\n  x\n}\n  <|>\n')).toBeUndefined();
    expect(at('a b\n  <|>\n')).toBeUndefined();
    expect(at('a {\n  b {\n    c<|>\n  }\nd {\n')).toBe('a {\n  b {\n    c\n  }');
    // A file that starts with a blank line: the scan back stops at the start of the text.
    expect(at('\n  <|>x\n')).toBeUndefined();
    expect(at('\n\na {\n  <|>x\n}\n')).toBe('a {\n  x\n}');
  });
});
