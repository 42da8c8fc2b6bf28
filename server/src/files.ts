/**
 * The file system the core resolves imports with in the server: editor
 * contents first (unsaved changes count), then the disk.
 */
import * as fs from 'node:fs';
import type { FileSystem } from '../../src/index.js';

export function overlayFileSystem(open: (path: string) => string | undefined): FileSystem {
  return {
    readFile: (path) => {
      const text = open(path);
      if (text !== undefined) return { text };
      try {
        return { text: fs.readFileSync(path, 'utf8') };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return { error: code === 'ENOENT' ? `open ${path}: no such file or directory` : `open ${path}: ${(e as Error).message}` };
      }
    },
    stat: (path) => {
      if (open(path) !== undefined) return 'file';
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
}
