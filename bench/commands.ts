import { spawn } from 'node:child_process';
import { createCommandRunDeps } from '../src/adapters/commands/commandDeps';
import { runCommand } from '../src/app/commands/run';
import { commandOf, shell } from '../test/support/commandDefs';
import { withBenchRepo } from './fixtures';
import { fastest, runIfMain } from './support';

const STEPS = 10;
const REPEATS = 7;

/** Spawning `sh -c true` and waiting for it to close, as a step runner must at the least. */
function spawnTrue(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', 'true'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('error', reject);
    child.on('close', () => resolve());
  });
}

/**
 * Issue 14's benchmark: `runCommand` of a 10-step command of `true` shell steps (each in its own process group, its
 * output streamed to a log, session.json written atomically and fsync'ed after every step), per step, against the floor
 * of spawning `sh -c true` directly ten times in the same run, the fastest of 7 each (fsync times on a shared disk
 * vary a lot; other processes only ever add time). Goal: ≤ 2× per step.
 */
export async function run(): Promise<void> {
  await withBenchRepo('lwc-bench-cmd-', async (repo) => {
    const command = commandOf({ name: 'ten-trues', steps: Array.from({ length: STEPS }, (_, i) => shell(`true-${i + 1}`, 'true')) });
    const deps = createCommandRunDeps(repo.root, { processEnv: { PATH: process.env.PATH } });
    const once = await runCommand({ repoRoot: repo.root, command, args: {}, deps });
    if (once.status !== 'completed' || once.stepHistory.length !== STEPS) throw new Error(`the command did not complete: ${once.error}`);
    const floor = await fastest(REPEATS, async () => {
      for (let i = 0; i < STEPS; i++) await spawnTrue();
    });
    const ours = await fastest(REPEATS, () => runCommand({ repoRoot: repo.root, command, args: {}, deps }));
    const perStep = ours / STEPS;
    const floorPerStep = floor / STEPS;
    const ratio = perStep / floorPerStep;
    console.log(`${'runCommand, per step (10 `true` shell steps)'.padEnd(48)} ${perStep.toFixed(2).padStart(9)} ms   ${ratio.toFixed(2).padStart(6)}× spawn sh -c true (${floorPerStep.toFixed(2)} ms)  target ≤ 2×: ${ratio <= 2 ? 'met' : 'MISSED'}`);
  });
}

runIfMain(module, run);
