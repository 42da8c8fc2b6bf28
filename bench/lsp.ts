/**
 * A language-server client over real JSON-RPC (vscode-jsonrpc on the
 * server's stdio), shared by test/lsp.e2e.test.ts and the LSP benchmark,
 * and the benchmark itself: didChange → publishDiagnostics and completion
 * round trips on a 5,000-line Corefile.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createMessageConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, type MessageConnection,
} from 'vscode-jsonrpc/node';
import { lint } from '../src/service/index.js';
import { generateCorefile } from './generate.js';
import { median, percentile, printFigures } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// The benchmark runs from dist/bench after `tsc -b`, the tests from bench/ itself.
const repo = path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '../..') : path.resolve(here, '..');
/** The server as users start it: bin/ runs the esbuild bundle (`npm run build`). */
export const SERVER_MAIN = path.join(repo, 'bin/corefile-language-server.js');

interface Position {
  line: number;
  character: number;
}
export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Array<{ range: { start: Position; end: Position }; severity?: number; code?: string | number; message: string; codeDescription?: { href: string } }>;
}

export interface StartOptions {
  /** Client capabilities; the default declares none, so the server pushes diagnostics. */
  capabilities?: Record<string, unknown>;
  initializationOptions?: unknown;
  /** What the client answers to `workspace/configuration` (section `corefile`); unset: the client does not support it. */
  settings?: unknown;
  /** Server command line; default `node bin/corefile-language-server.js --stdio` (or `--node-ipc`). */
  command?: string[];
  /** `ipc`: Node's IPC channel, as the VS Code client uses. Default `stdio`. */
  transport?: 'stdio' | 'ipc';
}

export class LspClient {
  /** Everything the server wrote with window/logMessage. */
  readonly logs: string[] = [];
  readonly stderr: string[] = [];
  private readonly published: PublishedDiagnostics[] = [];
  private readonly waiters: Array<{ test: (p: PublishedDiagnostics) => boolean; resolve: (p: PublishedDiagnostics) => void }> = [];
  readonly exited: Promise<number | null>;
  /** Methods of the requests the server sent, in order. */
  readonly received: string[] = [];
  private requestWaiters: Array<{ method: string; resolve: () => void }> = [];

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
    settings: unknown,
  ) {
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.stderr?.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      const i = this.waiters.findIndex((w) => w.test(p));
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(p);
      else this.published.push(p);
    });
    conn.onRequest('workspace/configuration', (p: unknown) => ((p as { items?: unknown[] }).items ?? []).map(() => settings ?? null));
    for (const method of ['client/registerCapability', 'workspace/inlayHint/refresh', 'workspace/diagnostic/refresh', 'workspace/semanticTokens/refresh']) {
      conn.onRequest(method, () => {
        this.received.push(method);
        for (const w of this.requestWaiters.filter((x) => x.method === method)) w.resolve();
        this.requestWaiters = this.requestWaiters.filter((x) => x.method !== method);
        return null;
      });
    }
    conn.listen();
  }

  /** Spawn the built server and run `initialize` / `initialized`. */
  static async start(opts: StartOptions = {}): Promise<{ client: LspClient; initialize: { capabilities: Record<string, unknown>; serverInfo?: { name: string } } }> {
    const ipc = opts.transport === 'ipc';
    const [cmd, ...args] = opts.command ?? [process.execPath, SERVER_MAIN, ipc ? '--node-ipc' : '--stdio'];
    const proc = spawn(cmd, args, { stdio: ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'] });
    const conn = ipc
      ? createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc))
      : createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspClient(proc, conn, opts.settings);
    const capabilities = { ...(opts.capabilities ?? {}) };
    if (opts.settings !== undefined) capabilities.workspace = { ...(capabilities.workspace as object), configuration: true };
    const initialize = await conn.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities,
      initializationOptions: opts.initializationOptions,
    });
    await conn.sendNotification('initialized', {});
    return { client, initialize };
  }

  request<R = unknown>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest<R>(method, params);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'corefile', version, text } });
  }

  /** Incremental change: replace `range` (or the whole text when omitted) with `text`. */
  change(uri: string, version: number, changes: Array<{ range?: { start: Position; end: Position }; text: string }>): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /** The next diagnostics published for `uri` (at `version`, when given), including ones that already arrived. */
  diagnostics(uri: string, version?: number): Promise<PublishedDiagnostics> {
    const test = (p: PublishedDiagnostics) => p.uri === uri && (version === undefined || p.version === version);
    const i = this.published.findIndex(test);
    if (i >= 0) return Promise.resolve(this.published.splice(i, 1)[0]);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** Resolves when the server has sent a request of `method` (at once if it already has). */
  serverRequest(method: string): Promise<void> {
    if (this.received.includes(method)) return Promise.resolve();
    return new Promise((resolve) => this.requestWaiters.push({ method, resolve }));
  }

  /** `shutdown`, `exit`, and the process's exit code. */
  async stop(): Promise<number | null> {
    await this.request('shutdown', null);
    await this.notify('exit', null);
    const code = await this.exited;
    this.conn.dispose();
    return code;
  }

  kill(): void {
    this.conn.dispose();
    this.proc.kill();
  }
}

/** Round-trip latencies over JSON-RPC, median and p95, on a 5,000-line Corefile. */
export async function benchLsp(): Promise<void> {
  const text = generateCorefile(5000);
  const lines = text.split('\n');
  const uri = 'file:///bench/Corefile';
  const { client } = await LspClient.start();
  try {
    await client.open(uri, text, 1);
    await client.diagnostics(uri, 1);
    // Edit a `cache` TTL in the middle of the file, as typing would.
    const line = lines.findIndex((l, i) => i > lines.length / 2 && /^\s+cache \d+ \{$/.test(l));
    const col = lines[line].indexOf('cache ') + 'cache '.length;
    const diag: number[] = [];
    let version = 1;
    for (let i = 0; i < 60; i++) {
      version++;
      const t0 = performance.now();
      await client.change(uri, version, [{ range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: String((i % 9) + 1) }]);
      await client.diagnostics(uri, version);
      if (i >= 10) diag.push(performance.now() - t0);
    }
    // Completion of an option inside a `forward` block, on the version just linted.
    const fwd = lines.findIndex((l, i) => i > lines.length / 2 && /^\s+policy /.test(l));
    const comp: number[] = [];
    for (let i = 0; i < 110; i++) {
      const t0 = performance.now();
      await client.request('textDocument/completion', { textDocument: { uri }, position: { line: fwd, character: 9 } });
      if (i >= 10) comp.push(performance.now() - t0);
    }
    // Typing then completing: a change, then completion on the new version before its diagnostics.
    const typed: number[] = [];
    for (let i = 0; i < 40; i++) {
      version++;
      await client.change(uri, version, [{ range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: String((i % 9) + 1) }]);
      const t0 = performance.now();
      await client.request('textDocument/completion', { textDocument: { uri }, position: { line: fwd, character: 9 } });
      typed.push(performance.now() - t0);
      await client.diagnostics(uri, version);
    }
    // The same lint in this process, without the server: what the round trip adds to it is the server's own cost.
    const inProcess: number[] = [];
    for (let i = 0; i < 25; i++) {
      const t0 = performance.now();
      lint(text, { path: '/bench/Corefile' });
      if (i >= 5) inProcess.push(performance.now() - t0);
    }
    printFigures(`lsp (${lines.length - 1} lines, JSON-RPC over stdio)`, [
      { name: 'didChange → publishDiagnostics, median', value: median(diag), unit: 'ms' },
      { name: 'didChange → publishDiagnostics, p95', value: percentile(diag, 95), unit: 'ms' },
      { name: 'completion, median', value: median(comp), unit: 'ms' },
      { name: 'completion, p95', value: percentile(comp, 95), unit: 'ms' },
      { name: 'completion right after didChange, median', value: median(typed), unit: 'ms' },
      { name: 'completion right after didChange, p95', value: percentile(typed, 95), unit: 'ms' },
      { name: 'for comparison: lint() in-process, median', value: median(inProcess), unit: 'ms' },
      { name: 'for comparison: lint() in-process, p95', value: percentile(inProcess, 95), unit: 'ms' },
    ]);
  } finally {
    await client.stop().catch(() => client.kill());
  }
}
