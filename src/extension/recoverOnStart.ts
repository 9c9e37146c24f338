import * as vscode from 'vscode';
import { gitdirTamperedMessage } from '../core/worktree/events';
import type { LwContext } from './context';
import { loadRuns, loadWorktrees } from './lazy';
import { localWorkspaceFolders } from './planUris';

/**
 * Repairs what a crashed session left (gitdir pointers the journal says are patched, dead temporary worktrees, headless
 * attempts' key files) in the background, after activate() returned: never on the activation path, and only in a
 * trusted workspace since it runs git. Resolves to the number of repairs, for the test API; failures are logged, never thrown at the user.
 */
export function recoverInBackground(ctx: LwContext): Promise<number> {
  const logger = ctx.logger('recover');
  return new Promise<void>((resolve) => setTimeout(resolve, 0)).then(async () => {
    if (!vscode.workspace.isTrusted) {
      logger.info('workspace not trusted: crash recovery waits for trust');
      return 0;
    }
    let repairs = 0;
    const seen = new Set<string>();
    for (const folder of localWorkspaceFolders()) {
      try {
        const repo = await ctx.repositories.forFolder(folder.uri.fsPath);
        if (!repo || seen.has(repo.repoRoot)) continue;
        seen.add(repo.repoRoot);
        const wt = await loadWorktrees();
        const deps = wt.createWorktreeDeps(repo.repoRoot, logger);
        const report = await wt.recover(deps, repo.repoRoot);
        for (const r of report.repaired) {
          logger.info(`repaired gitdir pointers of ${r.worktreePath}${r.conflicts.length > 0 ? ` (left alone: ${r.conflicts.join('; ')})` : ''}`);
          if (r.tampered.length > 0) logger.warn(gitdirTamperedMessage({ worktreePath: r.worktreePath, changes: r.tampered }));
        }
        for (const s of report.skippedLive) logger.info(`left ${s.worktreePath} patched: its session (pid ${s.pid} on ${s.hostname}) may still run`);
        for (const u of report.unreadable) logger.warn(`unreadable crash journal entry kept for inspection: ${u}`);
        for (const t of report.temporaryWorktreesRemoved) logger.info(`removed the temporary worktree ${t} of a session that died`);
        const secrets = await wt.removeLeftoverAgentSecrets((await loadRuns()).createFileRunStore(repo.repoRoot), deps.process);
        for (const p of secrets.removed) logger.info(`removed ${p}, a key file left by a headless attempt whose process died`);
        for (const u of secrets.unreadable) logger.warn(`unreadable key-file marker kept for inspection: ${u}`);
        const count = report.repaired.length + report.temporaryWorktreesRemoved.length + secrets.removed.length;
        repairs += count;
        logger.info(`${repo.repoRoot}: ${count === 0 ? 'nothing to recover' : `${count} repair(s)`}`);
      } catch (error) {
        logger.warn(`crash recovery for ${folder.uri.fsPath} failed: ${error instanceof Error ? error.message : String(error)}; run \`lwc recover\` for details`);
      }
    }
    if (repairs > 0) ctx.worktrees.markStale();
    return repairs;
  });
}
