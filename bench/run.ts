/**
 * `npm run bench`: each benchmark prints its figure and the ratio to a floor measured in the same run.
 * Benchmarks inform; they never fail the build (targets are printed as met / MISSED).
 * usage: npm run bench [-- NAME...]   (names: the keys of BENCHES below; an unknown name lists them)
 */
import { run as bundle } from './bundle';
import { run as cliCode } from './cli-code';
import { run as commands } from './commands';
import { run as containerStart } from './container-start';
import { run as dashboard } from './dashboard';
import { run as fleet } from './fleet';
import { run as fleetStart } from './fleet-start';
import { run as inputParsing } from './input-parsing';
import { run as planServer } from './plan-server';
import { run as plans } from './plans';
import { run as promptsCache } from './prompts-cache';
import { run as queue } from './queue';
import { run as repoImage } from './repo-image';
import { run as runPlan } from './run-plan';
import { run as workersView } from './workers-view';
import { run as worktreeStatus } from './worktree-status';

const BENCHES: Record<string, () => Promise<void>> = {
  plans,
  'plan-server': planServer,
  'worktree-status': worktreeStatus,
  'prompts-cache': promptsCache,
  'container-start': containerStart,
  'run-plan': runPlan,
  'cli-code': cliCode,
  'repo-image': repoImage,
  'input-parsing': inputParsing,
  queue,
  fleet,
  'workers-view': workersView,
  dashboard,
  'fleet-start': fleetStart,
  bundle,
  commands,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(w in BENCHES));
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  for (const [name, bench] of Object.entries(BENCHES)) {
    if (wanted.length && !wanted.includes(name)) continue;
    console.log(`\n== ${name}`);
    await bench();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
