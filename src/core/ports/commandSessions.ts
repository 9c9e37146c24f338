import type { ResolvedCommand, SessionRecord } from '../commands/types';

/**
 * The outside world of the command executor (issue 14): step processes and the session folder. Implemented in
 * src/adapters/commands/; tests use the real adapters on temp repositories.
 */

export interface StepProcessRequest {
  /** argv[0] is the program; never run through a shell unless argv says `sh -c` itself. */
  readonly argv: readonly string[];
  readonly cwd: string;
  /** The complete environment of the process. */
  readonly env: Readonly<Record<string, string>>;
  /** Absolute; output (stdout and stderr) is appended as it arrives. */
  readonly logFile: string;
  /** The whole process group is killed when it runs out. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

export interface StepProcessResult {
  /** null when killed by a signal (timeout, cancellation) or never started. */
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  /** The last few KB of output. */
  readonly outputTail: string;
  /** Why the process could not start (ENOENT, EACCES), with the fix. */
  readonly spawnError?: string;
}

/** Runs one step process in its own process group, so a timeout or a cancellation kills everything it started. */
export interface StepProcessPort {
  run(request: StepProcessRequest): Promise<StepProcessResult>;
}

/**
 * `.lw_coder/sessions/<id>/`: session.json (atomic and durable: temp, fsync, rename, fsync dir), command.json and the
 * artifact directory. The folder is judged by its real path: a symlink leading out of the repository is refused.
 */
export interface SessionStorePort {
  /** Creates the session's folders (artifacts/logs, outputs, tmp) and returns the artifact directory (absolute). */
  create(id: string, command: ResolvedCommand): Promise<string>;
  write(record: SessionRecord): Promise<void>;
  /** undefined when there is no such session. */
  read(id: string): Promise<SessionRecord | undefined>;
  readCommand(id: string): Promise<ResolvedCommand | undefined>;
  /** Newest first; unreadable session files are reported, not fatal. */
  list(): Promise<{ sessions: SessionRecord[]; unreadable: string[] }>;
}

/** Small file access the built-in steps need (context.json, manifest, test report, $LWC_OUTPUT). */
export interface CommandFilesPort {
  readText(path: string): Promise<string | undefined>;
  writeText(path: string, text: string): Promise<void>;
  appendText(path: string, text: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  removeFile(path: string): Promise<void>;
  removeTree(path: string): Promise<void>;
  makeDirectory(path: string): Promise<void>;
  /** Files under `dir`, relative, with their sizes; symlinks are listed, never followed. */
  listFiles(dir: string): Promise<{ path: string; size: number }[]>;
  /** Real path, or undefined when missing. */
  realpath(path: string): Promise<string | undefined>;
}
