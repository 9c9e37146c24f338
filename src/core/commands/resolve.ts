import { PLACEHOLDER } from './arguments';
import { chooseLifecycle } from './lifecycle';
import type { Locator } from './locate';
import type { LocatedStep, ParsedCommandFile } from './parse';
import { describePath, problemAt, sortProblems } from './problems';
import { DEFAULT_CATEGORY, DEFAULT_COMMAND_TIMEOUT_SECONDS, STEP_LISTS, type StepListKey } from './schema';
import type { CommandArgument, CommandProblem, ResolvedCommand } from './types';
import { parseWhen, whenReferences } from './when';

/**
 * Builds the catalog from the files that passed their own checks: name clashes, `extends`, references to arguments.
 *
 * Precedence: files come in as `.lw_coder/commands` first, then `.prj/commands`, each sorted by file name. The first
 * definition of a name wins; a second one in the same folder is an error, one in `.prj/commands` shadowed by ours is a
 * warning (prunejuice compatibility: the same command may sit in both while a repository moves over).
 *
 * `extends` (the seed does not say how lists merge, so this is our rule, documented in the README):
 * - scalars (description, category, prompt_file, working_directory, timeout, branch_name): the child's when given;
 * - arguments and environment: merged by name, the child's entry replacing the parent's in place, new ones appended;
 * - each step list (pre_steps, steps, post_steps, cleanup_on_failure): the child's list replaces the parent's when the
 *   child gives the key (an empty list removes the parent's steps), else the parent's is inherited.
 * Unknown parents and cycles are errors at the `extends:` line; a command whose parent is invalid is invalid too.
 */
export function resolveCatalog(files: readonly ParsedCommandFile[]): { commands: ResolvedCommand[]; problems: CommandProblem[] } {
  const problems: CommandProblem[] = [];
  const byName = new Map<string, ParsedCommandFile>();
  for (const f of files) {
    const first = byName.get(f.data.name);
    if (!first) {
      byName.set(f.data.name, f);
      continue;
    }
    const at = f.locator.value(['name']);
    if (first.source.origin === f.source.origin) {
      problems.push(problemAt(f.source.file, at, `Command '${f.data.name}' is already defined in ${first.source.file}; this definition is ignored.`, 'Rename one of the two commands (name:) or delete one file.'));
    } else {
      problems.push(problemAt(f.source.file, at, `Command '${f.data.name}' is also defined in ${first.source.file}, which wins: this prunejuice definition is ignored.`, `Delete ${f.source.file} if the two are the same command, or rename one of them.`, 'warning'));
    }
  }
  const locators = new Map<string, Locator>(files.map((f) => [f.source.file, f.locator]));
  const done = new Map<string, Merged | undefined>();
  const resolving: string[] = [];

  const resolve = (f: ParsedCommandFile): Merged | undefined => {
    const name = f.data.name;
    if (done.has(name)) return done.get(name);
    const parentName = f.data.extends;
    let parent: Merged | undefined;
    let failed = false;
    if (parentName !== undefined) {
      const at = f.locator.value(['extends']);
      const parentFile = byName.get(parentName);
      if (!parentFile) {
        const known = [...byName.keys()].filter((n) => n !== name).sort();
        problems.push(problemAt(f.source.file, at, `Command '${name}' extends '${parentName}', which is not defined.`, known.length ? `Extend one of: ${known.join(', ')} (or add ${parentName}.yaml to .lw_coder/commands).` : `Add .lw_coder/commands/${parentName}.yaml, or remove extends:.`));
        failed = true;
      } else if (resolving.includes(parentName)) {
        const cycle = [...resolving.slice(resolving.indexOf(parentName)), name, parentName];
        problems.push(problemAt(f.source.file, at, `'extends' makes a cycle: ${cycle.join(' → ')}.`, 'Remove extends: from one of these commands so the chain ends.'));
        failed = true;
      } else {
        resolving.push(name);
        parent = resolve(parentFile);
        resolving.pop();
        if (!parent) {
          problems.push(problemAt(f.source.file, at, `Command '${name}' extends '${parentName}', which has problems of its own.`, `Fix ${parentFile.source.file} first.`));
          failed = true;
        }
      }
    }
    if (failed) {
      done.set(name, undefined);
      return undefined;
    }
    const merged = merge(f, parent);
    const referenceProblems = checkReferences(merged, locators);
    problems.push(...referenceProblems);
    const result = referenceProblems.some((p) => p.severity === 'error') ? undefined : merged;
    done.set(name, result);
    return result;
  };

  const commands: ResolvedCommand[] = [];
  for (const f of byName.values()) {
    const merged = resolve(f);
    if (merged) commands.push(toResolved(merged));
  }
  commands.sort((a, b) => a.name.localeCompare(b.name));
  return { commands, problems: sortProblems(problems) };
}

interface Merged {
  readonly file: ParsedCommandFile;
  readonly chain: readonly string[];
  readonly scalars: Pick<ResolvedCommand, 'description' | 'category' | 'promptFile' | 'workingDirectory' | 'timeoutSeconds' | 'branchName'>;
  readonly arguments: readonly CommandArgument[];
  readonly environment: Readonly<Record<string, string>>;
  readonly steps: Readonly<Record<StepListKey, readonly LocatedStep[]>>;
}

function mergeByName<T extends { name: string }>(parent: readonly T[], child: readonly T[]): T[] {
  const out = [...parent];
  for (const c of child) {
    const i = out.findIndex((p) => p.name === c.name);
    if (i >= 0) out[i] = c;
    else out.push(c);
  }
  return out;
}

function merge(f: ParsedCommandFile, parent: Merged | undefined): Merged {
  const d = f.data;
  const ownEnv = Object.fromEntries(Object.entries(d.environment ?? {}).map(([k, v]) => [k, String(v)]));
  const p = parent?.scalars;
  const promptFile = d.prompt_file ?? p?.promptFile;
  const workingDirectory = d.working_directory ?? p?.workingDirectory;
  const branchName = d.branch_name ?? p?.branchName;
  return {
    file: f,
    chain: parent ? [parent.file.data.name, ...parent.chain] : [],
    scalars: {
      description: d.description ?? p?.description ?? '',
      category: d.category ?? p?.category ?? DEFAULT_CATEGORY,
      timeoutSeconds: d.timeout ?? p?.timeoutSeconds ?? DEFAULT_COMMAND_TIMEOUT_SECONDS,
      ...(promptFile !== undefined ? { promptFile } : {}),
      ...(workingDirectory !== undefined ? { workingDirectory } : {}),
      ...(branchName !== undefined ? { branchName } : {}),
    },
    arguments: mergeByName(parent?.arguments ?? [], f.arguments ?? []),
    environment: { ...(parent?.environment ?? {}), ...ownEnv },
    steps: Object.fromEntries(STEP_LISTS.map((key) => [key, f.steps[key] ?? parent?.steps[key] ?? []])) as Merged['steps'],
  };
}

/** `args.x` in conditions and `{{ args.x }}` in argv items and agent prompt paths must name a declared argument. */
function checkReferences(merged: Merged, locators: ReadonlyMap<string, Locator>): CommandProblem[] {
  const declared = new Set(merged.arguments.map((a) => a.name));
  const known = merged.arguments.map((a) => a.name);
  const fix = (name: string): string => (known.length ? `Use one of its arguments (${known.join(', ')}), or declare '${name}' under arguments:.` : `Declare it:\n  arguments:\n    - name: ${name}`);
  const problems: CommandProblem[] = [];
  for (const key of STEP_LISTS) {
    for (const located of merged.steps[key]) {
      const locator = locators.get(located.file)!;
      const where = describePath(located.path);
      const { step } = located;
      if (step.when !== undefined) {
        const parsed = parseWhen(step.when);
        if (parsed.ok) {
          for (const ref of whenReferences(parsed.ast)) {
            if (ref.scope === 'args' && !declared.has(ref.name)) {
              problems.push(problemAt(located.file, locator.value([...located.path, 'when']), `${where}.when reads args.${ref.name}, but command '${merged.file.data.name}' has no argument '${ref.name}'.`, fix(ref.name)));
            }
          }
        }
      }
      const texts: { text: string; path: (string | number)[] }[] = step.args.map((text, i) => ({ text, path: [...located.path, 'args', i] }));
      if (step.type === 'agent') texts.push({ text: step.action, path: [...located.path, 'action'] });
      for (const { text, path } of texts) {
        for (const m of text.matchAll(new RegExp(PLACEHOLDER.source, 'g'))) {
          if (m[1] === 'args' && !declared.has(m[2]!)) {
            const at = locator.has(path) ? locator.value(path) : locator.value([...located.path, 'args']);
            problems.push(problemAt(located.file, at, `${where} uses ${m[0]}, but command '${merged.file.data.name}' has no argument '${m[2]}'.`, fix(m[2]!)));
          }
        }
      }
    }
  }
  return problems;
}

function toResolved(m: Merged): ResolvedCommand {
  const steps = (key: StepListKey) => m.steps[key].map((s) => s.step);
  const preSteps = steps('pre_steps');
  const main = steps('steps');
  const postSteps = steps('post_steps');
  return {
    name: m.file.data.name,
    ...m.scalars,
    extendsChain: m.chain,
    arguments: m.arguments,
    environment: m.environment,
    preSteps,
    steps: main,
    postSteps,
    cleanupOnFailure: steps('cleanup_on_failure'),
    lifecycle: chooseLifecycle([...preSteps, ...main, ...postSteps]),
    source: m.file.source,
  };
}
