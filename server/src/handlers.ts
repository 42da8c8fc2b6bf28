/**
 * One `addXHandler(connection, session)` per LSP feature, each a thin
 * adapter: look up the document snapshot, call one function of the core,
 * convert the result. Every handler is guarded: a failure is logged and
 * answered with an error, and the server keeps serving.
 */
import {
  DocumentDiagnosticReportKind, LSPErrorCodes, ResponseError, TextDocumentSyncKind,
  type CancellationToken, type Connection, type InitializeParams, type InitializeResult, type ServerCapabilities,
} from 'vscode-languageserver/node';
import {
  codeActions, complete, definition, docsUrlAt, folding, formatEdits, formatRange, hover, inlayHints, links, prepareRename, rename, selectionRanges, semanticTokens, symbols,
  type Edit, type FormatOptions, type Result,
} from '../../src/index.js';
import {
  encodeSemanticTokens, SEMANTIC_LEGEND, toCodeAction, toCompletionItem, toDiagnostic, toDocumentLink, toDocumentSymbol, toFoldingRange,
  toFormatOptions, toHover, toInlayHint, toLocation, toSelectionRange, toTextEdit, toWorkspaceEdit,
} from './convert.js';
import * as path from 'node:path';
import { preview, renderPreviewText, type PreviewResult } from '../../src/service/index.js';
import type { LintedDiagnostic } from './lint-worker.js';
import { Session, type Snapshot } from './session.js';
import { readSettings } from './settings.js';

export const SERVER_NAME = 'corefile-language-server';

/** Run `fn`; on an exception log it and answer with a RequestFailed error instead. */
export function guard<P, R>(session: Session, name: string, fn: (params: P, token: CancellationToken) => R) {
  return (params: P, token: CancellationToken): R | ResponseError<never> => {
    const failed = (e: unknown): ResponseError<never> => {
      // A ResponseError is a deliberate answer (unknown document, refused rename); anything else is a bug.
      if (e instanceof ResponseError) return e as ResponseError<never>;
      logFailure(session, name, e);
      return new ResponseError<never>(LSPErrorCodes.RequestFailed, `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    };
    try {
      const r = fn(params, token);
      if (r instanceof Promise) {
        return r.catch((e: unknown) => {
          throw failed(e);
        }) as R;
      }
      return r;
    } catch (e) {
      return failed(e);
    }
  };
}

/** For notifications, which have no answer: log and carry on. */
function guardNotification<P>(session: Session, name: string, fn: (params: P) => void | Promise<void>) {
  return (params: P): void => {
    try {
      const r = fn(params);
      if (r instanceof Promise) r.catch((e: unknown) => logFailure(session, name, e));
    } catch (e) {
      logFailure(session, name, e);
    }
  };
}

export function logFailure(session: Session, name: string, e: unknown): void {
  try {
    session.connection.console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  } catch {
    // The connection itself is gone; nothing left to tell.
  }
}

/** The snapshot a request is about; an unknown document is an error the client can act on. */
function snapshot(session: Session, params: { textDocument?: { uri?: unknown } }): Snapshot {
  const uri = params?.textDocument?.uri;
  const snap = typeof uri === 'string' ? session.get(uri) : undefined;
  if (!snap) throw new ResponseError(LSPErrorCodes.RequestFailed, `unknown document ${String(uri)}: send textDocument/didOpen first`);
  return snap;
}

export function addInitializeHandler(connection: Connection, session: Session): void {
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    session.pullDiagnostics = params.capabilities?.textDocument?.diagnostic !== undefined;
    session.canReadConfiguration = params.capabilities?.workspace?.configuration === true;
    session.canRefreshDiagnostics = params.capabilities?.workspace?.diagnostics?.refreshSupport === true;
    session.canRefreshInlayHints = params.capabilities?.workspace?.inlayHint?.refreshSupport === true;
    if (params.initializationOptions !== undefined) session.settings = readSettings(params.initializationOptions);
    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: [' '], resolveProvider: false },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      documentLinkProvider: { resolveProvider: false },
      definitionProvider: true,
      renameProvider: { prepareProvider: true },
      semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true, range: false },
      inlayHintProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll'] },
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      diagnosticProvider: { identifier: 'corefile', interFileDependencies: true, workspaceDiagnostics: false },
    };
    return { capabilities, serverInfo: { name: SERVER_NAME, version: '0.1.0' } };
  });
  connection.onInitialized(
    guardNotification(session, 'initialized', async () => {
      if (!session.canReadConfiguration) return;
      await refreshSettings(connection, session);
      // Requests answered before the settings arrived used the defaults.
      settingsChanged(connection, session);
    }),
  );
  connection.onDidChangeConfiguration(
    guardNotification(session, 'workspace/didChangeConfiguration', async (params: { settings?: unknown }) => {
      if (session.canReadConfiguration) await refreshSettings(connection, session);
      else {
        const s = params?.settings as { corefile?: unknown } | undefined;
        if (s?.corefile !== undefined) session.settings = readSettings(s.corefile);
      }
      settingsChanged(connection, session);
    }),
  );
  // A lint configuration file changed (the VS Code client watches them): findings may differ.
  connection.onDidChangeWatchedFiles(guardNotification(session, 'workspace/didChangeWatchedFiles', () => settingsChanged(connection, session)));
}

async function refreshSettings(connection: Connection, session: Session): Promise<void> {
  const raw: unknown = await connection.workspace.getConfiguration({ section: 'corefile' });
  session.settings = readSettings(raw);
}

function settingsChanged(connection: Connection, session: Session): void {
  if (!session.pullDiagnostics) for (const d of session.documents.all()) session.scheduleDiagnostics(d.uri);
  else if (session.canRefreshDiagnostics) void connection.languages.diagnostics.refresh().catch((e: unknown) => logFailure(session, 'diagnostics refresh', e));
  if (session.canRefreshInlayHints) void connection.languages.inlayHint.refresh().catch((e: unknown) => logFailure(session, 'inlay hint refresh', e));
}

async function lspDiagnostics(session: Session, snap: Snapshot) {
  const found = await session.diagnostics(snap, (s) => session.lint(s));
  // Findings inside imported files belong to those files; the import line already carries one of its own.
  return found.filter((d) => d.file === undefined).map((d) => toLspDiagnostic(session, snap, d));
}

function toLspDiagnostic(session: Session, snap: Snapshot, d: LintedDiagnostic) {
  return toDiagnostic(d, snap.pos, d.docsUrl ?? docsUrlAt(snap.text, d.span.start, { ast: snap.ast, plugins: session.plugins(snap) }));
}

export function addDiagnosticsHandler(connection: Connection, session: Session): void {
  session.publish = async (uri) => {
    const snap = session.get(uri);
    if (!snap) return;
    const diagnostics = await lspDiagnostics(session, snap);
    // A newer version is already on its way (or the document closed): this one is stale.
    if (session.documents.get(uri)?.version !== snap.version) return;
    await connection.sendDiagnostics({ uri, version: snap.version, diagnostics });
  };
  session.documents.onDidChangeContent((e) => {
    if (!session.pullDiagnostics) session.scheduleDiagnostics(e.document.uri);
  });
  session.documents.onDidClose((e) => {
    session.cancelDiagnostics(e.document.uri);
    if (!session.pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.languages.diagnostics.on(
    guard(session, 'textDocument/diagnostic', async (params) => {
      const snap = snapshot(session, params);
      return { kind: DocumentDiagnosticReportKind.Full, items: await lspDiagnostics(session, snap) };
    }),
  );
}

export function addHoverHandler(connection: Connection, session: Session): void {
  connection.onHover(
    guard(session, 'textDocument/hover', (params) => {
      const snap = snapshot(session, params);
      const h = hover(snap.text, snap.pos.toOffset(params.position), { ast: snap.parsedAst, plugins: session.plugins(snap) });
      return h ? toHover(h, snap.pos) : null;
    }),
  );
}

export function addCompletionHandler(connection: Connection, session: Session): void {
  connection.onCompletion(
    guard(session, 'textDocument/completion', (params) => {
      const snap = snapshot(session, params);
      // Without a parse at hand, completion parses just the block around the cursor, which is much cheaper in a big file.
      const items = complete(snap.text, snap.pos.toOffset(params.position), {
        ast: snap.parsedAst,
        plugins: session.plugins(snap),
        corednsVersion: session.settingsFor(snap).corednsVersion,
      });
      return { isIncomplete: false, items: items.map((c) => toCompletionItem(c, snap.pos)) };
    }),
  );
}

export function addDocumentSymbolHandler(connection: Connection, session: Session): void {
  connection.onDocumentSymbol(
    guard(session, 'textDocument/documentSymbol', (params) => {
      const snap = snapshot(session, params);
      return symbols(snap.text, { ast: snap.ast }).map((s) => toDocumentSymbol(s, snap.pos));
    }),
  );
}

export function addFoldingRangeHandler(connection: Connection, session: Session): void {
  connection.onFoldingRanges(
    guard(session, 'textDocument/foldingRange', (params) => {
      const snap = snapshot(session, params);
      return folding(snap.text, { ast: snap.ast }).map((f) => toFoldingRange(f, snap.pos));
    }),
  );
}

export function addSelectionRangeHandler(connection: Connection, session: Session): void {
  connection.onSelectionRanges(
    guard(session, 'textDocument/selectionRange', (params) => {
      const snap = snapshot(session, params);
      const offsets = (params.positions ?? []).map((p) => snap.pos.toOffset(p));
      return selectionRanges(snap.text, offsets, { ast: snap.ast }).map((chain, i) => toSelectionRange(chain, snap.pos, offsets[i]));
    }),
  );
}

export function addDocumentLinkHandler(connection: Connection, session: Session): void {
  connection.onDocumentLinks(
    guard(session, 'textDocument/documentLink', (params) => {
      const snap = snapshot(session, params);
      return links(snap.text, { ast: snap.ast, path: snap.path, fs: session.fs }).map((l) => toDocumentLink(l, snap.uri, snap.pos));
    }),
  );
}

export function addDefinitionHandler(connection: Connection, session: Session): void {
  connection.onDefinition(
    guard(session, 'textDocument/definition', (params) => {
      const snap = snapshot(session, params);
      const targets = definition(snap.text, snap.pos.toOffset(params.position), { ast: snap.ast, path: snap.path, fs: session.fs });
      return targets.map((t) => toLocation(t, snap.uri, snap.pos));
    }),
  );
}

export function addRenameHandler(connection: Connection, session: Session): void {
  connection.onPrepareRename(
    guard(session, 'textDocument/prepareRename', (params) => {
      const snap = snapshot(session, params);
      const r = prepareRename(snap.text, snap.pos.toOffset(params.position), { ast: snap.ast });
      return r ? { range: snap.pos.toRange(r.span), placeholder: r.placeholder } : null;
    }),
  );
  connection.onRenameRequest(
    guard(session, 'textDocument/rename', (params) => {
      const snap = snapshot(session, params);
      const r = rename(snap.text, snap.pos.toOffset(params.position), String(params.newName ?? ''), { ast: snap.ast });
      if ('error' in r) throw new ResponseError(LSPErrorCodes.RequestFailed, r.error);
      return toWorkspaceEdit(snap.uri, r.edits, snap.pos);
    }),
  );
}

export function addSemanticTokensHandler(connection: Connection, session: Session): void {
  connection.languages.semanticTokens.on(
    guard(session, 'textDocument/semanticTokens/full', (params) => {
      const snap = snapshot(session, params);
      return { data: encodeSemanticTokens(semanticTokens(snap.text, { ast: snap.ast, plugins: session.plugins(snap) }), snap.pos) };
    }),
  );
}

export function addInlayHintHandler(connection: Connection, session: Session): void {
  connection.languages.inlayHint.on(
    guard(session, 'textDocument/inlayHint', (params) => {
      const snap = snapshot(session, params);
      const span = params.range ? snap.pos.toSpan(params.range) : undefined;
      return inlayHints(snap.text, { ast: snap.ast, span, pluginOrder: session.settingsFor(snap).inlayHints.pluginOrder, plugins: session.plugins(snap) }).map((h) => toInlayHint(h, snap.pos));
    }),
  );
}

export function addCodeActionHandler(connection: Connection, session: Session): void {
  connection.onCodeAction(
    guard(session, 'textDocument/codeAction', async (params) => {
      const snap = snapshot(session, params);
      const found: LintedDiagnostic[] = await session.diagnostics(snap, (s) => session.lint(s));
      const only = params.context?.only;
      const actions = codeActions(snap.pos.toSpan(params.range), found).filter((a) => !only || only.some((k) => a.kind === k || a.kind.startsWith(`${k}.`)));
      return actions.map((a) => toCodeAction(a, snap.uri, snap.pos, a.diagnostic ? toLspDiagnostic(session, snap, a.diagnostic) : undefined));
    }),
  );
}

/** Edits of a formatting run, or an error that says why the file was left alone (syntax errors, unsafe layout). */
function formattingResult(r: Result<Edit[]>, snap: Snapshot) {
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    const first = errors[0];
    const at = snap.pos.toPosition(first.span.start);
    throw new ResponseError(LSPErrorCodes.RequestFailed, `Corefile not formatted: ${first.message} (line ${at.line + 1})`);
  }
  return r.value.map((e) => toTextEdit(e, snap.pos));
}

export function addFormattingHandler(connection: Connection, session: Session): void {
  connection.onDocumentFormatting(
    guard(session, 'textDocument/formatting', (params) => {
      const snap = snapshot(session, params);
      const options: FormatOptions = { ...toFormatOptions(params.options), endOfLine: 'auto' };
      return formattingResult(formatEdits(snap.text, options), snap);
    }),
  );
  connection.onDocumentRangeFormatting(
    guard(session, 'textDocument/rangeFormatting', (params) => {
      const snap = snapshot(session, params);
      return formattingResult(formatRange(snap.text, snap.pos.toSpan(params.range), toFormatOptions(params.options)), snap);
    }),
  );
}

/** Parameters of the custom `corefile/preview` request. */
export interface PreviewParams {
  textDocument: { uri: string };
  query: { name: string; type?: string; class?: string; do?: boolean };
  clientIP?: string;
  transport?: string;
  port?: number;
  tcp?: boolean;
  /** Kubernetes state (kubectl get … -o yaml), absolute or relative to the Corefile. */
  cluster?: string;
}

/** `corefile/preview`: what the open Corefile answers to a query, with the dig-like text `corefile preview` prints. */
export function addPreviewHandler(connection: Connection, session: Session): void {
  connection.onRequest(
    'corefile/preview',
    guard(session, 'corefile/preview', (params: PreviewParams): { result: PreviewResult; text: string } => {
      const snap = snapshot(session, params);
      const q = params.query;
      if (!q || typeof q.name !== 'string' || q.name.trim() === '') throw new ResponseError(LSPErrorCodes.RequestFailed, 'corefile/preview: query.name is required');
      let cluster: string | undefined;
      if (typeof params.cluster === 'string' && params.cluster !== '') {
        // An unsaved document has no directory: only an absolute cluster path works then.
        const file = snap.path ? path.resolve(path.dirname(snap.path), params.cluster) : path.resolve(params.cluster);
        const r = session.fs.readFile(file);
        if ('error' in r) throw new ResponseError(LSPErrorCodes.RequestFailed, `corefile/preview: cluster file: ${r.error}`);
        cluster = r.text;
      }
      const query = { name: q.name.trim(), type: q.type || 'A', class: q.class, do: q.do };
      const result = preview(snap.text, query, {
        path: snap.path ?? '/Corefile',
        fs: session.fs,
        cluster,
        clientIP: params.clientIP,
        transport: params.transport,
        port: params.port,
        proto: params.tcp ? 'tcp' : 'udp',
      });
      return { result, text: renderPreviewText(result, `${query.name} ${query.type}${query.class ? ` ${query.class}` : ''}`) };
    }),
  );
}

/** Every feature, in one place, so main.ts and in-process tests wire the same server. */
export function startServer(connection: Connection, options: { lintWorker?: URL } = {}): Session {
  const session = new Session(connection, options.lintWorker);
  connection.onShutdown(() => session.dispose());
  addInitializeHandler(connection, session);
  addDiagnosticsHandler(connection, session);
  addHoverHandler(connection, session);
  addCompletionHandler(connection, session);
  addDocumentSymbolHandler(connection, session);
  addFoldingRangeHandler(connection, session);
  addSelectionRangeHandler(connection, session);
  addDocumentLinkHandler(connection, session);
  addDefinitionHandler(connection, session);
  addRenameHandler(connection, session);
  addSemanticTokensHandler(connection, session);
  addInlayHintHandler(connection, session);
  addCodeActionHandler(connection, session);
  addFormattingHandler(connection, session);
  addPreviewHandler(connection, session);
  session.documents.listen(connection);
  return session;
}
