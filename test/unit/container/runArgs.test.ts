import { strict as assert } from 'node:assert';
import type { HostPathKind } from '../../../src/core/container/hostPaths';
import { bindSourcesOf, validateDockerRunArgs, type RunArgVerdict } from '../../../src/core/container/runArgs';
import { contextFor, REPO } from './runArgsContext';

type Resolved = Readonly<Record<string, { real?: string; kind?: HostPathKind }>>;
/** [args, expected verdict of the first finding, what the case proves, facts about bind sources] */
type Case = readonly [readonly string[], RunArgVerdict, string, Resolved?];

const judge = (args: readonly string[], resolved?: Resolved) => validateDockerRunArgs(args, contextFor(args, resolved));

function runCases(title: string, cases: readonly Case[]): void {
  describe(title, () => {
    for (const [args, verdict, what, resolved] of cases) {
      it(`${verdict === 'allowed' ? 'allows' : verdict === 'refused' ? 'refuses' : 'asks confirmation for'} ${what}: ${args.join(' ')}`, () => {
        const result = judge(args, resolved);
        assert.equal(result.findings[0]?.verdict, verdict, JSON.stringify(result.findings));
        if (verdict !== 'allowed') {
          assert.ok(result.findings[0]?.fix, 'a finding that is not allowed carries a fix');
          assert.match(result.findings[0]?.message ?? '', /docker_run_args\[0\]/);
        }
      });
    }
  });
}

runCases('validateDockerRunArgs: options as before', [
  [['--env', 'FOO=bar'], 'allowed', 'an env assignment'],
  [['-e', 'FOO=bar'], 'allowed', 'the short env form'],
  [['-eFOO=bar'], 'allowed', 'the attached short form'],
  [['-e=FOO=bar'], 'allowed', 'the short form with = (pflag strips it)'],
  [['--env', 'FOO'], 'refused', 'a bare name (would read the host env behind forward_env\'s back)'],
  [['--network', 'none'], 'allowed', 'networking off'],
  [['--network=host'], 'needs-confirmation', 'the host network'],
  [['--net', 'container:db'], 'needs-confirmation', "another container's network via the alias"],
  [['--memory', '4g'], 'allowed', 'a memory limit'],
  [['-m', 'lots'], 'refused', 'a malformed size'],
  [['--cpus', '2'], 'allowed', 'a CPU limit'],
  [['--add-host', 'db:10.0.0.5'], 'allowed', 'an extra host'],
  [['--privileged'], 'needs-confirmation', 'privileged mode'],
  [['--privileged=false'], 'allowed', 'privileged explicitly off'],
  [['--pid=host'], 'needs-confirmation', 'the host PID namespace'],
  [['--ipc', 'host'], 'needs-confirmation', 'the host IPC namespace'],
  [['--uts=host'], 'needs-confirmation', 'the host UTS namespace'],
  [['--userns=host'], 'needs-confirmation', 'the host user namespace'],
  [['--cap-add', 'SYS_ADMIN'], 'needs-confirmation', 'an added capability'],
  [['--security-opt', 'seccomp=unconfined'], 'needs-confirmation', 'seccomp off'],
  [['--security-opt', 'apparmor:unconfined'], 'needs-confirmation', 'apparmor off (colon form)'],
  [['--security-opt', 'no-new-privileges=false'], 'needs-confirmation', 'privilege escalation back on'],
  [['--device', '/dev/kvm'], 'needs-confirmation', 'a host device'],
  [['-v', `${REPO}/cache:/cache`], 'allowed', 'a bind mount inside the repository'],
  [['-v', './cache:/cache:ro'], 'allowed', 'a relative bind mount (resolved against the repository)'],
  [['-v', '/etc:/host-etc:ro'], 'needs-confirmation', 'a bind mount outside the repository'],
  [['-v', '../sibling:/x'], 'needs-confirmation', 'a relative path escaping the repository'],
  [['-v', '/var/run/docker.sock:/var/run/docker.sock'], 'needs-confirmation', 'the Docker socket', { '/var/run/docker.sock': { kind: 'socket' } }],
  [['-v', 'npm-cache:/cache'], 'allowed', 'a named volume'],
  [['-v', `${REPO}/x:/workspace`], 'refused', 'a target over our worktree mount'],
  [['--mount', 'type=bind,source=/,target=/host,readonly'], 'needs-confirmation', '--mount of the host root, read-only'],
  [['--mount', 'type=bind,source=/,target=/host'], 'refused', '--mount of the host root read-write (it holds the repository and its .git)'],
  [['--mount', `type=bind,src=${REPO}/data,dst=/data,readonly`], 'allowed', '--mount inside the repository'],
  [['--mount', 'type=tmpfs,target=/scratch'], 'allowed', 'a tmpfs mount'],
  [['-u', '0:0'], 'needs-confirmation', 'another user'],
  [['--rm'], 'refused', 'an option LW Coder sets itself'],
  [['--frobnicate'], 'refused', 'an unknown option'],
  [['ubuntu'], 'refused', 'a positional argument (an image)'],
  [['--memory'], 'refused', 'a missing value'],
  [['--env-file', '.env'], 'refused', 'env files (config env_file does that)'],
]);

// Issue 10 item 1: a committed symlink is judged by where it leads, not by how it is spelled.
runCases('validateDockerRunArgs: bind sources judged by their real path (issue 10 item 1)', [
  [['-v', './.lw_coder/hostroot:/host:ro'], 'needs-confirmation', 'a symlink inside the repository that leads to /', { [`${REPO}/.lw_coder/hostroot`]: { real: '/' } }],
  [['-v', './.lw_coder/sock:/var/run/docker.sock'], 'needs-confirmation', 'a symlink to the Docker socket', { [`${REPO}/.lw_coder/sock`]: { real: '/run/docker.sock', kind: 'socket' } }],
  [['--mount', 'type=bind,source=./.lw_coder/hostroot,target=/host,readonly'], 'needs-confirmation', 'the same symlink through --mount', { [`${REPO}/.lw_coder/hostroot`]: { real: '/' } }],
  [['--mount', 'type=bind,src=./.lw_coder/sock,dst=/s'], 'needs-confirmation', 'a symlinked socket through --mount', { [`${REPO}/.lw_coder/sock`]: { real: '/var/run/docker.sock', kind: 'socket' } }],
  [['-v', './agent.sock:/a.sock'], 'needs-confirmation', 'any socket, even inside the repository', { [`${REPO}/agent.sock`]: { kind: 'socket' } }],
  [['-v', './disk:/disk'], 'needs-confirmation', 'a block device inside the repository', { [`${REPO}/disk`]: { real: '/dev/sda', kind: 'block-device' } }],
  [['-v', './tty:/tty'], 'needs-confirmation', 'a character device', { [`${REPO}/tty`]: { real: '/dev/tty', kind: 'char-device' } }],
  [['-v', './link:/x'], 'allowed', 'a symlink that stays inside the repository', { [`${REPO}/link`]: { real: `${REPO}/data` } }],
  [['-v', './gone:/x'], 'refused', 'a missing source (the engine would fail, or mount whatever appears)', { [`${REPO}/gone`]: { kind: 'missing' } }],
  [['-v', './dangling:/x'], 'refused', 'a dangling symlink', { [`${REPO}/dangling`]: { kind: 'unresolvable' } }],
  [['-v', '.:/src'], 'refused', 'the repository root read-write'],
  [['-v', './src:/src:ro'], 'allowed', 'a directory of the repository read-only'],
  [['-v', '.:/src:ro'], 'needs-confirmation', 'the repository root read-only (it holds the env file)'],
  [['-v', './.env:/e:ro'], 'needs-confirmation', 'the env file itself (all of it, not forward_env\'s picks)'],
  [['-v', './innocent.txt:/e:ro'], 'needs-confirmation', 'a symlink to the env file', { [`${REPO}/innocent.txt`]: { real: `${REPO}/.env`, kind: 'file' } }],
  [['-v', './.git:/g'], 'refused', 'the git directory read-write'],
  [['-v', './.git/hooks:/h:rw'], 'refused', 'part of the git directory read-write'],
  [['--mount', 'type=bind,source=./innocent,target=/i'], 'refused', 'a symlink to the git directory, read-write', { [`${REPO}/innocent`]: { real: `${REPO}/.git` } }],
  [['-v', './.lw_coder/state:/s'], 'refused', "LW Coder's state read-write"],
  [['-v', './.lw_coder:/l'], 'refused', 'a directory holding LW Coder\'s state, read-write'],
  [['-v', '/home:/h'], 'refused', 'a directory holding the repository, read-write'],
  [['-v', '/home:/h:ro'], 'needs-confirmation', 'a directory holding the repository, read-only (outside it)'],
  [['-v', '~/.ssh:/ssh'], 'refused', 'an unexpanded ~'],
  [['-v', 'data/sub:/x'], 'refused', 'a relative path not starting with . (a volume name to Docker, and not a valid one)'],
  [['-v', './data:/x:z'], 'refused', 'a mode LW Coder does not apply (SELinux relabel)'],
  [['--mount', 'type=bind,source=data,target=/x'], 'refused', 'a --mount bind source that is neither absolute nor ./-relative'],
  [['--mount', 'type=bind,source=./data,target=/x,bind-propagation=rshared'], 'refused', 'a --mount option LW Coder does not apply'],
  [['--mount', 'type=bind,source=./data,target=/x,readonly=maybe'], 'refused', 'a readonly value Go does not read as a boolean'],
]);

runCases('validateDockerRunArgs: our mount points (issue 10 item 3)', [
  [['--tmpfs', '/workspace'], 'refused', 'a tmpfs over the worktree'],
  [['--tmpfs', '/repo-git:rw'], 'refused', 'a tmpfs over the git directory'],
  [['--tmpfs', '/home/droiduser'], 'refused', 'a tmpfs over the agent home'],
  [['--tmpfs', '/tmp/lw_coder'], 'refused', 'a tmpfs over the prompt directory'],
  [['--mount', 'type=tmpfs,target=/workspace/.git'], 'refused', 'a --mount tmpfs inside the worktree'],
  [['--mount', 'type=volume,src=v,dst=/home/droiduser/.factory/auth.json'], 'refused', 'a volume over the auth file'],
  [['-v', 'v:/tmp/lw_coder/agent'], 'refused', 'a volume over the headless agent directory'],
  [['-v', './data:/workspace/'], 'refused', 'a target spelled with a trailing slash'],
  [['-v', './data:/x/../workspace'], 'refused', 'a target that normalises onto ours'],
  [['-v', './data:/'], 'refused', 'the container root'],
  [['--tmpfs', '/tmp'], 'allowed', 'a tmpfs over a parent of ours (the engine mounts parents first)'],
  [['--tmpfs', 'relative'], 'refused', 'a relative tmpfs target'],
]);

runCases('validateDockerRunArgs: values as Docker parses them (issue 10 item 3)', [
  ...['=0', '=f', '=F', '=FALSE', '=false', '=False', ':false', ':0', ':FALSE'].map((s): Case => [['--security-opt', `no-new-privileges${s}`], 'needs-confirmation', `no-new-privileges${s} (off in Go's ParseBool)`]),
  ...['=1', '=t', '=TRUE', '=True', ':true', ''].map((s): Case => [['--security-opt', `no-new-privileges${s}`], 'allowed', `no-new-privileges${s} (on)`]),
  [['--security-opt', 'no-new-privileges=no'], 'refused', 'a value ParseBool rejects'],
  [['--security-opt', 'disable'], 'needs-confirmation', 'SELinux labelling off (bare disable)'],
  [['--security-opt', 'label=disable'], 'needs-confirmation', 'SELinux labelling off'],
  [['--security-opt', 'label:disable'], 'needs-confirmation', 'SELinux labelling off (colon form)'],
  [['--security-opt', 'label=type:spc_t'], 'needs-confirmation', 'an unconfined SELinux type'],
  [['--security-opt', 'label=level:s0:c100,c200'], 'needs-confirmation', 'another SELinux level'],
  [['--security-opt', 'apparmor=docker-default'], 'allowed', 'the default AppArmor profile'],
  [['--security-opt', 'apparmor=my-profile'], 'needs-confirmation', 'another AppArmor profile'],
  [['--security-opt', 'seccomp=builtin'], 'allowed', 'the built-in seccomp profile'],
  [['--security-opt', 'seccomp=./profile.json'], 'refused', 'a seccomp profile file'],
  [['--security-opt', 'systempaths=unconfined'], 'needs-confirmation', 'unmasked /proc and /sys'],
  [['--security-opt', 'label='], 'refused', 'an empty value'],
  [['--security-opt', 'bogus=1'], 'refused', 'an unknown security option'],
  [['--privileged=0'], 'allowed', 'privileged=0 (off)'],
  [['--privileged=F'], 'allowed', 'privileged=F (off)'],
  [['--privileged=1'], 'needs-confirmation', 'privileged=1 (on)'],
  [['--privileged=TRUE'], 'needs-confirmation', 'privileged=TRUE (on)'],
  [['--privileged=yes'], 'refused', 'privileged=yes (not a Go boolean)'],
  [['--privileged', 'false'], 'needs-confirmation', "privileged then a stray 'false' (bool flags never take the next element)"],
  [['--read-only=nah'], 'refused', 'a malformed boolean on an allowed flag'],
  [['-it'], 'refused', 'combined short flags'],
  [['-dit'], 'refused', 'three combined short flags'],
  [['-i=false'], 'refused', 'an option LW Coder sets itself, whatever its value'],
  [['-privileged'], 'refused', 'a single-dash long name (pflag reads -p rivileged)'],
  ...['-1', '0', '-5', '0x0', '-0b1', '-0o1'].map((v): Case => [['--pids-limit', v], 'needs-confirmation', `--pids-limit ${v} (no limit)`]),
  [['--pids-limit', '0x10'], 'allowed', 'a hexadecimal pids limit (16)'],
  [['--pids-limit=1_000'], 'allowed', 'a pids limit with a digit separator'],
  [['--pids-limit', '1__0'], 'refused', 'a misplaced digit separator'],
  [['--pids-limit', 'many'], 'refused', 'a pids limit that is not a number'],
  [['--memory-swap', '-1'], 'needs-confirmation', 'unlimited swap'],
  [['--memory-swap=-1'], 'needs-confirmation', 'unlimited swap (= form)'],
  [['--memory-swap', '8g'], 'allowed', 'a swap limit'],
  [['--memory-swap', '-2'], 'refused', 'a negative size'],
  [['-m', '0'], 'needs-confirmation', 'memory 0 (no limit)'],
  [['-m', '0b'], 'needs-confirmation', 'memory 0b (no limit)'],
  [['-m', '1.5GiB'], 'allowed', 'a size with GiB'],
  [['-m', '1e3k'], 'allowed', 'a size in exponent form'],
  [['--ulimit', 'nofile=1024:2048'], 'allowed', 'a finite open-files limit'],
  [['--ulimit', 'nproc=-1'], 'needs-confirmation', 'an unlimited ulimit'],
  [['--ulimit', 'core=0:-1'], 'needs-confirmation', 'an unlimited hard limit'],
  [['--ulimit', 'memlock=1024'], 'needs-confirmation', 'memlock (pinning memory)'],
  [['--ulimit', 'rtprio=99'], 'needs-confirmation', 'real-time priority'],
  [['--ulimit', 'nofile=2048:1024'], 'refused', 'soft above hard'],
  [['--ulimit', 'bogus=1'], 'refused', 'an unknown ulimit'],
  [['-p', '8080:80'], 'allowed', 'a port without an address (bound to 127.0.0.1)'],
  [['-p', '80'], 'allowed', 'a container port alone (127.0.0.1, any host port)'],
  [['-p', '127.0.0.1:8080:80'], 'allowed', 'a loopback port'],
  [['-p', '[::1]:8080:80'], 'allowed', 'an IPv6 loopback port'],
  [['--publish=8000-8002:9000-9002/udp'], 'allowed', 'a range without an address'],
  [['-p', '0.0.0.0:8080:80'], 'needs-confirmation', 'every IPv4 interface'],
  [['-p', '[::]:8080:80'], 'needs-confirmation', 'every IPv6 interface'],
  [['-p', ':::8080:80'], 'needs-confirmation', 'every IPv6 interface without brackets'],
  [['-p', '192.168.1.5:8080:80'], 'needs-confirmation', 'a LAN address'],
  [['-p', '8000-8001:80-82'], 'refused', 'ranges of different sizes'],
  [['-p', '8080:80/icmp'], 'refused', 'an unknown protocol'],
  [['-p', '01.2.3.4:80:80'], 'refused', 'an IPv4 address with a leading zero (Go rejects it)'],
  [['-p', 'target=80,published=8080'], 'refused', 'the long form'],
  [['-p', '70000:80'], 'refused', 'a port out of range'],
  [['--workdir', 'rel'], 'refused', 'a relative working directory'],
  [['--cpu-shares', 'x'], 'refused', 'cpu-shares that is not a number'],
]);

describe('validateDockerRunArgs: variables LW Coder sets itself (issue 10 item 3)', () => {
  for (const name of ['HOME', 'OPENROUTER_API_KEY', 'OPENROUTER_BASE_URL', 'OPENROUTER_MODEL', 'CODEX_HOME', 'OPENAI_API_KEY', 'FACTORY_API_KEY', 'FACTORY_HOME_OVERRIDE', 'FACTORY_AIRGAP_ENABLED', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY', 'DISABLE_TELEMETRY']) {
    it(`refuses -e ${name}=... (shadowing LW Coder's value), in every spelling`, () => {
      for (const args of [['-e', `${name}=x`], [`-e${name}=x`], [`--env=${name}=x`], ['--env', `${name}=`]]) {
        const f = judge(args).findings[0];
        assert.equal(f?.verdict, 'refused', args.join(' '));
        assert.match(f?.message ?? '', new RegExp(`LW Coder sets ${name} itself`));
      }
    });
  }

  it('still allows a variable of the repository\'s own', () => {
    assert.equal(judge(['-e', 'HOMEPAGE=x']).findings[0]?.verdict, 'allowed');
  });
});

describe('validateDockerRunArgs: findings and applicable options', () => {
  it('reports each finding at its index and keeps option values with their option', () => {
    const result = judge(['--network', 'none', '--privileged', '-v', '/etc:/e:ro', '--bogus']);
    assert.deepEqual(result.findings.map((f) => [f.index, f.verdict]), [[0, 'allowed'], [2, 'needs-confirmation'], [3, 'needs-confirmation'], [5, 'refused']]);
    assert.equal(result.findings[2]?.text, '-v /etc:/e:ro');
    assert.equal(result.needsConfirmation.length, 2);
    assert.equal(result.refused.length, 1);
    assert.deepEqual(result.applicable.map((a) => a.flag), ['network', 'privileged', 'volume']);
  });

  it('hands on the mount as judged: the resolved source, not the symlink', () => {
    const args = ['-v', './.lw_coder/hostroot:/host:ro'];
    const result = judge(args, { [`${REPO}/.lw_coder/hostroot`]: { real: '/' } });
    assert.deepEqual(result.applicable[0]?.mount, { Type: 'bind', Source: '/', Target: '/host', ReadOnly: true });
    assert.match(result.findings[0]!.message, /resolves to \//);
  });

  it('says where an allowed symlink leads and where an address-less port is bound', () => {
    const result = judge(['-v', './link:/x', '-p', '8080:80'], { [`${REPO}/link`]: { real: `${REPO}/data` } });
    assert.match(result.findings[0]!.message, new RegExp(`mounts ${REPO}/data`));
    assert.match(result.findings[1]!.message, /published on 127\.0\.0\.1 only/);
  });

  it('refuses a bind source nobody inspected rather than trusting its spelling', () => {
    const result = validateDockerRunArgs(['-v', './x:/x'], { ...contextFor([]), hostPaths: new Map() });
    assert.equal(result.findings[0]?.verdict, 'refused');
  });

  it('lists the bind sources to inspect, absolute, and only bind sources', () => {
    assert.deepEqual(bindSourcesOf(['-v', './a:/a', '-v', 'vol:/v', '--mount', 'type=bind,src=/b,dst=/b', '--mount', 'type=tmpfs,dst=/t', '-e', 'X=./c:/c'], REPO), [`${REPO}/a`, '/b']);
  });

  it('names the combined letters so the fix is obvious', () => {
    assert.match(judge(['-it']).findings[0]!.message, /combines short options \(-i -t\)/);
  });
});
