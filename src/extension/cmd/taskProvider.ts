import * as vscode from 'vscode';
import { loadCommands } from '../lazy';
import type { LwContext } from '../context';
import { editorRunAgent } from './editorAgent';
import type { CommandsModel } from './model';
import { CommandPseudoterminal } from './runTerminal';

/** package.json `taskDefinitions`: `{ "type": "lwc-command", "command": "<name>", "args": { "key": "value" } }`. */
export const COMMAND_TASK_TYPE = 'lwc-command';

export interface CommandTaskDefinition extends vscode.TaskDefinition {
  readonly command: string;
  readonly args?: Readonly<Record<string, string | number | boolean>>;
}

const isDefinition = (d: vscode.TaskDefinition): d is CommandTaskDefinition => d.type === COMMAND_TASK_TYPE && typeof d.command === 'string';

/** A task's terminal that only explains why nothing ran, then closes failed. */
function refusal(message: string): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  return {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      write.fire(`${message.replace(/\n/g, '\r\n')}\r\n`);
      close.fire(1);
    },
    close: () => undefined,
  };
}

/**
 * Commands under "Run Task" (and in tasks.json): one task per command of each folder, run by the same Pseudoterminal
 * as "Run Command…". In an untrusted workspace there are no tasks, and a tasks.json entry refuses to run.
 */
export class CommandTaskProvider implements vscode.TaskProvider {
  constructor(
    private readonly model: CommandsModel,
    private readonly ctx: LwContext,
  ) {}

  async provideTasks(): Promise<vscode.Task[]> {
    if (!vscode.workspace.isTrusted) return [];
    await this.model.refresh();
    return this.model.state.folders.flatMap((f) => {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(f.folder));
      return folder ? f.commands.map((c) => this.task({ type: COMMAND_TASK_TYPE, command: c.name }, folder, c.description)) : [];
    });
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    if (!vscode.workspace.isTrusted || !isDefinition(task.definition)) return undefined;
    const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
    return folder ? this.task(task.definition, folder, task.detail) : undefined;
  }

  private task(definition: CommandTaskDefinition, folder: vscode.WorkspaceFolder, detail: string | undefined): vscode.Task {
    const execution = new vscode.CustomExecution(async (resolved) => this.terminal(isDefinition(resolved) ? resolved : definition, folder));
    const task = new vscode.Task(definition, folder, definition.command, 'LW Coder', execution, []);
    if (detail) task.detail = detail;
    return task;
  }

  private async terminal(definition: CommandTaskDefinition, folder: vscode.WorkspaceFolder): Promise<vscode.Pseudoterminal> {
    if (!vscode.workspace.isTrusted) return refusal('LW Coder does not run commands in an untrusted workspace: their steps run programs from the repository. Trust the workspace first.');
    await this.model.refresh();
    const command = this.model.all().find((e) => e.folder === folder.uri.fsPath && e.command.name === definition.command)?.command;
    if (!command) return refusal(`No valid command '${definition.command}' in ${folder.name}: see the Commands view for its problems.`);
    const raw = Object.fromEntries(Object.entries(definition.args ?? {}).map(([k, v]) => [k, String(v)]));
    const { checkArguments, formatProblem } = await loadCommands();
    const checked = checkArguments(command, raw);
    if (checked.problems.length) return refusal(`${command.name} was not started:\n${checked.problems.map(formatProblem).join('\n')}\nSet the arguments in tasks.json: "args": { "name": "value" }.`);
    return new CommandPseudoterminal({ repoRoot: folder.uri.fsPath, command, args: raw, terminalName: `Task - ${command.name}`, runAgent: editorRunAgent(this.ctx, folder.uri.fsPath) }, { closeOnEnd: true });
  }
}
