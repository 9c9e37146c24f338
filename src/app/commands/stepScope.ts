import type { CommandProblem, ResolvedCommand } from '../../core/commands/types';
import type { ArgValue } from '../../core/commands/stepEnv';

/**
 * The three pure functions the executor needs from the parser stream (issue 14 items 1 and 6). MERGE NOTE for the
 * lead: these are minimal private fallbacks, written so the executor could be built before the parser landed. At merge,
 * replace each body with a re-export of the parser's function of the same name and signature —
 * `evaluateWhen` from src/core/commands/when.ts, `checkArguments` from src/core/commands/arguments.ts and
 * `substitutePlaceholders` from src/core/commands/placeholders.ts — and delete the fallbacks. The executor imports
 * them from here only.
 */

export interface StepScope {
  readonly args: Readonly<Record<string, ArgValue>>;
  readonly shared: Readonly<Record<string, string>>;
}

/** Fallback: `a == b`, `a != b`, `&&`, `||`, `!x`, bare references (`args.x`, `shared.y`) and literals. */
export function evaluateWhen(expr: string, scope: StepScope): boolean {
  const value = (token: string): ArgValue | undefined => {
    const t = token.trim();
    const ref = /^(args|shared)\.([A-Za-z_][A-Za-z0-9_.-]*)$/.exec(t);
    if (ref) return ref[1] === 'args' ? scope.args[ref[2]!] : scope.shared[ref[2]!];
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
    const quoted = /^(['"])(.*)\1$/.exec(t);
    if (quoted) return quoted[2]!;
    throw new Error(`cannot read '${t}' in when: '${expr}'`);
  };
  const truthy = (v: ArgValue | undefined): boolean => v !== undefined && v !== false && v !== '' && v !== 'false' && v !== 0;
  const same = (a: ArgValue | undefined, b: ArgValue | undefined): boolean => String(a) === String(b);
  const term = (t: string): boolean => {
    const s = t.trim();
    if (s.startsWith('!') && !s.startsWith('!=')) return !term(s.slice(1));
    const m = /^(.*?)\s*(==|!=)\s*(.*)$/.exec(s);
    if (m) return m[2] === '==' ? same(value(m[1]!), value(m[3]!)) : !same(value(m[1]!), value(m[3]!));
    return truthy(value(s));
  };
  return expr.split('||').some((alt) => alt.split('&&').every(term));
}

/** Fallback: required, defaults, types and choices; unknown names are refused. Numbers and booleans are converted. */
export function checkArguments(command: ResolvedCommand, raw: Readonly<Record<string, string>>): { ok: true; values: Record<string, ArgValue> } | { ok: false; problems: CommandProblem[] } {
  const problems: CommandProblem[] = [];
  const values: Record<string, ArgValue> = {};
  const problem = (message: string, fix: string): void => void problems.push({ file: command.source.file, line: 0, column: 0, message, fix, severity: 'error' });
  const known = new Set(command.arguments.map((a) => a.name));
  for (const name of Object.keys(raw)) if (!known.has(name)) problem(`${command.name} has no argument '${name}'`, `Use one of: ${[...known].join(', ') || '(none)'}.`);
  for (const arg of command.arguments) {
    const given = raw[arg.name];
    if (given === undefined) {
      if (arg.default !== undefined) values[arg.name] = arg.default;
      else if (arg.required) problem(`argument '${arg.name}' is required`, `Pass ${arg.name}=<value>.`);
      continue;
    }
    if (arg.type === 'number') {
      const n = Number(given);
      if (given.trim() === '' || !Number.isFinite(n)) problem(`argument '${arg.name}' must be a number, not '${given}'`, `Pass ${arg.name}=<number>.`);
      else values[arg.name] = n;
    } else if (arg.type === 'boolean') {
      if (given !== 'true' && given !== 'false') problem(`argument '${arg.name}' must be true or false, not '${given}'`, `Pass ${arg.name}=true or ${arg.name}=false.`);
      else values[arg.name] = given === 'true';
    } else if (arg.type === 'choice' && !(arg.choices ?? []).includes(given)) {
      problem(`argument '${arg.name}' must be one of ${(arg.choices ?? []).join(', ')}, not '${given}'`, `Pass one of: ${(arg.choices ?? []).join(', ')}.`);
    } else values[arg.name] = given;
  }
  return problems.length ? { ok: false, problems } : { ok: true, values };
}

/** Fallback: `{{ args.name }}` and `{{ shared.key }}`; an unknown name becomes empty text. */
export function substitutePlaceholders(text: string, args: Readonly<Record<string, ArgValue>>, shared: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{\s*(args|shared)\.([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g, (_m, scope: string, name: string) => {
    const v = scope === 'args' ? args[name] : shared[name];
    return v === undefined ? '' : String(v);
  });
}
