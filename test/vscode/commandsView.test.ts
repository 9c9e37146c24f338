import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunCommandResult } from '../../src/extension/commands/cmd/run';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import { lwCoderApi, waitFor, workspaceRoot, writeText } from './support/workspace';

/**
 * Multi-step commands in the editor (issue 14 item 8): the Commands view, "Run Command…" asking for arguments in real
 * quick picks and input boxes (filled through the API as a user types, accepted with the workbench's own accept
 * command), the lwc-command task provider, and sessions with their step history in the Runs view.
 *
 * Running the steps belongs to the executor (src/app/commands/run.ts); these tests stop where the run starts: the
 * arguments given, the terminal opened.
 */

const GREET = `name: vsc-greet
description: Greets someone, tested in the editor
arguments:
  - name: target
    description: Who to greet
    required: true
  - name: size
    type: choice
    choices: [small, large]
    default: small
  - name: loud
    type: boolean
  - name: count
    type: number
    default: 2
steps:
  - name: greet
    type: shell
    action: echo "hello $LWC_ARG_TARGET"
`;
const BROKEN = 'name: vsc-broken\ndescription: has a typo\nsteps:\n  - run-test\n';
const PRJ = 'name: vsc-prj\ndescription: From prunejuice\nsteps:\n  - start-session\n';

const ACCEPT = 'workbench.action.acceptSelectedQuickOpenItem';

const uri = (...parts: string[]) => vscode.Uri.joinPath(workspaceRoot(), ...parts);

async function removeQuietly(target: vscode.Uri): Promise<void> {
  await vscode.workspace.fs.delete(target, { recursive: true }).then(undefined, () => undefined);
}

describe('multi-step commands in the editor', () => {
  before(async () => {
    await writeText(uri('.lw_coder', 'commands', 'vsc-greet.yaml'), GREET);
    await writeText(uri('.lw_coder', 'commands', 'vsc-broken.yaml'), BROKEN);
    await writeText(uri('.prj', 'commands', 'vsc-prj.yaml'), PRJ);
    await lwCoderApi();
  });

  after(async () => {
    await removeQuietly(uri('.lw_coder', 'commands'));
    await removeQuietly(uri('.prj'));
    await removeQuietly(uri('.lw_coder', 'sessions'));
    for (const t of vscode.window.terminals) if (t.name.startsWith('LW Coder: vsc-')) t.dispose();
  });

  it('the Commands view lists each command with its description, and the problems of an invalid file with its line', async () => {
    const api = await lwCoderApi();
    await vscode.commands.executeCommand('lwCoder.commands.focus');
    const snapshot = await waitFor('the Commands view to list vsc-greet', async () => {
      await api.commands.refreshed();
      const s = api.commands.snapshot();
      return s.commands.some((c) => c.name === 'vsc-greet') ? s : undefined;
    });
    const greet = snapshot.commands.find((c) => c.name === 'vsc-greet')!;
    assert.equal(greet.description, 'Greets someone, tested in the editor');
    assert.deepEqual(greet.arguments, ['target', 'size', 'loud', 'count']);
    assert.equal(snapshot.commands.find((c) => c.name === 'vsc-prj')?.lifecycle, 'session', 'prunejuice commands are listed too');
    assert.ok(!snapshot.commands.some((c) => c.name === 'vsc-broken'), 'an invalid command is not offered');
    const problem = snapshot.problems.find((p) => p.file === '.lw_coder/commands/vsc-broken.yaml');
    assert.ok(problem, 'the broken file has a problem row');
    assert.equal(problem.line, 4);
    assert.match(problem.message, /'run-test' is not a built-in step/);
  });

  it('"Run Command…" asks for each argument (required checked, defaults pre-filled, choices and yes/no as picks), then opens its terminal', async () => {
    const api = await lwCoderApi();
    if (!vscode.workspace.isTrusted) {
      const refused = await vscode.commands.executeCommand<RunCommandResult>(COMMAND_IDS.commandsRun, { command: 'vsc-greet' });
      assert.deepEqual([refused.ran, !refused.ran && refused.reason], [false, 'untrusted']);
      return;
    }
    const running = vscode.commands.executeCommand<RunCommandResult>(COMMAND_IDS.commandsRun, { command: 'vsc-greet' });
    const prompt = async (argument: string) => waitFor(`the prompt for ${argument}`, () => (api.commands.pendingArgumentPrompt()?.argument === argument ? api.commands.pendingArgumentPrompt() : undefined));

    const target = await prompt('target');
    assert.equal(target.kind, 'input');
    assert.match(target.title, /Run vsc-greet \(1\/4\): target/);
    assert.equal(target.value, '');
    await vscode.commands.executeCommand(ACCEPT);
    await waitFor('the required-argument message', () => api.commands.pendingArgumentPrompt()?.validationMessage === 'target is required.');
    assert.equal(api.commands.pendingArgumentPrompt()?.argument, 'target', 'an empty required argument is not accepted');
    await target.fill('$(touch /tmp/pwned); world');
    await vscode.commands.executeCommand(ACCEPT);

    const size = await prompt('size');
    assert.equal(size.kind, 'pick');
    assert.deepEqual(size.items, ['small', 'large']);
    assert.equal(size.value, 'small', 'the default is the active item');
    await size.fill('large');
    await vscode.commands.executeCommand(ACCEPT);

    const loud = await prompt('loud');
    assert.deepEqual(loud.items, ['Yes', 'No', '(leave unset)']);
    await loud.fill('Yes');
    await vscode.commands.executeCommand(ACCEPT);

    const count = await prompt('count');
    assert.equal(count.value, '2', 'the default is pre-filled');
    await count.fill('many');
    assert.equal(api.commands.pendingArgumentPrompt()?.validationMessage, 'count is a number.');
    await count.fill('3');
    await vscode.commands.executeCommand(ACCEPT);

    const result = await running;
    assert.ok(result.ran, `not run: ${JSON.stringify(result)}`);
    assert.deepEqual(result.args, { target: '$(touch /tmp/pwned); world', size: 'large', loud: 'true', count: '3' });
    await waitFor('the command terminal', () => vscode.window.terminals.find((t) => t.name === 'LW Coder: vsc-greet'));
  });

  it('"Run Command…" stops without running when a prompt is dismissed', async () => {
    const api = await lwCoderApi();
    if (!vscode.workspace.isTrusted) return;
    const running = vscode.commands.executeCommand<RunCommandResult>(COMMAND_IDS.commandsRun, { command: 'vsc-greet', args: { target: 'x' } });
    await waitFor('the prompt for size', () => api.commands.pendingArgumentPrompt()?.argument === 'size');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const result = await running;
    assert.deepEqual([result.ran, !result.ran && result.reason], [false, 'cancelled']);
  });

  it('the task provider lists each valid command as an lwc-command task (none while untrusted)', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'lwc-command' });
    if (!vscode.workspace.isTrusted) {
      assert.deepEqual(tasks, []);
      return;
    }
    const ours = tasks.filter((t) => t.name.startsWith('vsc-'));
    assert.deepEqual(ours.map((t) => t.name).sort(), ['vsc-greet', 'vsc-prj']);
    const greet = ours.find((t) => t.name === 'vsc-greet')!;
    assert.equal(greet.source, 'LW Coder');
    assert.equal(greet.definition.type, 'lwc-command');
    assert.equal(greet.definition.command, 'vsc-greet');
    assert.equal(greet.detail, 'Greets someone, tested in the editor');
    assert.ok(greet.execution instanceof vscode.CustomExecution);
  });

  it('the Runs view shows each session with its status and step history, and an unreadable record as a problem', async () => {
    const api = await lwCoderApi();
    const root = workspaceRoot().fsPath;
    const id = 'vsc-session-20260101T000000';
    const dir = `${root}/.lw_coder/sessions/${id}`;
    const step = (index: number, name: string, status: string, phase = 'main') => ({ name, phase, index, status, attempts: 1, startedAt: '2026-01-01T00:00:01Z', endedAt: '2026-01-01T00:00:02Z', ...(status === 'failed' ? { exitCode: 1, error: 'exit 1' } : {}), logFile: `logs/step-${index + 1}-${name}.log` });
    const record = {
      version: 1,
      id,
      command: 'vsc-greet',
      arguments: { target: 'world' },
      projectPath: root,
      lifecycle: 'standard',
      sharedData: {},
      stepHistory: [step(0, 'validate-prerequisites', 'completed', 'pre'), step(1, 'greet', 'failed'), step(2, 'cleanup', 'completed', 'cleanup')],
      artifactDir: `${dir}/artifacts`,
      status: 'failed',
      createdAt: '2026-01-01T00:00:00Z',
      endedAt: '2026-01-01T00:00:03Z',
      error: 'step greet failed: exit 1',
    };
    await writeText(uri('.lw_coder', 'sessions', id, 'session.json'), JSON.stringify(record, null, 2));
    await writeText(uri('.lw_coder', 'sessions', id, 'artifacts', 'logs', 'step-2-greet.log'), 'hello\n');
    await writeText(uri('.lw_coder', 'sessions', 'vsc-corrupt', 'session.json'), '{"version": 1, "id": "vsc-cor');
    await vscode.commands.executeCommand('lwCoder.runs.focus');
    const sessions = await waitFor('both sessions in the Runs view', async () => {
      await api.runs.refreshed();
      const s = api.runs.snapshot().sessions;
      return s.some((x) => x.id === id) && s.some((x) => x.id === 'vsc-corrupt') ? s : undefined;
    });
    const shown = sessions.find((s) => s.id === id)!;
    assert.equal(shown.status, 'failed');
    assert.deepEqual(shown.steps, [
      { name: 'validate-prerequisites', status: 'completed' },
      { name: 'greet', status: 'failed' },
      { name: 'cleanup', status: 'completed' },
    ]);
    assert.match(sessions.find((s) => s.id === 'vsc-corrupt')!.problem ?? '', /not a valid session record: it is not JSON/);
    const opened = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMAND_IDS.sessionsOpenArtifacts, { kind: 'session', entry: { id, dir, record } });
    assert.equal(opened?.fsPath, vscode.Uri.file(`${dir}/artifacts`).fsPath);
  });
});
