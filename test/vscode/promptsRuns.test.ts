import * as assert from 'node:assert/strict';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { GeneratePromptsResult } from '../../src/app/prompts/prompts';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import { startFakeModelServer } from '../support/fakeModelServer';
import { exists, lwCoderApi, planUri, readText, waitFor, workspaceRoot } from './support/workspace';

const NEW_COMMANDS = [
  COMMAND_IDS.worktreeOpen,
  COMMAND_IDS.worktreeRemove,
  COMMAND_IDS.salvageRestore,
  COMMAND_IDS.secretsSetOpenRouterKey,
  COMMAND_IDS.secretsClearOpenRouterKey,
  COMMAND_IDS.promptsGenerate,
  COMMAND_IDS.runsRefresh,
];

interface Manifest {
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
}

describe('prompts, runs and the OpenRouter key', () => {
  before(async () => {
    await lwCoderApi();
  });

  it('registers the worktree, salvage, key, prompt and runs commands', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(NEW_COMMANDS.filter((id) => !registered.has(id)), []);
  });

  it('scopes the endpoint and model settings to the machine and restricts them in untrusted workspaces', () => {
    const manifest = vscode.extensions.getExtension('lw-coder.lw-coder')!.packageJSON as Manifest;
    for (const key of ['lwCoder.openRouter.baseUrl', 'lwCoder.openRouter.model']) {
      assert.equal(manifest.contributes.configuration.properties[key]?.scope, 'machine', `${key} is not machine-scoped`);
      assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key), `${key} is not restricted`);
    }
  });

  it('Set OpenRouter API Key stores the key in SecretStorage and never writes it to the log; Clear removes it', async () => {
    const api = await lwCoderApi();
    const secret = `sk-or-v1-test-${Date.now()}-do-not-log`;
    assert.equal(await vscode.commands.executeCommand<boolean>(COMMAND_IDS.secretsSetOpenRouterKey, secret), true);
    assert.equal(await api.hasOpenRouterKey(), true);
    assert.ok(api.recentLog().some((l) => /\[secrets\] OpenRouter API key stored/.test(l)), 'storing was not logged at all');
    assert.deepEqual(api.recentLog().filter((l) => l.includes(secret) || l.includes(secret.slice(8, 24))), []);
    assert.equal(await vscode.commands.executeCommand<boolean>(COMMAND_IDS.secretsClearOpenRouterKey), true);
    assert.equal(await api.hasOpenRouterKey(), false);
  });

  it('Generate Prompts with the templates writes a run with prompts/main.md and droids/*.md, and the Runs view lists it', async () => {
    const api = await lwCoderApi();
    if (!vscode.workspace.isTrusted) {
      // Refused (reported as a notification): prompt generation reads the repository's config and runs git.
      assert.equal(await vscode.commands.executeCommand(COMMAND_IDS.promptsGenerate, { uri: planUri('add-login.md'), source: 'templates' }), undefined);
      return;
    }
    await vscode.commands.executeCommand('lwCoder.runs.focus');
    const result = await vscode.commands.executeCommand<GeneratePromptsResult>(COMMAND_IDS.promptsGenerate, { uri: planUri('add-login.md'), source: 'templates' });
    assert.ok(result, 'the command returned nothing (see the notification in the log)');
    try {
      assert.equal(result.source, 'templates');
      assert.equal(result.planId, 'add-login');
      const runDir = vscode.Uri.file(result.runDir);
      assert.ok(runDir.fsPath.startsWith(vscode.Uri.joinPath(workspaceRoot(), '.lw_coder', 'runs', 'add-login').fsPath));
      assert.match(await readText(vscode.Uri.joinPath(runDir, 'prompts', 'main.md')), /\S/);
      const droids = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(runDir, 'droids'))).map(([name]) => name).sort();
      assert.deepEqual(droids, ['code-review-auditor.md', 'plan-alignment-checker.md']);
      assert.equal(JSON.parse(await readText(vscode.Uri.joinPath(runDir, 'run.json'))).source, 'templates');

      const listed = await waitFor('the run in the Runs view', () =>
        api.runs.snapshot().plans.find((p) => p.planId === 'add-login')?.runs.find((r) => r.name === basename(result.runDir)),
      );
      assert.ok(listed.files.includes('prompts/main.md'), `files: ${listed.files.join(', ')}`);
      assert.ok(listed.files.includes('droids/code-review-auditor.md'));
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.file(result.runDir), { recursive: true, useTrash: false });
    }
    // The watcher on .lw_coder/runs/** drops it again (the view is visible).
    await waitFor('the deleted run gone from the Runs view', () =>
      !api.runs.snapshot().plans.some((p) => p.runs.some((r) => r.runDir === result.runDir)),
    );
    assert.equal(await exists(vscode.Uri.file(result.runDir)), false);
  });

  it('Generate Prompts with a retired model (OpenRouter\'s 404) fails naming the setting lwCoder.openRouter.model, and writes no run', async () => {
    const api = await lwCoderApi();
    if (!vscode.workspace.isTrusted) {
      assert.equal(await vscode.commands.executeCommand(COMMAND_IDS.promptsGenerate, { uri: planUri('add-login.md'), source: 'model' }), undefined);
      return;
    }
    // The endpoint answers the seed's model as OpenRouter does since 2026-11-30: 404 "No endpoints found for ...".
    const server = await startFakeModelServer();
    const openRouter = () => vscode.workspace.getConfiguration('lwCoder.openRouter');
    try {
      await openRouter().update('baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
      await openRouter().update('model', 'anthropic/claude-sonnet-4.5', vscode.ConfigurationTarget.Global);
      assert.equal(await vscode.commands.executeCommand<boolean>(COMMAND_IDS.secretsSetOpenRouterKey, 'sk-or-v1-test-retired-model'), true);
      const runs = vscode.Uri.joinPath(workspaceRoot(), '.lw_coder', 'runs', 'add-login');
      const runCount = async (): Promise<number> => ((await exists(runs)) ? (await vscode.workspace.fs.readDirectory(runs)).length : 0);
      const runsBefore = await runCount();
      const result = await vscode.commands.executeCommand(COMMAND_IDS.promptsGenerate, { uri: planUri('add-login.md'), source: 'model', noCache: true });
      assert.equal(result, undefined, 'the command failed');
      assert.equal(server.requests.at(-1)?.body?.model, 'anthropic/claude-sonnet-4.5', 'the setting chose the model');
      const logged = api.recentLog().filter((l) => l.includes("Model 'anthropic/claude-sonnet-4.5'")).join('\n');
      assert.match(logged, /Model 'anthropic\/claude-sonnet-4\.5' is not available at \S+ \(No endpoints found for anthropic\/claude-sonnet-4\.5\)/);
      assert.match(logged, /Choose another model in the setting `lwCoder\.openRouter\.model`/);
      assert.doesNotMatch(logged, /\[prompts\] model|OPENROUTER_MODEL/, 'the editor names its setting, not the CLI\'s places');
      assert.equal(await runCount(), runsBefore, 'no run directory');
    } finally {
      await openRouter().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
      await openRouter().update('model', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand(COMMAND_IDS.secretsClearOpenRouterKey);
      await server.close();
    }
  });
});
