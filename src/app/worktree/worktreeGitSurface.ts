import { join } from 'node:path';
import { executionEntries } from '../../core/worktree/gitdirVerify';
import type { WorktreeDeps } from './worktreeDeps';

/**
 * The parts of a repository's common git dir through which git runs programs: hooks and the execution keys of its
 * config. The common dir is mounted read-only unless the user let the agent write it (`--git-writable`); then a session
 * can plant a hook or an fsmonitor that the user's own git and editor would run. LW Coder's git ignores both, and it does
 * not undo such changes (they may be the user's own, made meanwhile), but it says so after the session.
 */
export interface CommonDirSurface {
  readonly hooks: ReadonlyMap<string, string>;
  readonly config: ReadonlySet<string>;
}

export async function commonDirSurface(deps: WorktreeDeps, commonDir: string): Promise<CommonDirSurface> {
  const hooksDir = join(commonDir, 'hooks');
  const hooks = new Map<string, string>();
  for (const name of await deps.files.list(hooksDir)) {
    if (name.endsWith('.sample')) continue;
    const kind = await deps.files.kind(join(hooksDir, name));
    const bytes = kind === 'file' ? await deps.files.read(join(hooksDir, name)) : undefined;
    hooks.set(name, bytes ? Buffer.from(bytes).toString('base64') : kind);
  }
  const config = await deps.files.read(join(commonDir, 'config'));
  return { hooks, config: new Set(config ? executionEntries(Buffer.from(config).toString('utf8')) : []) };
}

/** What appeared or changed between two looks, one clause each. */
export function surfaceChanges(before: CommonDirSurface, after: CommonDirSurface, commonDir: string): string[] {
  const changes: string[] = [];
  for (const [name, content] of after.hooks) {
    if (before.hooks.get(name) !== content) changes.push(`hook ${join(commonDir, 'hooks', name)} was ${before.hooks.has(name) ? 'changed' : 'added'}`);
  }
  const added = [...after.config].filter((e) => !before.config.has(e)).map((e) => e.slice(0, e.indexOf('=')));
  if (added.length > 0) changes.push(`${join(commonDir, 'config')} now sets ${[...new Set(added)].join(', ')}`);
  if (changes.length === 0) return [];
  return [`${changes.join('; ')} (not undone: the git dir was writable for the agent; your own git and editor will use this — review it)`];
}
