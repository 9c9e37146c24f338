import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite';
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
    // Keeps the plan's mode; readers (the language server, a concurrent lwc) never see half a plan.
    writeTextAtomic: (path, text) => writeFileAtomic(path, text),
  };
}
