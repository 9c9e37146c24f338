import * as vscode from 'vscode';
import type { CommandProblem, ResolvedCommand } from '../../../core/commands/types';
import { problemLocation } from '../../cmd/treeProvider';
import type { LwContext } from '../../context';

/** lwCoder.commands.openDefinition: opens a Commands-view row's file (a problem's at its line). */
export function openCommandDefinition(_ctx: LwContext) {
  return async (arg?: unknown): Promise<vscode.Uri | undefined> => {
    const node = arg as { kind?: string; folder?: string; command?: ResolvedCommand; problem?: CommandProblem } | undefined;
    if (!node?.folder) return undefined;
    const problem: CommandProblem | undefined = node.kind === 'problem' ? node.problem : node.command ? { file: node.command.source.file, line: 0, column: 0, message: '', fix: '', severity: 'warning' } : undefined;
    if (!problem) return undefined;
    const { uri, selection } = problemLocation(node.folder, problem);
    await vscode.window.showTextDocument(uri, selection ? { selection } : {});
    return uri;
  };
}
