import * as fs from 'node:fs';
import type { FileSystem } from '../ast/fs.js';

/** The real file system, for the CLI. */
export const nodeFileSystem: FileSystem = {
  readFile(path) {
    try {
      return { text: fs.readFileSync(path, 'utf8') };
    } catch (e) {
      return { error: ioMessage(e, path) };
    }
  },
  stat(path) {
    try {
      const s = fs.statSync(path);
      return s.isDirectory() ? 'directory' : 'file';
    } catch {
      return undefined;
    }
  },
  readDirectory(path) {
    try {
      return fs.readdirSync(path);
    } catch {
      return undefined;
    }
  },
};

/** A one-line, Go-like description of an IO error. */
export function ioMessage(e: unknown, path: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `open ${path}: no such file or directory`;
    case 'EACCES':
      return `open ${path}: permission denied`;
    case 'EISDIR':
      return `read ${path}: is a directory`;
    default:
      return `${path}: ${(e as Error).message}`;
  }
}
