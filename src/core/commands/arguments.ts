import type { CommandArgument, CommandProblem, ResolvedCommand } from './types';

/**
 * Argument values (issue 14 item 6): checked against the definition before anything runs, and handed to steps only
 * as environment variables and as text substituted into prompt files and argv lists, never into shell text.
 */

/** `{{ args.name }}` / `{{ shared.key }}`; group 1 is the scope, group 2 the name. */
export const PLACEHOLDER = /\{\{\s*(args|shared)\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}/;

export type ArgumentValue = string | number | boolean;

/** `feature-name` → `LWC_ARG_FEATURE_NAME`: the variable a step reads an argument from. */
export function argumentEnvName(name: string): string {
  return `LWC_ARG_${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}

export interface ArgumentCheck {
  /** Every declared argument that has a value (given or default), typed. */
  readonly values: Readonly<Record<string, ArgumentValue>>;
  readonly problems: readonly CommandProblem[];
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off']);

function convert(arg: CommandArgument, raw: string): { value: ArgumentValue } | { error: string; fix: string } {
  switch (arg.type) {
    case 'number': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) ? { value: n } : { error: `Argument '${arg.name}' must be a number, got '${raw}'.`, fix: `Give a number, e.g. ${arg.name}=3.` };
    }
    case 'boolean': {
      const lower = raw.trim().toLowerCase();
      if (TRUE.has(lower)) return { value: true };
      if (FALSE.has(lower)) return { value: false };
      return { error: `Argument '${arg.name}' must be true or false, got '${raw}'.`, fix: `Give ${arg.name}=true or ${arg.name}=false.` };
    }
    case 'choice':
      return arg.choices?.includes(raw) ? { value: raw } : { error: `Argument '${arg.name}' must be one of ${(arg.choices ?? []).join(', ')}, got '${raw}'.`, fix: `Give one of: ${(arg.choices ?? []).map((c) => `${arg.name}=${c}`).join(', ')}.` };
    case 'string':
      return { value: raw };
  }
}

/**
 * Checks raw values (CLI `key=value`, editor inputs) against the command's arguments: unknown names, required ones
 * missing, types and choices. Defaults fill what is not given. Pure: the values are never interpreted further.
 */
export function checkArguments(command: Pick<ResolvedCommand, 'name' | 'arguments' | 'source'>, raw: Readonly<Record<string, string>>): ArgumentCheck {
  const problems: CommandProblem[] = [];
  const values: Record<string, ArgumentValue> = {};
  const problem = (message: string, fix: string, arg?: CommandArgument): void =>
    void problems.push({ file: command.source.file, line: 0, column: 0, ...arg?.declaredAt, message, fix, severity: 'error' });
  const declared = new Map(command.arguments.map((a) => [a.name, a]));
  for (const name of Object.keys(raw)) {
    if (!declared.has(name)) {
      const known = command.arguments.map((a) => a.name);
      problem(`Command '${command.name}' has no argument '${name}'.`, known.length ? `Its arguments: ${known.join(', ')}.` : `It takes no arguments: remove ${name}=….`);
    }
  }
  for (const arg of command.arguments) {
    const given = Object.prototype.hasOwnProperty.call(raw, arg.name) ? raw[arg.name] : undefined;
    if (given === undefined) {
      if (arg.default !== undefined) values[arg.name] = arg.default;
      else if (arg.required) problem(`Argument '${arg.name}' is required${arg.description ? ` (${arg.description})` : ''}.`, `Give it: ${arg.name}=${arg.type === 'choice' ? (arg.choices?.[0] ?? 'value') : arg.type === 'boolean' ? 'true' : arg.type === 'number' ? '1' : 'value'}.`, arg);
      continue;
    }
    const converted = convert(arg, given);
    if ('value' in converted) values[arg.name] = converted.value;
    else problem(converted.error, converted.fix, arg);
  }
  return { values, problems };
}

/** The variables a step gets for the arguments: `LWC_ARG_<NAME>` = the value's text. */
export function argumentEnvironment(values: Readonly<Record<string, ArgumentValue>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [argumentEnvName(name), String(value)]));
}

/**
 * Replaces `{{ args.name }}` and `{{ shared.key }}` in a prompt file or one argv item. A placeholder naming nothing
 * known is left as written, so the reader sees what was not filled. Only for text that never reaches a shell.
 */
export function substitutePlaceholders(text: string, args: Readonly<Record<string, ArgumentValue>>, shared: Readonly<Record<string, string>>): string {
  return text.replace(new RegExp(PLACEHOLDER.source, 'g'), (whole, scope: string, name: string) => {
    const source: Readonly<Record<string, ArgumentValue>> = scope === 'args' ? args : shared;
    return Object.prototype.hasOwnProperty.call(source, name) ? String(source[name]) : whole;
  });
}
