import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionRecord } from '../../../src/core/commands/types';
import { lwc } from '../../support/cli';
import { dockerEngineAvailable } from '../docker/support';
import { containersOfRepo, standIn, suiteFixtures } from '../run/support';

/**
 * prunejuice compatibility (issue 14, Tests): the README's example commands, in the seed's own terms (extends, pre and
 * post steps, cleanup_on_failure, prunejuice's `args` mapping), kept as files in test/fixtures/commands/ and run with
 * `lwc cmd run` exactly as they are, from `.prj/commands/`. The README shows these files byte for byte.
 */

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'commands');
const fixture = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');
const PRUNEJUICE = ['base-workflow.yaml', 'feature-branch.yaml'];
const OURS = ['feature-checked.yaml'];

describe('prunejuice commands: the README example is the fixture', () => {
  it("README.md's \"Multi-step commands\" shows each fixture file exactly", () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    for (const path of [...PRUNEJUICE.map((f) => `prunejuice/${f}`), ...OURS.map((f) => `lw_coder/${f}`)]) {
      assert.ok(blocks.includes(fixture(path)), `README.md has test/fixtures/commands/${path} as a yaml block`);
    }
  });
});

const CODEX = standIn('codex-standin.sh');
/** The repository around the commands: the prompt, the test script npm runs and the report script. */
const FILES: Record<string, string> = {
  'prompts/feature.md': 'Implement the {{ args.feature }} feature in standin-change.txt.\n',
  'package.json': '{ "name": "pj-sample", "version": "1.0.0", "private": true, "scripts": { "test": "sh scripts/test.sh" } }\n',
  'scripts/test.sh': 'echo "tests for: $*"\ntest -f "$LWC_PROJECT/tests-pass" || { echo "the tests fail until tests-pass exists" >&2; exit 1; }\n',
  'scripts/report.sh': '#!/bin/sh\nfor a in "$@"; do printf \'<%s>\\n\' "$a"; done > "$LWC_ARTIFACT_DIR/report.txt"\n',
  ...Object.fromEntries(PRUNEJUICE.map((f) => [`.prj/commands/${f}`, fixture(`prunejuice/${f}`)])),
  ...Object.fromEntries(OURS.map((f) => [`.lw_coder/commands/${f}`, fixture(`lw_coder/${f}`)])),
};

if (dockerEngineAvailable('prunejuice command tests (run-agent with the stand-in codex)')) {
  describe('prunejuice commands run unchanged from .prj/commands (run-agent: the stand-in codex in the real container)', function () {
    this.timeout(20 * 60_000);
    const make = suiteFixtures({ agents: ['codex'] });

    it('feature-branch: fails at its tests (cleanup runs), resumes without rerunning the agent; feature-checked skips its tests', async () => {
      const f = make({ files: FILES });
      chmodSync(join(f.repo.root, 'scripts', 'report.sh'), 0o755);
      f.repo.commit({}, 'report.sh is executable');
      const env = f.env();
      const agentFlags = ['--agent', 'codex', '--agent-command', `MODE=ok\n${CODEX}`, '--accept-credentials', '--json'];

      const listed = await lwc(['cmd', 'list', '--json'], { cwd: f.repo.root, env });
      assert.equal(listed.code, 0, listed.stderr);

      const run = await lwc(['cmd', 'run', 'feature-branch', 'feature=login', ...agentFlags], { cwd: f.repo.root, env });
      assert.equal(run.code, 1, run.stderr);
      const failed = JSON.parse(run.stdout) as SessionRecord;
      assert.equal(failed.status, 'failed');
      assert.deepEqual(failed.stepHistory.map((s) => `${s.phase}:${s.name}:${s.status}`), [
        'pre:validate-prerequisites:completed',
        'main:create-worktree:completed',
        'main:gather-context:completed',
        'main:run-agent:completed',
        'main:test:failed',
        'cleanup:cleanup:completed',
      ]);
      assert.match(failed.error ?? '', /test/);
      assert.equal(readFileSync(join(failed.artifactDir, 'prompts', 'step-4-run-agent.md'), 'utf8'), 'Implement the login feature in standin-change.txt.\n', 'prompt_file with the argument substituted');
      assert.ok(readFileSync(join(failed.worktreePath!, 'standin-change.txt'), 'utf8').includes('written by the stand-in codex'), "the agent changed the session's worktree");
      const context = JSON.parse(readFileSync(join(failed.artifactDir, 'specs', 'context.json'), 'utf8')) as { git_branch: string };
      assert.equal(context.git_branch, failed.branch);
      assert.ok(existsSync(failed.worktreePath!), 'kept after the failure');

      f.repo.write('tests-pass', '');
      const resumed = await lwc(['cmd', 'resume', failed.id, ...agentFlags], { cwd: f.repo.root, env });
      assert.equal(resumed.code, 0, resumed.stderr);
      const done = JSON.parse(resumed.stdout) as SessionRecord;
      assert.equal(done.status, 'completed', done.error);
      assert.equal(done.stepHistory.filter((s) => s.name === 'run-agent').length, 1, 'the agent ran once');
      assert.deepEqual(done.stepHistory.slice(6).map((s) => `${s.phase}:${s.name}:${s.status}`), ['main:test:completed', 'main:report:completed', 'post:store-artifacts:completed']);
      assert.equal(readFileSync(join(done.artifactDir, 'report.txt'), 'utf8'), '<feature=login>\n', "prunejuice's args mapping became key=value arguments");
      assert.ok(readdirSync(join(done.artifactDir, 'agent', 'step-4')).includes('result.json'), 'the agent run is in the artifacts');

      const ours = await lwc(['cmd', 'run', 'feature-checked', 'feature=signup', 'skip_tests=true', ...agentFlags], { cwd: f.repo.root, env });
      assert.equal(ours.code, 0, ours.stderr);
      const checked = JSON.parse(ours.stdout) as SessionRecord;
      assert.equal(checked.branch, 'feature/signup');
      assert.deepEqual(checked.stepHistory.map((s) => `${s.name}:${s.status}`), [
        'validate-prerequisites:completed',
        'create-worktree:completed',
        'gather-context:completed',
        'run-agent:completed',
        'test:skipped',
        'report:completed',
        'store-artifacts:completed',
      ]);
      assert.equal(readFileSync(join(checked.artifactDir, 'report.txt'), 'utf8'), '<--feature>\n<signup>\n');
      assert.deepEqual(containersOfRepo(f.repo.root), [], 'no container is left');
    });
  });
}
