#!/usr/bin/env node
/**
 * `corefile-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME`:
 * the Corefile language server. The transport flags are those
 * vscode-languageserver understands; editors pass one of them.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { logFailure, SERVER_NAME, startServer } from './handlers.js';
import { defaultWorkerUrl } from './linter.js';

const USAGE = `Usage: ${SERVER_NAME} --stdio | --node-ipc | --socket=PORT | --pipe=NAME

The Corefile language server (Language Server Protocol). Editors start it
with one of the transport flags above; see the README's "Editors" section.
`;

const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(`${SERVER_NAME} 0.1.0\n`);
} else if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
} else if (!args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe=') || a.startsWith('--clientProcessId'))) {
  process.stderr.write(USAGE);
  process.exitCode = 2;
} else {
  const connection = createConnection(ProposedFeatures.all);
  const session = startServer(connection, { lintWorker: defaultWorkerUrl(import.meta.url) });
  // A bug must cost one answer, not the editor's language support: log it and keep serving.
  process.on('uncaughtException', (e) => logFailure(session, 'uncaught exception', e));
  process.on('unhandledRejection', (e) => logFailure(session, 'unhandled rejection', e));
  connection.listen();
}
