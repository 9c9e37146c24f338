import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../src/extension/commands/ids';
import { fleetLayout, layoutShape, type EditorGroupLayoutNode, type FleetLayoutMode } from '../../src/extension/fleet/layout';
import { lwCoderApi, waitFor } from './support/workspace';

const LAYOUT = 'lwCoder.fleet.layout';

async function layoutOfEditor(): Promise<{ orientation: number; groups: EditorGroupLayoutNode[] }> {
  return (await vscode.commands.executeCommand('vscode.getEditorLayout')) as never;
}

/** The worker names of each editor group's terminal tabs, in VS Code's group order (view column 1, 2, …). */
function terminalTabsByGroup(): string[][] {
  return [...vscode.window.tabGroups.all].sort((a, b) => a.viewColumn - b.viewColumn).map((g) => g.tabs.filter((t) => t.input instanceof vscode.TabInputTerminal).map((t) => t.label));
}

describe('Worker terminals laid out by lwCoder.fleet.layout (issue 13 item 3)', () => {
  before(async () => {
    await lwCoderApi();
  });

  afterEach(async () => {
    await vscode.workspace.getConfiguration().update(LAYOUT, undefined, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.editorLayoutSingle');
  });

  const cases: [FleetLayoutMode, number][] = [['auto', 1], ['auto', 2], ['auto', 3], ['auto', 5], ['vertical', 3]];
  for (const [mode, n] of cases) {
    it(`${mode} with ${n} worker(s): ${fleetLayout(n, mode).rows.join('+')} editor groups, worker i's terminal in group i, the status pane in the panel`, async () => {
      await vscode.workspace.getConfiguration().update(LAYOUT, mode, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const workers = Array.from({ length: n }, (_, i) => `w${i + 1}`);
      const shown = await vscode.commands.executeCommand<{ rows: number[]; workers: string[] } | undefined>(COMMAND_IDS.fleetShowTerminals, { workers });
      assert.deepEqual(shown?.rows, fleetLayout(n, mode).rows);

      assert.equal(layoutShape(await layoutOfEditor()), layoutShape(fleetLayout(n, mode).layout), 'the editor area has the computed layout');
      const tabs = await waitFor(`a terminal tab in each of ${n} groups`, () => {
        const t = terminalTabsByGroup();
        return t.length === n && t.every((g) => g.length === 1) ? t : undefined;
      });
      assert.deepEqual(tabs.map((g) => g[0]), workers.map((w) => `LW Coder ${w}`), 'worker i opened in view column i + 1');

      const api = await lwCoderApi();
      const traces = await waitFor('the terminals to say no supervisor runs', async () => {
        const all = await api.fleet.terminals();
        return workers.every((w) => all.some((t) => t.worker === w && /no supervisor yet/.test(t.text))) ? all : undefined;
      });
      assert.equal(traces.filter((t) => t.worker !== undefined).length, n, 'the previous layout\'s terminals were closed');
      assert.ok(vscode.window.terminals.some((t) => t.name === 'LW Coder: Fleet Status'), 'the status pane is open in the panel');
    });
  }

  it('Show Worker Terminal takes a worker id or a tree item with workerId, and refuses nothing named', async () => {
    const byClaimName = await vscode.commands.executeCommand<{ worker: string; terminal: string } | undefined>(COMMAND_IDS.fleetShowWorkerTerminal, `w2@${'host'}:4242`);
    assert.deepEqual(byClaimName, { worker: 'w2', terminal: 'LW Coder w2' });
    const byItem = await vscode.commands.executeCommand<{ worker: string } | undefined>(COMMAND_IDS.fleetShowWorkerTerminal, { workerId: 'w7' });
    assert.equal(byItem?.worker, 'w7');
    assert.ok(vscode.window.terminals.some((t) => t.name === 'LW Coder w7'), 'a closed worker terminal is opened');
    const api = await lwCoderApi();
    assert.equal(await vscode.commands.executeCommand(COMMAND_IDS.fleetShowWorkerTerminal), undefined);
    assert.ok(api.recentLog().some((l) => l.includes('Show Worker Terminal needs a worker')), api.recentLog().slice(-3).join('\n'));
  });
});
