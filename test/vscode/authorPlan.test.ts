import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CODE_DOCKERFILE_TEMPLATE, DOCKERIGNORE_TEMPLATE } from '../../src/core/container/scaffold';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import type { NewPlanWithAgentResult } from '../../src/extension/commands/plan/newWithAgent';
import { EXTENSION_ID, lwCoderApi, planUri, workspaceRoot } from './support/workspace';
import { TEST_BASE_IMAGE, dockerMissing } from './support/docker';

/** The locally built stand-in for node:20-bookworm-slim (scripts/ci/base-images.sh), as runPlan.test.ts uses. */
/** The same image inputs as test/integration/run and runPlan.test.ts, so their droid image is current here. */
const EXTRA_CA = process.env['LWC_EXTRA_CA_CERTS'] || process.env['NODE_EXTRA_CA_CERTS'] || '/etc/ssl/certs/ca-certificates.crt';
const CI = /^(1|true|yes)$/i.test(process.env['CI'] ?? '');
const PLAN_ID = 'greeting-feature';

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

const missing = dockerMissing();
if (missing && !CI) {
  console.error(`\n!!!!!!!!!! New Plan with Agent in VS Code NOT RUN: ${missing} !!!!!!!!!!\n`);
} else {
  describe('New Plan with Agent in VS Code (real Docker engine)', function () {
    // The first session may build lw_coder_droid:latest on the local test base.
    this.timeout(600_000);
    let root: string;
    let settings: Array<[string, string, string]>;

    before(async function () {
      if (missing) assert.fail(`CI must run this suite: ${missing}`);
      await lwCoderApi();
      root = workspaceRoot().fsPath;
      // The stand-in `lwc plan new` is tested with (test/integration/run): it writes the skeleton its prompt carries.
      const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
      settings = [
        ['lwCoder.agent', 'command', readFileSync(join(extensionPath, 'test', 'fixtures', 'run', 'write-plan.sh'), 'utf8')],
        ['lwCoder.docker', 'baseImageFrom', TEST_BASE_IMAGE],
        ['lwCoder.docker', 'extraCaCertificates', EXTRA_CA],
      ];
      for (const [section, key, value] of settings) await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
      writeFileSync(join(root, '.lw_coder', 'code.Dockerfile'), CODE_DOCKERFILE_TEMPLATE);
      writeFileSync(join(root, '.lw_coder', '.dockerignore'), DOCKERIGNORE_TEMPLATE);
    });

    after(async () => {
      for (const [section, key] of settings ?? []) await vscode.workspace.getConfiguration(section).update(key, undefined, vscode.ConfigurationTarget.Global);
      // Leave the fixture as the other suites expect it: no new plan, no scaffold.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(planUri(`${PLAN_ID}.md`).fsPath, { force: true });
      for (const p of ['code.Dockerfile', '.dockerignore', 'state', 'cache']) rmSync(join(root, '.lw_coder', p), { recursive: true, force: true });
      await vscode.commands.executeCommand(COMMAND_IDS.plansRefresh);
    });

    it('writes a valid plan in a terminal named after it, opens it, and leaves no temporary worktree', async () => {
      const worktreesBefore = git(root, 'worktree', 'list', '--porcelain');
      const opened: vscode.Terminal[] = [];
      const listener = vscode.window.onDidOpenTerminal((t) => opened.push(t));
      let result: NewPlanWithAgentResult | undefined;
      try {
        result = await vscode.commands.executeCommand<NewPlanWithAgentResult | undefined>(COMMAND_IDS.planNewWithAgent, { folderUri: workspaceRoot(), planId: PLAN_ID, request: 'Add a greeting', wait: true, acceptCredentials: true });
      } finally {
        listener.dispose();
      }
      assert.ok(result, 'New Plan with Agent returned nothing: it failed (see the LW Coder output in the exthost log)');
      assert.deepEqual({ ...result, planPath: undefined }, { planPath: undefined, exitCode: 0, valid: true });
      assert.equal(result.planPath, planUri(`${PLAN_ID}.md`).fsPath);
      assert.ok(existsSync(result.planPath), 'the plan file was not written');
      assert.match(readFileSync(result.planPath, 'utf8'), new RegExp(`^plan_id: ${PLAN_ID}$`, 'm'));
      assert.deepEqual(opened.map((t) => t.name), [`LW Coder: new plan ${PLAN_ID}`]);
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, result.planPath, 'the new plan was not opened');
      assert.equal(git(root, 'worktree', 'list', '--porcelain'), worktreesBefore, 'the temporary worktree was left behind');
      // The editor's own validation agrees with the command's: the opened plan carries no LW Coder error.
      const validated = await vscode.commands.executeCommand<{ valid?: boolean } | undefined>(COMMAND_IDS.planValidate, vscode.Uri.file(result.planPath));
      assert.equal(validated?.valid, true, `Validate Plan: ${JSON.stringify(validated)}`);
    });
  });
}
