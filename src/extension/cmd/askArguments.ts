import * as vscode from 'vscode';
import type { CommandArgument, ResolvedCommand } from '../../core/commands/types';

/**
 * "Run Command…" asks for each argument not given: a quick pick for choice and boolean arguments, an input box for the
 * others, with the default pre-filled and required ones checked as you type. Raw text comes back (as `lwc cmd run`
 * takes `key=value`); checkArguments types it.
 *
 * Built on createInputBox/createQuickPick rather than showInputBox, so the open prompt can be described to the in-editor
 * tests (`pendingArgumentPrompt`), which fill it and accept it with the workbench's own accept command.
 */

export interface PendingArgumentPrompt {
  readonly kind: 'input' | 'pick';
  readonly title: string;
  readonly argument: string;
  /** Input boxes: the current text. Quick picks: the active item's label. */
  readonly value: string;
  readonly items: readonly string[];
  readonly validationMessage?: string;
  /**
   * Types into the input box, or makes the item with this label active; resolves once the change has been sent to the
   * workbench (the extension host sends quick-input updates on a zero-delay timer), so an accept that follows sees it.
   */
  fill(value: string): Promise<void>;
}

let pending: PendingArgumentPrompt | undefined;

/** After the extension host's own zero-delay update timer: timers of equal delay run in the order they were set. */
const afterUpdateSent = (): Promise<void> => new Promise((resolve) => setTimeout(() => setTimeout(resolve, 0), 0));

/** The argument prompt on screen, if any. */
export const pendingArgumentPrompt = (): PendingArgumentPrompt | undefined => pending;

const UNSET = '(leave unset)';
const YES = 'Yes';
const NO = 'No';

/** Raw values by argument name; undefined when the user cancelled. `given` values are not asked again. */
export async function askArguments(command: ResolvedCommand, given: Readonly<Record<string, string>>): Promise<Record<string, string> | undefined> {
  const values: Record<string, string> = { ...given };
  const asked = command.arguments.filter((a) => !(a.name in given));
  for (const [i, arg] of asked.entries()) {
    const title = `Run ${command.name} (${i + 1}/${asked.length}): ${arg.name}`;
    const answer = arg.type === 'choice' || arg.type === 'boolean' ? await pick(title, arg) : await input(title, arg);
    if (answer === undefined) return undefined;
    if (answer !== null) values[arg.name] = answer;
  }
  return values;
}

function pickItems(arg: CommandArgument): string[] {
  const items = arg.type === 'boolean' ? [YES, NO] : [...(arg.choices ?? [])];
  if (!arg.required && arg.default === undefined) items.push(UNSET);
  return items;
}

/** A choice or yes/no: undefined when cancelled, null for "leave unset". */
/** Settles a prompt once (accept and the hide that follows both call it), clears `pending` and disposes the widget. */
function finisher(resolve: (value: string | null | undefined) => void, widget: vscode.Disposable): (value: string | null | undefined) => void {
  let done = false;
  return (value) => {
    if (done) return;
    done = true;
    pending = undefined;
    resolve(value);
    widget.dispose();
  };
}

function pick(title: string, arg: CommandArgument): Promise<string | null | undefined> {
  const labels = pickItems(arg);
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.title = title;
  qp.placeholder = arg.description || (arg.type === 'boolean' ? `${arg.name}?` : `Pick ${arg.name}`);
  qp.items = labels.map((label) => ({ label, ...(String(arg.default) === label || (arg.type === 'boolean' && arg.default === (label === YES)) ? { description: 'default' } : {}) }));
  const preferred = arg.type === 'boolean' ? (arg.default === false ? NO : arg.default === true ? YES : undefined) : arg.default !== undefined ? String(arg.default) : undefined;
  const first = qp.items.find((i) => i.label === preferred);
  if (first) qp.activeItems = [first];
  return new Promise((resolve) => {
    const finish = finisher(resolve, qp);
    qp.onDidAccept(() => {
      const chosen = qp.selectedItems[0] ?? qp.activeItems[0];
      if (!chosen) return;
      finish(chosen.label === UNSET ? null : arg.type === 'boolean' ? String(chosen.label === YES) : chosen.label);
    });
    qp.onDidHide(() => finish(undefined));
    pending = {
      kind: 'pick',
      title,
      argument: arg.name,
      get value() {
        return qp.activeItems[0]?.label ?? '';
      },
      items: labels,
      fill(value) {
        const item = qp.items.find((i) => i.label === value);
        if (!item) return Promise.reject(new Error(`'${value}' is not one of ${labels.join(', ')}`));
        qp.activeItems = [item];
        return afterUpdateSent();
      },
    };
    qp.show();
  });
}

/** What is wrong with `text` for this argument, or undefined. */
export function inputProblem(arg: CommandArgument, text: string): string | undefined {
  if (text === '') return arg.required ? `${arg.name} is required.` : undefined;
  if (arg.type === 'number' && !Number.isFinite(Number(text))) return `${arg.name} is a number.`;
  return undefined;
}

/** A string or number: undefined when cancelled, null when left empty (and optional). */
function input(title: string, arg: CommandArgument): Promise<string | null | undefined> {
  const box = vscode.window.createInputBox();
  box.title = title;
  box.prompt = `${arg.description || arg.name}${arg.required ? ' (required)' : ''}`;
  box.value = arg.default !== undefined ? String(arg.default) : '';
  box.placeholder = arg.type === 'number' ? 'a number' : arg.required ? '' : 'empty: leave unset';
  return new Promise((resolve) => {
    const finish = finisher(resolve, box);
    box.onDidChangeValue((v) => (box.validationMessage = inputProblem(arg, v)));
    box.onDidAccept(() => {
      const problem = inputProblem(arg, box.value);
      box.validationMessage = problem;
      if (problem) return;
      finish(box.value === '' ? null : box.value);
    });
    box.onDidHide(() => finish(undefined));
    pending = {
      kind: 'input',
      title,
      argument: arg.name,
      get value() {
        return box.value;
      },
      get validationMessage() {
        const m = box.validationMessage;
        return typeof m === 'string' ? m : m?.message;
      },
      items: [],
      fill(value) {
        box.value = value;
        box.validationMessage = inputProblem(arg, value);
        return afterUpdateSent();
      },
    };
    box.show();
  });
}
