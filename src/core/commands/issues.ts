import type { z } from 'zod';
import type { Locator, YamlPath } from './locate';
import { describePath, problemAt } from './problems';
import { ArgumentSchema, CommandFileSchema, KEY_EXAMPLES, RetrySchema, STEP_LISTS, StepObjectSchema } from './schema';
import type { CommandProblem } from './types';

/**
 * zod issues as located problems, each with a fix in the file's own terms. zod says "Invalid input"; a user needs
 * "steps[1].type is 'bash': use builtin, shell, script or agent".
 */

type Issue = z.core.$ZodIssue;

function keysAt(path: YamlPath): readonly string[] {
  if (path.length === 0) return Object.keys(CommandFileSchema.shape);
  if (path[0] === 'arguments' && path.length === 2) return Object.keys(ArgumentSchema.shape);
  if ((STEP_LISTS as readonly (string | number)[]).includes(path[0]!) && path.length === 2) return Object.keys(StepObjectSchema.shape);
  if (path[path.length - 1] === 'retry') return Object.keys(RetrySchema.shape);
  return [];
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length]![b.length]!;
}

/** The known word closest to `word` (edit distance ≤ 2, or a prefix match), for "did you mean". */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const dist = k.startsWith(word) || word.startsWith(k) ? Math.min(2, distance(word, k)) : distance(word, k);
    if (dist < bestDistance) {
      best = k;
      bestDistance = dist;
    }
  }
  return best;
}

const lastKey = (path: YamlPath): string | undefined => [...path].reverse().find((s): s is string => typeof s === 'string');

function exampleFor(path: YamlPath): string {
  const top = typeof path[0] === 'string' ? KEY_EXAMPLES[path[0]] : undefined;
  const key = lastKey(path);
  if (path[0] === 'arguments') return "each argument is a mapping, e.g.\n  - name: feature\n    type: choice\n    choices: [small, large]\n    default: small";
  if ((STEP_LISTS as readonly (string | number)[]).includes(path[0]!)) {
    if (key === 'retry' || path.includes('retry')) return 'write it as\n    retry:\n      count: 2\n      delay: 5';
    return `a step is a built-in name (- create-worktree) or a mapping, e.g.\n  - name: test\n    type: shell\n    action: npm test\n    timeout: 600`;
  }
  return top ? `write it as\n  ${top.replace(/\n/g, '\n  ')}` : 'see the command format in the README';
}

const valueText = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : value === null ? 'empty' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : String(value));

function valueAt(raw: unknown, path: YamlPath): unknown {
  let v = raw;
  for (const s of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[s] : undefined;
  return v;
}

export function issueProblems(file: string, locator: Locator, raw: unknown, issue: Issue, prefix: YamlPath = []): CommandProblem[] {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  const where = describePath(path);
  const at = locator.value(path);
  const fix = exampleFor(path);
  const value = valueAt(raw, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = keysAt(path);
        const guess = closest(key, known);
        const inside = path.length === 0 ? 'a command' : where;
        return problemAt(file, locator.key([...path, key]), `Unknown key '${key}' in ${inside}.`, guess ? `Did you mean '${guess}'? Known keys: ${known.join(', ')}.` : `Remove it; known keys: ${known.join(', ')}.`);
      });
    case 'invalid_union': {
      // A step is a string or a mapping: report the mapping's own issues when a mapping was written.
      if (value && typeof value === 'object' && !Array.isArray(value) && issue.errors.length > 1) {
        return issue.errors[issue.errors.length - 1]!.flatMap((inner) => issueProblems(file, locator, raw, inner, path));
      }
      return [problemAt(file, at, `${where} is ${valueText(value)}, which is neither a built-in step name nor a step mapping.`, fix)];
    }
    case 'invalid_type':
      if (value === undefined) return [problemAt(file, at, `${where} is missing: it is required.`, `Add it: ${fix}`)];
      return [problemAt(file, at, `${where} must be ${article(issue.expected)}, but it is ${valueText(value)}.`, fix)];
    case 'invalid_value':
      return [problemAt(file, at, `${where} is ${valueText(value)}, which is not allowed.`, `Use one of: ${issue.values.map(String).join(', ')}.`)];
    case 'invalid_format':
      return [problemAt(file, at, `${where} is ${valueText(value)}, which is not a valid ${lastKey(path) === 'name' || lastKey(path) === 'extends' ? 'name' : 'value'}.`, nameFix(path))];
    case 'invalid_key':
      return [problemAt(file, locator.key(path), `Environment variable name '${String(path[path.length - 1])}' in ${describePath(path.slice(0, -1))} is not valid.`, 'Use letters, digits and _ (not starting with a digit), e.g. NODE_ENV.')];
    case 'too_small':
      return [problemAt(file, at, `${where} is ${valueText(value)}: ${issue.origin === 'number' ? `it must be at least ${String(issue.minimum)}` : 'it must not be empty'}.`, fix)];
    case 'too_big':
      return [problemAt(file, at, `${where} is ${valueText(value)}: it must be at most ${String(issue.maximum)}.`, fix)];
    default:
      return [problemAt(file, at, `${where}: ${issue.message}.`, fix)];
  }
}

function nameFix(path: YamlPath): string {
  const key = lastKey(path);
  if (path[0] === 'arguments') return 'An argument name uses letters, digits, _ and - and starts with a letter or _, e.g. feature_name.';
  if (key === 'name' || key === 'extends') return 'A command name uses letters, digits, ., _ and - and starts with a letter or digit, e.g. feature-branch.';
  return exampleFor(path);
}

const article = (expected: string): string => (expected === 'object' ? 'a mapping' : expected === 'array' ? 'a list' : /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`);
