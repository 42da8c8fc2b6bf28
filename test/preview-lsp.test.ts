/**
 * The custom `corefile/preview` request end to end: the built server
 * (dist/, from `tsc -b`) over stdio, a Corefile opened in it (unsaved
 * changes included), a cluster file next to it, and the reply the VS Code
 * command "Corefile: Preview Query" shows.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, SERVER_MAIN } from '../bench/lsp.js';
import { repoRoot } from './support/shared.js';

const clients: LspClient[] = [];
beforeAll(() => {
  if (!fs.existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`npm run build\` first`);
});
afterEach(() => {
  for (const c of clients.splice(0)) if (c.proc.exitCode === null) c.kill();
});

interface Reply {
  result: { rcode: string; answer: string[]; trace: { outcome: string; block?: { zone: string } } };
  text: string;
}

describe('corefile/preview over stdio', () => {
  it('answers from the open document, reads the cluster beside it, and keeps serving after bad requests', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corefile-lsp-preview-'));
    try {
      fs.copyFileSync(path.join(repoRoot, 'fixtures/cluster.yaml'), path.join(dir, 'cluster.yaml'));
      const uri = pathToFileURL(path.join(dir, 'Corefile')).href;
      const { client } = await LspClient.start();
      clients.push(client);
      // Only open, never saved: the request must use the editor's text.
      await client.open(uri, fs.readFileSync(path.join(repoRoot, 'fixtures/kubernetes-default.Corefile'), 'utf8'));
      const r = await client.request<Reply>('corefile/preview', {
        textDocument: { uri },
        query: { name: 'kubernetes.default.svc.cluster.local', type: 'A' },
        cluster: 'cluster.yaml',
      });
      expect(r.result.rcode).toBe('NOERROR');
      expect(r.result.answer).toEqual(['kubernetes.default.svc.cluster.local.\t30\tIN\tA\t10.96.0.1']);
      expect(r.text).toContain('; <<>> corefile preview <<>> kubernetes.default.svc.cluster.local A');
      expect(r.text).toContain(';; ANSWER SECTION:');
      expect(r.text).toContain(';; TRACE:');

      await client.change(uri, 2, [{ text: 'example.org {\n    template IN TXT {\n        answer "{{ .Name }} 60 IN TXT \\"hi\\""\n    }\n}\n' }]);
      const t = await client.request<Reply>('corefile/preview', { textDocument: { uri }, query: { name: 'x.example.org', type: 'TXT' } });
      expect(t.result.answer).toEqual(['x.example.org.\t60\tIN\tTXT\t"hi"']);
      const refused = await client.request<Reply>('corefile/preview', { textDocument: { uri }, query: { name: 'example.com' } });
      expect(refused.result.rcode).toBe('REFUSED');

      await expect(client.request('corefile/preview', { textDocument: { uri }, query: {} })).rejects.toThrow(/query.name is required/);
      await expect(client.request('corefile/preview', { textDocument: { uri }, query: { name: 'a' }, cluster: 'missing.yaml' })).rejects.toThrow(/cluster file/);
      await expect(client.request('corefile/preview', { textDocument: { uri: 'file:///never-opened' }, query: { name: 'a' } })).rejects.toThrow(/unknown document/);
      expect((await client.request<Reply>('corefile/preview', { textDocument: { uri }, query: { name: 'y.example.org', type: 'TXT' } })).result.rcode).toBe('NOERROR');
      expect(await client.stop()).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('VS Code command', () => {
  it('"Corefile: Preview Query" is contributed and registered, and sends corefile/preview', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'client/package.json'), 'utf8'));
    expect(manifest.contributes.commands).toContainEqual({ command: 'corefile.previewQuery', title: 'Preview Query', category: 'Corefile' });
    expect(manifest.contributes.configuration.properties['corefile.preview.cluster']).toMatchObject({ type: 'string' });
    const source = fs.readFileSync(path.join(repoRoot, 'client/src/extension.ts'), 'utf8');
    expect(source).toContain("registerCommand('corefile.previewQuery'");
    expect(source).toContain("'corefile/preview'");
  });
});
