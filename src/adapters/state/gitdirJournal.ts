import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { JournalEntryExists, type GitdirJournalPort } from '../../core/ports/worktreeState';
import { TEMP_SUFFIX, type GitdirJournalEntry } from '../../core/worktree/gitdirPatch';
import { fsyncDirectory, writeSyncedTemp } from '../fs/atomicWrite';

const entrySchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[^/\\]+$/),
  worktreePath: z.string(),
  forwardPath: z.string(),
  reversePath: z.string(),
  lockPath: z.string(),
  forwardOriginal: z.string(),
  forwardPatched: z.string(),
  reverseOriginal: z.string(),
  reversePatched: z.string(),
  lockOriginal: z.string().nullable(),
  lockPatched: z.string(),
  pid: z.number().int(),
  hostname: z.string(),
  createdAt: z.string(),
  admin: z.object({ commondir: z.string().nullable(), configWorktree: z.string().nullable() }).optional(),
});

/** Journal files live in `<state dir>/gitdir-journal/<id>.json`. */
export function createGitdirJournal(stateDir: string): GitdirJournalPort {
  const dir = join(stateDir, 'gitdir-journal');
  const fileOf = (id: string): string => join(dir, `${id}.json`);
  return {
    async create(entry, afterTemp) {
      await mkdir(dir, { recursive: true });
      const target = fileOf(entry.id);
      // A unique temp name: two sessions racing for one id must not write into each other's file.
      const unique = `${target}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
      const tmp = await writeSyncedTemp(target, Buffer.from(`${JSON.stringify(entry, null, 2)}\n`), 0o600, unique);
      try {
        await afterTemp?.();
        // link() fails with EEXIST instead of replacing: two sessions can never both believe they own the patch.
        await link(tmp, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new JournalEntryExists(`a gitdir journal entry already exists at ${target}`);
        }
        throw error;
      } finally {
        await unlink(tmp).catch(() => undefined);
      }
      await fsyncDirectory(dir);
    },
    async list() {
      const names = await readdir(dir).catch(() => [] as string[]);
      const entries: GitdirJournalEntry[] = [];
      const unreadable: string[] = [];
      for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
        try {
          entries.push(entrySchema.parse(JSON.parse(await readFile(join(dir, name), 'utf8'))));
        } catch {
          unreadable.push(join(dir, name));
        }
      }
      return { entries, unreadable };
    },
    async remove(id) {
      await unlink(fileOf(id)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      await fsyncDirectory(dir);
    },
    async removeTemps() {
      const names = await readdir(dir).catch(() => [] as string[]);
      const temps = names.filter((n) => n.endsWith(TEMP_SUFFIX));
      await Promise.all(temps.map((n) => unlink(join(dir, n)).catch(() => undefined)));
      return temps.length;
    },
  };
}
