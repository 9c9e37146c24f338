/**
 * docker_run_args split into options the way the docker CLI's flag parser (spf13/pflag) splits them: `--flag=value`
 * and `--flag value` are the same; a boolean flag never takes the next element (`--privileged false` is privileged
 * plus a stray `false`); `-eFOO=1`, `-e=FOO=1` and `-e FOO=1` are the same. Combined short flags (`-it`, which pflag
 * reads as `-i -t`) are refused with a clear message rather than half-understood.
 */

export type RunArgToken =
  | { readonly kind: 'option'; readonly index: number; readonly flag: string; readonly value: string | undefined; readonly text: string }
  | { readonly kind: 'error'; readonly index: number; readonly flag: string; readonly text: string; readonly why: string; readonly fix: string };

export interface FlagShapes {
  /** The canonical long name of `name` (a long name, alias or short letter), or undefined when unknown. */
  resolve(name: string, short: boolean): string | undefined;
  isBool(canonical: string): boolean;
}

export function tokenizeRunArgs(args: readonly string[], shapes: FlagShapes): RunArgToken[] {
  const tokens: RunArgToken[] = [];
  for (let i = 0; i < args.length; i++) {
    const raw = args[i] ?? '';
    const error = (flag: string, why: string, fix: string): void => void tokens.push({ kind: 'error', index: i, flag, text: raw, why, fix });
    const long = raw.startsWith('--') && raw.length > 2;
    const short = !long && raw.startsWith('-') && raw.length > 1 && raw[1] !== '-';
    if (!long && !short) {
      error('', 'is not an option: docker_run_args holds options only', 'remove it; LW Coder chooses the image and the command');
      continue;
    }
    const eq = raw.indexOf('=');
    const name = long ? raw.slice(2, eq < 0 ? undefined : eq) : raw.slice(1, 2);
    const flag = shapes.resolve(name, short);
    if (flag === undefined) {
      error(name, 'is not an option LW Coder knows how to apply', 'remove it, or ask for support of this option');
      continue;
    }
    let value: string | undefined;
    if (long) value = eq < 0 ? undefined : raw.slice(eq + 1);
    else {
      const rest = raw.slice(2);
      if (rest === '') value = undefined;
      else if (rest.startsWith('=')) value = rest.slice(1);
      else if (shapes.isBool(flag)) {
        const letters = [...raw.slice(1)].map((c) => `-${c}`).join(' ');
        error(flag, `combines short options (${letters}); LW Coder reads one option per element`, 'write each option as its own element, e.g. "-e", "A=1"');
        continue;
      } else value = rest;
    }
    const start = i;
    if (value === undefined && !shapes.isBool(flag)) {
      if (i + 1 >= args.length) {
        error(flag, 'needs a value', `add the value after '${raw}'`);
        continue;
      }
      value = args[++i] ?? '';
    }
    tokens.push({ kind: 'option', index: start, flag, value, text: start === i ? raw : `${raw} ${value ?? ''}` });
  }
  return tokens;
}
