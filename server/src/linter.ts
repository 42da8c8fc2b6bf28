/**
 * Runs the linter in lint-worker.ts and hands back promises. If the worker
 * cannot start or dies, the request is linted in-process instead, and a
 * new worker is started for the next one: diagnostics must keep coming.
 */
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { LintOptions } from '../../src/index.js';
import { lintWithDocs, type LintedDiagnostic, type LintRequest, type LintResponse } from './lint-worker.js';

/** The lint worker's young generation (V8 gives a third of it to each semi-space). */
const WORKER_YOUNG_GENERATION_MB = 96;

interface Pending {
  resolve: (d: LintedDiagnostic[]) => void;
  request: LintRequest;
}

export class Linter {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** `workerUrl`: the worker script; undefined lints in-process. */
  constructor(
    private workerUrl: URL | undefined,
    private readonly log: (message: string) => void,
  ) {
    if (!workerUrl) log('lint worker script not found: linting on the main thread');
  }

  run(text: string, options: Omit<LintOptions, 'fs'>, open: Record<string, string>): Promise<LintedDiagnostic[]> {
    const request: LintRequest = { id: this.nextId++, text, options, open };
    const worker = this.ensureWorker();
    if (!worker) return Promise.resolve(inProcess(request));
    return new Promise((resolve) => {
      this.pending.set(request.id, { resolve, request });
      worker.postMessage(request);
    });
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || !this.workerUrl) return this.worker;
    try {
      // Lint allocates a whole syntax tree per run, and almost all of it is garbage by the next one. A young
      // generation that holds a few runs lets it die there: no promotion, no full collections, and a
      // 5,000-line document lints in about a third of the time it takes with the default.
      const w = new Worker(this.workerUrl, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      // The worker must not keep the server alive after `exit`.
      w.unref();
      w.on('message', (res: LintResponse) => {
        const p = this.pending.get(res.id);
        if (!p) return;
        this.pending.delete(res.id);
        if ('error' in res) {
          this.log(`lint failed: ${res.error}`);
          p.resolve([]);
        } else p.resolve(res.diagnostics);
      });
      const fail = (why: string) => {
        if (this.worker !== w) return;
        this.worker = undefined;
        this.log(`lint worker ${why}; linting in-process until a new one starts`);
        const left = [...this.pending.values()];
        this.pending.clear();
        for (const p of left) p.resolve(inProcess(p.request));
      };
      w.on('error', (e) => fail(`failed: ${e.stack ?? e.message}`));
      w.on('exit', (code) => fail(`exited with code ${code}`));
      this.worker = w;
    } catch (e) {
      this.log(`cannot start the lint worker: ${(e as Error).message}`);
      this.workerUrl = undefined;
    }
    return this.worker;
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }
}

function inProcess(r: LintRequest): LintedDiagnostic[] {
  return lintWithDocs(r);
}

/** The worker script next to this module, when it is there (tsc output and the extension bundle both put it there). */
export function defaultWorkerUrl(base: string): URL | undefined {
  const url = new URL('./lint-worker.js', base);
  return fs.existsSync(url) ? url : undefined;
}
