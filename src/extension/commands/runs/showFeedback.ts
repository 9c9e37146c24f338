import * as vscode from 'vscode';
import type { LwContext } from '../../context';
import type { ShowFeedbackResult } from '../../feedback/panel';
import { loadRuns } from '../../lazy';

/**
 * lwCoder.runs.showFeedback: the feedback summary panel of one run. Takes a Runs-view run node, or `{ runDir, follow? }`
 * (the contract of the headless-run command, which opens its run as soon as the directory exists: `follow` defaults
 * to true there, so the panel waits for events even before events.jsonl is written), or nothing (a quick pick of runs).
 * Resolves to `{ runDir, panelTitle }`, undefined when the pick is cancelled.
 */
export function showFeedback(ctx: LwContext) {
  return async (arg?: unknown): Promise<ShowFeedbackResult | undefined> => {
    const target = targetOf(arg) ?? (await pickRun(ctx));
    if (!target) return undefined;
    const { showFeedbackPanel } = await loadRuns();
    return showFeedbackPanel(
      { extensionUri: ctx.extension.extensionUri, logger: ctx.logger('feedback'), subscriptions: ctx.extension.subscriptions, trusted: () => vscode.workspace.isTrusted },
      target.runDir,
      target.follow,
    );
  };
}

function targetOf(arg: unknown): { runDir: string; follow: boolean } | undefined {
  if (typeof arg === 'string') return { runDir: arg, follow: true };
  if (arg instanceof vscode.Uri) return { runDir: arg.fsPath, follow: true };
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as { runDir?: unknown; follow?: unknown; kind?: unknown; run?: { runDir?: unknown } };
  // A Runs-view node (run or file row): a listed run, so nothing to wait for unless it is still going.
  if ((a.kind === 'run' || a.kind === 'file') && typeof a.run?.runDir === 'string') return { runDir: a.run.runDir, follow: false };
  if (typeof a.runDir === 'string') return { runDir: a.runDir, follow: a.follow !== false };
  throw new Error('Show Feedback Summary needs a run: pick one in the Runs view, or pass { runDir } (a .lw_coder/runs/<plan_id>/<timestamp> folder).');
}

async function pickRun(ctx: LwContext): Promise<{ runDir: string; follow: boolean } | undefined> {
  await ctx.runs.refresh();
  const items = ctx.runs.state.plans.flatMap((p) => p.runs.map((r) => ({
    label: `${p.planId} · ${r.name}`,
    description: r.files.includes('result.json') ? 'headless result' : r.files.includes('events.jsonl') ? 'running or ended without result' : 'prompts',
    detail: r.runDir,
    runDir: r.runDir,
  })));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No runs yet: a run directory appears under .lw_coder/runs when a plan runs or its prompts are generated.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Show Feedback Summary', placeHolder: 'Pick a run', matchOnDetail: true });
  return picked ? { runDir: picked.runDir, follow: false } : undefined;
}
