/**
 * From a session spec to the process having run in its container (create + attach + start + wait + remove through the
 * engine port), against the floor a user knows: `docker run --rm <same image> true` measured in the same run.
 * Issue 5 target: ratio ≤ 1.25. Needs a Docker engine and the test base image (scripts/ci/base-images.sh).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerodeEngine } from '../src/adapters/docker/dockerodeEngine';
import { buildSessionSpec } from '../src/core/container/session';
import { toDockerCreateOptions } from '../src/core/container/toCreateOptions';
import { median } from './support';

const REPEATS = 7;

export async function run(): Promise<void> {
  const image = process.env['LWC_TEST_BASE_IMAGE'] ?? 'lw_coder_test_base:bookworm';
  try {
    execFileSync('docker', ['image', 'inspect', image], { stdio: 'pipe' });
  } catch {
    console.log(`container-start: skipped — no Docker engine or no ${image} (bash scripts/ci/docker-engine.sh && bash scripts/ci/base-images.sh)`);
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'lwc-bench-'));
  for (const d of ['wt', '.git', 'tasks', 'droids']) mkdirSync(join(root, d));
  writeFileSync(join(root, 'main.md'), 'prompt\n');
  const engine = new DockerodeEngine();
  await engine.version(); // loads dockerode once, as a running extension would have
  let n = 0;
  const spec = () => buildSessionSpec({
    kind: 'headless', image, baseImage: image, planId: 'bench', runId: `${process.pid}-${n++}`, repoRoot: root,
    worktreePath: join(root, 'wt'), repoGitDir: join(root, '.git'), tasksDir: join(root, 'tasks'),
    promptFile: join(root, 'main.md'), droidsDir: join(root, 'droids'), env: [],
    hostUser: { uid: process.getuid?.() ?? 1000, gid: process.getgid?.() ?? 1000 }, command: ['true'],
  });
  try {
    const ours = async (): Promise<void> => {
      const { id } = await engine.createContainer(toDockerCreateOptions(spec()));
      const attachment = await engine.attachContainer(id, { stdin: false, tty: false });
      await engine.startContainer(id);
      const code = await engine.waitContainer(id);
      await attachment.ended;
      await engine.removeContainer(id, { force: true });
      if (code !== 0) throw new Error(`bench container exited ${code}`);
    };
    const floor = (): void => { execFileSync('docker', ['run', '--rm', image, 'true'], { stdio: 'pipe' }); };
    await ours();
    floor();
    // Interleave so drift on a shared machine hits both alike.
    const oursMs: number[] = [];
    const floorMs: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      oursMs.push(await median(1, ours));
      floorMs.push(await median(1, floor));
    }
    const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = med(oursMs) / med(floorMs);
    console.log(`${'session spec → container ran → removed'.padEnd(48)} ${med(oursMs).toFixed(1).padStart(9)} ms   ${ratio.toFixed(2).padStart(6)}× docker run --rm ${image} true (${med(floorMs).toFixed(1)} ms)  target ≤ 1.25×: ${ratio <= 1.25 ? 'met' : 'MISSED'}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
