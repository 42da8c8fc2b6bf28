/**
 * The linter on a thread of its own: linting a 5,000-line Corefile takes a
 * good fraction of a second, and completion or hover must not wait for it.
 * One request at a time; the server never queues more than one per document.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { docsUrlAt, knownPlugins, lint, LintCache, parse, type Diagnostic, type File, type LintOptions } from '../../src/index.js';
import { overlayFileSystem } from './files.js';

export interface LintRequest {
  id: number;
  text: string;
  options: Omit<LintOptions, 'fs' | 'cache'>;
  /** Open documents by path, so imports see unsaved contents. */
  open: Record<string, string>;
}

/** A finding with the page that documents it (LSP's codeDescription), found here so the main thread need not parse. */
export type LintedDiagnostic = Diagnostic & { docsUrl?: string };

export type LintResponse = { id: number; diagnostics: LintedDiagnostic[] } | { id: number; error: string };

/** Each document's lint cache (most recently linted last), so that an edit rechecks only the server blocks it changed. */
const caches = new Map<string, LintCache>();
const MAX_CACHES = 32;

function cacheFor(path: string | undefined): LintCache {
  const key = path ?? '';
  const cache = caches.get(key) ?? new LintCache();
  caches.delete(key);
  caches.set(key, cache);
  if (caches.size > MAX_CACHES) caches.delete(caches.keys().next().value!);
  return cache;
}

/** Lint, and link each finding of this file to its docs page. */
export function lintWithDocs(req: LintRequest): LintedDiagnostic[] {
  const open = new Map(Object.entries(req.open));
  const found: LintedDiagnostic[] = lint(req.text, { ...req.options, fs: overlayFileSystem((p) => open.get(p)), cache: cacheFor(req.options.path) });
  const plugins = knownPlugins(req.options.externalPlugins ?? []);
  // Each finding's block is parsed on its own; a file with many findings is parsed once instead.
  const ast: File | undefined = found.length > 20 ? parse(req.text).value : undefined;
  for (const d of found) if (d.file === undefined) d.docsUrl = docsUrlAt(req.text, d.span.start, { ast, plugins });
  return found;
}

/**
 * A young-generation collection between two lints, when nearly nothing is
 * alive, copies next to nothing; the same collection in the middle of a
 * lint copies the half-built syntax tree, and that is the slowest reply an
 * editor sees. So once a reply is sent, the worker collects while it is
 * idle. Only when V8 lets it (`gc` exposed for a fresh context).
 */
const collectYoung = ((): (() => void) | undefined => {
  if (!parentPort) return undefined;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => (gc as (o: { type: string }) => void)({ type: 'minor' }) : undefined;
  } catch {
    return undefined;
  }
})();

parentPort?.on('message', (req: LintRequest) => {
  let res: LintResponse;
  try {
    res = { id: req.id, diagnostics: lintWithDocs(req) };
  } catch (e) {
    res = { id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort!.postMessage(res);
  if (collectYoung) setImmediate(collectYoung);
});
