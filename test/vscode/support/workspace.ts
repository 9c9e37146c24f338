// Helpers shared by the in-editor suites: the extension's API, fixture paths, polling. The fixture contract is
// /tmp/lwlogs/fixture.md (scripts/prepare-fixture.mjs builds it): a git repo with five plans, one invalid.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LwCoderApi } from '../../../src/extension/api';

export const EXTENSION_ID = 'lw-coder.lw-coder';

export async function lwCoderApi(): Promise<LwCoderApi> {
  const extension = vscode.extensions.getExtension<LwCoderApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this host`);
  const api = await extension.activate();
  assert.ok(api && typeof api.plans?.snapshot === 'function', 'activate() did not return the LwCoderApi');
  return api;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suites need the fixture workspace open');
  return folder.uri;
}

export function planUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), '.lw_coder', 'tasks', name);
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false);
}

/** Polls until `probe` returns a value other than undefined/false; fails with `what` and the last value seen. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A diagnostic's code as a string, whether the server sent `code` or `{ value, target }`. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

export function lwDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === undefined || /lw|plan/i.test(d.source));
}

/** Brings a file back to `text` on disk and in any open editor (saved, not dirty), so suites can be re-run. */
export async function restoreFile(uri: vscode.Uri, text: string): Promise<void> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    if (open.getText() !== text) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), text);
      assert.ok(await vscode.workspace.applyEdit(edit), `could not restore ${uri.fsPath}`);
    }
    if (open.isDirty) await open.save();
  }
  if ((await readText(uri)) !== text) await writeText(uri, text);
}
