/**
 * What the handlers share: open documents, one parse per document version,
 * the settings, and file access that sees unsaved editor contents.
 */
import { fileURLToPath } from 'node:url';
import { TextDocuments, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { knownPlugins, parse, type File, type FileSystem, type PluginLookup } from '../../src/index.js';
import { Positions } from './convert.js';
import { overlayFileSystem } from './files.js';
import { Linter } from './linter.js';
import type { LintedDiagnostic } from './lint-worker.js';
import { ConfigFiles, DEFAULT_SETTINGS, effectiveSettings, type Settings } from './settings.js';

/** One version of one document, with what has been computed for it. */
export interface Snapshot {
  uri: string;
  version: number;
  text: string;
  /** Local path for `file:` URIs, for resolving imports. */
  path?: string;
  pos: Positions;
  /** The AST, parsed on first use: the diagnostics path never needs it (the linter parses on its own). */
  readonly ast: File;
  /** The AST if something has parsed it already, without parsing. */
  readonly parsedAst: File | undefined;
}

export class Session {
  readonly documents = new TextDocuments(TextDocument);
  settings: Settings = DEFAULT_SETTINGS;
  /** Whether the client pulls diagnostics (`textDocument/diagnostic`); otherwise the server pushes them. */
  pullDiagnostics = false;
  /** Whether the client answers `workspace/configuration`. */
  canReadConfiguration = false;
  /** Whether the client accepts `workspace/diagnostic/refresh` and `workspace/inlayHint/refresh`. */
  canRefreshDiagnostics = false;
  canRefreshInlayHints = false;
  /** Sends a document's diagnostics; set by the diagnostics handler. */
  publish: (uri: string) => Promise<void> = async () => undefined;
  /** Documents being linted for publishing, and those that changed meanwhile. */
  private readonly inFlight = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly linter: Linter;
  private readonly scheduled = new Map<string, NodeJS.Immediate>();
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly diagnosticsCache = new Map<string, { version: number; settings: Settings; value: Promise<LintedDiagnostic[]> }>();

  /** `lintWorker`: the lint-worker.js script; undefined lints on the main thread. */
  constructor(
    readonly connection: Connection,
    lintWorker?: URL,
  ) {
    this.linter = new Linter(lintWorker, (m) => this.connection.console.error(m));
    this.documents.onDidClose((e) => {
      this.snapshots.delete(e.document.uri);
      this.diagnosticsCache.delete(e.document.uri);
    });
  }

  /** The current snapshot of an open document, parsed at most once per version. */
  get(uri: string): Snapshot | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const cached = this.snapshots.get(uri);
    if (cached && cached.version === doc.version) return cached;
    const text = doc.getText();
    let ast: File | undefined;
    const snap: Snapshot = {
      uri,
      version: doc.version,
      text,
      path: uriToPath(uri),
      pos: new Positions(text),
      get ast() {
        ast ??= parse(text).value;
        return ast;
      },
      get parsedAst() {
        return ast;
      },
    };
    this.snapshots.set(uri, snap);
    return snap;
  }

  private readonly configFiles = new ConfigFiles((m) => this.connection.console.warn(m));
  private readonly effective = new WeakMap<object, { settings: Settings; value: Settings; plugins?: PluginLookup }>();

  /** The settings for one document: the editor's over the configuration file that applies to it. */
  settingsFor(snap: Snapshot): Settings {
    return this.memo(snap).value;
  }

  private memo(snap: Snapshot) {
    const config = this.configFiles.forDocument(snap.path);
    const key = config ?? DEFAULT_SETTINGS;
    let m = this.effective.get(key);
    if (!m || m.settings !== this.settings) {
      m = { settings: this.settings, value: effectiveSettings(this.settings, config) };
      this.effective.set(key, m);
    }
    return m;
  }

  /** The plugins the features know for a document (catalog plus its external plugins). */
  plugins(snap: Snapshot): PluginLookup {
    const m = this.memo(snap);
    m.plugins ??= knownPlugins(m.value.externalPlugins);
    return m.plugins;
  }

  /** The findings of a snapshot: the linter's, which include the syntax errors. */
  lint(snap: Snapshot): Promise<LintedDiagnostic[]> {
    const s = this.settingsFor(snap);
    const open: Record<string, string> = {};
    for (const d of this.documents.all()) {
      const p = uriToPath(d.uri);
      if (p && d.uri !== snap.uri) open[p] = d.getText();
    }
    return this.linter.run(
      snap.text,
      { path: snap.path ?? '/Corefile', corednsVersion: s.corednsVersion, rules: s.rules, externalPlugins: s.externalPlugins },
      open,
    );
  }

  dispose(): void {
    this.linter.dispose();
  }

  /** Diagnostics of a snapshot, computed at most once per version and settings. */
  diagnostics(snap: Snapshot, compute: (snap: Snapshot) => Promise<LintedDiagnostic[]>): Promise<LintedDiagnostic[]> {
    const c = this.diagnosticsCache.get(snap.uri);
    const settings = this.settingsFor(snap);
    if (c && c.version === snap.version && c.settings === settings) return c.value;
    const value = compute(snap);
    this.diagnosticsCache.set(snap.uri, { version: snap.version, settings, value });
    return value;
  }

  /**
   * Publish a document's diagnostics soon: as soon as the messages already
   * received are handled (so a completion typed with the change is answered
   * first, and the changes of one paste or multi-cursor edit are linted
   * once). Lint runs one at a time per document: changes that arrive while
   * it runs (key repeat, fast typing) are coalesced into one more lint when
   * it ends. So diagnostics never wait on a timer, only on the lint itself.
   */
  scheduleDiagnostics(uri: string): void {
    if (this.scheduled.has(uri)) return;
    this.scheduled.set(
      uri,
      // setImmediate, not setTimeout(0): it runs right after the messages already read, without a timer's 1 ms.
      setImmediate(() => {
        this.scheduled.delete(uri);
        if (this.inFlight.has(uri)) {
          this.dirty.add(uri);
          return;
        }
        this.inFlight.add(uri);
        this.publish(uri)
          .catch((e: unknown) => {
            try {
              this.connection.console.error(`diagnostics failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
            } catch {
              // The connection is gone.
            }
          })
          .finally(() => {
            this.inFlight.delete(uri);
            if (this.dirty.delete(uri)) this.scheduleDiagnostics(uri);
          });
      }),
    );
  }

  cancelDiagnostics(uri: string): void {
    clearImmediate(this.scheduled.get(uri));
    this.scheduled.delete(uri);
    this.dirty.delete(uri);
  }

  /** The file system the core resolves imports with: open documents first, then the disk. */
  readonly fs: FileSystem = overlayFileSystem((p) => this.openByPath(p));

  private openByPath(path: string): string | undefined {
    for (const d of this.documents.all()) if (uriToPath(d.uri) === path) return d.getText();
    return undefined;
  }
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
