import { lstat, mkdir, mkdtemp, readdir, readFile, realpath, rename, rm, rmdir, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorktreeFilesPort } from '../../core/ports/worktreeState';
import { writePointerAtomic } from './atomicWrite';

const isMissing = (error: unknown): boolean => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

export function createWorktreeFilesPort(): WorktreeFilesPort {
  return {
    async read(path) {
      try {
        return new Uint8Array(await readFile(path));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    writeAtomic: writePointerAtomic,
    async removeFile(path) {
      await unlink(path).catch((error: unknown) => {
        if (!isMissing(error)) throw error;
      });
    },
    async kind(path) {
      try {
        const s = await lstat(path);
        return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
      } catch (error) {
        if (isMissing(error)) return 'missing';
        throw error;
      }
    },
    isEmptyDirectory: async (path) => (await readdir(path)).length === 0,
    removeEmptyDirectory: (path) => rmdir(path),
    removeTree: (path) => rm(path, { recursive: true, force: true }),
    makeDirectory: async (path) => {
      await mkdir(path, { recursive: true });
    },
    makeTempDirectory: (prefix) => mkdtemp(join(tmpdir(), prefix)),
    realpath: (path) => realpath(path).catch(() => path),
    list: (path) => readdir(path).catch(() => [] as string[]),
    async moveAside(path) {
      const to = `${path}.lwc-moved-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(path, to);
      return to;
    },
  };
}
