import { readdir, realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import type { CommandFilesPort, FolderListing } from '../../core/ports/commandFiles';
import { readBoundedText } from './boundedRead';

const errnoOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? 'EIO';
const isInside = (path: string, root: string): boolean => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/** Folder listings and bounded reads confined to the repository (realpath before judging, issue 10). */
export function createCommandFilesPort(): CommandFilesPort {
  return {
    async listFolder(path, within): Promise<FolderListing> {
      let real: string;
      let root: string;
      try {
        root = await realpath(within);
        real = await realpath(path);
      } catch (error) {
        const code = errnoOf(error);
        return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'missing' } : { kind: 'unreadable', errno: code };
      }
      if (!isInside(real, root)) return { kind: 'outside', target: real };
      try {
        if (!(await stat(real)).isDirectory()) return { kind: 'not-directory' };
        const dirents = await readdir(real, { withFileTypes: true });
        const entries = dirents.map((d) => ({ name: d.name, isDirectory: d.isDirectory() })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        return { kind: 'entries', entries };
      } catch (error) {
        return { kind: 'unreadable', errno: errnoOf(error) };
      }
    },
    read: (path, maxBytes, within, signal) => readBoundedText(path, { maxBytes, within, ...(signal ? { signal } : {}) }),
  };
}
