import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCommandRunDeps } from '../../../src/adapters/commands/commandDeps';
import { createHeadlessRunFiles } from '../../../src/adapters/session/headlessFiles';
import { commandAgentRunner } from '../../../src/app/commands/agentRunner';
import { runCommand } from '../../../src/app/commands/run';
import { CodingResultSchema } from '../../../src/core/agent/result';
import { builtin, commandOf, step } from '../../support/commandDefs';
import { dockerEngineAvailable } from '../docker/support';
import { containersOfRepo, standIn, suiteFixtures, valueOf } from '../run/support';

const CODEX = standIn('codex-standin.sh');

if (dockerEngineAvailable('run-agent command step tests')) {
  describe('commands: a run-agent step on the real engine with the stand-in codex (issue 14 item 4)', function () {
    this.timeout(20 * 60_000);
    const make = suiteFixtures({ agents: ['codex'] });

    it("runs the agent headless in the session's worktree with the prompt file's placeholders substituted, keeping the run in the artifacts", async () => {
      const f = make({ files: { 'prompts/greet.md': 'Write a greeting for {{ args.who }} in standin-change.txt.\n' } });
      const runAgent = commandAgentRunner({ ...f.deps(), runFiles: createHeadlessRunFiles() }, { processEnv: f.env(), agent: 'codex', agentCommandOverride: `MODE=ok\n${CODEX}`, acceptCredentials: true });
      const command = commandOf({
        name: 'agent-flow',
        lifecycle: 'worktree',
        promptFile: 'prompts/greet.md',
        arguments: [{ name: 'who', description: '', required: true, type: 'string' }],
        steps: [builtin('create-worktree'), builtin('run-agent'), step('check', 'shell', 'test -s standin-change.txt')],
      });
      const deps = createCommandRunDeps(f.repo.root, { processEnv: f.env(), runAgent });
      const record = await runCommand({ repoRoot: f.repo.root, command, args: { who: '$(touch /tmp/never) Ada' }, deps });
      assert.equal(record.status, 'completed', `${record.error}\n${JSON.stringify(record.stepHistory, null, 2)}`);
      const agentStep = record.stepHistory.find((s) => s.name === 'run-agent')!;
      assert.equal(agentStep.status, 'completed');
      assert.match(agentStep.outputTail ?? '', /Added standin-change.txt/);
      const kept = readFileSync(join(record.artifactDir, 'prompts', 'step-2-run-agent.md'), 'utf8');
      assert.equal(kept, 'Write a greeting for $(touch /tmp/never) Ada in standin-change.txt.\n');
      const runDir = join(record.artifactDir, 'agent', 'step-2');
      const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as { ok: boolean; result: unknown };
      assert.ok(result.ok);
      CodingResultSchema.parse(result.result);
      assert.ok(Number(valueOf(readFileSync(join(runDir, 'attempt-1.stderr.log'), 'utf8'), 'PROMPT_CHARS')) > 40, 'the prompt went in on stdin');
      assert.match(readFileSync(join(runDir, 'prompts', 'headless.md'), 'utf8'), /Write a greeting for \$\(touch \/tmp\/never\) Ada/);
      assert.match(readFileSync(join(record.worktreePath!, 'standin-change.txt'), 'utf8'), /written by the stand-in codex/);
      assert.ok(existsSync(record.worktreePath!), 'the worktree is kept: the agent left a change');
      assert.equal(existsSync(join(f.repo.root, 'standin-change.txt')), false, "the user's checkout is untouched");
      assert.deepEqual(containersOfRepo(f.repo.root), [], "the attempt's container is removed");
    });

    it('a failing agent fails the step and the session, and cleanup_on_failure runs', async () => {
      const f = make({ files: { 'prompts/p.md': 'Do nothing.\n' } });
      const runAgent = commandAgentRunner({ ...f.deps(), runFiles: createHeadlessRunFiles() }, { processEnv: f.env(), agent: 'codex', agentCommandOverride: `MODE=turn-failed\n${CODEX}`, acceptCredentials: true });
      const command = commandOf({ name: 'agent-fails', lifecycle: 'worktree', steps: [builtin('create-worktree'), step('agent', 'agent', 'prompts/p.md')], cleanupOnFailure: [step('note', 'shell', 'touch "$LWC_ARTIFACT_DIR/cleaned"')] });
      const record = await runCommand({ repoRoot: f.repo.root, command, args: {}, deps: createCommandRunDeps(f.repo.root, { processEnv: f.env(), runAgent }) });
      assert.equal(record.status, 'failed');
      assert.match(record.error ?? '', /codex failed: .*stand-in model error/s);
      assert.ok(existsSync(join(record.artifactDir, 'cleaned')));
    });
  });
}
