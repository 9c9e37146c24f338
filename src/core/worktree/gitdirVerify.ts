/**
 * Words for what an agent changed in a worktree's git plumbing during a session, so the warning names it. Pure: the
 * app layer (worktreeGitdirRestore.ts) reads the files and puts LW Coder's versions back.
 */

/**
 * Config keys through which git runs a program (or picks which one runs). Not a complete list of what git reads, but of
 * what a planted config would use to take the host: fsmonitor, hooks, filters, diff drivers, pagers and editors,
 * signing, transports and credential helpers, includes (which pull in more of the same).
 */
const EXECUTION_KEY =
  /^(core\.(fsmonitor|hookspath|pager|editor|sshcommand|gitproxy|askpass|attributesfile|worktree)|filter\..+\.(clean|smudge|process)|diff\..+\.(command|textconv)|diff\.external|merge\..+\.driver|(sequence|interactive)\.editor|gpg(\..+)?\.program|credential(\..+)?\.helper|(remote|url)\..+|protocol\..+|uploadpack\..+|receive\..+|include(if\..+)?\.path|alias\..+|pager\..+|extensions\..+|.+\.(textconv|command))$/;

export interface ConfigEntry {
  readonly key: string;
  readonly value: string;
}

/** The entries a git config text sets (`section.subsection.key`, section and key lowercased as git does), in order. */
export function configEntries(text: string): ConfigEntry[] {
  const keys: ConfigEntry[] = [];
  let section: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]\s*(.*)$/.exec(line);
    if (header) {
      const [name, ...rest] = header[1]!.split('.');
      const sub = header[2] !== undefined ? header[2].replace(/\\(.)/g, '$1') : rest.length > 0 ? rest.join('.') : undefined;
      section = sub === undefined ? name!.toLowerCase() : `${name!.toLowerCase()}.${sub}`;
      // `[core] fsmonitor = x` on one line is valid git config.
      if (header[3]) pushKey(keys, section, header[3]);
      continue;
    }
    if (section !== undefined) pushKey(keys, section, line);
  }
  return keys;
}

function pushKey(keys: ConfigEntry[], section: string, line: string): void {
  const m = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*)|$)/.exec(line);
  if (m) keys.push({ key: `${section}.${m[1]!.toLowerCase()}`, value: (m[2] ?? '').trim() });
}

const isExecutionKey = (key: string): boolean => EXECUTION_KEY.test(key.toLowerCase());

/** The keys of a config text through which git would run a program. */
export const executionKeys = (text: string): string[] => [...new Set(configEntries(text).map((e) => e.key).filter(isExecutionKey))];

/** `key=value` of every execution entry, to compare a config before and after a session. */
export const executionEntries = (text: string): string[] => configEntries(text).filter((e) => isExecutionKey(e.key)).map((e) => `${e.key}=${e.value}`);

/** What a file held when LW Coder looked: kind (lstat) and, for a regular file, its bytes. */
export interface ObservedFile {
  readonly kind: 'missing' | 'file' | 'directory' | 'other';
  readonly bytes?: Uint8Array;
}

const preview = (bytes: Uint8Array | undefined): string => {
  const text = Buffer.from(bytes ?? new Uint8Array()).toString('utf8').trim();
  const line = text.split('\n')[0] ?? '';
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line);
};

/** One clause of the warning, e.g. `.git was rewritten to "gitdir: /x" (restored)`. */
export function describeChange(label: string, observed: ObservedFile, expected: Uint8Array | null, action: string, isConfig = false): string {
  if (observed.kind === 'missing') return `${label} was deleted (${action})`;
  if (observed.kind === 'directory') return `${label} was replaced by a directory (${action})`;
  if (observed.kind === 'other') return `${label} was replaced by a symlink or special file (${action})`;
  const how = expected === null ? 'created' : 'rewritten';
  if (isConfig) {
    const keys = executionKeys(Buffer.from(observed.bytes ?? new Uint8Array()).toString('utf8'));
    return `${label} was ${how}${keys.length > 0 ? `, setting ${keys.join(', ')}` : ''} (${action})`;
  }
  return `${label} was ${how}: ${preview(observed.bytes)} (${action})`;
}
