import * as vscode from 'vscode';
import type { PlanFilesPort } from '../core/ports/planFiles';

/** The open document for a file path, if the user has it open (its text may be newer than the disk's). */
export function openDocumentAt(fsPath: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === fsPath);
}

/**
 * Plan files as the user sees them: an open editor's text wins over the file on disk, so "Validate" judges what is on
 * screen, like the language server does.
 */
export function withOpenDocuments(files: PlanFilesPort): PlanFilesPort {
  return {
    ...files,
    readText: async (path, signal) => openDocumentAt(path)?.getText() ?? files.readText(path, signal),
    readPlanFile: async (path, options) => {
      const text = openDocumentAt(path)?.getText();
      return text === undefined ? files.readPlanFile(path, options) : { kind: 'text', text, size: text.length };
    },
  };
}
