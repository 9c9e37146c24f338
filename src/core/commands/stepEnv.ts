/**
 * How argument values and shared data reach a step (issue 14 items 2 and 6): as environment variables, never as shell
 * text. A step writes shared data by printing `::set key=value` lines or by writing key=value lines to $LWC_OUTPUT
 * (GitHub Actions' manner). Pure.
 */

export type ArgValue = string | number | boolean;

/** `target-branch` → `TARGET_BRANCH`: the part after LWC_ARG_ / LWC_SHARED_. */
export function envNamePart(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** A shared data key a step may set: a name, not a path or an expression. */
export const SHARED_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

export interface SessionEnvInput {
  readonly sessionId: string;
  readonly artifactDir: string;
  readonly worktree: string;
  readonly projectPath: string;
  readonly outputFile: string;
  readonly tmpDir: string;
  readonly args: Readonly<Record<string, ArgValue>>;
  readonly shared: Readonly<Record<string, string>>;
}

/** The LWC_* variables of one step run; the command's own `environment` goes under them (ours win). */
export function sessionEnv(input: SessionEnvInput): Record<string, string> {
  const env: Record<string, string> = {
    LWC_SESSION_ID: input.sessionId,
    LWC_ARTIFACT_DIR: input.artifactDir,
    LWC_WORKTREE: input.worktree,
    LWC_PROJECT: input.projectPath,
    LWC_OUTPUT: input.outputFile,
    LWC_TMP: input.tmpDir,
  };
  for (const [key, value] of Object.entries(input.shared)) env[`LWC_SHARED_${envNamePart(key)}`] = value;
  for (const [name, value] of Object.entries(input.args)) env[`LWC_ARG_${envNamePart(name)}`] = String(value);
  return env;
}

/** Names only, for `--dry-run` (values may be secrets the user typed). */
export function sessionEnvNames(args: readonly string[], environment: readonly string[]): string[] {
  const ours = ['LWC_SESSION_ID', 'LWC_ARTIFACT_DIR', 'LWC_WORKTREE', 'LWC_PROJECT', 'LWC_OUTPUT', 'LWC_TMP', ...args.map((a) => `LWC_ARG_${envNamePart(a)}`), 'LWC_SHARED_*'];
  return [...environment.filter((e) => !ours.includes(e)), ...ours];
}

export interface SetLine {
  readonly key: string;
  readonly value: string;
}

/** `::set key=value` on a line of its own (surrounding spaces and a CR allowed); undefined for any other line. */
export function parseSetCommand(line: string): SetLine | { readonly invalid: string } | undefined {
  const m = /^\s*::set\s+([^=\s]*)=(.*?)\r?$/.exec(line);
  if (!m) return undefined;
  const key = m[1]!;
  if (!SHARED_KEY_PATTERN.test(key)) return { invalid: key };
  return { key, value: m[2]! };
}

/**
 * The $LWC_OUTPUT file: `key=value` lines, and GitHub's heredoc form for multi-line values
 * (`key<<EOF` … `EOF`). Blank lines and `#` comments are ignored; bad keys are reported, not fatal.
 */
export function parseOutputFile(text: string): { values: Record<string, string>; invalid: string[] } {
  const values: Record<string, string> = {};
  const invalid: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const heredoc = /^([^=<\s]+)<<(\S+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i]!);
      if (SHARED_KEY_PATTERN.test(heredoc[1]!)) values[heredoc[1]!] = body.join('\n');
      else invalid.push(heredoc[1]!);
      continue;
    }
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (eq < 0 || !SHARED_KEY_PATTERN.test(key)) invalid.push(key);
    else values[key] = line.slice(eq + 1);
  }
  return { values, invalid };
}

/** Splits a stream into whole lines, keeping the unfinished rest for the next chunk. */
export function lineSplitter(onLine: (line: string) => void): { push(text: string): void; end(): void } {
  let rest = '';
  return {
    push(text) {
      const parts = (rest + text).split('\n');
      rest = parts.pop() ?? '';
      for (const p of parts) onLine(p);
    },
    end() {
      if (rest) onLine(rest);
      rest = '';
    },
  };
}
