import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GIT_TEST_ENV } from '../../support/git';

/**
 * What an agent with the worktree (and, with --git-writable, the common git dir) to write can plant so that the next
 * git on the host runs its program: every planted program appends its name to one marker file, which must stay absent.
 */
export interface Plant {
  /** Where the planted programs write; absent unless one of them ran. */
  readonly marker: string;
  /** The program every vector names. */
  readonly script: string;
  readonly ran: () => string[];
  readonly clear: () => void;
  readonly dispose: () => void;
}

export function makePlant(): Plant {
  const dir = mkdtempSync(join(tmpdir(), 'lwc-plant-'));
  const marker = join(dir, 'MARKER');
  const script = join(dir, 'evil.sh');
  // Filters get file content on stdin and must print it back; hooks and fsmonitor ignore the output.
  writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> '${marker}'\ncat 2>/dev/null\nexit 0\n`);
  chmodSync(script, 0o755);
  return {
    marker,
    script,
    ran: () => (existsSync(marker) ? readFileSync(marker, 'utf8').split('\n').filter(Boolean) : []),
    clear: () => rmSync(marker, { force: true }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const HOOKS = ['post-checkout', 'post-commit', 'pre-commit', 'reference-transaction', 'pre-auto-gc', 'post-index-change', 'post-rewrite', 'fsmonitor-watchman'];

function writeHooks(hooksDir: string, script: string): void {
  mkdirSync(hooksDir, { recursive: true });
  for (const hook of HOOKS) {
    writeFileSync(join(hooksDir, hook), `#!/bin/sh\nexec '${script}' "${hook}" "$@"\n`);
    chmodSync(join(hooksDir, hook), 0o755);
  }
}

const gitIn = (gitDir: string, ...args: string[]): void => {
  execFileSync('git', [`--git-dir=${gitDir}`, ...args], { env: GIT_TEST_ENV, stdio: 'ignore' });
};

/** Config that runs `script` wherever git would: fsmonitor, hooks, filters, diff drivers, pager. */
function armConfig(gitDir: string, script: string, configFile?: string): void {
  const set = (key: string, value: string): void => gitIn(gitDir, 'config', ...(configFile ? ['--file', configFile] : []), key, value);
  set('core.fsmonitor', script);
  set('filter.evil.clean', script);
  set('filter.evil.smudge', script);
  set('filter.evil.process', script);
  set('diff.evil.textconv', script);
  set('diff.external', script);
  set('core.pager', script);
}

/**
 * (a) The worktree's `.git` names a git dir planted inside the worktree, whose config sets core.fsmonitor, filters and
 * diff drivers and whose hooks run the script; its objects are the repository's (alternates) and its index a copy, so
 * git there works like the real thing. The worktree's `.gitattributes` routes every file through the planted filter.
 */
export function plantGitdirPointer(worktree: string, adminDir: string, commonDir: string, script: string): string {
  const planted = join(worktree, '.planted-git');
  execFileSync('git', ['init', '-q', '--bare', planted], { env: GIT_TEST_ENV, stdio: 'ignore' });
  writeFileSync(join(planted, 'objects', 'info', 'alternates'), `${join(commonDir, 'objects')}\n`);
  writeFileSync(join(planted, 'HEAD'), readFileSync(join(adminDir, 'HEAD')));
  mkdirSync(join(planted, 'refs', 'heads'), { recursive: true });
  for (const name of ['packed-refs']) if (existsSync(join(commonDir, name))) copyFileSync(join(commonDir, name), join(planted, name));
  execFileSync('cp', ['-R', join(commonDir, 'refs', 'heads'), join(planted, 'refs')], { stdio: 'ignore' });
  copyFileSync(join(adminDir, 'index'), join(planted, 'index'));
  gitIn(planted, 'config', 'core.bare', 'false');
  armConfig(planted, script);
  writeHooks(join(planted, 'hooks'), script);
  writeFileSync(join(worktree, '.gitattributes'), '* filter=evil diff=evil\n');
  writeFileSync(join(worktree, '.git'), `gitdir: ${planted}\n`);
  return planted;
}

/**
 * (b) and (c), what a writable common dir allows: hooks in the worktree's admin dir and in the common dir, and a
 * config.worktree (enabled by extensions.worktreeConfig) setting core.fsmonitor and the filters; filters and
 * textconv defined in the repository's own config too.
 */
export function plantAdminAndCommon(adminDir: string, commonDir: string, script: string): void {
  writeHooks(join(adminDir, 'hooks'), script);
  writeHooks(join(commonDir, 'hooks'), script);
  gitIn(commonDir, 'config', 'extensions.worktreeConfig', 'true');
  armConfig(commonDir, script, join(adminDir, 'config.worktree'));
  gitIn(commonDir, 'config', 'core.fsmonitor', script);
  gitIn(commonDir, 'config', 'filter.evil.clean', script);
  gitIn(commonDir, 'config', 'filter.evil.smudge', script);
  gitIn(commonDir, 'config', 'filter.evil.required', 'true');
  gitIn(commonDir, 'config', 'diff.evil.textconv', script);
}
