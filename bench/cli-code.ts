/**
 * `lwc code` as a user meets it (issue 11 item 2): the whole process `node dist/cli.js code <plan> --templates
 * --agent-command 'echo READY'` on a real temporary repository — module loading, plan resolution, config, worktree,
 * prompts, image checks, container, the agent's output, cleanup and the process's exit — against `docker run --rm
 * <same image> echo READY`, spawned the same way in the same run. Two figures: (a) until the agent's output appears on
 * lwc's stdout (target ≤ 1.25× the floor), (b) until the lwc process has exited. A third line shows where (a) goes: the
 * moment each of lwc's progress lines arrived on stderr. A fourth shows (a) with lwc's V8 code cache turned off.
 * Builds dist/ first (scripts/build.mjs). Needs a Docker engine and the test base image.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { makeRunRepo, removeRepoImage } from '../test/integration/run/support';
import { TEST_BASE_IMAGE } from '../test/integration/docker/support';
import { repoImageTag } from '../src/core/container/images';

const REPEATS = 5;
const MARKER = 'LWC_CLI_BENCH_READY';
const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');

const med = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Timed {
  /** ms from spawn until the marker appeared on stdout. */
  readonly outputMs: number;
  /** ms from spawn until the process exited. */
  readonly exitMs: number;
  /** stderr lines with the ms at which each arrived. */
  readonly progress: readonly { readonly ms: number; readonly line: string }[];
}

/** Spawns a process and times its stdout marker and its exit. */
function timedProcess(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let outputMs = Number.NaN;
    const progress: { ms: number; line: string }[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (Number.isNaN(outputMs) && stdout.includes(MARKER)) outputMs = performance.now() - t0;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const ms = performance.now() - t0;
      stderr += chunk.toString('utf8');
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') progress.push({ ms, line });
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const exitMs = performance.now() - t0;
      if (code !== 0 || Number.isNaN(outputMs)) reject(new Error(`${command} ${args.join(' ')} exited ${code}, marker ${Number.isNaN(outputMs) ? 'not seen' : 'seen'}:\n${stdout}\n${stderr}`));
      else resolve({ outputMs, exitMs, progress });
    });
  });
}

export async function run(): Promise<void> {
  try {
    execFileSync('docker', ['image', 'inspect', TEST_BASE_IMAGE], { stdio: 'pipe' });
  } catch {
    console.log(`cli-code: skipped — no Docker engine or no ${TEST_BASE_IMAGE} (bash scripts/ci/docker-engine.sh && bash scripts/ci/base-images.sh)`);
    return;
  }
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);

  const fixture = makeRunRepo({ planId: 'bench-cli' });
  const image = repoImageTag(fixture.repo.root);
  const env = { ...fixture.env(), GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  const lwc = (extra: NodeJS.ProcessEnv = {}): Promise<Timed> => timedProcess(process.execPath, [CLI, 'code', fixture.planId, '--templates', '--accept-credentials', '--agent-command', `echo ${MARKER}`], { cwd: fixture.repo.root, env: { ...env, ...extra } });
  const floor = (): Promise<Timed> => timedProcess('docker', ['run', '--rm', image, 'echo', MARKER], { cwd: fixture.repo.root, env: process.env });
  try {
    await lwc(); // warm-up: builds the repository image (and the base when stale), creates the worktree, fills lwc's code cache (in the fixture's HOME)
    await floor();
    const ours: Timed[] = [];
    const uncached: Timed[] = [];
    const floors: Timed[] = [];
    // Interleaved, so drift on a shared machine hits all alike.
    for (let i = 0; i < REPEATS; i++) {
      ours.push(await lwc());
      uncached.push(await lwc({ LWC_NO_COMPILE_CACHE: '1' }));
      floors.push(await floor());
    }
    const floorMs = med(floors.map((f) => f.exitMs));
    const line = (name: string, ms: number, target?: number): void => {
      const ratio = ms / floorMs;
      const mark = target === undefined ? '' : `  target ≤ ${target}×: ${ratio <= target ? 'met' : 'MISSED'}`;
      console.log(`${name.padEnd(48)} ${ms.toFixed(1).padStart(9)} ms   ${ratio.toFixed(2).padStart(6)}× docker run --rm <image> echo (${floorMs.toFixed(1)} ms)${mark}`);
    };
    line('lwc code (whole process) → agent output', med(ours.map((o) => o.outputMs)), 1.25);
    line('lwc code (whole process) → process exited', med(ours.map((o) => o.exitMs)));
    // What the V8 code cache (src/cli/compileCache.ts) saves: the same runs compiling every bundle from source.
    line('  the same without the code cache → agent output', med(uncached.map((o) => o.outputMs)));
    // Where the time goes, from the run whose output time is the median.
    const sorted = [...ours].sort((a, b) => a.outputMs - b.outputMs);
    const typical = sorted[Math.floor(sorted.length / 2)]!;
    console.log('  progress lines of the median run (ms since spawn):');
    for (const p of typical.progress) console.log(`    ${p.ms.toFixed(0).padStart(6)}  ${p.line.slice(0, 110)}`);
    console.log(`    ${typical.outputMs.toFixed(0).padStart(6)}  (agent output)`);
    console.log(`    ${typical.exitMs.toFixed(0).padStart(6)}  (process exited)`);
  } finally {
    fixture.dispose();
    removeRepoImage(image);
  }
}
