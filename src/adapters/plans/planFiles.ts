import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { PlanFilesPort } from '../../core/ports/planFiles';

export function createPlanFilesPort(): PlanFilesPort {
  return {
    async listPlanFiles(dir) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
        throw error;
      }
      return names.filter((n) => n.toLowerCase().endsWith('.md') && !n.startsWith('.')).sort().map((n) => join(dir, n));
    },
    readText: (path, signal) => readFile(path, { encoding: 'utf8', signal }),
    async writeTextAtomic(path, text) {
      // Same directory as the target so rename is atomic; keep the original mode.
      const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
      const mode = await stat(path).then((s) => s.mode, () => 0o644);
      try {
        await writeFile(tmp, text, { encoding: 'utf8', mode, flush: true });
        await rename(tmp, path);
      } catch (error) {
        await unlink(tmp).catch(() => undefined);
        throw error;
      }
    },
  };
}
