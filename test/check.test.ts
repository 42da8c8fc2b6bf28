import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../src/ast/fs.js';
import { parseConfig } from '../src/check/config.js';
import { applyEdits } from '../src/check/fix.js';
import { deleteWords, didYouMean } from '../src/check/util.js';
import { compareVersions, parseVersion } from '../src/check/version.js';
import { lint, lintFix } from '../src/service/index.js';

const codes = (text: string, opts = {}) => lint(text, opts).map((d) => d.code);

describe('configuration', () => {
  it('accepts a full configuration', () => {
    const r = parseConfig(JSON.stringify({ corednsVersion: 'v1.8', rules: { 'no-mixed-bind': 'off', 'no-unknown-directive': 'warning' }, externalPlugins: ['ads', { name: 'alias', after: 'cache' }, { name: 'unbound', position: 52.5 }] }));
    expect(r.errors).toEqual([]);
    expect(r.config).toEqual({
      corednsVersion: '1.8.0',
      rules: { 'no-mixed-bind': 'off', 'no-unknown-directive': 'warning' },
      externalPlugins: [{ name: 'ads' }, { name: 'alias', after: 'cache' }, { name: 'unbound', position: 52.5 }],
    });
  });

  it('reports every problem', () => {
    const r = parseConfig(JSON.stringify({ corednsVersion: 'latest', rule: {}, rules: { nope: 'error', 'no-mixed-bind': 2 }, externalPlugins: [{ name: 'a b' }, { name: 'x', position: -1 }] }));
    expect(r.errors).toEqual([
      "unknown key 'rule' (known: corednsVersion, rules, externalPlugins)",
      'corednsVersion must be a version such as "1.14.7", not "latest"',
      "rules: unknown rule 'nope'",
      'rules.no-mixed-bind must be one of error, warning, info, hint, off, not 2',
      'externalPlugins[0].name must be a directive name',
      'externalPlugins[1].position must be a positive number',
    ]);
    expect(parseConfig('{').errors[0]).toMatch(/^not valid JSON/);
    expect(parseConfig('[]').errors).toEqual(['the configuration must be a JSON object']);
  });
});

describe('checker', () => {
  it('applies rule settings', () => {
    const text = '. {\n    forward . 1.1.1.1#x\n}\n';
    expect(lint(text).map((d) => d.severity)).toEqual(['warning']);
    expect(lint(text, { rules: { 'no-mid-word-comment': 'error' } }).map((d) => d.severity)).toEqual(['error']);
    expect(lint(text, { rules: { 'no-mid-word-comment': 'off' } })).toEqual([]);
  });

  it('suppresses only the named rules on the named line', () => {
    const text = '. {\n    # corefile-lint disable-next-line no-redundant-plugin -- two on purpose\n    forward . 1.1.1.1#x\n    forwrd . 1.1.1.1 # corefile-lint disable-line\n}\n';
    expect(codes(text)).toEqual(['no-mid-word-comment']);
  });

  it('never suppresses syntax errors', () => {
    expect(codes('# corefile-lint disable-next-line\n. { whoami }\n')).toEqual(['syntax/parse']);
  });

  it('never hides an error behind a warning on the same word', () => {
    const text = '. {\n    forward . 1.1.1.1 {\n        max_fails abc#x\n    }\n}\n';
    expect(lint(text).map((d) => `${d.severity} ${d.code}`)).toEqual(['error no-setup-error', 'warning no-mid-word-comment']);
  });

  it('knows external plugins and orders them as declared', () => {
    const text = '. {\n    forward . 1.1.1.1\n    unbound\n}\n';
    expect(codes(text)).toEqual(['no-unknown-directive']);
    expect(codes(text, { externalPlugins: [{ name: 'unbound', after: 'cache' }] })).toEqual([]);
  });

  it('reports problems inside imported files against those files', () => {
    const fs = memoryFileSystem({ '/etc/coredns/common.conf': 'proxy . 1.1.1.1\n' });
    const ds = lint('. {\n    import common.conf\n}\n', { path: '/etc/coredns/Corefile', fs });
    expect(ds.map((d) => [d.code, d.file, d.span])).toEqual([['no-removed-plugin', '/etc/coredns/common.conf', { start: 0, end: 5 }]]);
    // No safe fix: the edit would be in another file.
    expect(ds[0]!.fix).toBeUndefined();
    expect(lint('. {\n    import missing.conf\n}\n', { path: '/etc/coredns/Corefile', fs }).map((d) => `${d.code} ${d.message}`)).toEqual([
      'syntax/import File to import not found: missing.conf',
    ]);
  });

  it('reports an empty Corefile and a keyless block once each', () => {
    expect(codes('')).toEqual(['no-empty-corefile']);
    expect(codes('{\n    whoami\n}\n')).toEqual(['no-empty-corefile', 'no-keyless-block']);
  });

  it('reads words as CoreDNS does: a `#` glued to a brace leaves a brace, snippet bodies are words, the environment can make a key a brace', () => {
    const glued = lint('. {\n    whoami\n}#done\n');
    expect(glued.map((d) => d.code)).toEqual(['no-mid-word-comment']);
    expect(glued[0]!.message).toContain("CoreDNS reads '}'");
    // Reported once, where it is written, however often the snippet is imported.
    const snippet = '(s) {\n    forward . 1.1.1.1#53\n}\n. {\n    import s\n}\nexample.org {\n    import s\n}\n';
    expect(lint(snippet).map((d) => `${d.code} ${d.span.start}`)).toEqual([`no-mid-word-comment ${snippet.indexOf('1.1.1.1#53')}`]);
    expect(codes('{$OPEN}\n    whoami\n}\n. {\n    whoami\n}\n', { env: (k: string) => (k === 'OPEN' ? '{' : undefined) })).toEqual(['no-keyless-block']);
    expect(codes('{$OPEN}\n    whoami\n}\n. {\n    whoami\n}\n')).toEqual([]);
  });

  it('never throws on broken input', () => {
    for (const t of ['{', '}', '. {\n', '(s) {\n', 'import', '. {\n forward . {\n', '"', '. {\n  cache {\n   }}\n}', '\u0000', 'a:\n{\n}']) {
      expect(() => lint(t)).not.toThrow();
    }
  });
});

describe('fixes', () => {
  it('maps proxy options onto forward', () => {
    const text = '. {\n    proxy . 8.8.8.8 {\n        except example.org\n        max_fails 3\n        fail_timeout 10s\n        health_check /health:8080\n        spray\n        policy first\n        protocol dns force_tcp\n    }\n}\n';
    const r = lintFix(text);
    expect(r.text).toBe('. {\n    forward . 8.8.8.8 {\n        except example.org\n        policy sequential\n        force_tcp\n    }\n}\n');
    expect(r.diagnostics).toEqual([]);
  });

  it('drops policy least_conn rather than turning it into force_tcp', () => {
    expect(lintFix('. {\n    proxy . 8.8.8.8 {\n        policy least_conn\n    }\n}\n').text).toBe('. {\n    forward . 8.8.8.8 {\n    }\n}\n');
  });

  it('leaves proxy alone when its protocol has no forward equivalent', () => {
    const text = '. {\n    proxy . 1.2.3.4 {\n        protocol https_google\n    }\n}\n';
    const d = lint(text).find((x) => x.code === 'no-removed-plugin')!;
    expect(d.fix).toBeUndefined();
    expect(lintFix(text).changed).toBe(false);
  });

  it('removes options CoreDNS ignores', () => {
    const text = 'example.org {\n    file db.example.org {\n        upstream 8.8.8.8\n    }\n}\n';
    expect(lintFix(text).text).toBe('example.org {\n    file db.example.org {\n    }\n}\n');
  });

  it('deleteWords keeps what shares the line', () => {
    const t = 'a\n  upstream x # why\nb\n';
    const s = t.indexOf('upstream');
    expect(applyEdits(t, [deleteWords(t, s, s + 'upstream x'.length)]).text).toBe('a\n  # why\nb\n');
    expect(applyEdits(t, [deleteWords(t, 0, 1)]).text).toBe('  upstream x # why\nb\n');
  });

  it('puts braces where plugins read them', () => {
    const text = '. {\n    log { class denial error }\n    forward . 8.8.8.8\n    {\n        max_fails 3\n    }\n}\n';
    const r = lintFix(text);
    expect(r.text).toBe('. {\n    log { class denial error\n    }\n    forward . 8.8.8.8 {\n        max_fails 3\n    }\n}\n');
    expect(r.diagnostics).toEqual([]);
  });

  it('applyEdits skips overlapping edits', () => {
    expect(applyEdits('abcdef', [{ span: { start: 1, end: 3 }, text: 'X' }, { span: { start: 2, end: 4 }, text: 'Y' }])).toEqual({ text: 'aXdef', applied: 1 });
  });
});

describe('helpers', () => {
  it('suggests close names', () => {
    expect(didYouMean('forwrd', ['forward', 'file'])).toBe('forward');
    expect(didYouMean('maxfails', ['max_fails'])).toBe('max_fails');
    expect(didYouMean('zzz', ['forward'])).toBeUndefined();
  });
  it('compares versions', () => {
    expect(compareVersions(parseVersion('1.10.0')!, parseVersion('1.9.4')!)).toBeGreaterThan(0);
    expect(parseVersion('1.x')).toBeUndefined();
  });
});
