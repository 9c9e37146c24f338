import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import type { PlanValidationSummary } from '../../src/extension/commands/plan/validation';
import type { InitResult } from '../../src/extension/commands/workspace/init';
import { exists, lwCoderApi, planUri, readText, workspaceRoot } from './support/workspace';

describe('authoring: initialize, new plan, validate', () => {
  before(async () => {
    await lwCoderApi();
  });

  it('Initialize LW Coder keeps an existing config.toml byte for byte and adds only what is missing, code.Dockerfile included', async () => {
    const config = vscode.Uri.joinPath(workspaceRoot(), '.lw_coder', 'config.toml');
    const gitignore = vscode.Uri.joinPath(workspaceRoot(), '.lw_coder', '.gitignore');
    const before = await readText(config);
    const hadGitignore = await exists(gitignore);
    const dockerFiles = await Promise.all(
      ['code.Dockerfile', '.dockerignore'].map(async (name) => [name, await exists(vscode.Uri.joinPath(workspaceRoot(), '.lw_coder', name))] as const),
    );
    try {
      const result = await vscode.commands.executeCommand<InitResult>(COMMAND_IDS.workspaceInit, workspaceRoot());
      assert.ok(result, 'init returned nothing');
      assert.ok(result.kept.includes('.lw_coder/config.toml'));
      assert.equal(await readText(config), before);
      const ignored = await readText(gitignore);
      for (const dir of ['worktrees/', 'runs/', 'cache/', 'state/']) assert.match(ignored, new RegExp(`^${dir}$`, 'm'));
      assert.equal(result.created.includes('.lw_coder/.gitignore'), !hadGitignore);
      for (const [name, had] of dockerFiles) assert.equal(result.created.includes(`.lw_coder/${name}`), !had, `${name} created only when missing`);
      assert.match(await readText(vscode.Uri.joinPath(workspaceRoot(), '.lw_coder', 'code.Dockerfile')), /FROM \$\{LW_CODER_BASE_IMAGE\}/);
    } finally {
      if (!hadGitignore) await vscode.workspace.fs.delete(gitignore).then(undefined, () => undefined);
      for (const [name, had] of dockerFiles) {
        if (!had) await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), '.lw_coder', name)).then(undefined, () => undefined);
      }
    }
  });

  it('New Plan writes a draft at HEAD (zeros when untrusted) from the template, opens it, and it validates', async () => {
    const api = await lwCoderApi();
    const uri = planUri('authored-plan.md');
    try {
      const created = await vscode.commands.executeCommand<vscode.Uri>(COMMAND_IDS.planNew, workspaceRoot(), 'authored-plan');
      assert.equal(created?.fsPath, uri.fsPath);
      const text = await readText(uri);
      assert.match(text, /^plan_id: authored-plan$/m);
      assert.match(text, /^status: draft$/m);
      const sha = /^git_sha: ['"]?([0-9a-f]{40})['"]?$/m.exec(text)?.[1];
      if (vscode.workspace.isTrusted) {
        const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspaceRoot().fsPath, encoding: 'utf8' }).trim();
        assert.equal(sha, head);
      } else {
        // Untrusted: git is never run, so the draft starts at the all-zero sha (allowed while draft).
        assert.equal(sha, '0'.repeat(40));
      }
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath);

      const summary = await vscode.commands.executeCommand<PlanValidationSummary>(COMMAND_IDS.planValidate, uri);
      assert.equal(summary?.valid, true, JSON.stringify(summary?.problems));

      const again = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMAND_IDS.planNew, workspaceRoot(), 'authored-plan');
      assert.equal(again, undefined, 'a second plan with a used plan_id was created');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
      await api.plans.refreshed();
    }
  });

  it('Validate Plan reports the unknown key of broken-plan with its line', async () => {
    const summary = await vscode.commands.executeCommand<PlanValidationSummary>(COMMAND_IDS.planValidate, planUri('broken-plan.md'));
    assert.equal(summary?.valid, false);
    const problem = summary.problems.find((p) => p.code === 'unknown-key');
    assert.ok(problem, JSON.stringify(summary.problems));
    const line = (await readText(planUri('broken-plan.md'))).split(/\r?\n/).findIndex((l) => l.startsWith('priority:')) + 1;
    assert.equal(problem.line, line);
  });

  it('Validate All Plans judges every fixture plan: one invalid of five', async () => {
    const summaries = await vscode.commands.executeCommand<PlanValidationSummary[]>(COMMAND_IDS.planValidateAll);
    assert.deepEqual(
      summaries.map((s) => [s.planId, s.valid]).sort(),
      [['add-login', true], ['broken-plan', false], ['fix-crash', true], ['refactor-db', true], ['ship-docs', true]],
    );
  });
});
