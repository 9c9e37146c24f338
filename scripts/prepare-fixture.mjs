// Turns test/fixtures/vscode-workspace/ into the real git repository the real-VS Code tests open (contract:
// /tmp/lwlogs/fixture.md): copy, `git init -b main`, commit, replace `@HEAD@` in plans with that commit's sha, commit
// again. Dates and identities are pinned, so the sha that plans point at is the same on every machine and every run.
// usage: node scripts/prepare-fixture.mjs DIR [--empty]     (--empty: a git repo without .lw_coder, for the welcome view)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURE_SOURCE = join(ROOT, 'test', 'fixtures', 'vscode-workspace');
const HEAD_PLACEHOLDER = '@HEAD@';

/** Same isolation as test/support/git.ts GIT_TEST_ENV, plus pinned dates for a reproducible sha. */
export const FIXTURE_GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'LW Test',
  GIT_AUTHOR_EMAIL: 'test@lw-coder.invalid',
  GIT_COMMITTER_NAME: 'LW Test',
  GIT_COMMITTER_EMAIL: 'test@lw-coder.invalid',
  GIT_AUTHOR_DATE: '2025-01-01T12:00:00Z',
  GIT_COMMITTER_DATE: '2025-01-01T12:00:00Z',
  GIT_TERMINAL_PROMPT: '0',
};

function git(cwd, ...args) {
  return execFileSync('git', args, { cwd, env: FIXTURE_GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function initRepo(dir) {
  git(dir, 'init', '-q', '-b', 'main');
  // Repository-local identity too: the extension's own git calls inside VS Code do not get FIXTURE_GIT_ENV.
  git(dir, 'config', 'user.name', 'LW Test');
  git(dir, 'config', 'user.email', 'test@lw-coder.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
}

function assertEmptyTarget(dir) {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: prepare the fixture into a fresh directory`);
}

/**
 * Copies the fixture into `targetDir` (created; must be empty) as a committed git repository whose plans point at a
 * real commit. Returns the sha that replaced `@HEAD@`.
 * @param {string} targetDir
 * @returns {{ root: string, headSha: string }}
 */
export function prepareFixture(targetDir) {
  const root = resolve(targetDir);
  assertEmptyTarget(root);
  cpSync(FIXTURE_SOURCE, root, { recursive: true });
  initRepo(root);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'Fixture: app and plans');
  const headSha = git(root, 'rev-parse', 'HEAD');
  const tasks = join(root, '.lw_coder', 'tasks');
  for (const name of readdirSync(tasks).filter((f) => f.endsWith('.md'))) {
    const file = join(tasks, name);
    const text = readFileSync(file, 'utf8');
    if (text.includes(HEAD_PLACEHOLDER)) writeFileSync(file, text.replaceAll(HEAD_PLACEHOLDER, headSha));
  }
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'Fixture: plans point at the first commit');
  return { root, headSha };
}

/**
 * A git repository with one commit and no `.lw_coder/`: what a user has before "Initialize LW Coder".
 * @param {string} targetDir
 * @returns {{ root: string }}
 */
export function prepareEmptyRepo(targetDir) {
  const root = resolve(targetDir);
  assertEmptyTarget(root);
  initRepo(root);
  writeFileSync(join(root, 'README.md'), '# A repository without LW Coder yet\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'Initial commit');
  return { root };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, flag] = process.argv.slice(2);
  if (!dir || (flag && flag !== '--empty')) {
    console.error('usage: node scripts/prepare-fixture.mjs DIR [--empty]');
    process.exit(2);
  }
  const result = flag === '--empty' ? prepareEmptyRepo(dir) : prepareFixture(dir);
  console.log(JSON.stringify(result));
}
