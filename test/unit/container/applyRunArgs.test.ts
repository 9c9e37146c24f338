import { strict as assert } from 'node:assert';
import { applyRunArgs, mountsOfCreate } from '../../../src/core/container/applyRunArgs';
import { validateDockerRunArgs } from '../../../src/core/container/runArgs';
import { confinementOf } from '../../../src/core/container/createView';
import { contextFor, REPO } from './runArgsContext';
import { LABEL_MANAGED, LABEL_PLAN_ID, buildSessionSpec } from '../../../src/core/container/session';
import { toDockerCreateOptions } from '../../../src/core/container/toCreateOptions';

const base = toDockerCreateOptions(buildSessionSpec({
  kind: 'interactive', image: 'img', baseImage: 'base', planId: 'plan-a', runId: 'r1', repoRoot: REPO,
  worktreePath: `${REPO}/.lw_coder/worktrees/plan-a`, repoGitDir: `${REPO}/.git`, tasksDir: `${REPO}/.lw_coder/tasks`,
  promptFile: '/runs/p/main.md', droidsDir: '/runs/p/droids', env: [{ name: 'A', value: '1' }], hostUser: { uid: 1000, gid: 1000 },
}));
const apply = (args: string[], resolved?: Parameters<typeof contextFor>[1]) => applyRunArgs(base, validateDockerRunArgs(args, contextFor(args, resolved)).applicable);

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
    const c = apply(['-v', './cache:/cache:ro', '-v', 'npm-cache:/npm', '--mount', 'type=bind,source=./data,target=/data']);
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
    assert.deepEqual(c.HostConfig.SecurityOpt, ['no-new-privileges=false'], 'ours is replaced by one explicit answer, never contradicted');
    assert.equal(c.User, '0:0');
  });

  it('publishes ports with their exposure', () => {
    const c = apply(['-p', '127.0.0.1:8080:80']);
    assert.deepEqual(c.ExposedPorts, { '80/tcp': {} });
    assert.deepEqual(c.HostConfig.PortBindings, { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] });
  });

  it('binds a port without an address to 127.0.0.1, never every interface (issue 10 item 3)', () => {
    const c = apply(['-p', '8080:80', '-p', '9000', '--publish=7000-7001:7000-7001/udp']);
    assert.deepEqual(c.HostConfig.PortBindings, {
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
      '9000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
      '7000/udp': [{ HostIp: '127.0.0.1', HostPort: '7000' }],
      '7001/udp': [{ HostIp: '127.0.0.1', HostPort: '7001' }],
    });
    assert.deepEqual(confinementOf(c).ports.map((p) => `${p.hostIp}:${p.hostPort}->${p.container}`), ['127.0.0.1:8080->80/tcp', '127.0.0.1:->9000/tcp', '127.0.0.1:7000->7000/udp', '127.0.0.1:7001->7001/udp']);
  });

  it('keeps an address the user confirmed, brackets removed', () => {
    const c = apply(['-p', '[::]:8080:80', '-p', '0.0.0.0:8081:81']);
    assert.deepEqual(c.HostConfig.PortBindings, { '80/tcp': [{ HostIp: '::', HostPort: '8080' }], '81/tcp': [{ HostIp: '0.0.0.0', HostPort: '8081' }] });
  });

  it('mounts the resolved path of a symlinked source, so the engine never follows the link itself (issue 10 item 1)', () => {
    const c = apply(['-v', './.lw_coder/hostroot:/host:ro', '--mount', 'type=bind,src=./.lw_coder/sock,dst=/s'], {
      [`${REPO}/.lw_coder/hostroot`]: { real: '/' },
      [`${REPO}/.lw_coder/sock`]: { real: '/run/docker.sock', kind: 'socket' },
    });
    assert.deepEqual(mountsOfCreate(c).slice(base.HostConfig.Mounts!.length), [
      { source: '/', target: '/host', readOnly: true },
      { source: '/run/docker.sock', target: '/s', readOnly: false },
    ]);
  });

  it('applies values as Docker reads them: Go booleans, base-0 integers, binary sizes, last ulimit of a name', () => {
    const c = apply(['--privileged=0', '--read-only=T', '--init=false', '--pids-limit', '0x20', '--cpu-shares', '0o10', '-m', '1.5GiB', '--ulimit', 'nofile=10:20', '--ulimit', 'nofile=30:40']);
    assert.equal(c.HostConfig.Privileged, false);
    assert.equal(c.HostConfig.ReadonlyRootfs, true);
    assert.equal(c.HostConfig.Init, false);
    assert.equal(c.HostConfig.PidsLimit, 32);
    assert.equal(c.HostConfig.CpuShares, 8);
    assert.equal(c.HostConfig.Memory, 1.5 * 1024 ** 3);
    assert.deepEqual(c.HostConfig.Ulimits, [{ Name: 'nofile', Soft: 30, Hard: 40 }]);
  });

  it('settles no-new-privileges on its last spelling and keeps one entry', () => {
    assert.deepEqual(apply(['--security-opt', 'no-new-privileges:0', '--security-opt', 'no-new-privileges=TRUE']).HostConfig.SecurityOpt, ['no-new-privileges']);
    assert.deepEqual(apply(['--security-opt', 'no-new-privileges=f', '--security-opt', 'label=disable']).HostConfig.SecurityOpt, ['no-new-privileges=false', 'label=disable']);
  });

  it('turns systempaths=unconfined into what the CLI sends: empty masked and read-only path lists', () => {
    const c = apply(['--security-opt', 'systempaths=unconfined']);
    assert.deepEqual([c.HostConfig.MaskedPaths, c.HostConfig.ReadonlyPaths, c.HostConfig.SecurityOpt], [[], [], ['no-new-privileges']]);
    assert.equal(confinementOf(c).systemPathsMasked, false);
  });

  it('shows tmpfs, ulimits, limits and namespaces in the dry-run view of the body', () => {
    const view = confinementOf(apply(['--tmpfs', '/scratch:size=64m', '--mount', 'type=tmpfs,dst=/t2,tmpfs-size=1m,tmpfs-mode=1777', '--ulimit', 'nofile=1024', '--memory-swap', '-1', '--pid', 'host', '--network', 'none', '--cap-add', 'net_raw', '--device', '/dev/kvm']));
    assert.deepEqual(view.tmpfs, [{ target: '/scratch', options: 'size=64m' }, { target: '/t2', options: 'size=1048576,mode=1777' }]);
    assert.deepEqual(view.ulimits, [{ name: 'nofile', soft: 1024, hard: 1024 }]);
    assert.equal(view.limits.memorySwapBytes, -1);
    assert.equal(view.pidMode, 'host');
    assert.equal(view.network, 'none');
    assert.deepEqual(view.capAdd, ['NET_RAW']);
    assert.deepEqual(view.devices, [{ host: '/dev/kvm', container: '/dev/kvm', permissions: 'rwm' }]);
  });
});
