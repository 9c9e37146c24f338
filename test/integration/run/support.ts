import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunPlanDeps } from '../../../src/adapters/session/runPlanDeps';
import { createPlanFilesPort } from '../../../src/adapters/plans/planFiles';
import { createPlanGitPort } from '../../../src/adapters/git/planGit';
import { defaultExtraCaFile } from '../../../src/app/run/images';
import { resolvePlanArgument, type PlanFileReport } from '../../../src/app/plans';
import type { RunPlanDeps } from '../../../src/app/run/runPlanTypes';
import { collectOutput } from '../../../src/app/run/sessionContainer';
import { CODE_DOCKERFILE_TEMPLATE, DOCKERIGNORE_TEMPLATE } from '../../../src/core/container/scaffold';
import { agentImages, repoImageTag, type ImageAgent } from '../../../src/core/container/images';
import { makeRepo, type TestRepo } from '../../support/git';
import { TEST_BASE_IMAGE } from '../docker/support';
import { EVENTS_FILE, RESULT_FILE } from '../../../src/app/run/runHeadless';
import type { HeadlessResultFile } from '../../../src/app/run/runHeadlessTypes';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'run');
export const standIn = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

/**
 * The session's environment for tests: the base image is built on the local test base with the same inputs the droid
 * image test uses (so an image built there is current here), and droid's files point into a scratch home.
 */
export function testEnv(home: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    PATH: process.env['PATH'],
    HOME: home,
    LWC_BASE_IMAGE_FROM: TEST_BASE_IMAGE,
    LWC_EXTRA_CA_CERTS: defaultExtraCaFile(process.env) ?? '/etc/ssl/certs/ca-certificates.crt',
    LWC_DROID_AUTH_FILE: join(home, '.factory', 'auth.json'),
    LWC_DROID_SETTINGS_FILE: join(home, '.factory', 'settings.json'),
    ...extra,
  };
}

export interface RunFixture {
  readonly repo: TestRepo;
  readonly home: string;
  /** The plan's base commit (git_sha). */
  readonly sha: string;
  readonly planId: string;
  readonly planPath: string;
  deps(env?: Record<string, string | undefined>): RunPlanDeps;
  env(extra?: Record<string, string>): Record<string, string | undefined>;
  plan(): Promise<PlanFileReport>;
  dispose(): void;
}

/**
 * Seed 001's background: a repository with `.lw_coder/tasks/<plan>.md` at a real git_sha, the scaffolded
 * code.Dockerfile and .dockerignore, a config.toml and whatever else the test adds.
 */
export function makeRunRepo(options: { planId?: string; config?: string; files?: Record<string, string> } = {}): RunFixture {
  const repo = makeRepo('lwc-run-');
  const home = mkdtempSync(join(tmpdir(), 'lwc-home-'));
  const sha = repo.git('rev-parse', 'HEAD');
  const planId = options.planId ?? 'sample-plan';
  repo.commit({
    [`.lw_coder/tasks/${planId}.md`]: `---\nplan_id: ${planId}\ngit_sha: ${sha}\nstatus: ready\nevaluation_notes:\n  - Name the files to change\n---\n\n# Task Plan: Sample\n\n## Objectives\n- Add a greeting function.\n`,
    '.lw_coder/code.Dockerfile': CODE_DOCKERFILE_TEMPLATE,
    '.lw_coder/.dockerignore': DOCKERIGNORE_TEMPLATE,
    '.lw_coder/config.toml': options.config ?? '[code]\n',
    '.gitignore': '.lw_coder/runs/\n.lw_coder/cache/\n.lw_coder/state/\n.lw_coder/worktrees/\n.env\n.env.local\n',
    ...(options.files ?? {}),
  }, 'add plan and LW Coder files');
  const planPath = join(repo.root, '.lw_coder', 'tasks', `${planId}.md`);
  const env = (extra: Record<string, string> = {}): Record<string, string | undefined> => testEnv(home, extra);
  return {
    repo, home, sha, planId, planPath,
    env,
    deps: (e = env()) => createRunPlanDeps(repo.root, { env: e }),
    plan: () => resolvePlanArgument(planId, repo.root, repo.root, { files: createPlanFilesPort(), git: createPlanGitPort(repo.root), repoRoot: repo.root }),
    dispose: () => {
      // Worktrees may hold files the container wrote; the repository image is per repository path.
      rmSync(repo.root, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The worktree's two gitdir pointers, byte for byte: its `.git` file and the registration's reverse pointer. */
export function pointers(worktree: string): { forward: string; reverse: string } {
  const forward = readFileSync(join(worktree, '.git'), 'utf8');
  const admin = forward.replace(/^gitdir:\s*/, '').trim();
  return { forward, reverse: readFileSync(join(admin, 'gitdir'), 'utf8') };
}

/** Text between `===NAME===` and the next `===END===` in a stand-in's output. */
export function section(output: string, name: string): string {
  const start = output.indexOf(`===${name}===\n`);
  if (start < 0) throw new Error(`no ${name} section in:\n${output}`);
  const from = start + name.length + 7;
  return output.slice(from, output.indexOf('===END===', from)).replace(/\r/g, '');
}

export const valueOf = (output: string, key: string): string | undefined => new RegExp(`^${key}=(.*)$`, 'm').exec(output.replace(/\r/g, ''))?.[1];

/** An attach step collecting everything the container prints (stdout and stderr together). */
export function collector(): { attach: ReturnType<typeof collectOutput>; text: () => string } {
  let out = '';
  return { attach: collectOutput((t) => (out += t)), text: () => out };
}

/** Names of the containers (running or not) labelled with this repository. */
export function containersOfRepo(root: string): string[] {
  const out = execFileSync('docker', ['ps', '-a', '--filter', `label=lw_coder.repo=${root}`, '--format', '{{.Names}}'], { encoding: 'utf8' }).trim();
  return out === '' ? [] : out.split('\n');
}

/** Names of containers named like sessions (`lwc-<plan>-…`) that carry no lw_coder.managed label. */
export function unlabelledSessionContainers(planId: string): string[] {
  const out = execFileSync('docker', ['ps', '-a', '--filter', `name=lwc-${planId}-`, '--format', '{{.Names}}\t{{.Label "lw_coder.managed"}}'], { encoding: 'utf8' }).trim();
  return out === '' ? [] : out.split('\n').filter((l) => !l.endsWith('\ttrue')).map((l) => l.split('\t')[0]!);
}

/** Each test repository gets its own lw_coder_droid:<repo_hash>; remove it with the repository. */
export function removeRepoImage(tag: string): void {
  try { execFileSync('docker', ['image', 'rm', '-f', tag], { stdio: 'pipe' }); } catch { /* already gone */ }
}

/** A headless run's events.jsonl, one object per line. */
export interface EventLine { attempt: number; kind: string; text?: string; message?: string; path?: string; command?: string; status?: string; agent?: string; model?: string }
export const eventsOf = (runDir: string): EventLine[] => readFileSync(join(runDir, EVENTS_FILE), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as EventLine);
export const resultOf = (runDir: string): HeadlessResultFile => JSON.parse(readFileSync(join(runDir, RESULT_FILE), 'utf8')) as HeadlessResultFile;
/** The run directory `lwc code --headless` names on stderr. */
export const runDirIn = (stderr: string): string => {
  const m = /run directory (\S+)/.exec(stderr);
  if (!m) throw new Error(`no run directory in:\n${stderr}`);
  return m[1]!;
};

/**
 * A suite's fixture factory: every repository it makes is removed after the suite, with its repository images (the
 * droid layer always, plus those of `agents` that the suite's headless runs build). `prepare` adds files per fixture.
 */
export function suiteFixtures(options: { agents?: readonly ImageAgent[]; prepare?: (f: RunFixture) => void } = {}): (repo?: Parameters<typeof makeRunRepo>[0]) => RunFixture {
  const fixtures: RunFixture[] = [];
  after(() => {
    for (const f of fixtures) {
      removeRepoImage(repoImageTag(f.repo.root));
      for (const agent of options.agents ?? []) removeRepoImage(agentImages(agent, f.repo.root, '').repo);
      f.dispose();
    }
  });
  return (repo) => {
    const f = makeRunRepo(repo);
    fixtures.push(f);
    options.prepare?.(f);
    return f;
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` every 100 ms until it returns a value; fails naming `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
