import { strict as assert } from 'node:assert';
import { lwc } from '../../support/cli';
import { makeRepo, type TestRepo } from '../../support/git';
import { BASE_WORKFLOW, FEATURE_BRANCH } from './fixtures';

describe('lwc cmd list / show', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = makeRepo('lwc-cmd-cli-');
    repo.commit({ '.lw_coder/commands/base-workflow.yaml': BASE_WORKFLOW, '.prj/commands/feature-branch.yaml': FEATURE_BRANCH });
  });
  afterEach(() => repo.dispose());

  it('lists the commands with their lifecycle; exit 0 without problems', async () => {
    const r = await lwc(['cmd', 'list'], { cwd: repo.root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^NAME\s+LIFECYCLE\s+DESCRIPTION\n/);
    assert.match(r.stdout, /base-workflow\s+worktree\s+Validate/);
    assert.match(r.stdout, /feature-branch\s+worktree\s+Start a feature branch.*\(\.prj\)/);
    assert.equal(r.stderr, '');
  });

  it('--json gives the catalog; an invalid file makes exit 1 with its located problem on stderr', async () => {
    repo.write('.lw_coder/commands/broken.yaml', 'name: broken\nsteps:\n  - run-test\n');
    const json = await lwc(['cmd', 'list', '--json'], { cwd: repo.root });
    assert.equal(json.code, 1);
    const parsed = JSON.parse(json.stdout) as { commands: { name: string }[]; problems: { file: string; line: number; column: number; fix: string }[] };
    assert.deepEqual(parsed.commands.map((c) => c.name), ['base-workflow', 'feature-branch']);
    assert.deepEqual([parsed.problems[0]!.file, parsed.problems[0]!.line, parsed.problems[0]!.column], ['.lw_coder/commands/broken.yaml', 3, 5]);
    const text = await lwc(['cmd', 'list'], { cwd: repo.root });
    assert.match(text.stderr, /^\.lw_coder\/commands\/broken\.yaml:3:5: error: steps\[0\]: 'run-test' is not a built-in step\.\n  fix: Did you mean 'run-tests'\?/);
  });

  it('shows the merged definition after extends', async () => {
    const r = await lwc(['cmd', 'show', 'feature-branch'], { cwd: repo.root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /extends:\s+base-workflow/);
    assert.match(r.stdout, /feature \(string, required, LWC_ARG_FEATURE\)/);
    assert.match(r.stdout, /pre_steps:\n\s+- validate-prerequisites/);
    assert.match(r.stdout, /- test \(shell\): npm test\s+\[when args\.skip_tests != true; retry 1× every 5s\]/);
    assert.match(r.stdout, /cleanup_on_failure:\n\s+- cleanup/);
    const json = JSON.parse((await lwc(['cmd', 'show', 'feature-branch', '--json'], { cwd: repo.root })).stdout) as { command: { name: string; lifecycle: string; preSteps: unknown[] } };
    assert.equal(json.command.lifecycle, 'worktree');
    assert.equal(json.command.preSteps.length, 1);
  });

  it('an unknown name exits 1 naming the commands; a wrong use exits 2', async () => {
    const r = await lwc(['cmd', 'show', 'nope'], { cwd: repo.root });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no valid command 'nope'\. Commands: base-workflow, feature-branch\./);
    assert.equal((await lwc(['cmd', 'show'], { cwd: repo.root })).code, 2);
    assert.equal((await lwc(['cmd', 'list', '--bogus'], { cwd: repo.root })).code, 2);
  });
});
