import { describe, expect, it } from 'vitest';
import {
  codeActions, COREFILE_MANUAL_URL, parse, definition, docsUrlAt, fixAll, PLUGINS_URL, folding, inlayHints, links, memoryFileSystem, prepareRename, rename, selectionRanges, semanticTokens, symbols,
  type Diagnostic, type SymbolInfo,
} from '../src/index.js';
import { cursor, markers, showSpans, TEST_PLUGINS } from './lsp-markers.js';

const COREFILE = `# main
# resolver
(common) {
    errors
    log
}

example.org:53 {
    import common
    forward . 10.0.0.1 {
        policy sequential
    }
    cache 30
}
`;

function outline(items: SymbolInfo[], indent = ''): string {
  return items.map((s) => `${indent}${s.kind} ${s.name}${s.detail ? ` — ${s.detail}` : ''}\n${outline(s.children, indent + '  ')}`).join('');
}

describe('symbols', () => {
  it('lists server blocks, snippets, directives and options', () => {
    expect(outline(symbols(COREFILE))).toBe(
      'snippet (common) — snippet\n  directive errors\n  directive log\n' +
        'server example.org:53\n  import import — common\n  directive forward — . 10.0.0.1\n    option policy — sequential\n  directive cache — 30\n',
    );
    const server = symbols(COREFILE)[1];
    expect(COREFILE.slice(server.selectionSpan.start, server.selectionSpan.end)).toBe('example.org:53');
    expect(COREFILE.slice(server.span.start, server.span.end)).toMatch(/^example\.org:53 \{[\s\S]*\n\}$/);
  });

  it('survives broken text', () => {
    expect(outline(symbols('. {\n  forward . {\n'))).toBe('server .\n  directive forward — .\n');
    expect(symbols('')).toEqual([]);
  });
});

describe('folding', () => {
  it('folds blocks up to the line before their brace, and comment runs', () => {
    const lines = (s: { start: number; end: number }) => [COREFILE.slice(0, s.start).split('\n').length, COREFILE.slice(0, s.end).split('\n').length];
    expect(folding(COREFILE).map((f) => [f.kind, ...lines(f.span)])).toEqual([
      ['comment', 1, 2],
      ['region', 3, 5],
      ['region', 8, 13],
      ['region', 10, 11],
    ]);
  });

  it('does not fold one-line blocks', () => {
    expect(folding('. { whoami }\n')).toEqual([]);
  });
});

describe('selectionRanges', () => {
  it('grows from the word to the line, the directive, the body, the block and the file', () => {
    const { text, offsets } = markers('. {\n  forward . 10.0.0.1 {\n    policy seq<|>uential\n  }\n  log\n}\n');
    const chain = selectionRanges(text, offsets)[0].map((s) => text.slice(s.start, s.end));
    expect(chain).toEqual([
      'sequential',
      'policy sequential',
      'forward . 10.0.0.1 {\n    policy sequential\n  }',
      'forward . 10.0.0.1 {\n    policy sequential\n  }\n  log',
      '. {\n  forward . 10.0.0.1 {\n    policy sequential\n  }\n  log\n}',
      text,
    ]);
  });
});

describe('imports: links, definition, rename', () => {
  const fs = memoryFileSystem({ '/etc/coredns/Corefile': '', '/etc/coredns/zones/a.conf': 'a', '/etc/coredns/zones/b.conf': 'b', '/etc/coredns/extra.conf': 'x' });
  const opts = { path: '/etc/coredns/Corefile', fs };

  it('links snippet imports to the snippet and file imports to the file', () => {
    const text = '(common) {\n  errors\n}\n. {\n  import common\n  import extra.conf\n  import zones/*.conf\n  import missing\n}\n';
    const found = links(text, opts);
    expect(showSpans(text, found.map((l) => l.span))).toContain('import [common]\n  import [extra.conf]\n  import zones/*.conf\n  import missing');
    expect(found.map((l) => l.target)).toEqual([{ span: { start: 0, end: 8 } }, { path: '/etc/coredns/extra.conf' }]);
    // Without file access a plain path is still linked, a glob is not.
    expect(links(text, { path: '/etc/coredns/Corefile' }).map((l) => l.target.path ?? 'snippet')).toEqual(['snippet', '/etc/coredns/extra.conf', '/etc/coredns/missing']);
  });

  it('goes to the snippet, or every file a glob matches', () => {
    const { text, offset } = cursor('(common) {\n}\n. {\n  import com<|>mon\n}\n');
    expect(definition(text, offset, opts)).toEqual([{ span: { start: 0, end: 8 } }]);
    const g = cursor('. {\n  import zones/<|>*.conf\n}\n');
    expect(definition(g.text, g.offset, opts)).toEqual([{ path: '/etc/coredns/zones/a.conf' }, { path: '/etc/coredns/zones/b.conf' }]);
    const none = cursor('. {\n  for<|>ward . 1.1.1.1\n}\n');
    expect(definition(none.text, none.offset, opts)).toEqual([]);
  });

  it('renames a snippet and its imports, from either side', () => {
    const src = '(common) {\n  errors\n}\n. {\n  import common\n}\nexample.org {\n  import common\n}\n';
    for (const at of ['(com<|>mon) {', 'import com<|>mon\n}\nexample']) {
      const { text, offset } = cursor(src.replace(at.replace('<|>', ''), at));
      const prep = prepareRename(text, offset);
      expect(prep?.placeholder).toBe('common');
      expect(text.slice(prep!.span.start, prep!.span.end)).toBe('common');
      expect(prep!.span.start <= offset && offset <= prep!.span.end).toBe(true);
      const r = rename(text, offset, 'base');
      expect('edits' in r && applyEdits(text, r.edits)).toBe(src.replaceAll('common', 'base'));
    }
  });

  it('refuses renames it cannot do well', () => {
    const { text, offset } = cursor('(common) {\n}\n(other) {\n}\n. {\n  import com<|>mon\n  whoami\n}\n');
    expect(rename(text, offset, 'other')).toEqual({ error: "A snippet named 'other' already exists." });
    expect(rename(text, offset, 'two words')).toMatchObject({ error: expect.stringContaining('not a valid snippet name') });
    const w = cursor('. {\n  who<|>ami\n}\n');
    expect(prepareRename(w.text, w.offset)).toBeUndefined();
    expect(rename(w.text, w.offset, 'x')).toEqual({ error: 'Only snippet names can be renamed.' });
  });
});

function applyEdits(text: string, edits: Array<{ span: { start: number; end: number }; text: string }>): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  return out;
}

describe('semanticTokens', () => {
  it('classifies keys, directives, options, arguments, placeholders and comments', () => {
    const text = '(snip) {\n}\nexample.org:{$PORT} {\n  import snip\n  proxy . "a b" # old\n  forward . 1.1.1.1 {\n    max_fails 3\n  }\n  cache 30s\n}\n';
    const toks = semanticTokens(text, { plugins: TEST_PLUGINS }).map((t) => `${text.slice(t.span.start, t.span.end)}:${[t.type, ...t.modifiers].join('.')}`);
    expect(toks).toEqual([
      '(snip):macro.declaration',
      'example.org::namespace.declaration',
      '{$PORT}:variable',
      'import:keyword',
      'snip:macro',
      'proxy:function.defaultLibrary.deprecated',
      '.:parameter',
      '"a b":string',
      '# old:comment',
      'forward:function.defaultLibrary',
      '.:parameter',
      '1.1.1.1:parameter',
      'max_fails:property',
      '3:number',
      'cache:function.defaultLibrary',
      '30s:number',
    ]);
  });
});

describe('inlayHints', () => {
  const text = '(logging) {\n  log\n}\n. {\n  forward . 1.1.1.1\n  cache 30\n  import logging\n  errors\n  nosuch\n}\n';

  it('shows where each plugin runs in plugin.cfg order, snippets included', () => {
    const hints = inlayHints(text);
    expect(showSpans(text, hints.map((h) => ({ start: h.offset, end: h.offset }))).replaceAll('[]', '‸')).toContain('forward‸ . 1.1.1.1\n  cache‸ 30\n  import logging\n  errors‸\n  nosuch\n');
    expect(hints.map((h) => h.label)).toEqual(['#4', '#3', '#1']);
    expect(hints[0].tooltip).toMatch(/^Runs 4th of 4 plugins in this server block/);
  });

  it('places external plugins where the configuration declares them', () => {
    // myplugin is declared to run right after log.
    const t = '. {\n  myplugin\n  forward . 1.1.1.1\n  log\n}\n';
    expect(inlayHints(t, { plugins: TEST_PLUGINS }).map((h) => [t.slice(t.lastIndexOf('\n', h.offset - 1) + 1, h.offset).trim(), h.label])).toEqual([
      ['myplugin', '#2'],
      ['forward', '#3'],
      ['log', '#1'],
    ]);
    expect(inlayHints(t, { plugins: TEST_PLUGINS })[0].tooltip).toContain('`myplugin` is external, declared at');
  });

  it('can show only the plugins that run out of written order, or none', () => {
    expect(inlayHints(text, { pluginOrder: 'outOfOrder' }).map((h) => h.label)).toEqual(['#4', '#3', '#1']);
    expect(inlayHints('. {\n  errors\n  cache\n  forward . 1.1.1.1\n}\n', { pluginOrder: 'outOfOrder' })).toEqual([]);
    expect(inlayHints(text, { pluginOrder: 'off' })).toEqual([]);
  });
});

describe('docsUrlAt', () => {
  it('links a finding to its plugin, the plugin list, or the Corefile manual', () => {
    const at = (src: string) => {
      const { text, offset } = cursor(src);
      return docsUrlAt(text, offset, { plugins: TEST_PLUGINS });
    };
    expect(at('. {\n  forward . 1.1.1.1 {\n    policy <|>bogus\n  }\n}\n')).toBe('https://coredns.io/plugins/forward/');
    expect(at('. {\n  <|>nosuch\n}\n')).toBe(PLUGINS_URL);
    expect(at('<|>example.org, {\n}\n')).toBe(COREFILE_MANUAL_URL);
  });

  it('finds the same page from the block alone as from the whole file', () => {
    const text = '(common) {\n    errors\n}\n\n. {\n    forward . 1.1.1.1 {\n        policy random\n    }\n    cache 30\n}\nexample.org {\n    nosuch\n}\n';
    const ast = parse(text).value;
    for (let o = 0; o <= text.length; o++) {
      expect(docsUrlAt(text, o, { plugins: TEST_PLUGINS }), `at ${o}`).toBe(docsUrlAt(text, o, { plugins: TEST_PLUGINS, ast }));
    }
  });
});

describe('codeActions', () => {
  const d = (code: string, start: number, end: number, fix?: Diagnostic['fix'], suggestions?: Diagnostic['suggestions']): Diagnostic => ({ code, severity: 'warning', message: `${code} message`, span: { start, end }, fix, suggestions });
  const found = [
    d('use-forward', 0, 5, [{ span: { start: 0, end: 5 }, text: 'forward' }]),
    d('did-you-mean', 10, 14, undefined, [{ message: "Change to 'cache'", edits: [{ span: { start: 10, end: 14 }, text: 'cache' }] }]),
    d('overlapping', 2, 4, [{ span: { start: 3, end: 4 }, text: 'x' }]),
  ];

  it('offers the fixes and suggestions of findings in range, and a fix-all', () => {
    expect(codeActions({ start: 12, end: 12 }, found).map((a) => [a.kind, a.title, a.preferred ?? false])).toEqual([
      ['quickfix', "Change to 'cache'", false],
      ['source.fixAll', 'Fix all auto-fixable problems', false],
    ]);
    expect(codeActions({ start: 0, end: 1 }, found)[0]).toMatchObject({ title: 'Fix: use-forward message (use-forward)', preferred: true, edits: found[0].fix });
  });

  it('fix-all skips fixes that overlap one already taken', () => {
    expect(fixAll(found)).toEqual(found[0].fix);
  });
});
