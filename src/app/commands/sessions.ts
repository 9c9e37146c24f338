import { join } from 'node:path';
import { createCommandFilesPort } from '../../adapters/fs/commandFiles';
import { parseSessionRecord, SESSION_ID } from '../../core/commands/sessionSchema';
import type { SessionRecord } from '../../core/commands/types';
import type { CommandFilesPort } from '../../core/ports/commandFiles';

export const SESSIONS_FOLDER = '.lw_coder/sessions';
/** A session record holds bounded output tails; anything larger is not one the executor wrote. */
export const MAX_SESSION_BYTES = 4 * 1024 * 1024;

/** One session folder: its record, or why it could not be read (a crash mid-write, a hand edit). */
export type SessionEntry =
  | { readonly id: string; readonly dir: string; readonly record: SessionRecord }
  | { readonly id: string; readonly dir: string; readonly problem: string };

/**
 * Every session under `.lw_coder/sessions/`, newest first (by createdAt; unreadable ones last). A missing folder is
 * no sessions; a folder linking out of the repository is refused (one entry with the problem).
 */
export async function listSessions(repoRoot: string, files: CommandFilesPort = createCommandFilesPort(), signal?: AbortSignal): Promise<SessionEntry[]> {
  const folder = join(repoRoot, SESSIONS_FOLDER);
  const listing = await files.listFolder(folder, repoRoot);
  if (listing.kind === 'missing') return [];
  if (listing.kind !== 'entries') {
    const why = listing.kind === 'outside' ? `it leads to ${listing.target}, outside the repository` : listing.kind === 'unreadable' ? `it cannot be listed (${listing.errno})` : 'it is not a folder';
    return [{ id: SESSIONS_FOLDER, dir: folder, problem: `${SESSIONS_FOLDER} was not read: ${why}.` }];
  }
  const ids = listing.entries.filter((e) => e.isDirectory && SESSION_ID.test(e.name)).map((e) => e.name);
  const entries = await Promise.all(ids.map((id) => readSession(repoRoot, id, files, signal)));
  const time = (e: SessionEntry): number => ('record' in e ? Date.parse(e.record.createdAt) || 0 : -1);
  return entries.sort((a, b) => time(b) - time(a) || (a.id < b.id ? 1 : -1));
}

/** One session's record; a missing, oversized, linked-out or corrupt session.json is a problem, not an exception. */
export async function readSession(repoRoot: string, id: string, files: CommandFilesPort = createCommandFilesPort(), signal?: AbortSignal): Promise<SessionEntry> {
  const dir = join(repoRoot, SESSIONS_FOLDER, id);
  if (!SESSION_ID.test(id)) return { id, dir, problem: `'${id}' is not a session id (letters, digits, ., _ and -).` };
  const read = await files.read(join(dir, 'session.json'), MAX_SESSION_BYTES, repoRoot, signal);
  switch (read.kind) {
    case 'text': {
      const parsed = parseSessionRecord(read.text);
      if (!parsed.ok) return { id, dir, problem: `session.json is not a valid session record: ${parsed.message}.` };
      if (parsed.record.id !== id) return { id, dir, problem: `session.json names session '${parsed.record.id}', not '${id}'.` };
      return { id, dir, record: parsed.record };
    }
    case 'missing':
      return { id, dir, problem: 'session.json is missing (the session may still be starting, or its folder was left by a crash).' };
    case 'too-large':
      return { id, dir, problem: `session.json is ${read.size} bytes, over the ${MAX_SESSION_BYTES} limit.` };
    case 'outside':
      return { id, dir, problem: `session.json links to ${read.target}, outside the repository.` };
    case 'not-regular':
      return { id, dir, problem: `session.json is a ${read.fileKind}, not a file.` };
    case 'dangling-link':
      return { id, dir, problem: `session.json links to ${read.target}, which does not exist.` };
    case 'unreadable':
      return { id, dir, problem: `session.json cannot be read (${read.errno}).` };
  }
}
