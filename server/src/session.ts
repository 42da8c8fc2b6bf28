/**
 * What the handlers share: open documents, one parse per document version,
 * the settings, and file access that sees unsaved editor contents.
 */
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDocuments, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { knownPlugins, lint, parse, type Diagnostic, type File, type FileSystem, type PluginLookup } from '../../src/index.js';
import { Positions } from './convert.js';
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
}

/** Changes closer together than this are one burst, linted once at its end. */
const BURST_MS = 30;

export class Session {
  readonly documents = new TextDocuments(TextDocument);
  settings: Settings = DEFAULT_SETTINGS;
  /** Whether the client pulls diagnostics (`textDocument/diagnostic`); otherwise the server pushes them. */
  pullDiagnostics = false;
  /** Whether the client answers `workspace/configuration`. */
  canReadConfiguration = false;
  /** Sends a document's diagnostics; set by the diagnostics handler. */
  publish: (uri: string) => void = () => undefined;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** When each document last changed, to tell a burst of changes from typing. */
  private readonly lastChange = new Map<string, number>();
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly diagnosticsCache = new Map<string, { version: number; settings: Settings; value: Diagnostic[] }>();

  constructor(readonly connection: Connection) {
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
  lint(snap: Snapshot): Diagnostic[] {
    const s = this.settingsFor(snap);
    return lint(snap.text, {
      path: snap.path ?? '/Corefile',
      fs: this.fs,
      corednsVersion: s.corednsVersion,
      rules: s.rules,
      externalPlugins: s.externalPlugins,
    });
  }

  /** Diagnostics of a snapshot, computed at most once per version and settings. */
  diagnostics(snap: Snapshot, compute: (snap: Snapshot) => Diagnostic[]): Diagnostic[] {
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
   * first, and changes that arrived together are linted once). Changes that
   * come in a burst, closer together than BURST_MS (a paste, a multi-cursor
   * edit, key repeat), are debounced: the document is linted once the burst
   * is over.
   */
  scheduleDiagnostics(uri: string): void {
    const now = performance.now();
    const last = this.lastChange.get(uri);
    this.lastChange.set(uri, now);
    const burst = last !== undefined && now - last < BURST_MS;
    const pending = this.timers.get(uri);
    if (pending && !burst) return;
    clearTimeout(pending);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        try {
          this.publish(uri);
        } catch (e) {
          try {
            this.connection.console.error(`diagnostics failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          } catch {
            // The connection is gone.
          }
        }
      }, burst ? BURST_MS : 0),
    );
  }

  cancelDiagnostics(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.lastChange.delete(uri);
  }

  /** The file system the core resolves imports with: open documents first, then the disk. */
  readonly fs: FileSystem = {
    readFile: (path) => {
      const open = this.openByPath(path);
      if (open !== undefined) return { text: open };
      try {
        return { text: fs.readFileSync(path, 'utf8') };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return { error: code === 'ENOENT' ? `open ${path}: no such file or directory` : `open ${path}: ${(e as Error).message}` };
      }
    },
    stat: (path) => {
      if (this.openByPath(path) !== undefined) return 'file';
      try {
        return fs.statSync(path).isDirectory() ? 'directory' : 'file';
      } catch {
        return undefined;
      }
    },
    readDirectory: (path) => {
      try {
        return fs.readdirSync(path);
      } catch {
        return undefined;
      }
    },
  };

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
