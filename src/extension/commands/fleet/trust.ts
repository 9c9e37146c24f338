import * as vscode from 'vscode';
import { UserError } from '../../notify';

/** The reason every fleet action gives in an untrusted workspace (the menus are disabled too; this covers the palette and links). */
export const UNTRUSTED_FLEET_REASON = "changes the fleet's queue, which LW Coder does only in a trusted workspace: the Workers view shows the queue, but trust the workspace (Manage Workspace Trust) to change it.";

/** Refuses `action` in an untrusted workspace, naming the reason and the way out. */
export function requireTrust(action: string): void {
  if (!vscode.workspace.isTrusted) throw new UserError(`${action} ${UNTRUSTED_FLEET_REASON}`);
}
