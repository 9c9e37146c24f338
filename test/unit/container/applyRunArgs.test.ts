import { strict as assert } from 'node:assert';
import { applyRunArgs, mountsOfCreate } from '../../../src/core/container/applyRunArgs';
import { validateDockerRunArgs } from '../../../src/core/container/runArgs';
import { LABEL_MANAGED, LABEL_PLAN_ID, buildSessionSpec } from '../../../src/core/container/session';
import { toDockerCreateOptions } from '../../../src/core/container/toCreateOptions';

const REPO = '/home/u/project';
const base = toDockerCreateOptions(buildSessionSpec({
  kind: 'interactive', image: 'img', baseImage: 'base', planId: 'plan-a', runId: 'r1', repoRoot: REPO,
  worktreePath: `${REPO}/.lw_coder/worktrees/plan-a`, repoGitDir: `${REPO}/.git`, tasksDir: `${REPO}/.lw_coder/tasks`,
  promptFile: '/runs/p/main.md', droidsDir: '/runs/p/droids', env: [{ name: 'A', value: '1' }], hostUser: { uid: 1000, gid: 1000 },
}));
const apply = (args: string[]) => applyRunArgs(base, validateDockerRunArgs(args, REPO).applicable, REPO);

describe('applyRunArgs: docker_run_args into the create body', () => {
  it('returns the body unchanged when there are no options', () => {
    assert.equal(apply([]), base);
  });

  it('adds env, limits, networking and hosts as the engine API spells them', () => {
    const c = apply(['-e', 'FOO=bar', '--memory', '512m', '--cpus', '1.5', '--pids-limit', '100', '--network', 'none', '--add-host', 'db:10.0.0.5', '--shm-size', '1g', '--ulimit', 'nofile=1024:2048']);
    assert.deepEqual(c.Env, ['HOME=/home/droiduser', 'A=1', 'FOO=bar']);
    assert.equal(c.HostConfig.Memory, 512 * 1024 ** 2);
    assert.equal(c.HostConfig.MemorySwap, 512 * 1024 ** 2, 'swap follows memory so the limit stays real');
    assert.equal(c.HostConfig.NanoCpus, 1.5e9);
    assert.equal(c.HostConfig.PidsLimit, 100);
    assert.equal(c.HostConfig.NetworkMode, 'none');
    assert.deepEqual(c.HostConfig.ExtraHosts, ['db:10.0.0.5']);
    assert.equal(c.HostConfig.ShmSize, 1024 ** 3);
    assert.deepEqual(c.HostConfig.Ulimits, [{ Name: 'nofile', Soft: 1024, Hard: 2048 }]);
  });

  it('appends mounts after ours, resolving relative bind sources against the repository, and lists them for the dry-run', () => {
    const c = apply(['-v', './cache:/cache:ro', '-v', 'npm-cache:/npm', '--mount', 'type=bind,source=data,target=/data']);
    const extra = mountsOfCreate(c).slice(base.HostConfig.Mounts!.length);
    assert.deepEqual(extra, [
      { source: `${REPO}/cache`, target: '/cache', readOnly: true },
      { source: 'npm-cache', target: '/npm', readOnly: false },
      { source: `${REPO}/data`, target: '/data', readOnly: false },
    ]);
    assert.deepEqual(c.HostConfig.Mounts!.slice(0, base.HostConfig.Mounts!.length), base.HostConfig.Mounts, 'our mounts are kept as they were');
    assert.equal(c.HostConfig.Mounts![base.HostConfig.Mounts!.length + 1]!.Type, 'volume');
  });

  it('keeps LW Coder\'s labels over the repository\'s, so recovery still finds the container', () => {
    const c = apply(['--label', `${LABEL_PLAN_ID}=other`, '--label', 'team=x']);
    assert.equal(c.Labels?.[LABEL_PLAN_ID], 'plan-a');
    assert.equal(c.Labels?.[LABEL_MANAGED], 'true');
    assert.equal(c.Labels?.['team'], 'x');
  });

  it('applies confirmed dangerous options faithfully: privileged, capabilities, host namespaces, no-new-privileges off', () => {
    const c = apply(['--privileged', '--cap-add', 'sys_admin', '--pid', 'host', '--security-opt', 'no-new-privileges=false', '--user', '0:0']);
    assert.equal(c.HostConfig.Privileged, true);
    assert.deepEqual(c.HostConfig.CapAdd, ['SYS_ADMIN']);
    assert.equal(c.HostConfig.PidMode, 'host');
    assert.deepEqual(c.HostConfig.SecurityOpt, [], 'ours is removed rather than contradicted');
    assert.equal(c.User, '0:0');
  });

  it('publishes ports with their exposure', () => {
    const c = apply(['-p', '127.0.0.1:8080:80']);
    assert.deepEqual(c.ExposedPorts, { '80/tcp': {} });
    assert.deepEqual(c.HostConfig.PortBindings, { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] });
  });
});
