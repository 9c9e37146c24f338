import { lstat, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_FILES_DIR, SECRET_MARKER_FILE, SecretMarkerSchema, isSafeAgentFilePath } from '../../core/runs/agentSecrets';
import type { LeftoverSecretsResult, SecretOwner } from '../../core/ports/runStore';

const isRealDirectory = async (path: string): Promise<boolean> => (await lstat(path).catch(() => undefined))?.isDirectory() === true;

/**
 * Walks `.lw_coder/runs/<plan>/<run>/agent/secret-files.json` markers (core/runs/agentSecrets.ts) and removes the files
 * they name, then the marker, when `ownerAlive` says their attempt's process is gone. Never follows a symbolic link:
 * `.lw_coder/runs` sits in the repository, so a link there must not aim the deletion at the user's files.
 */
export async function removeLeftoverSecrets(runsRoot: string, ownerAlive: (owner: SecretOwner) => boolean): Promise<LeftoverSecretsResult> {
  const removed: string[] = [];
  const kept: string[] = [];
  const unreadable: string[] = [];
  if (!(await isRealDirectory(runsRoot))) return { removed, kept, unreadable };
  for (const plan of await readdir(runsRoot).catch(() => [])) {
    const planDir = join(runsRoot, plan);
    if (!(await isRealDirectory(planDir))) continue;
    for (const run of await readdir(planDir).catch(() => [])) {
      const agentDir = join(planDir, run, AGENT_FILES_DIR);
      if (!(await isRealDirectory(join(planDir, run))) || !(await isRealDirectory(agentDir))) continue;
      const markerPath = join(agentDir, SECRET_MARKER_FILE);
      const markerStat = await lstat(markerPath).catch(() => undefined);
      if (!markerStat?.isFile()) continue;
      let marker;
      try {
        marker = SecretMarkerSchema.parse(JSON.parse(await readFile(markerPath, 'utf8')));
      } catch {
        unreadable.push(markerPath);
        continue;
      }
      if (ownerAlive({ pid: marker.pid, hostname: marker.hostname })) {
        kept.push(...marker.files.filter(isSafeAgentFilePath).map((f) => join(agentDir, ...f.split('/'))));
        continue;
      }
      for (const file of marker.files.filter(isSafeAgentFilePath)) {
        const path = join(agentDir, ...file.split('/'));
        // Only the file itself (unlink never follows a link), and only under real directories.
        if (!(await isRealDirectory(join(path, '..')))) continue;
        const st = await lstat(path).catch(() => undefined);
        if (!st || st.isDirectory()) continue;
        await unlink(path).catch(() => undefined);
        removed.push(path);
      }
      await unlink(markerPath).catch(() => undefined);
    }
  }
  return { removed, kept, unreadable };
}
