import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MAX_PLAN_BYTES } from '../../core/limits/inputSize';
import { PlanFileRefusedError } from '../../core/plan/fileProblem';
import type { PlanFilesPort } from '../../core/ports/planFiles';
import { readBoundedText } from '../fs/boundedRead';
import { writeFileAtomic } from '../fs/atomicWrite';

/** `<root>` for a file in `<root>/.lw_coder/tasks/`: the repository a plan there belongs to (lw_coder layout). */
function repositoryOfTasksFile(path: string): string | undefined {
  const tasks = dirname(path);
  const lwCoder = dirname(tasks);
  return basename(tasks) === 'tasks' && basename(lwCoder) === '.lw_coder' ? dirname(lwCoder) : undefined;
}

export function createPlanFilesPort(): PlanFilesPort {
  const readPlanFile: PlanFilesPort['readPlanFile'] = (path, options = {}) => {
    const within = options.repoRoot ?? repositoryOfTasksFile(path);
    return readBoundedText(path, { maxBytes: MAX_PLAN_BYTES, ...(within !== undefined ? { within } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  };
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
    readPlanFile,
    async readText(path, signal) {
      const read = await readPlanFile(path, signal ? { signal } : {});
      if (read.kind === 'text') return read.text;
      if (read.kind === 'missing') throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT', path });
      throw new PlanFileRefusedError(path, read, basename(path));
    },
    // Keeps the plan's mode; readers (the language server, a concurrent lwc) never see half a plan.
    writeTextAtomic: (path, text) => writeFileAtomic(path, text),
  };
}
