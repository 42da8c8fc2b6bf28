import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The reference material beside the clone (../shared), or undefined when it
 * is absent. CI sets COREFILE_REQUIRE_SHARED=1 so that conformance can never
 * be skipped silently there.
 */
export const sharedDir: string | undefined = (() => {
  const dir = process.env.COREFILE_SHARED ?? path.resolve(repoRoot, '../shared');
  if (fs.existsSync(path.join(dir, 'conformance'))) return dir;
  if (process.env.COREFILE_REQUIRE_SHARED === '1') throw new Error(`../shared is required (COREFILE_REQUIRE_SHARED=1) but ${dir} has no conformance/`);
  return undefined;
})();

let noticed = false;
/** True when ../shared is here; otherwise prints a one-line notice (once) and the caller skips. */
export function haveShared(): boolean {
  if (!sharedDir && !noticed) {
    noticed = true;
    console.warn('notice: ../shared not found; skipping conformance and corpus tests');
  }
  return sharedDir !== undefined;
}

export function sharedPath(...parts: string[]): string {
  return path.join(sharedDir ?? '/nonexistent', ...parts);
}

export function readJsonl<T = Record<string, unknown>>(file: string): T[] {
  if (!sharedDir) return [];
  return fs
    .readFileSync(sharedPath(file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}
