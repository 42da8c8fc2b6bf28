/**
 * The VS Code extension: starts the bundled language server over Node IPC
 * and hands it every `corefile` document. All language logic is in the
 * server; this file only wires the two together.
 */
import * as path from 'node:path';
import { commands, ViewColumn, window, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'corefile' }],
    synchronize: {
      // The server re-reads `corefile.*` settings through workspace/configuration when told they changed.
      configurationSection: 'corefile',
      // Lint configuration files next to Corefiles change what the server reports.
      fileEvents: workspace.createFileSystemWatcher('**/{.corefilerc.json,corefile.config.json}'),
    },
  };
  client = new LanguageClient('corefile', 'Corefile', serverOptions, clientOptions);
  context.subscriptions.push(commands.registerCommand('corefile.previewQuery', previewQuery));
  await client.start();
}

/** "Corefile: Preview Query": ask for a name and type, show the server's `corefile/preview` answer beside the Corefile. */
async function previewQuery(): Promise<void> {
  const editor = window.activeTextEditor;
  if (!client || !editor || editor.document.languageId !== 'corefile') {
    void window.showInformationMessage('Corefile: open a Corefile to preview a query against it.');
    return;
  }
  const name = await window.showInputBox({ prompt: 'Query name', placeHolder: 'kubernetes.default.svc.cluster.local' });
  if (!name) return;
  const type = await window.showInputBox({ prompt: 'Query type', value: 'A' });
  if (type === undefined) return;
  const cluster = workspace.getConfiguration('corefile', editor.document.uri).get<string>('preview.cluster') || undefined;
  try {
    const reply = await client.sendRequest<{ text: string }>('corefile/preview', { textDocument: { uri: editor.document.uri.toString() }, query: { name, type: type || 'A' }, cluster });
    const doc = await workspace.openTextDocument({ content: reply.text, language: 'plaintext' });
    await window.showTextDocument(doc, { viewColumn: ViewColumn.Beside, preview: true });
  } catch (e) {
    void window.showErrorMessage(`Corefile preview failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
