import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resumeSession, runCommand } from '../../../src/app/commands/run';
import { makeRepo, type TestRepo } from '../../support/git';
import { builtin, commandOf, shell } from '../../support/commandDefs';
import { depsFor } from './support';

describe('commands: session and worktree lifecycles, built-in steps', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = makeRepo('lwc-cmd-');
  });
  afterEach(() => repo.dispose());

  const branches = (): string[] => repo.git('branch', '--format=%(refname:short)').split('\n');

  it('worktree lifecycle: steps run in a fresh worktree on lwc/<command>-<timestamp>; with nothing to keep it is removed, and so is its empty branch', async () => {
    const command = commandOf({
      name: 'feature',
      lifecycle: 'worktree',
      steps: [builtin('create-worktree'), builtin('start-session'), shell('where', 'pwd > "$LWC_ARTIFACT_DIR/where.txt"; git rev-parse --abbrev-ref HEAD >> "$LWC_ARTIFACT_DIR/where.txt"')],
    });
    const record = await runCommand({ repoRoot: repo.root, command, args: {}, deps: depsFor(repo.root) });
    assert.equal(record.status, 'completed', record.error);
    assert.match(record.branch ?? '', /^lwc\/feature-\d{8}T\d{6}$/);
    const [where, branch] = readFileSync(join(record.artifactDir, 'where.txt'), 'utf8').trim().split('\n');
    assert.equal(where, record.worktreePath);
    assert.equal(branch, record.branch);
    assert.equal(record.sharedData.branch_name, record.branch);
    assert.match(record.terminal ?? '', /^lwc \(pid \d+\)$/);
    assert.equal(existsSync(record.worktreePath!), false, 'removed: nothing to keep');
    assert.equal(branches().includes(record.branch!), false, 'the branch held nothing: deleted with the worktree');
    assert.equal(record.sharedData.worktree_new_branch, 'true');
    assert.equal(repo.git('worktree', 'list', '--porcelain').includes(record.worktreePath!), false);
  });

  it('worktree lifecycle keeps the worktree when the command leaves changes, and when it fails; resume continues there', async () => {
    const leaves = await runCommand({
      repoRoot: repo.root,
      command: commandOf({ name: 'writes', lifecycle: 'worktree', branchName: 'feature/{{ args.topic }}', arguments: [{ name: 'topic', description: '', required: true, type: 'string' }], steps: [shell('edit', 'echo new > NEW.md')] }),
      args: { topic: 'docs' },
      deps: depsFor(repo.root),
    });
    assert.equal(leaves.status, 'completed', leaves.error);
    assert.equal(leaves.branch, 'feature/docs');
    assert.equal(readFileSync(join(leaves.worktreePath!, 'NEW.md'), 'utf8'), 'new\n');
    assert.equal(existsSync(join(repo.root, 'NEW.md')), false, 'the checkout is untouched');

    const fails = await runCommand({
      repoRoot: repo.root,
      command: commandOf({ name: 'fails', lifecycle: 'worktree', steps: [shell('commit', 'echo a > a.txt && git add a.txt && git -c user.name=t -c user.email=t@t commit -qm a'), shell('check', '[ -f "$LWC_PROJECT/go" ]')] }),
      args: {},
      deps: depsFor(repo.root),
    });
    assert.equal(fails.status, 'failed');
    assert.ok(existsSync(join(fails.worktreePath!, 'a.txt')), 'kept after the failure');
    repo.write('go', '');
    const resumed = await resumeSession(repo.root, fails.id, { deps: depsFor(repo.root) });
    assert.equal(resumed.status, 'completed', resumed.error);
    assert.equal(resumed.worktreePath, fails.worktreePath);
    assert.ok(existsSync(join(fails.worktreePath!, 'a.txt')), 'kept: its branch has a commit beyond where it started');
  });

  it('session lifecycle records the terminal it runs in; gather-context, store-artifacts and run-tests write their artifacts', async () => {
    repo.commit({ 'test.sh': 'echo "1 passing"\n' });
    const command = commandOf({
      name: 'ctx',
      lifecycle: 'session',
      steps: [builtin('setup-environment'), builtin('validate-prerequisites'), builtin('gather-context'), builtin('run-tests', { args: ['sh', 'test.sh'] }), builtin('store-artifacts')],
    });
    const record = await runCommand({ repoRoot: repo.root, command, args: {}, terminal: 'LW Coder: ctx', deps: depsFor(repo.root) });
    assert.equal(record.status, 'completed', record.error);
    assert.equal(record.terminal, 'LW Coder: ctx');
    const context = JSON.parse(readFileSync(join(record.artifactDir, 'specs', 'context.json'), 'utf8')) as { git_branch: string; session_id: string };
    assert.equal(context.git_branch, 'main');
    assert.equal(context.session_id, record.id);
    assert.equal(record.sharedData.git_branch, 'main');
    assert.equal(readFileSync(join(record.artifactDir, 'test-report.log'), 'utf8'), '$ sh test.sh\n1 passing\n');
    const manifest = JSON.parse(readFileSync(join(record.artifactDir, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    assert.ok(manifest.files.some((f) => f.path === 'specs/context.json') && manifest.files.some((f) => f.path === 'test-report.log'));
  });

  it('empty branches: a resumed session deletes the branch it made; a branch that existed before, or one with a commit, stays', async () => {
    const gated = commandOf({ name: 'gated', lifecycle: 'worktree', steps: [shell('gate', '[ -f "$LWC_PROJECT/go" ]')] });
    const failed = await runCommand({ repoRoot: repo.root, command: gated, args: {}, deps: depsFor(repo.root) });
    assert.equal(failed.status, 'failed');
    assert.ok(branches().includes(failed.branch!), 'kept while the session is failed');
    repo.write('go', '');
    const resumed = await resumeSession(repo.root, failed.id, { deps: depsFor(repo.root) });
    assert.equal(resumed.status, 'completed', resumed.error);
    assert.equal(branches().includes(failed.branch!), false, 'deleted once the resumed session completed with nothing on it');

    // An explicit branch_name naming a branch that is already there: the command works on it and never deletes it.
    repo.git('branch', 'topic/existing');
    const onExisting = await runCommand({ repoRoot: repo.root, command: commandOf({ name: 'reuse', lifecycle: 'worktree', branchName: 'topic/existing', steps: [shell('noop', 'true')] }), args: {}, deps: depsFor(repo.root) });
    assert.equal(onExisting.status, 'completed', onExisting.error);
    assert.equal(onExisting.sharedData.worktree_new_branch, 'false');
    assert.ok(branches().includes('topic/existing'), 'a branch the session did not create stays');

    // A commit on the branch: the worktree and branch are kept (the work is there).
    const commits = await runCommand({ repoRoot: repo.root, command: commandOf({ name: 'commits', lifecycle: 'worktree', steps: [shell('commit', 'git -c user.name=t -c user.email=t@t commit -q --allow-empty -m work')] }), args: {}, deps: depsFor(repo.root) });
    assert.equal(commits.status, 'completed', commits.error);
    assert.ok(branches().includes(commits.branch!));
    assert.ok(existsSync(commits.worktreePath!));
  });

  it('run-tests fails the step when the tests fail, keeping the report; an unknown built-in names the known ones', async () => {
    const failing = await runCommand({ repoRoot: repo.root, command: commandOf({ name: 't', steps: [builtin('run-tests', { args: ['sh', '-c', 'echo "1 failing"; exit 1'] })] }), args: {}, deps: depsFor(repo.root) });
    assert.equal(failing.status, 'failed');
    assert.match(failing.error ?? '', /the tests failed \(exit 1\)/);
    assert.match(readFileSync(join(failing.artifactDir, 'test-report.log'), 'utf8'), /\n1 failing\n$/);
    const unknown = await runCommand({ repoRoot: repo.root, command: commandOf({ name: 'u', steps: [builtin('make-coffee')] }), args: {}, deps: depsFor(repo.root) });
    assert.match(unknown.error ?? '', /Unknown built-in step 'make-coffee'. Use one of: setup-environment/);
  });
});
