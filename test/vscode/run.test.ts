import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import type { RunOutcome } from '../../src/extension/commands/plan/runNotice';
import { lwCoderApi, planUri } from './support/workspace';

describe('Run Plan before the container runner exists', () => {
  before(async () => {
    await lwCoderApi();
  });

  // Run Plan itself runs now (runPlan.test.ts); headless runs arrive with issue 6.
  for (const [name, id] of [['Run Plan Headless', COMMAND_IDS.planRunHeadless]] as const) {
    it(`${name} says honestly that runs are not available yet, and starts nothing`, async () => {
      const terminalsBefore = vscode.window.terminals.length;
      const outcome = await vscode.commands.executeCommand<RunOutcome>(id, planUri('add-login.md'));
      assert.equal(outcome?.ran, false);
      if (vscode.workspace.isTrusted) {
        assert.equal(outcome.reason, 'not-available');
        assert.match(outcome.message, /arrives with the container runner/);
        assert.match(outcome.message, /not available in this version/);
      } else {
        assert.equal(outcome.reason, 'untrusted');
        assert.match(outcome.message, /trust the workspace first/);
      }
      assert.equal(outcome.plan, planUri('add-login.md').fsPath);
      assert.equal(vscode.window.terminals.length, terminalsBefore, 'a terminal was created');
    });
  }
});
