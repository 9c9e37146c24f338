import * as vscode from 'vscode';
import type { ResolvedCommand, SessionRecord } from '../../../core/commands/types';
import { askArguments } from '../../cmd/askArguments';
import { editorRunAgent } from '../../cmd/editorAgent';
import { CommandPseudoterminal } from '../../cmd/runTerminal';
import type { LwContext } from '../../context';
import { loadCommands } from '../../lazy';
import { UserError } from '../../notify';
import { BUILTIN_COMMANDS } from '../ids';
import { optionOf } from '../args';

export const COMMANDS_UNTRUSTED_MESSAGE = 'LW Coder does not run commands in an untrusted workspace: their steps run programs from the repository. Trust the workspace first.';
const MANAGE_TRUST = 'Manage Workspace Trust';

/** What the command resolves to (tests, scripts): started, or why not. `session` only with `wait: true`. */
export type RunCommandResult =
  | { readonly ran: true; readonly command: string; readonly args: Readonly<Record<string, string>>; readonly terminal: string; readonly session?: SessionRecord; readonly error?: string }
  | { readonly ran: false; readonly reason: 'untrusted' | 'cancelled' | 'no-commands'; readonly message?: string };

/**
 * lwCoder.commands.run ("Run Command…"): takes a Commands-view row, `{ command, folder?, args?, wait?, acceptCredentials? }`, or nothing
 * (a quick pick of the commands). Asks for every argument not given, checks them, then runs the command in a terminal
 * that shows its steps live, with a progress notification (Cancel stops it).
 */
export function runCommandCommand(ctx: LwContext) {
  return async (arg?: unknown): Promise<RunCommandResult> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage(COMMANDS_UNTRUSTED_MESSAGE, MANAGE_TRUST).then((c) => {
        if (c === MANAGE_TRUST) void vscode.commands.executeCommand(BUILTIN_COMMANDS.manageTrust);
      });
      return { ran: false, reason: 'untrusted', message: COMMANDS_UNTRUSTED_MESSAGE };
    }
    await ctx.commands.refresh();
    const target = await targetOf(ctx, arg);
    if (!target) return { ran: false, reason: ctx.commands.all().length ? 'cancelled' : 'no-commands' };
    const given = optionOf<Record<string, unknown>>(arg, 'args') ?? {};
    const raw = await askArguments(target.command, Object.fromEntries(Object.entries(given).map(([k, v]) => [k, String(v)])));
    if (!raw) return { ran: false, reason: 'cancelled' };
    const { checkArguments, formatProblem } = await loadCommands();
    const checked = checkArguments(target.command, raw);
    if (checked.problems.length) throw new UserError(checked.problems.map(formatProblem).join('\n'));
    const terminalName = `LW Coder: ${target.command.name}`;
    const runAgent = editorRunAgent(ctx, target.folder, { acceptCredentials: optionOf<boolean>(arg, 'acceptCredentials') === true });
    const pty = new CommandPseudoterminal({ repoRoot: target.folder, command: target.command, args: raw, terminalName, runAgent }, { closeOnEnd: false });
    const terminal = vscode.window.createTerminal({ name: terminalName, pty, iconPath: new vscode.ThemeIcon('run-all') });
    terminal.show(true);
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Running ${target.command.name}`, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => pty.cancel());
      pty.onEvent((event) => {
        if (event.kind === 'step-start') progress.report({ message: `step ${event.step.index + 1}: ${event.step.name}` });
      });
      const end = await pty.done;
      if (!end.ok) void vscode.window.showErrorMessage(`LW Coder: ${target.command.name} failed: ${end.error}`, 'Show Terminal').then((c) => c && terminal.show());
    });
    const started = { ran: true as const, command: target.command.name, args: raw, terminal: terminalName };
    if (optionOf<boolean>(arg, 'wait') !== true) return started;
    const end = await pty.done;
    return { ...started, ...(end.session ? { session: end.session } : {}), ...(end.ok ? {} : { error: end.error }) };
  };
}

async function targetOf(ctx: LwContext, arg: unknown): Promise<{ folder: string; command: ResolvedCommand } | undefined> {
  const all = ctx.commands.all();
  if (arg && typeof arg === 'object' && (arg as { kind?: unknown }).kind === 'command') {
    const node = arg as { folder: string; command: ResolvedCommand };
    return { folder: node.folder, command: node.command };
  }
  const name = optionOf<string>(arg, 'command') ?? (typeof arg === 'string' ? arg : undefined);
  if (name !== undefined) {
    const folder = optionOf<string>(arg, 'folder');
    const found = all.find((e) => e.command.name === name && (folder === undefined || e.folder === folder));
    if (!found) throw new UserError(`There is no valid command '${name}'. The Commands view lists the commands and the problems of the others.`);
    return found;
  }
  if (all.length === 0) {
    void vscode.window.showInformationMessage('No commands yet: add a YAML command file to .lw_coder/commands/ (see the README, "Multi-step commands").');
    return undefined;
  }
  const multi = new Set(all.map((e) => e.folder)).size > 1;
  const picked = await vscode.window.showQuickPick(
    all.map((e) => ({ label: e.command.name, description: e.command.description, ...(multi ? { detail: e.folder } : {}), entry: e })),
    { title: 'Run Command…', placeHolder: 'Pick a command', matchOnDescription: true },
  );
  return picked?.entry;
}
