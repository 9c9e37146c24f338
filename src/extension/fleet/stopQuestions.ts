import * as vscode from 'vscode';
import type { DownInspection, DownWorktree } from '../../app/fleet/downInspect';
import { optionOf } from '../commands/args';
import { DESTROY_WORD, validateDestroyInput, workChoiceDetail } from './downText';

/** The questions of "Stop Workers", asked in this order; each undefined answer cancels with nothing changed. */
export interface StopQuestions {
  work(inspection: DownInspection): Promise<'salvage' | 'discard' | undefined>;
  options(inspection: DownInspection): Promise<{ readonly save: boolean; readonly destroy: boolean } | undefined>;
  /** The typed confirmation of a destroy, already checked by validateDestroyInput; false when it was not given. */
  confirmDestroy(doomed: readonly DownWorktree[]): Promise<boolean>;
  /** What was asked, for the command's result (tests read the modal's words). */
  readonly asked: string[];
}

const SALVAGE = 'Salvage';
const DISCARD = 'Discard';
export const WORK_QUESTION = 'Stop the workers? What should happen to work not saved anywhere yet?';
export const OPTIONS_QUESTION = 'Stop Workers: options (pick none to just stop)';

/** The native UI: a modal (its Cancel is VS Code's own), a multi-select quick pick, an input box that only takes `destroy`. */
export function modalQuestions(): StopQuestions {
  const asked: string[] = [];
  return {
    asked,
    async work(inspection) {
      asked.push(WORK_QUESTION);
      const choice = await vscode.window.showWarningMessage(WORK_QUESTION, { modal: true, detail: workChoiceDetail(inspection) }, SALVAGE, DISCARD);
      return choice === SALVAGE ? 'salvage' : choice === DISCARD ? 'discard' : undefined;
    },
    async options(inspection) {
      asked.push(OPTIONS_QUESTION);
      const running = inspection.containers.filter((c) => c.state === 'running').length;
      const items = [
        { label: 'Save snapshots', key: 'save' as const, detail: `Commit each running agent container (${running} now) as an image lw_coder_snapshot:<plan_id>-<timestamp> before it stops.` },
        { label: 'Destroy worktrees', key: 'destroy' as const, detail: 'Also delete the worktrees of unfinished tasks, after their work is salvaged or discarded (branches and commits stay). Asks you to type destroy.' },
      ];
      const picked = await vscode.window.showQuickPick(items, { title: OPTIONS_QUESTION, canPickMany: true, ignoreFocusOut: true, placeHolder: 'Enter with nothing picked stops the workers; Escape cancels' });
      return picked ? { save: picked.some((p) => p.key === 'save'), destroy: picked.some((p) => p.key === 'destroy') } : undefined;
    },
    async confirmDestroy(doomed) {
      if (doomed.length === 0) return true;
      const prompt = `Permanently delete ${doomed.length} worktree(s): ${doomed.map((w) => w.path).join(', ')} (their branches and commits stay). Type ${DESTROY_WORD} to confirm.`;
      asked.push(prompt);
      const typed = await vscode.window.showInputBox({ title: 'Stop Workers: destroy worktrees', prompt, placeHolder: DESTROY_WORD, validateInput: validateDestroyInput, ignoreFocusOut: true });
      return typed !== undefined && validateDestroyInput(typed) === undefined;
    },
  };
}

/**
 * The answers a test or script gives in the argument (`{ answers: { work, save, destroy, confirm } }`), like
 * `yes: true` elsewhere: the same questions are asked of it, and a typed confirmation goes through the same
 * validateInput as the input box, so `confirm: 'Destroy'` is refused as the box refuses it.
 */
export function scriptedQuestions(arg: unknown): StopQuestions | undefined {
  const answers = optionOf<{ work?: unknown; save?: unknown; destroy?: unknown; confirm?: unknown }>(arg, 'answers');
  if (!answers || typeof answers !== 'object') return undefined;
  const asked: string[] = [];
  return {
    asked,
    work: async (inspection) => {
      asked.push(`${WORK_QUESTION}\n${workChoiceDetail(inspection)}`);
      return answers.work === 'salvage' || answers.work === 'discard' ? answers.work : undefined;
    },
    options: async () => {
      asked.push(OPTIONS_QUESTION);
      return { save: answers.save === true, destroy: answers.destroy === true };
    },
    confirmDestroy: async (doomed) => {
      if (doomed.length === 0) return true;
      asked.push(`Type ${DESTROY_WORD} to confirm`);
      return typeof answers.confirm === 'string' && validateDestroyInput(answers.confirm) === undefined;
    },
  };
}
