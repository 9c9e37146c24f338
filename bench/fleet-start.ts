/**
 * `lwc up -n 8` as a user meets it (issue 12's benchmark): the whole process `node dist/cli.js up -n 8 --until-empty
 * --agent codex --agent-command <stand-in>` on a real repository with 8 ready tasks, from its spawn until the eighth
 * agent process runs in its container — supervisor start, recovery pass, 8 claims, plans, worktrees, prompts, image
 * checks, 8 containers created and started — against 8 parallel `docker run --rm <same image> true` in the same run
 * (target ≤ 1.5×). The stand-in agent touches a marker in its worktree as its first act (its mtime is the moment it
 * ran, read afterwards: no polling error in the figure), then waits for a stop file and finishes like codex.
 * Builds dist/ first. Needs a Docker engine and the test base image.
 */
import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { agentImages, repoImageTag } from '../src/core/container/images';
import { planWorktreePath } from '../src/core/worktree/layout';
import { TEST_BASE_IMAGE } from '../test/integration/docker/support';
import { addPlans, enqueue } from '../test/integration/fleet/support';
import { makeRunRepo, removeRepoImage, standIn } from '../test/integration/run/support';
import { runIfMain } from './support';

const execFileAsync = promisify(execFile);
const WORKERS = 8;
const REPEATS = 3;
const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const STARTED = '.lwc-bench-started';
const STOP = '.lwc-bench-stop';
const AGENT = `touch ${STARTED}\nwhile [ ! -e ${STOP} ]; do sleep 0.05; done\nMODE=ok\n${standIn('codex-standin.sh')}`;

const med = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Wave {
  /** ms from spawn until the last agent ran (its marker's mtime). */
  readonly allRunningMs: number;
  /** ms from spawn until each agent ran, sorted. */
  readonly each: readonly number[];
  /** stderr lines with the ms at which each arrived. */
  readonly progress: readonly { readonly ms: number; readonly line: string }[];
}

/** One `lwc up -n 8 --until-empty` over the 8 queued plans `ids`: timed to all 8 agents running, then let finish. */
async function upWave(root: string, env: NodeJS.ProcessEnv, ids: readonly string[]): Promise<Wave> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [CLI, 'up', '-n', String(WORKERS), '--until-empty', '--json', '--templates', '--agent', 'codex', '--agent-command', AGENT], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const progress: { ms: number; line: string }[] = [];
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => {
    const ms = Date.now() - t0;
    output += b.toString();
    for (const line of b.toString().split('\n')) if (line.trim() !== '') progress.push({ ms, line });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const markers = ids.map((id) => join(planWorktreePath(root, id), STARTED));
  let code: number | null | undefined;
  void exited.then((c) => (code = c));
  while (!markers.every((m) => existsSync(m))) {
    if (code !== undefined || Date.now() - t0 > 180_000) {
      // Stopped the way a user would (Ctrl-C): the supervisor removes its containers and releases its tasks.
      if (code === undefined) child.kill('SIGINT');
      await exited;
      throw new Error(`lwc up ${code !== undefined ? `exited ${code}` : 'timed out'} before ${WORKERS} agents ran (${markers.filter((m) => existsSync(m)).length} did):\n${output}`);
    }
    await sleep(20);
  }
  const each = markers.map((m) => statSync(m).mtimeMs - t0).sort((a, b) => a - b);
  for (const id of ids) writeFileSync(join(planWorktreePath(root, id), STOP), '');
  const exitCode = await exited;
  if (exitCode !== 0) throw new Error(`lwc up exited ${exitCode}:\n${output}`);
  return { allRunningMs: each.at(-1)!, each, progress };
}

/** 8 parallel `docker run --rm <image> true`, until the last has exited. */
async function dockerWave(image: string): Promise<number> {
  const t0 = performance.now();
  await Promise.all(Array.from({ length: WORKERS }, () => execFileAsync('docker', ['run', '--rm', image, 'true'])));
  return performance.now() - t0;
}

export async function run(): Promise<void> {
  try {
    execFileSync('docker', ['image', 'inspect', TEST_BASE_IMAGE], { stdio: 'pipe' });
  } catch {
    console.log(`fleet-start: skipped — no Docker engine or no ${TEST_BASE_IMAGE} (bash scripts/ci/docker-engine.sh && bash scripts/ci/base-images.sh)`);
    return;
  }
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);

  const fixture = makeRunRepo({ planId: 'bench-fleet-warm' });
  const root = fixture.repo.root;
  const env = { ...fixture.env(), GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  const agentImage = agentImages('codex', root, '').repo;
  let wave = 0;
  const nextIds = (): string[] => {
    wave += 1;
    return Array.from({ length: WORKERS }, (_, i) => `bench-w${wave}-${i + 1}`);
  };
  const queued = async (ids: readonly string[]): Promise<void> => {
    addPlans(fixture, ids);
    await enqueue(root, ids);
  };
  try {
    // Warm-up: builds the repository and codex images once, as a user's first `up` does.
    const warm = nextIds();
    await queued(warm);
    await upWave(root, env, warm);
    await dockerWave(agentImage);
    const ours: Wave[] = [];
    const floors: number[] = [];
    // Interleaved, so drift on a shared machine hits both alike.
    for (let i = 0; i < REPEATS; i++) {
      const ids = nextIds();
      await queued(ids);
      ours.push(await upWave(root, env, ids));
      floors.push(await dockerWave(agentImage));
    }
    const floorMs = med(floors);
    const oursMs = med(ours.map((w) => w.allRunningMs));
    const ratio = oursMs / floorMs;
    console.log(`${`lwc up -n ${WORKERS} → ${WORKERS} agents running`.padEnd(48)} ${oursMs.toFixed(0).padStart(9)} ms   ${ratio.toFixed(2).padStart(6)}× ${WORKERS} parallel docker run --rm <image> true (${floorMs.toFixed(0)} ms)  target ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'MISSED'}`);
    console.log(`  runs: ${ours.map((w) => w.allRunningMs.toFixed(0)).join(', ')} ms; floors: ${floors.map((f) => f.toFixed(0)).join(', ')} ms`);
    const typical = [...ours].sort((a, b) => a.allRunningMs - b.allRunningMs)[Math.floor(ours.length / 2)]!;
    console.log(`  agents of the median run started at (ms since spawn): ${typical.each.map((ms) => ms.toFixed(0)).join(', ')}`);
    if (process.env['LWC_BENCH_VERBOSE']) for (const p of typical.progress) console.log(`    ${String(p.ms).padStart(6)}  ${p.line.slice(0, 120)}`);
  } finally {
    fixture.dispose();
    removeRepoImage(repoImageTag(root));
    removeRepoImage(agentImage);
  }
}

runIfMain(module, run);
