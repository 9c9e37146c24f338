import { strict as assert } from 'node:assert';
import { parseDockerSize, validateDockerRunArgs, type RunArgVerdict } from '../../../src/core/container/runArgs';

const REPO = '/home/u/project';

/** [args, expected verdict of the first finding, what the case proves] */
const CASES: readonly [readonly string[], RunArgVerdict, string][] = [
  [['--env', 'FOO=bar'], 'allowed', 'an env assignment'],
  [['-e', 'FOO=bar'], 'allowed', 'the short env form'],
  [['-eFOO=bar'], 'allowed', 'the attached short form'],
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
  [['-v', '/var/run/docker.sock:/var/run/docker.sock'], 'needs-confirmation', 'the Docker socket'],
  [['-v', 'npm-cache:/cache'], 'allowed', 'a named volume'],
  [['-v', `${REPO}/x:/workspace`], 'refused', 'a target over our worktree mount'],
  [['--mount', 'type=bind,source=/,target=/host'], 'needs-confirmation', '--mount of the host root'],
  [['--mount', `type=bind,src=${REPO}/data,dst=/data,readonly`], 'allowed', '--mount inside the repository'],
  [['--mount', 'type=tmpfs,target=/scratch'], 'allowed', 'a tmpfs mount'],
  [['-u', '0:0'], 'needs-confirmation', 'another user'],
  [['--rm'], 'refused', 'an option LW Coder sets itself'],
  [['-it'], 'refused', 'combined short flags are not options it can apply'],
  [['--frobnicate'], 'refused', 'an unknown option'],
  [['ubuntu'], 'refused', 'a positional argument (an image)'],
  [['--memory'], 'refused', 'a missing value'],
  [['--env-file', '.env'], 'refused', 'env files (config env_file does that)'],
];

describe('validateDockerRunArgs', () => {
  for (const [args, verdict, what] of CASES) {
    it(`${verdict === 'allowed' ? 'allows' : verdict === 'refused' ? 'refuses' : 'asks confirmation for'} ${what}: ${args.join(' ')}`, () => {
      const result = validateDockerRunArgs(args, REPO);
      assert.equal(result.findings[0]?.verdict, verdict, JSON.stringify(result.findings));
      if (verdict !== 'allowed') {
        assert.ok(result.findings[0]?.fix, 'a finding that is not allowed carries a fix');
        assert.match(result.findings[0]?.message ?? '', /docker_run_args\[0\]/);
      }
    });
  }

  it('reports each finding at its index and keeps option values with their option', () => {
    const result = validateDockerRunArgs(['--network', 'none', '--privileged', '-v', '/etc:/e', '--bogus'], REPO);
    assert.deepEqual(result.findings.map((f) => [f.index, f.verdict]), [[0, 'allowed'], [2, 'needs-confirmation'], [3, 'needs-confirmation'], [5, 'refused']]);
    assert.equal(result.findings[2]?.text, '-v /etc:/e');
    assert.equal(result.needsConfirmation.length, 2);
    assert.equal(result.refused.length, 1);
    assert.deepEqual(result.applicable.map((a) => a.flag), ['network', 'privileged', 'volume']);
  });

  it('parses Docker sizes with units', () => {
    assert.equal(parseDockerSize('512m'), 512 * 1024 ** 2);
    assert.equal(parseDockerSize('2g'), 2 * 1024 ** 3);
    assert.equal(parseDockerSize('1GB'), 1024 ** 3);
    assert.equal(parseDockerSize('100'), 100);
    assert.equal(parseDockerSize('x1'), undefined);
  });
});
