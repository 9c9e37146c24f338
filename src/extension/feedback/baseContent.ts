import { join } from 'node:path';
import * as vscode from 'vscode';
import { readFileAtRevision } from '../../adapters/git/worktreeRead';

/** Read-only documents holding a file as it was at a run's base commit, for the left side of the diff. */
export const BASE_SCHEME = 'lwcoder-base';
/** The `rev` of an empty side (a file the run added has no base; one it deleted has no worktree side). */
export const EMPTY_REV = 'empty';

/** `lwcoder-base:/<worktree>/<path>?rev=<sha>&worktree=<worktree>&path=<path>`: the path keeps the tab label the file's name. */
export function baseUri(worktree: string, path: string, rev: string): vscode.Uri {
  return vscode.Uri.from({ scheme: BASE_SCHEME, path: join(worktree, path), query: new URLSearchParams({ rev, worktree, path }).toString() });
}

export function registerBaseContentProvider(onError: (message: string) => void): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(BASE_SCHEME, {
    async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
      const q = new URLSearchParams(uri.query);
      const rev = q.get('rev') ?? '';
      const worktree = q.get('worktree') ?? '';
      const path = q.get('path') ?? '';
      if (rev === EMPTY_REV) return '';
      // Any extension can open a URI of this scheme: only an lw_coder worktree, a commit id and a relative path.
      if (!/^[0-9a-f]{7,64}$/i.test(rev) || !/[\\/]\.lw_coder[\\/]worktrees[\\/][^\\/]+$/.test(worktree) || path.startsWith('/') || path.split('/').includes('..')) {
        onError(`refused ${uri.toString()}: not a worktree file at a commit`);
        return '';
      }
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        return await readFileAtRevision(worktree, rev, path, controller.signal);
      } catch {
        // Not in the base (the run added it): the diff shows the whole file as new.
        return '';
      } finally {
        sub.dispose();
      }
    },
  });
}
