/**
 * The file access the core needs, injected so that src/ does no IO itself:
 * the CLI passes a Node implementation, the language server one that prefers
 * open documents, and tests an in-memory map.
 */
export interface FileSystem {
  /** File contents, or an error message when it cannot be read. */
  readFile(path: string): { text: string } | { error: string };
  /** What is at `path`, or undefined when nothing is. */
  stat(path: string): 'file' | 'directory' | undefined;
  /** Entry names of a directory, or undefined when it cannot be listed. */
  readDirectory(path: string): string[] | undefined;
}

/** A FileSystem over a map of absolute paths to contents, for tests and editors. */
export function memoryFileSystem(files: Record<string, string>): FileSystem {
  const norm = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  const entries = new Map(Object.entries(files).map(([k, v]) => [norm(k), v]));
  const dirs = new Set<string>();
  for (const k of entries.keys()) {
    let d = k;
    while (d.includes('/')) {
      d = d.slice(0, d.lastIndexOf('/')) || '/';
      if (dirs.has(d)) break;
      dirs.add(d);
      if (d === '/') break;
    }
  }
  return {
    readFile(path) {
      const p = norm(path);
      const t = entries.get(p);
      if (t !== undefined) return { text: t };
      if (dirs.has(p)) return { error: `read ${path}: is a directory` };
      return { error: `open ${path}: no such file or directory` };
    },
    stat(path) {
      const p = norm(path);
      return entries.has(p) ? 'file' : dirs.has(p) ? 'directory' : undefined;
    },
    readDirectory(path) {
      const p = norm(path);
      if (!dirs.has(p)) return undefined;
      const prefix = p === '/' ? '/' : p + '/';
      const names = new Set<string>();
      for (const k of [...entries.keys(), ...dirs]) {
        if (k.startsWith(prefix) && k.length > prefix.length) names.add(k.slice(prefix.length).split('/')[0]);
      }
      return [...names].sort();
    },
  };
}

/** No files at all: imports of files fail as "not found". */
export const emptyFileSystem: FileSystem = memoryFileSystem({});
