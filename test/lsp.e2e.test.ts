/**
 * End-to-end: the built server (bin/corefile-language-server.js, the bundle `npm run build` makes)
 * spawned over stdio and spoken to with real JSON-RPC. Few cases, each
 * covering several features; the details are in test/service-*.test.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, SERVER_MAIN } from '../bench/lsp.js';

const clients: LspClient[] = [];
async function start(opts: Parameters<typeof LspClient.start>[0] = {}) {
  const r = await LspClient.start(opts);
  clients.push(r.client);
  return r;
}

beforeAll(() => {
  if (!fs.existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`npm run build\` first`);
});

afterEach(() => {
  for (const c of clients.splice(0)) if (c.proc.exitCode === null) c.kill();
});

const pos = (line: number, character: number) => ({ line, character });
const range = (l1: number, c1: number, l2: number, c2: number) => ({ start: pos(l1, c1), end: pos(l2, c2) });

/** Apply LSP text edits to a text (ranges in the original, as LSP says). */
function applyEdits(text: string, edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

const MAIN = `(common) {
    errors
}

example.org:53 {
    import common
    forward . 10.0.0.1 {
        policy sequential
    }
    log
}
`;

describe('corefile-language-server over stdio', () => {
  it('runs the lifecycle: initialize, didOpen, incremental didChange with pushed diagnostics, shutdown and exit', async () => {
    const { client, initialize } = await start();
    expect(initialize.capabilities).toMatchObject({
      textDocumentSync: { openClose: true, change: 2 },
      hoverProvider: true,
      completionProvider: {},
      definitionProvider: true,
      renameProvider: { prepareProvider: true },
      inlayHintProvider: true,
      diagnosticProvider: { identifier: 'corefile' },
    });
    const uri = 'file:///work/Corefile';
    await client.open(uri, MAIN, 1);
    expect((await client.diagnostics(uri, 1)).diagnostics).toEqual([]);

    // `example.org:53,` with a trailing comma promises another key: a syntax error at `{`.
    await client.change(uri, 2, [{ range: range(4, 14, 4, 14), text: ',' }]);
    const broken = await client.diagnostics(uri, 2);
    expect(broken.diagnostics).toEqual([
      expect.objectContaining({ range: range(4, 16, 4, 17), severity: 1, code: 'syntax/parse', source: 'corefile', message: expect.stringContaining('check for extra comma') }),
    ]);
    await client.change(uri, 3, [{ range: range(4, 14, 4, 15), text: '' }]);
    expect((await client.diagnostics(uri, 3)).diagnostics).toEqual([]);

    await client.notify('textDocument/didClose', { textDocument: { uri } });
    expect((await client.diagnostics(uri)).diagnostics).toEqual([]);
    // Linting ran on the worker thread, with no fallback to the main thread.
    expect(client.logs).toEqual([]);
    expect(await client.stop()).toBe(0);
  });

  it('answers hover, completion, symbols, folding, selection, semantic tokens, inlay hints and formatting', async () => {
    const { client } = await start();
    const uri = 'file:///work/Corefile';
    await client.open(uri, MAIN);
    const td = { textDocument: { uri } };

    const h = await client.request<{ contents: { kind: string; value: string }; range: unknown }>('textDocument/hover', { ...td, position: pos(4, 3) });
    expect(h.contents.kind).toBe('markdown');
    expect(h.contents.value).toContain('Serves zone `example.org.` over **DNS (UDP and TCP)** on port **53**');
    expect(h.range).toEqual(range(4, 0, 4, 14));

    const top = await client.request<{ items: Array<{ label: string; kind: number; textEdit: { range: unknown; newText: string }; insertTextFormat: number }> }>(
      'textDocument/completion', { ...td, position: pos(11, 0) },
    );
    expect(top.items.find((i) => i.label === '. { … }')).toMatchObject({ kind: 15, insertTextFormat: 2, textEdit: { range: range(11, 0, 11, 0) } });
    const inBlock = await client.request<{ items: Array<{ label: string }> }>('textDocument/completion', { ...td, position: pos(9, 4) });
    expect(inBlock.items.map((i) => i.label)).toEqual(expect.arrayContaining(['log', 'cache', 'whoami', 'import']));

    const syms = await client.request<Array<{ name: string; kind: number; children: Array<{ name: string }> }>>('textDocument/documentSymbol', td);
    expect(syms.map((s) => [s.name, s.kind, s.children.map((c) => c.name)])).toEqual([
      ['(common)', 2, ['errors']],
      ['example.org:53', 3, ['import', 'forward', 'log']],
    ]);

    expect(await client.request('textDocument/foldingRange', td)).toEqual([
      { startLine: 0, endLine: 1, kind: 'region' },
      { startLine: 4, endLine: 9, kind: 'region' },
      { startLine: 6, endLine: 7, kind: 'region' },
    ]);

    const sel = await client.request<Array<{ range: unknown; parent?: { range: unknown } }>>('textDocument/selectionRange', { ...td, positions: [pos(7, 10)] });
    expect(sel[0].range).toEqual(range(7, 8, 7, 14));
    expect(sel[0].parent?.range).toEqual(range(7, 8, 7, 25));

    const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', td);
    // First token: `(common)` on line 0, a macro declaration (legend index 9, modifier bit 0).
    expect(tokens.data.slice(0, 5)).toEqual([0, 0, 8, 9, 1]);
    expect(tokens.data.length % 5).toBe(0);

    const hints = await client.request<Array<{ position: unknown; label: string }>>('textDocument/inlayHint', { ...td, range: range(0, 0, 12, 0) });
    expect(hints.map((x) => [x.position, x.label])).toEqual([
      [pos(6, 11), '#3'],
      [pos(9, 7), '#2'],
    ]);

    const messy = 'file:///work/messy.Corefile';
    const messyText = '. {\nforward . 1.1.1.1 {\n  policy   sequential\n}\n  log\n}\n';
    await client.open(messy, messyText);
    const fmt = { textDocument: { uri: messy }, options: { tabSize: 2, insertSpaces: true } };
    expect(applyEdits(messyText, await client.request('textDocument/formatting', fmt))).toBe('. {\n  forward . 1.1.1.1 {\n    policy sequential\n  }\n  log\n}\n');
    expect(applyEdits(messyText, await client.request('textDocument/rangeFormatting', { ...fmt, range: range(2, 0, 2, 10) }))).toBe(
      '. {\nforward . 1.1.1.1 {\n    policy sequential\n}\n  log\n}\n',
    );
    await client.open('file:///work/broken.Corefile', '. {\n');
    await expect(client.request('textDocument/formatting', { ...fmt, textDocument: { uri: 'file:///work/broken.Corefile' } })).rejects.toThrow(
      /Corefile not formatted: Syntax error.*\(line 1\)/,
    );
    expect(await client.stop()).toBe(0);
  });

  it('follows imports: document links, go to definition, and snippet rename', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corefile-lsp-'));
    try {
      fs.writeFileSync(path.join(dir, 'extra.conf'), 'whoami\n');
      const file = path.join(dir, 'Corefile');
      const uri = pathToFileURL(file).href;
      const text = MAIN.replace('    log\n', '    log\n    import extra.conf\n');
      const { client } = await start();
      await client.open(uri, text);
      const td = { textDocument: { uri } };

      const linksFound = await client.request<Array<{ range: unknown; target: string }>>('textDocument/documentLink', td);
      expect(linksFound).toEqual([
        { range: range(5, 11, 5, 17), target: `${uri}#L1,1`, tooltip: 'Go to snippet (common)' },
        { range: range(10, 11, 10, 21), target: pathToFileURL(path.join(dir, 'extra.conf')).href, tooltip: `Open ${path.join(dir, 'extra.conf')}` },
      ]);
      expect(await client.request('textDocument/definition', { ...td, position: pos(5, 13) })).toEqual([{ uri, range: range(0, 0, 0, 8) }]);
      expect(await client.request('textDocument/definition', { ...td, position: pos(10, 14) })).toEqual([
        { uri: pathToFileURL(path.join(dir, 'extra.conf')).href, range: range(0, 0, 0, 0) },
      ]);

      expect(await client.request('textDocument/prepareRename', { ...td, position: pos(0, 3) })).toEqual({ range: range(0, 1, 0, 7), placeholder: 'common' });
      expect(await client.request('textDocument/rename', { ...td, position: pos(0, 3), newName: 'base' })).toEqual({
        changes: { [uri]: [{ range: range(0, 0, 0, 8), newText: '(base)' }, { range: range(5, 11, 5, 17), newText: 'base' }] },
      });
      await expect(client.request('textDocument/rename', { ...td, position: pos(6, 6), newName: 'x' })).rejects.toThrow('Only snippet names can be renamed.');
      expect(await client.stop()).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('over Node IPC as VS Code runs it: settings through workspace/configuration, pull diagnostics, quick fixes', async () => {
    const { client } = await start({
      transport: 'ipc',
      capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } },
      settings: { rules: { 'no-removed-plugin': 'warning' }, externalPlugins: [{ name: 'myplugin', after: 'log' }], inlayHints: { pluginOrder: 'outOfOrder' } },
    });
    const uri = 'file:///work/Corefile';
    await client.open(uri, '. {\n  errors\n  log\n  proxy . 8.8.8.8\n  myplugin\n}\nexample.org, {\n  whoami\n}\n');
    const td = { textDocument: { uri } };
    // The settings arrive after `initialized`; the server then asks the client to pull again.
    await client.serverRequest('workspace/diagnostic/refresh');
    const report = await client.request<{ kind: string; items: Array<{ code: string; severity: number; range: unknown; codeDescription?: { href: string } }> }>(
      'textDocument/diagnostic', td,
    );
    expect(report.kind).toBe('full');
    expect(report.items[0]).toMatchObject({ tags: [2] });
    expect(report.items.map((d) => [d.code, d.severity])).toEqual([
      ['no-removed-plugin', 2],
      ['syntax/parse', 1],
    ]);
    // Docs links: the plugin list for a directive CoreDNS does not know, the Corefile manual for a key.
    expect(report.items.map((d) => d.codeDescription?.href)).toEqual(['https://coredns.io/plugins/', 'https://coredns.io/manual/configuration/']);

    const actions = await client.request<Array<{ title: string; kind: string; isPreferred?: boolean; diagnostics?: Array<{ code: string }>; edit: { changes: Record<string, unknown[]> } }>>(
      'textDocument/codeAction', { ...td, range: range(3, 3, 3, 3), context: { diagnostics: [] } },
    );
    expect(actions[0]).toMatchObject({ kind: 'quickfix', isPreferred: true, diagnostics: [{ code: 'no-removed-plugin' }] });
    expect(actions[0].edit.changes[uri]).toEqual([{ range: range(3, 2, 3, 7), newText: 'forward' }]);
    expect(actions.map((a) => a.kind)).toContain('source.fixAll');

    const inBlock = await client.request<{ items: Array<{ label: string; detail?: string }> }>('textDocument/completion', { ...td, position: pos(2, 5) });
    expect(inBlock.items.find((i) => i.label === 'myplugin')?.detail).toBe('External plugin, run after `log` (declared in the configuration).');
    // Only plugins that run out of written order get a hint: errors, log, forward are in order.
    expect(await client.request('textDocument/inlayHint', { ...td, range: range(0, 0, 9, 0) })).toEqual([]);
    expect(await client.stop()).toBe(0);
  });

  it('never crashes: bad documents, bad params and unknown methods get errors, and it keeps serving', async () => {
    const { client } = await start();
    const uri = 'file:///work/Corefile';
    await expect(client.request('textDocument/hover', { textDocument: { uri: 'file:///never-opened' }, position: pos(0, 0) })).rejects.toThrow(/unknown document/);
    await expect(client.request('corefile/noSuchMethod', {})).rejects.toThrow(/Unhandled method/);
    // A frame that is not JSON at all, written straight to the server's stdin.
    const garbage = '{this is not json';
    client.proc.stdin!.write(`Content-Length: ${garbage.length}\r\n\r\n${garbage}`);
    await client.notify('textDocument/didOpen', { textDocument: null });
    await client.notify('textDocument/didChange', { textDocument: { uri: 'file:///never-opened', version: 2 }, contentChanges: [{ text: 'x' }] });
    await client.open(uri, '"unterminated {\n  } } {{ #\n\t\u0000 import\n');
    await client.diagnostics(uri);
    for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/prepareRename']) {
      await client.request(method, { textDocument: { uri }, position: { line: -5, character: 1e9 } }).catch((e: Error) => e);
      await client.request(method, { textDocument: { uri }, position: null }).catch((e: Error) => e);
    }
    await client.request('textDocument/selectionRange', { textDocument: { uri }, positions: [pos(99, 99)] }).catch((e: Error) => e);
    await client.request('textDocument/codeAction', { textDocument: { uri }, range: null, context: null }).catch((e: Error) => e);
    await client.change(uri, 2, [{ range: range(50, 0, 60, 0), text: 'x' }]);
    await client.diagnostics(uri, 2);
    // Still serving.
    const syms = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(Array.isArray(syms)).toBe(true);
    expect(client.proc.exitCode).toBe(null);
    expect(await client.stop()).toBe(0);
  });
});
