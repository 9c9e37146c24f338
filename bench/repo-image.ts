/**
 * The repository image check on an unchanged 40 MB / 5,000-file repository (issue 11 item 1), against the floor of
 * `docker image inspect <tag>` (the docker CLI, spawned) measured in the same run:
 *  - with the scaffolded code.Dockerfile, which copies nothing: the repository is neither hashed nor sent;
 *  - with a Dockerfile that copies the repository: its 40 MB are hashed (and would be sent only when they changed);
 *  - for comparison, what every run used to cost: a build of the scaffolded Dockerfile sending the whole repository.
 * Needs a Docker engine and the test base image.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerodeEngine } from '../src/adapters/docker/dockerodeEngine';
import { nodeImageFiles } from '../src/adapters/docker/imageFiles';
import { ensureRepoImage } from '../src/app/run/images';
import { repoContextExclusions } from '../src/core/container/contextRules';
import { parseDockerignore } from '../src/core/container/dockerignore';
import { CODE_DOCKERFILE_PATH, CODE_DOCKERIGNORE_PATH } from '../src/core/container/images';
import { CODE_DOCKERFILE_TEMPLATE, DOCKERIGNORE_TEMPLATE } from '../src/core/container/scaffold';
import { TEST_BASE_IMAGE } from '../test/integration/docker/support';

const REPEATS = 7;
const FILES = 5_000;
const FILE_BYTES = 8 * 1024;

const med = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const timed = async (fn: () => unknown): Promise<number> => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

export async function run(): Promise<void> {
  try {
    execFileSync('docker', ['image', 'inspect', TEST_BASE_IMAGE], { stdio: 'pipe' });
  } catch {
    console.log(`repo-image: skipped — no Docker engine or no ${TEST_BASE_IMAGE} (bash scripts/ci/docker-engine.sh && bash scripts/ci/base-images.sh)`);
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'lwc-bench-img-'));
  for (let d = 0; d < FILES / 100; d++) {
    mkdirSync(join(root, 'src', `dir-${d}`), { recursive: true });
    for (let f = 0; f < 100; f++) writeFileSync(join(root, 'src', `dir-${d}`, `file-${f}.bin`), randomBytes(FILE_BYTES));
  }
  mkdirSync(join(root, '.lw_coder'));
  writeFileSync(join(root, CODE_DOCKERIGNORE_PATH), DOCKERIGNORE_TEMPLATE);
  const engine = new DockerodeEngine();
  const deps = { engine, files: nodeImageFiles };
  const tag = `lwc_bench_repo:${process.pid}`;
  const options = { repoRoot: root, tag, baseImage: TEST_BASE_IMAGE };
  const ids: string[] = [];
  const floor = (): void => { execFileSync('docker', ['image', 'inspect', tag], { stdio: 'pipe' }); };
  const line = (name: string, ms: number, floorMs: number): void => {
    console.log(`${name.padEnd(48)} ${ms.toFixed(1).padStart(9)} ms   ${(ms / floorMs).toFixed(2).padStart(6)}× docker image inspect (${floorMs.toFixed(1)} ms)`);
  };
  const compare = async (name: string): Promise<void> => {
    ids.push((await ensureRepoImage(deps, options)).imageId); // builds when the Dockerfile changed; later calls find it current
    const ours: number[] = [];
    const floors: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      ours.push(await timed(async () => {
        const r = await ensureRepoImage(deps, options);
        if (r.built) throw new Error('bench: the unchanged repository image was rebuilt');
      }));
      floors.push(await timed(floor));
    }
    line(name, med(ours), med(floors));
  };
  try {
    writeFileSync(join(root, CODE_DOCKERFILE_PATH), CODE_DOCKERFILE_TEMPLATE);
    await compare('repo image check, 40 MB repo, copies nothing');
    // What every run cost before: the same Dockerfile built with the whole (filtered) repository as its context.
    const full = { root, ignoreLines: parseDockerignore(DOCKERIGNORE_TEMPLATE), extraFiles: [{ path: '.dockerignore', content: DOCKERIGNORE_TEMPLATE }], exclusions: repoContextExclusions([]) };
    const oldTag = `lwc_bench_repo_old:${process.pid}`;
    const old: number[] = [];
    for (let i = 0; i < 3; i++) old.push(await timed(() => engine.buildImage({ context: full, dockerfile: CODE_DOCKERFILE_PATH, tag: oldTag, buildArgs: { LW_CODER_BASE_IMAGE: TEST_BASE_IMAGE } }, () => undefined)));
    await engine.removeImage(oldTag, { force: true });
    const floorNow = med([await timed(floor), await timed(floor), await timed(floor)]);
    line('  before: a build sending the repository', med(old), floorNow);

    writeFileSync(join(root, CODE_DOCKERFILE_PATH), `${CODE_DOCKERFILE_TEMPLATE}COPY src /src\n`);
    await compare('repo image check, 40 MB repo, COPY (hashes it)');
  } finally {
    await engine.removeImage(tag, { force: true });
    for (const id of ids) await engine.removeImage(id, { force: true }).catch(() => false);
    rmSync(root, { recursive: true, force: true });
  }
}
