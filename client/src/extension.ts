/**
 * The VS Code extension: starts the bundled language server over Node IPC
 * and hands it every `corefile` document. All language logic is in the
 * server; this file only wires the two together.
 */
import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
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
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
