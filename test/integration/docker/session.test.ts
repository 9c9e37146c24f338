import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DockerodeEngine } from '../../../src/adapters/docker/dockerodeEngine';
import { LABEL_PLAN_ID, LABEL_RUN_ID, buildSessionSpec, type SessionInput } from '../../../src/core/container/session';
import { toDockerCreateOptions } from '../../../src/core/container/toCreateOptions';
import { makeRepo, type TestRepo } from '../../support/git';
import { TEST_BASE_IMAGE, dockerEngineAvailable, runToExit } from './support';

if (dockerEngineAvailable('container session integration tests')) {
  describe('a container created from a session spec, on the real engine', function () {
    this.timeout(120_000);
    const engine = new DockerodeEngine();
    let repo: TestRepo;
    let input: SessionInput;
    const runId = `run-${process.pid}-${Date.now().toString(36)}`;

    before(() => {
      repo = makeRepo('lwc-session-');
      const run = join(repo.root, '.lw_coder', 'runs', 'sample-plan', runId);
      mkdirSync(join(run, 'prompts'), { recursive: true });
      mkdirSync(join(run, 'droids'), { recursive: true });
      mkdirSync(join(repo.root, '.lw_coder', 'tasks'), { recursive: true });
      mkdirSync(join(repo.root, 'wt'), { recursive: true });
      writeFileSync(join(run, 'prompts', 'main.md'), 'Follow the plan.\n');
      writeFileSync(join(run, 'droids', 'code-review-auditor.md'), '---\nname: code-review-auditor\n---\n');
      input = {
        kind: 'headless',
        image: TEST_BASE_IMAGE,
        baseImage: TEST_BASE_IMAGE,
        planId: 'sample-plan',
        runId,
        repoRoot: repo.root,
        worktreePath: join(repo.root, 'wt'),
        repoGitDir: join(repo.root, '.git'),
        tasksDir: join(repo.root, '.lw_coder', 'tasks'),
        promptFile: join(run, 'prompts', 'main.md'),
        droidsDir: join(run, 'droids'),
        droidAuth: { path: join(repo.root, 'no-such-auth.json'), exists: false },
        env: [{ name: 'OPENROUTER_API_KEY', value: 'sk-test' }],
        hostUser: { uid: process.getuid?.() ?? 1000, gid: process.getgid?.() ?? 1000 },
        pidsLimit: 256,
        memoryBytes: 512 * 1024 ** 2,
      };
    });
    after(() => repo.dispose());

    it('runs as the host UID:GID with no capabilities, no-new-privileges, read-only prompt and git dir, and only the run\'s droids', async () => {
      const script = [
        'echo "uid=$(id -u):$(id -g)"',
        'grep -E "^(CapEff|CapPrm|NoNewPrivs)" /proc/self/status',
        'cat /tmp/lw_coder/main_prompt.md',
        'ls /home/droiduser/.factory/droids',
        '(echo x >> /tmp/lw_coder/main_prompt.md) 2>/dev/null && echo prompt-writable || echo prompt-readonly',
        '(touch /repo-git/lwc-probe) 2>/dev/null && echo git-writable || echo git-readonly',
        '(touch /workspace/.lw_coder/tasks/probe) 2>/dev/null && echo tasks-writable || echo tasks-readonly',
        'touch /workspace/from-container && echo worktree-writable',
        'echo "key=$OPENROUTER_API_KEY home=$HOME"',
        'test -e /home/droiduser/.factory/auth.json && echo auth-present || echo auth-absent',
        'cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max',
      ].join('; ');
      const spec = buildSessionSpec({ ...input, command: ['sh', '-c', script] });
      const out = await runToExit(engine, toDockerCreateOptions(spec));
      assert.equal(out.exitCode, 0, out.stderr);
      assert.match(out.stdout, new RegExp(`^uid=${input.hostUser.uid}:${input.hostUser.gid}$`, 'm'));
      assert.match(out.stdout, /^CapPrm:\s+0000000000000000$/m);
      assert.match(out.stdout, /^CapEff:\s+0000000000000000$/m);
      assert.match(out.stdout, /^NoNewPrivs:\s+1$/m);
      assert.match(out.stdout, /^Follow the plan\.$/m);
      assert.match(out.stdout, /^code-review-auditor\.md$/m);
      for (const word of ['prompt-readonly', 'git-readonly', 'tasks-readonly', 'worktree-writable', 'auth-absent', 'key=sk-test home=/home/droiduser']) {
        assert.match(out.stdout, new RegExp(`^${word}$`, 'm'));
      }
      assert.match(out.stdout, /^256$/m);
      assert.ok(existsSync(join(input.worktreePath, 'from-container')), 'the worktree mount is the host directory');
      assert.equal(existsSync(join(input.repoGitDir, 'lwc-probe')), false);
      assert.equal(existsSync(join(input.tasksDir, 'probe')), false);
    });

    it('carries plan and run labels, is found by label while it exists, and is gone after removal', async () => {
      const spec = buildSessionSpec({ ...input, runId: `${runId}-labels`, command: ['sleep', '30'] });
      const { id } = await engine.createContainer(toDockerCreateOptions(spec));
      let removed = false;
      try {
        await engine.startContainer(id);
        const info = await engine.inspectContainer(id);
        assert.equal(info?.labels[LABEL_PLAN_ID], 'sample-plan');
        assert.equal(info?.labels[LABEL_RUN_ID], `${runId}-labels`);
        assert.equal(info?.running, true);
        assert.deepEqual(info?.mounts.find((m) => m.target === '/repo-git'), { source: input.repoGitDir, target: '/repo-git', readOnly: true });
        const found = await engine.listContainers({ labels: { [LABEL_RUN_ID]: `${runId}-labels`, [LABEL_PLAN_ID]: undefined } });
        assert.deepEqual(found.map((c) => c.id), [id]);
        assert.deepEqual(found[0]?.names, [spec.name]);
        await engine.stopContainer(id, { graceSeconds: 1 });
        assert.notEqual(await engine.waitContainer(id, { timeoutMs: 30_000 }), undefined);
        removed = await engine.removeContainer(id);
        assert.equal(removed, true);
        assert.equal(await engine.inspectContainer(id), undefined);
        assert.deepEqual(await engine.listContainers({ labels: { [LABEL_RUN_ID]: `${runId}-labels` } }), []);
        assert.equal(await engine.removeContainer(id), false);
      } finally {
        if (!removed) await engine.removeContainer(id, { force: true });
      }
    });

    it('bridges an interactive TTY session: input in, output out, resize honoured, exit code reported', async () => {
      const spec = buildSessionSpec({ ...input, kind: 'interactive', runId: `${runId}-tty`, command: ['sh', '-c', 'read line; echo "got:$line"; stty size; exit 7'] });
      assert.equal(spec.tty, true);
      const { id } = await engine.createContainer(toDockerCreateOptions(spec));
      try {
        const attachment = await engine.attachContainer(id, { stdin: true, tty: true });
        let output = '';
        attachment.onOutput((chunk) => { output += Buffer.from(chunk).toString(); });
        await engine.startContainer(id);
        await attachment.resize({ columns: 101, rows: 33 });
        attachment.write('hello\r');
        assert.equal(await engine.waitContainer(id, { timeoutMs: 30_000 }), 7);
        await attachment.ended;
        assert.match(output, /got:hello/);
        assert.match(output, /33 101/);
      } finally {
        await engine.removeContainer(id, { force: true });
      }
    });
  });
}
