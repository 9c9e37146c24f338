import { appendFile, copyFile, lstat, mkdir, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { readFileSync, unlinkSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ARTIFACTS_DIR, invalidSessionIdReason, LOGS_DIR, OUTPUTS_DIR, SESSION_COMMAND_FILE, SESSION_FILE, SESSIONS_DIR_PARTS, TMP_DIR } from '../../core/commands/session';
import type { ResolvedCommand, SessionRecord } from '../../core/commands/types';
import type { CommandFilesPort, SessionStorePort } from '../../core/ports/commandSessions';
import { writeFileAtomic } from '../fs/atomicWrite';
import { realpathOfPrefix } from '../fs/realpathOfPrefix';

const isInside = (child: string, parent: string): boolean => {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

/** A session folder that is not where it should be: refused before anything is read or written through it. */
export class UnsafeSessionsDirError extends Error {
  override readonly name = 'UnsafeSessionsDirError';
}

/**
 * `.lw_coder/sessions`, created if needed and judged by its real path (issue 10's rule for LW Coder's own folders): a
 * committed symlink at `.lw_coder` or `.lw_coder/sessions` leading out of the repository is refused.
 */
async function ensureSessionsDir(repoRoot: string, create: boolean): Promise<string | undefined> {
  const wanted = join(repoRoot, ...SESSIONS_DIR_PARTS);
  const root = await realpath(repoRoot);
  const refuse = (real: string): UnsafeSessionsDirError =>
    new UnsafeSessionsDirError(`The sessions folder ${wanted} resolves to ${real}, outside the repository ${root}, so LW Coder will not read or write it. Repair: remove the symbolic link on that path (LW Coder creates .lw_coder/sessions itself).`);
  const before = await realpathOfPrefix(wanted);
  if (!isInside(before, root)) throw refuse(before);
  if (create) await mkdir(wanted, { recursive: true });
  const real = await realpath(wanted).catch(() => undefined);
  if (real === undefined) return undefined;
  if (!isInside(real, root)) throw refuse(real);
  return real;
}

function checkId(id: string): void {
  const why = invalidSessionIdReason(id);
  if (why) throw new RangeError(why);
}

export function createSessionStore(repoRoot: string): SessionStorePort {
  let dir: Promise<string | undefined> | undefined;
  const sessionsDir = async (create: boolean): Promise<string | undefined> => {
    if (create) return (dir = ensureSessionsDir(repoRoot, true));
    return (await (dir ?? ensureSessionsDir(repoRoot, false))) ?? undefined;
  };
  const readJson = async <T>(id: string, file: string): Promise<T | undefined> => {
    checkId(id);
    const base = await sessionsDir(false);
    if (!base) return undefined;
    // lstat: a session folder planted as a symlink is not followed.
    const st = await lstat(join(base, id)).catch(() => undefined);
    if (!st?.isDirectory()) return undefined;
    const text = await readFile(join(base, id, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    return text === undefined ? undefined : (JSON.parse(text) as T);
  };
  return {
    async create(id, command) {
      checkId(id);
      const base = (await sessionsDir(true))!;
      const folder = join(base, id);
      // Exclusive: two runs never share a session folder.
      await mkdir(folder);
      const artifacts = join(folder, ARTIFACTS_DIR);
      for (const sub of [LOGS_DIR, OUTPUTS_DIR, TMP_DIR]) await mkdir(join(artifacts, sub), { recursive: true });
      // Written once into the folder just made (exclusively): no reader can see it half-written before session.json
      // exists, so the temp-and-rename dance (and its fsyncs, a step's worth of time) is not needed here.
      await writeFile(join(folder, SESSION_COMMAND_FILE), `${JSON.stringify(command, null, 2)}\n`, { flag: 'wx' });
      return artifacts;
    },
    async write(record: SessionRecord) {
      checkId(record.id);
      const base = (await sessionsDir(true))!;
      await writeFileAtomic(join(base, record.id, SESSION_FILE), `${JSON.stringify(record, null, 2)}\n`);
    },
    read: (id) => readJson<SessionRecord>(id, SESSION_FILE),
    readCommand: (id) => readJson<ResolvedCommand>(id, SESSION_COMMAND_FILE),
    async list() {
      const base = await sessionsDir(false);
      if (!base) return { sessions: [], unreadable: [] };
      const sessions: SessionRecord[] = [];
      const unreadable: string[] = [];
      const names = (await readdir(base)).filter((n) => invalidSessionIdReason(n) === undefined).sort().reverse();
      for (const name of names) {
        try {
          const record = await readJson<SessionRecord>(name, SESSION_FILE);
          if (record) sessions.push(record);
        } catch {
          unreadable.push(join(base, name, SESSION_FILE));
        }
      }
      return { sessions, unreadable };
    },
  };
}

export function createCommandFiles(): CommandFilesPort {
  const listFiles = async (dir: string, prefix = ''): Promise<{ path: string; size: number }[]> => {
    const out: { path: string; size: number }[] = [];
    const entries = await readdir(join(dir, prefix), { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
      else out.push({ path: rel, size: (await lstat(join(dir, rel)).catch(() => undefined))?.size ?? 0 });
    }
    return out;
  };
  return {
    // Synchronous: called around every step for tiny files ($LWC_OUTPUT), where a trip through libuv's thread pool
    // would queue behind session.json's fsync.
    readText: async (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    writeText: async (path, text) => {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, text);
    },
    appendText: (path, text) => appendFile(path, text),
    copyFile: (from, to) => copyFile(from, to),
    removeFile: async (path) => {
      try {
        unlinkSync(path);
      } catch {
        // missing already
      }
    },
    removeTree: (path) => rm(path, { recursive: true, force: true }),
    makeDirectory: async (path) => {
      await mkdir(path, { recursive: true });
    },
    listFiles: (dir) => listFiles(dir),
    realpath: (path) => realpath(path).catch(() => undefined),
  };
}
