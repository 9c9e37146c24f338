/**
 * What building a repository's `.lw_coder/code.Dockerfile` depends on besides its own text and build args, so that an
 * unchanged build can be skipped without asking the engine to run it (issue 11 item 1): whether it can read the build
 * context at all, which images it takes from outside, and whether it depends on something no local hash can see.
 *
 * The parse is deliberately conservative. Anything that can read the context counts as reading it — COPY and ADD in
 * every form (`--from` included), `RUN --mount` (a bind mount's default source is the context), heredocs, a `# syntax`
 * directive (a frontend may read anything), an instruction this parser does not know — and then the context is hashed
 * and sent as before. Only a Dockerfile made of instructions known not to read it is built from an empty context.
 */

export interface DockerfileInputs {
  /** The build may read files of the build context. */
  readonly readsContext: boolean;
  /** The first reason it does, e.g. `COPY on line 7`. */
  readonly contextReason?: string;
  /** Images the build takes from outside (FROM, COPY --from, RUN --mount from=), after ARG substitution, each once. */
  readonly images: readonly string[];
  /**
   * Set when the result depends on something a local hash cannot see (ADD of a URL, an image named through a variable
   * whose value is unknown here, an unterminated heredoc): such a build is never skipped.
   */
  readonly uncheckable?: string;
}

interface LogicalLine {
  readonly text: string;
  /** 1-based line of its first physical line. */
  readonly line: number;
}

/** Instructions that never read the build context (RUN only without --mount and heredocs, checked apart). */
const CONTEXT_FREE = new Set(['ARG', 'ENV', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENTRYPOINT', 'CMD', 'VOLUME', 'USER', 'WORKDIR', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL', 'ONBUILD', 'RUN', 'FROM']);
const REMOTE_SOURCE = /^(?:https?|git|ssh):\/\/|^git@/i;
const HEREDOC = /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
const DIRECTIVE = /^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$/;

export function dockerfileInputs(text: string, buildArgs: Readonly<Record<string, string>>): DockerfileInputs {
  const raw = text.split(/\r?\n/);
  const directives = new Map<string, string>();
  let i = 0;
  for (; i < raw.length; i++) {
    const m = DIRECTIVE.exec(raw[i] ?? '');
    if (!m) break;
    directives.set(m[1]!.toLowerCase(), m[2]!);
  }
  const escape = directives.get('escape') === '`' ? '`' : '\\';

  let readsContext = false;
  let contextReason: string | undefined;
  let uncheckable: string | undefined;
  const reads = (why: string): void => {
    readsContext = true;
    contextReason ??= why;
  };
  const cannotCheck = (why: string): void => {
    uncheckable ??= why;
  };
  if (directives.has('syntax')) reads('the # syntax directive');

  const images: string[] = [];
  const stages = new Set<string>();
  const globalArgs = new Map<string, string | undefined>();
  let beforeFirstFrom = true;
  const external = (ref: string, where: string): void => {
    if (ref.includes('$')) return cannotCheck(`the image "${ref}" named through a variable ${where}`);
    if (/^\d+$/.test(ref) || stages.has(ref.toLowerCase()) || ref.toLowerCase() === 'scratch') return;
    if (!images.includes(ref)) images.push(ref);
  };

  for (const logical of logicalLines(raw, i, escape)) {
    const { text: line, line: at } = logical;
    const keyword = (/^\s*(\S+)/.exec(line)?.[1] ?? '').toUpperCase();
    const rest = line.replace(/^\s*\S+\s*/, '');
    const where = `on line ${at}`;
    if ('heredocEnd' in logical) {
      reads(`a heredoc ${where}`);
      if (logical.heredocEnd === 'unterminated') cannotCheck(`an unterminated heredoc ${where}`);
    }
    if (!CONTEXT_FREE.has(keyword) && keyword !== 'COPY' && keyword !== 'ADD') {
      reads(`the instruction ${keyword} ${where}`);
      continue;
    }
    const { flags, args } = splitFlags(rest);
    switch (keyword) {
      case 'ARG':
        if (beforeFirstFrom) for (const [name, value] of parseArgDeclarations(args, globalArgs, buildArgs)) globalArgs.set(name, value);
        break;
      case 'FROM': {
        beforeFirstFrom = false;
        const ref = args[0] ?? '';
        const expanded = substitute(ref, globalArgs, buildArgs);
        if (expanded === undefined) cannotCheck(`the FROM image "${ref}" ${where}, whose variable has no value here`);
        else external(expanded, where);
        if (args[1]?.toUpperCase() === 'AS' && args[2]) stages.add(args[2].toLowerCase());
        break;
      }
      case 'COPY':
      case 'ADD': {
        reads(`${keyword} ${where}`);
        const from = flags.get('from');
        if (from !== undefined) external(from, where);
        if (keyword === 'ADD' && sourcesOf(args).some((s) => REMOTE_SOURCE.test(s))) cannotCheck(`ADD of a URL ${where} (its content can change with nothing here changing)`);
        break;
      }
      case 'RUN':
        for (const mount of flags.getAll('mount')) {
          reads(`RUN --mount ${where}`);
          const from = /(?:^|,)from=([^,]+)/.exec(mount)?.[1];
          if (from !== undefined) external(from, where);
        }
        break;
      default:
        break;
    }
  }
  return { readsContext, ...(contextReason ? { contextReason } : {}), images, ...(uncheckable ? { uncheckable } : {}) };
}

type Logical = LogicalLine | (LogicalLine & { readonly heredocEnd: 'found' | 'unterminated' });

/**
 * Instructions with their continuation lines joined (comment and blank lines inside a continuation dropped, as Docker
 * does) and heredoc bodies of RUN/COPY/ADD consumed, so a body line is never taken for an instruction.
 */
function* logicalLines(raw: readonly string[], from: number, escape: string): Generator<Logical> {
  let i = from;
  while (i < raw.length) {
    const first = raw[i] ?? '';
    const trimmed = first.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i++;
      continue;
    }
    const start = i + 1;
    let text = '';
    for (; i < raw.length; i++) {
      const physical = raw[i] ?? '';
      const t = physical.trim();
      if (text !== '' && (t === '' || t.startsWith('#'))) continue;
      const end = physical.replace(/[ \t]+$/, '');
      if (end.endsWith(escape)) {
        text += `${end.slice(0, -1)} `;
        continue;
      }
      text += physical;
      i++;
      break;
    }
    const keyword = (/^\s*(\S+)/.exec(text)?.[1] ?? '').toUpperCase();
    const markers = keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD' ? [...text.matchAll(HEREDOC)] : [];
    if (markers.length === 0) {
      yield { text, line: start };
      continue;
    }
    let terminated = true;
    for (const m of markers) {
      const strip = m[1] === '-';
      const word = m[3]!;
      let found = false;
      for (; i < raw.length; i++) {
        const body = raw[i] ?? '';
        if ((strip ? body.replace(/^\t+/, '') : body) === word) {
          found = true;
          i++;
          break;
        }
      }
      if (!found) terminated = false;
    }
    yield { text, line: start, heredocEnd: terminated ? 'found' : 'unterminated' };
  }
}

/** An instruction's `--name=value` flags (repeatable) and its remaining whitespace-separated arguments. */
function splitFlags(rest: string): { flags: { get(name: string): string | undefined; getAll(name: string): string[] }; args: string[] } {
  const words = rest.trim() === '' ? [] : rest.trim().split(/\s+/);
  const pairs: [string, string][] = [];
  let k = 0;
  for (; k < words.length; k++) {
    const m = /^--([A-Za-z][A-Za-z0-9-]*)(?:=(.*))?$/.exec(words[k]!);
    if (!m) break;
    pairs.push([m[1]!.toLowerCase(), m[2] ?? '']);
  }
  return {
    flags: {
      get: (name) => pairs.find(([n]) => n === name)?.[1],
      getAll: (name) => pairs.filter(([n]) => n === name).map(([, v]) => v),
    },
    args: words.slice(k),
  };
}

/** The sources of a COPY/ADD (every argument but the destination), in shell or JSON form. */
function sourcesOf(args: readonly string[]): string[] {
  const joined = args.join(' ');
  if (joined.startsWith('[')) {
    try {
      const list = JSON.parse(joined) as unknown;
      if (Array.isArray(list)) return list.slice(0, -1).map(String);
    } catch {
      // Not JSON after all: Docker then reads it in shell form too.
    }
  }
  return args.slice(0, -1).map(unquote);
}

/** `ARG A=1 B="x y"` → declarations; a value that cannot be read is unknown (undefined). */
function parseArgDeclarations(args: readonly string[], known: ReadonlyMap<string, string | undefined>, buildArgs: Readonly<Record<string, string>>): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  for (const word of args) {
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    const value = eq < 0 ? undefined : substitute(unquote(word.slice(eq + 1)), known, buildArgs);
    out.push([name, value]);
  }
  return out;
}

const unquote = (s: string): string => (/^(["']).*\1$/.test(s) && s.length >= 2 ? s.slice(1, -1) : s);

/**
 * `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}` with the global ARGs (a build arg overrides a declared ARG's
 * default, as Docker does); undefined when a variable is not declared, has no value, or the form is not one of these.
 */
export function substitute(text: string, declared: ReadonlyMap<string, string | undefined>, buildArgs: Readonly<Record<string, string>>): string | undefined {
  const valueOf = (name: string): string | undefined => (declared.has(name) ? (buildArgs[name] ?? declared.get(name)) : undefined);
  let failed = false;
  const out = text.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)|\$\{[^}]*\}?/g, (match, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    if (match === '\\$') return '$';
    const name = braced ?? bare;
    if (name === undefined) {
      failed = true;
      return match;
    }
    const value = declared.has(name) ? valueOf(name) : undefined;
    if (op === '-') return value === undefined || value === '' ? (word ?? '') : value;
    if (op === '+') return value === undefined || value === '' ? '' : (word ?? '');
    if (value === undefined) failed = true;
    return value ?? match;
  });
  return failed ? undefined : out;
}
