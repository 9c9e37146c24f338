import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * A V8 code cache for lwc's command bundles (issue 11 item 2): compiling dist/cli/code.js and the Docker client costs
 * every `lwc code` tens of ms before its first line, and node 20 has no module.enableCompileCache. Each bundle's
 * compiled code is kept under the user's cache directory, keyed by a hash of node's version and the bundle's text, so a
 * rebuilt or upgraded bundle never meets another's cache. V8 checks the data against its version and flags and rejects
 * what does not fit; a missing, rejected or unreadable entry simply means compiling as usual, and it is rewritten at
 * exit (with the functions the command compiled meanwhile, so the next run finds them too). Nothing here ever fails
 * the command: every error turns the cache off.
 *
 * The directory must be the user's own and closed to others (0700): code read from a directory another user can
 * write would run as this one.
 */

export interface CompileCacheOptions {
  /** Where the entries live; created 0700 when missing. */
  readonly dir: string;
  /** Which files go through the cache (absolute paths). */
  readonly include: (filename: string) => boolean;
}

export interface CompileCacheStats {
  /** Files compiled from an entry V8 accepted. */
  readonly accepted: string[];
  /** Files whose entry was missing or rejected: compiled and written at flush. */
  readonly compiled: string[];
}

export interface CompileCache {
  readonly stats: CompileCacheStats;
  /** Writes the entries of the files compiled without one (the exit handler calls it); never throws. */
  flush(): void;
  /** Restores node's own compile step. */
  uninstall(): void;
}

type Compile = (this: NodeJS.Module, content: string, filename: string) => unknown;
interface ModuleInternals {
  prototype: { _compile: Compile };
  wrap(content: string): string;
  _resolveFilename(request: string, parent: NodeJS.Module, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: NodeJS.Module): string[] | null;
  _cache: NodeJS.Dict<NodeJS.Module>;
  _extensions: NodeJS.RequireExtensions;
}

/** The user's cache directory for lw-coder's V8 entries: $XDG_CACHE_HOME/lw-coder/v8, else ~/.cache/lw-coder/v8. */
export function defaultCompileCacheDir(env: NodeJS.ProcessEnv, home: string): string {
  const base = env['XDG_CACHE_HOME'] && env['XDG_CACHE_HOME'].startsWith('/') ? env['XDG_CACHE_HOME'] : join(home, '.cache');
  return join(base, 'lw-coder', 'v8');
}

/** The directory when it is (or was just made) a real directory of this user that no one else can write; else undefined. */
function privateDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    const uid = process.getuid?.();
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o077) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** Installs the cache for the files `include` accepts; undefined (nothing installed) when the directory is unusable. */
export function installCompileCache(options: CompileCacheOptions): CompileCache | undefined {
  const dir = privateDir(options.dir);
  if (dir === undefined) return undefined;
  const M = Module as unknown as ModuleInternals;
  const original = M.prototype._compile;
  const stats: CompileCacheStats = { accepted: [], compiled: [] };
  const pending: { script: Script; entry: string; prefix: string }[] = [];

  M.prototype._compile = function compileWithCache(this: NodeJS.Module, content: string, filename: string): unknown {
    if (!options.include(filename)) return original.call(this, content, filename);
    // The bundle's name keeps entries apart per bundle, so writing one can drop that bundle's outdated entries.
    const prefix = `${filename.replace(/[^A-Za-z0-9._-]/g, '_').slice(-80)}-`;
    const key = createHash('sha256').update(`${process.version}\0${process.arch}\0${filename}\0`).update(content).digest('hex').slice(0, 40);
    const entry = join(dir, `${prefix}${key}`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(entry);
    } catch {
      cachedData = undefined;
    }
    let script: Script;
    try {
      script = new Script(M.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    } catch {
      // A syntax error and the like: let node report it its own way.
      return original.call(this, content, filename);
    }
    if (cachedData !== undefined && !script.cachedDataRejected) stats.accepted.push(filename);
    else {
      stats.compiled.push(filename);
      pending.push({ script, entry, prefix });
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(this, M), this, filename, dirname(filename));
  };

  const flush = (): void => {
    for (const { script, entry, prefix } of pending.splice(0)) {
      try {
        const temp = `${entry}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData(), { mode: 0o600, flag: 'wx' });
        renameSync(temp, entry); // atomic: a reader sees the old entry, none, or the whole new one
        for (const name of readdirSync(dir)) {
          if (name.startsWith(prefix) && join(dir, name) !== entry && !name.endsWith('.tmp')) unlinkSync(join(dir, name));
        }
      } catch {
        // A full disk or a racing writer: the next run compiles again.
      }
    }
  };
  return {
    stats,
    flush,
    uninstall: () => {
      M.prototype._compile = original;
    },
  };
}

/** The `require` node gives a CommonJS module (what the bundles use: require, require.resolve, require.cache). */
function requireFor(module: NodeJS.Module, M: ModuleInternals): NodeJS.Require {
  const req = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolve = ((request: string, opts?: { paths?: string[] }) => M._resolveFilename(request, module, false, opts)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => M._resolveLookupPaths(request, module);
  req.resolve = resolve;
  req.main = require.main; // this file is part of dist/cli.js, the process's main module
  req.cache = M._cache;
  req.extensions = M._extensions;
  return req;
}
