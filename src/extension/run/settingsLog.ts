import * as vscode from 'vscode';
import type { Logger } from '../../core/ports/logger';
import { runSettings } from './settings';
import { describeRunSettings } from './settingsLine';

/**
 * Logs the machine-scoped settings the extension host actually sees, at activation and on every change. In a remote
 * window (code-server is one) VS Code takes machine-scoped values from `<user-data-dir>/Machine/settings.json`, not
 * from the User settings: when Run plan builds on node:20-bookworm-slim although `lwCoder.docker.baseImageFrom` is
 * set, this line says whether the setting arrived. The demo and the real-VS Code tier check it.
 */
export function registerSettingsLog(logger: Logger): vscode.Disposable {
  logger.info(describeRunSettings(runSettings()));
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (['lwCoder.docker', 'lwCoder.agent', 'lwCoder.openRouter'].some((section) => e.affectsConfiguration(section))) logger.info(describeRunSettings(runSettings()));
  });
}
