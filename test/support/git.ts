import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Environment that isolates git from the developer's own config and pins identities and dates. */
export const GIT_TEST_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'LW Test',
  GIT_AUTHOR_EMAIL: 'test@lw-coder.invalid',
  GIT_COMMITTER_NAME: 'LW Test',
  GIT_COMMITTER_EMAIL: 'test@lw-coder.invalid',
  GIT_TERMINAL_PROMPT: '0',
};

/** Runs git in `cwd` with the isolated environment and returns trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_TEST_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export interface TestRepo {
  readonly root: string;
  /** Writes files (relative paths) and commits them; returns the new commit's sha. */
  commit(files: Record<string, string | Buffer>, message?: string): string;
  write(path: string, content: string | Buffer): void;
  git(...args: string[]): string;
  dispose(): void;
}

/** A real git repository in a temp dir, on branch main, with one initial commit. */
export function makeRepo(prefix = 'lwc-repo-'): TestRepo {
  const root = mkdtempSync(join(tmpdir(), prefix));
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.name', 'LW Test');
  git(root, 'config', 'user.email', 'test@lw-coder.invalid');
  git(root, 'config', 'commit.gpgsign', 'false');
  const write = (path: string, content: string | Buffer): void => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  };
  let n = 0;
  const repo: TestRepo = {
    root,
    write,
    git: (...args) => git(root, ...args),
    commit(files, message) {
      for (const [p, c] of Object.entries(files)) write(p, c);
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--allow-empty', '-m', message ?? `commit ${++n}`);
      return git(root, 'rev-parse', 'HEAD');
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
  repo.commit({ 'README.md': '# test repo\n' }, 'initial commit');
  return repo;
}
