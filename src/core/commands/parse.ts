import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { YAMLError } from 'yaml';
import { issueProblems } from './issues';
import { createLocator, FILE_START, type Locator, type YamlPath } from './locate';
import { problemAt, sortProblems } from './problems';
import { CommandFileSchema, STEP_LISTS, type CommandFile, type StepInput, type StepListKey } from './schema';
import type { CommandArgument, CommandProblem, CommandSource, CommandStep } from './types';
import { validateCommandFile } from './validate';

/** A step with the place it was written, for problems found after `extends` merged it into another command. */
export interface LocatedStep {
  readonly step: CommandStep;
  readonly file: string;
  readonly path: YamlPath;
}

/** One command file that passed its own checks, before `extends` (resolve.ts). */
export interface ParsedCommandFile {
  readonly source: CommandSource;
  readonly data: CommandFile;
  readonly locator: Locator;
  readonly arguments?: readonly CommandArgument[];
  /** Per list: undefined when the file does not give it (then `extends` inherits the parent's). */
  readonly steps: Readonly<Record<StepListKey, readonly LocatedStep[] | undefined>>;
}

export interface CommandFileParse {
  /** Undefined when the file has errors: an invalid command is not offered (its problems say why). */
  readonly parsed?: ParsedCommandFile;
  readonly problems: readonly CommandProblem[];
}

const SYNTAX_FIX = 'Check the indentation (spaces, not tabs) and quote values that contain ": " or start with {, [, * or &.';

/**
 * Parses and checks one command file. Never throws: every problem names the file, line, column and fix.
 * `source.file` is the path messages show (relative to the repository).
 */
export function parseCommandFile(source: CommandSource, text: string): CommandFileParse {
  const file = source.file;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = (e: YAMLError, severity: 'error' | 'warning'): CommandProblem => {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    return problemAt(file, { line, column: col }, `YAML syntax error: ${e.message.split('\n')[0]!.replace(/\.$/, '')}.`, SYNTAX_FIX, severity);
  };
  const problems: CommandProblem[] = [...doc.errors.map((e) => syntax(e, 'error')), ...doc.warnings.map((w) => syntax(w, 'warning'))];
  if (doc.errors.length > 0) return { problems };
  const locator = createLocator(doc, lineCounter);
  if (!isMap(doc.contents)) {
    const found = doc.contents === null ? 'empty' : isSeq(doc.contents) ? 'a list' : 'a single value';
    return { problems: [...problems, problemAt(file, doc.contents ? locator.value([]) : FILE_START, `A command file must be a YAML mapping (name:, description:, steps: …), but this one is ${found}.`, 'Start the file with\n  name: my-command\n  description: What it does\n  steps:\n    - validate-prerequisites')] };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { problems: [...problems, problemAt(file, FILE_START, `The file could not be read as data: ${error instanceof Error ? error.message : String(error)}.`, 'Remove YAML aliases (*name) that expand into large structures.')] };
  }
  const checked = CommandFileSchema.safeParse(raw);
  if (!checked.success) {
    for (const issue of checked.error.issues) problems.push(...issueProblems(file, locator, raw, issue));
    return { problems: sortProblems(problems) };
  }
  const data = checked.data;
  const parsed: ParsedCommandFile = {
    source,
    data,
    locator,
    ...(data.arguments ? { arguments: data.arguments.map((a, i) => ({ ...normaliseArgument(a), declaredAt: { file, ...locator.value(['arguments', i, 'name']) } })) } : {}),
    steps: Object.fromEntries(STEP_LISTS.map((key) => [key, data[key]?.map((step, i) => ({ step: normaliseStep(step, i), file, path: [key, i] }))])) as ParsedCommandFile['steps'],
  };
  problems.push(...validateCommandFile(parsed));
  const failed = problems.some((p) => p.severity === 'error');
  return failed ? { problems: sortProblems(problems) } : { parsed, problems: sortProblems(problems) };
}

const text = (v: string | number | boolean): string => String(v);

function normaliseArgument(a: NonNullable<CommandFile['arguments']>[number]): CommandArgument {
  return {
    name: a.name,
    description: a.description ?? '',
    required: a.required ?? false,
    type: a.type ?? (a.choices ? 'choice' : 'string'),
    ...(a.choices ? { choices: a.choices.map(text) } : {}),
    ...(a.default !== undefined ? { default: a.default } : {}),
  };
}

/** A bare string is a built-in step by name; objects get their defaults. */
export function normaliseStep(step: StepInput, index: number): CommandStep {
  if (typeof step === 'string') return { name: step, type: 'builtin', action: step, args: [], retry: { count: 0, delaySeconds: 0 }, continueOnError: false };
  const type = step.type ?? 'builtin';
  const args = step.args === undefined ? [] : Array.isArray(step.args) ? step.args.map(text) : Object.entries(step.args).map(([k, v]) => `${k}=${text(v)}`);
  return {
    name: step.name ?? (type === 'builtin' ? step.action : `${type}-${index + 1}`),
    type,
    action: step.action,
    args,
    ...(step.timeout !== undefined ? { timeoutSeconds: step.timeout } : {}),
    ...(step.when !== undefined ? { when: step.when } : {}),
    retry: { count: step.retry?.count ?? 0, delaySeconds: step.retry?.delay ?? 0 },
    continueOnError: step.continue_on_error ?? false,
  };
}
