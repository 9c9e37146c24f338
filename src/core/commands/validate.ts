import { argumentEnvName, PLACEHOLDER } from './arguments';
import { closest } from './issues';
import { escapes } from './paths';
import type { YamlPath } from './locate';
import type { LocatedStep, ParsedCommandFile } from './parse';
import { describePath, problemAt } from './problems';
import { BUILTIN_STEPS, STEP_LISTS } from './schema';
import type { CommandProblem } from './types';
import { parseWhen } from './when';

/**
 * The rules of one command file that zod cannot say: built-in names, argument types and defaults, paths that must stay
 * in the repository, `when` syntax, and (issue 14 item 6) no placeholder inside a shell command string. Rules that need
 * the parent's definition (argument references) are in resolve.ts.
 */
export function validateCommandFile(parsed: ParsedCommandFile): CommandProblem[] {
  return [...argumentProblems(parsed), ...pathProblems(parsed), ...STEP_LISTS.flatMap((key) => (parsed.steps[key] ?? []).flatMap((s) => stepProblems(parsed, s)))];
}

/** Where the action of a step was written: the item itself for `- create-worktree`, its `action:` otherwise. */
export function actionPath(parsed: ParsedCommandFile, located: LocatedStep): YamlPath {
  return parsed.locator.has([...located.path, 'action']) ? [...located.path, 'action'] : located.path;
}

function stepProblems(parsed: ParsedCommandFile, located: LocatedStep): CommandProblem[] {
  const { file, locator } = { file: parsed.source.file, locator: parsed.locator };
  const { step } = located;
  const where = describePath(located.path);
  const problems: CommandProblem[] = [];
  const actionAt = locator.value(actionPath(parsed, located));
  if (step.type === 'builtin' && !(BUILTIN_STEPS as readonly string[]).includes(step.action)) {
    const guess = closest(step.action, BUILTIN_STEPS);
    problems.push(
      problemAt(
        file,
        actionAt,
        `${where}: '${step.action}' is not a built-in step.`,
        `${guess ? `Did you mean '${guess}'? ` : ''}Built-in steps: ${BUILTIN_STEPS.join(', ')}. For a command of your own write a mapping with type: shell (or script) and action: <command>.`,
      ),
    );
  }
  if (step.type === 'shell') {
    const found = new RegExp(PLACEHOLDER.source, 'g').exec(step.action);
    if (found) {
      const name = found[2]!;
      const fix = found[1] === 'args' ? `Read the value from the environment, quoted: "$${argumentEnvName(name)}" (or pass it in the step's args list to a script step).` : 'Pass it in the args list of a script step, which runs without a shell.';
      problems.push(
        problemAt(file, actionAt, `${where}: the shell command contains the placeholder ${found[0]}: a value substituted into shell text can run as shell syntax (an argument like "$(rm -rf ~)"), so placeholders are refused in shell steps.`, fix),
      );
    }
  }
  if ((step.type === 'script' || step.type === 'agent') && escapes(step.action)) {
    problems.push(problemAt(file, actionAt, `${where}: '${step.action}' is outside the repository.`, `Give a path relative to the repository root, e.g. ${step.type === 'script' ? 'scripts/check.sh' : 'prompts/task.md'}.`));
  }
  if (step.when !== undefined) {
    const parsedWhen = parseWhen(step.when);
    if (!parsedWhen.ok) {
      const whenPath = [...located.path, 'when'];
      const at = locator.value(whenPath);
      const column = locator.isPlainScalar(whenPath) ? at.column + parsedWhen.error.offset : at.column;
      problems.push(
        problemAt(file, { line: at.line, column }, `${where}.when: ${parsedWhen.error.message} (in '${step.when}').`, "Write a condition over args.<name> and shared.<key> with == != && || ! and parentheses, e.g. when: args.skip_tests != true"),
      );
    }
  }
  return problems;
}

function argumentProblems(parsed: ParsedCommandFile): CommandProblem[] {
  const file = parsed.source.file;
  const problems: CommandProblem[] = [];
  const seen = new Map<string, string>();
  (parsed.arguments ?? []).forEach((a, i) => {
    const at = (key?: string) => parsed.locator.value(key ? ['arguments', i, key] : ['arguments', i]);
    const env = argumentEnvName(a.name);
    const before = seen.get(env);
    if (before !== undefined) {
      problems.push(problemAt(file, at('name'), before === a.name ? `Argument '${a.name}' is declared twice.` : `Arguments '${before}' and '${a.name}' would both be ${env} in the environment.`, 'Rename or remove one of them.'));
    }
    seen.set(env, a.name);
    if (a.type === 'choice' && !a.choices) problems.push(problemAt(file, at('type'), `Argument '${a.name}' is a choice but lists no choices.`, 'Add the allowed values, e.g. choices: [small, large].'));
    if (a.type !== 'choice' && a.choices) problems.push(problemAt(file, at('choices'), `Argument '${a.name}' lists choices but its type is ${a.type}.`, 'Set type: choice, or remove choices.'));
    if (a.default === undefined) return;
    const d = a.default;
    const wrong =
      (a.type === 'number' && typeof d !== 'number') ||
      (a.type === 'boolean' && typeof d !== 'boolean') ||
      (a.type === 'choice' && a.choices !== undefined && !a.choices.includes(String(d)));
    if (wrong) {
      const expected = a.type === 'choice' ? `one of ${(a.choices ?? []).join(', ')}` : a.type === 'boolean' ? 'true or false' : 'a number';
      problems.push(problemAt(file, at('default'), `The default of argument '${a.name}' is ${JSON.stringify(d)}, but a ${a.type} argument takes ${expected}.`, `Set default: to ${expected}, or change type:.`));
    }
  });
  return problems;
}

function pathProblems(parsed: ParsedCommandFile): CommandProblem[] {
  const problems: CommandProblem[] = [];
  for (const key of ['prompt_file', 'working_directory'] as const) {
    const value = parsed.data[key];
    if (value !== undefined && escapes(value)) {
      problems.push(problemAt(parsed.source.file, parsed.locator.value([key]), `${key} '${value}' is outside the repository.`, `Give a path relative to the repository root (no leading / and no ..), e.g. ${key === 'prompt_file' ? 'prompts/feature.md' : 'packages/app'}.`));
    }
  }
  return problems;
}
