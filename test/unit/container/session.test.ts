import { strict as assert } from 'node:assert';
import {
  CONTAINER_DROIDS_DIR, CONTAINER_PROMPT_FILE, buildSessionSpec, containerNameFor, sessionDryRunView, type SessionInput,
} from '../../../src/core/container/session';
import { toDockerCreateOptions } from '../../../src/core/container/toCreateOptions';
import { CONTAINER_REPO_GIT, CONTAINER_WORKSPACE } from '../../../src/core/worktree/layout';

const input = (over: Partial<SessionInput> = {}): SessionInput => ({
  kind: 'interactive',
  image: 'lw_coder_droid:abc123def456',
  baseImage: 'lw_coder_droid:latest',
  planId: 'sample-plan',
  runId: '2025-01-02T03:04:05Z',
  repoRoot: '/repo',
  worktreePath: '/repo/.lw_coder/worktrees/sample-plan',
  repoGitDir: '/repo/.git',
  tasksDir: '/repo/.lw_coder/tasks',
  promptFile: '/repo/.lw_coder/runs/sample-plan/r1/prompts/main.md',
  droidsDir: '/repo/.lw_coder/runs/sample-plan/r1/droids',
  env: [{ name: 'OPENROUTER_API_KEY', value: 'sk-secret' }],
  hostUser: { uid: 1000, gid: 1001 },
  ...over,
});

describe('container session spec', () => {
  it('mounts the worktree rw, the git dir, tasks, prompt and droids read-only at the seed paths', () => {
    const spec = buildSessionSpec(input());
    assert.deepEqual(spec.mounts, [
      { source: '/repo/.lw_coder/worktrees/sample-plan', target: CONTAINER_WORKSPACE, readOnly: false },
      { source: '/repo/.git', target: CONTAINER_REPO_GIT, readOnly: true },
      { source: '/repo/.lw_coder/tasks', target: '/workspace/.lw_coder/tasks', readOnly: true },
      { source: '/repo/.lw_coder/runs/sample-plan/r1/prompts/main.md', target: '/tmp/lw_coder/main_prompt.md', readOnly: true },
      { source: '/repo/.lw_coder/runs/sample-plan/r1/droids', target: '/home/droiduser/.factory/droids', readOnly: true },
    ]);
    assert.equal(CONTAINER_PROMPT_FILE, '/tmp/lw_coder/main_prompt.md');
    assert.equal(CONTAINER_DROIDS_DIR, '/home/droiduser/.factory/droids');
  });

  it('mounts droid auth and settings only when the caller found them on disk', () => {
    const absent = buildSessionSpec(input({ droidAuth: { path: '/home/u/.factory/auth.json', exists: false }, droidSettings: { path: '/s.json', exists: false } }));
    assert.equal(absent.mounts.some((m) => m.target.endsWith('auth.json') || m.target.endsWith('settings.json')), false);
    const present = buildSessionSpec(input({ droidAuth: { path: '/home/u/.factory/auth.json', exists: true }, droidSettings: { path: '/s.json', exists: true } }));
    assert.deepEqual(present.mounts.slice(-2), [
      { source: '/home/u/.factory/auth.json', target: '/home/droiduser/.factory/auth.json', readOnly: true },
      { source: '/s.json', target: '/home/droiduser/.factory/settings.json', readOnly: true },
    ]);
  });

  it('makes the git dir and tasks writable only on opt-in', () => {
    const spec = buildSessionSpec(input({ repoGitWritable: true, tasksWritable: true }));
    assert.equal(spec.mounts.find((m) => m.target === CONTAINER_REPO_GIT)?.readOnly, false);
    assert.equal(spec.mounts.find((m) => m.target.endsWith('/tasks'))?.readOnly, false);
  });

  it('runs as the host UID:GID, without privileges, with limits and findable labels', () => {
    const spec = buildSessionSpec(input());
    assert.equal(spec.user, '1000:1001');
    assert.deepEqual(spec.securityOptions, ['no-new-privileges']);
    assert.deepEqual(spec.capDrop, ['ALL']);
    assert.ok(spec.pidsLimit > 0 && spec.memoryBytes > 0);
    assert.equal(spec.labels['lw_coder.plan_id'], 'sample-plan');
    assert.equal(spec.labels['lw_coder.run_id'], '2025-01-02T03:04:05Z');
    assert.equal(spec.labels['lw_coder.managed'], 'true');
    assert.equal(spec.workingDir, '/workspace');
  });

  it('sets HOME to the image home, overriding a forwarded HOME', () => {
    const spec = buildSessionSpec(input({ env: [{ name: 'HOME', value: '/home/host' }, { name: 'A', value: '1' }] }));
    assert.deepEqual(spec.env, [{ name: 'HOME', value: '/home/droiduser' }, { name: 'A', value: '1' }]);
  });

  it('starts droid on the mounted prompt by default and is interactive with a TTY', () => {
    const spec = buildSessionSpec(input());
    assert.deepEqual(spec.command, ['bash', '-c', 'exec droid "$(cat /tmp/lw_coder/main_prompt.md)"']);
    assert.equal(spec.tty, true);
    assert.equal(spec.openStdin, true);
    const headless = buildSessionSpec(input({ kind: 'headless', command: ['droid', 'exec', 'x'] }));
    assert.equal(headless.tty, false);
    assert.equal(headless.openStdin, false);
    assert.deepEqual(headless.command, ['droid', 'exec', 'x']);
  });

  it('names the container after plan and run with characters Docker accepts', () => {
    assert.equal(containerNameFor('sample-plan', '2025-01-02T03:04:05Z'), 'lwc-sample-plan-2025-01-02T03-04-05Z');
  });

  it('dry-run view lists variable names, never values', () => {
    const view = sessionDryRunView(buildSessionSpec(input()));
    assert.deepEqual(view.env, ['HOME', 'OPENROUTER_API_KEY']);
    assert.equal(JSON.stringify(view).includes('sk-secret'), false);
    assert.deepEqual(Object.keys(view), ['image', 'baseImage', 'mounts', 'env', 'user', 'securityOptions', 'capDrop', 'command']);
  });
});

describe('toDockerCreateOptions', () => {
  it('maps the spec to the engine create body as data', () => {
    const options = toDockerCreateOptions(buildSessionSpec(input({ pidsLimit: 100, memoryBytes: 1024 })));
    assert.equal(options.Image, 'lw_coder_droid:abc123def456');
    assert.equal(options.User, '1000:1001');
    assert.deepEqual(options.Env, ['HOME=/home/droiduser', 'OPENROUTER_API_KEY=sk-secret']);
    assert.equal(options.Tty, true);
    assert.equal(options.OpenStdin, true);
    assert.equal(options.WorkingDir, '/workspace');
    assert.deepEqual(options.HostConfig.SecurityOpt, ['no-new-privileges']);
    assert.deepEqual(options.HostConfig.CapDrop, ['ALL']);
    assert.equal(options.HostConfig.PidsLimit, 100);
    assert.equal(options.HostConfig.Memory, 1024);
    assert.equal(options.HostConfig.Init, true);
    assert.deepEqual(options.HostConfig.Mounts?.[1], { Type: 'bind', Source: '/repo/.git', Target: '/repo-git', ReadOnly: true });
    assert.equal(options.Labels?.['lw_coder.plan_id'], 'sample-plan');
    assert.equal(options.name, 'lwc-sample-plan-2025-01-02T03-04-05Z');
  });
});
