import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { StepProcessPort, StepProcessRequest, StepProcessResult } from '../../core/ports/commandSessions';
import { tailOf } from '../../core/commands/session';

/** After SIGTERM, how long the group gets before SIGKILL. */
const KILL_GRACE_MS = 2000;
const TAIL_KEEP = 16_000;

/** Signals the whole group (`kill -pgid`); a group already gone is fine. */
function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: every process of the group has exited.
  }
}

function spawnFailure(argv: readonly string[], error: NodeJS.ErrnoException): string {
  const program = argv[0] ?? '';
  if (error.code === 'ENOENT') return `${program} was not found (${error.message}). Check the step's action: a script path is relative to the repository, and its interpreter must be installed.`;
  if (error.code === 'EACCES') return `${program} is not executable (${error.message}). Make it executable (chmod +x, committed with git update-index --chmod=+x) or run it through its interpreter in a shell step.`;
  return `${program} could not start: ${error.message}`;
}

/**
 * Each step is the leader of a new process group (detached). When it exits, its group is sent SIGTERM too, so a step
 * cannot leave background processes holding our pipes (a step would otherwise "finish" only when they do). A timeout or
 * an abort sends SIGTERM to the group, then SIGKILL after a grace period.
 */
export function createStepProcessPort(): StepProcessPort {
  return {
    run(request: StepProcessRequest): Promise<StepProcessResult> {
      return new Promise((resolve) => {
        // Synchronous appends to the page cache: microseconds each, and they never queue behind another session's fsync
        // in libuv's small thread pool (which made every step wait).
        const fd = openSync(request.logFile, 'a');
        const closeLog = (): void => {
          try {
            closeSync(fd);
          } catch {
            // already closed
          }
        };
        let tail = '';
        let timedOut = false;
        let cancelled = false;
        let settled = false;
        let killTimer: NodeJS.Timeout | undefined;
        let timer: NodeJS.Timeout | undefined;
        let onAbort = (): void => undefined;
        const finish = (result: Omit<StepProcessResult, 'outputTail'>): void => {
          if (settled) return;
          settled = true;
          // killTimer stays: a group member that ignored SIGTERM still gets its SIGKILL (unref'd, it holds nothing up).
          clearTimeout(timer);
          request.signal?.removeEventListener('abort', onAbort);
          closeLog();
          resolve({ ...result, outputTail: tailOf(tail) });
        };
        if (request.signal?.aborted) {
          settled = true;
          closeLog();
          resolve({ exitCode: null, timedOut: false, cancelled: true, outputTail: '' });
          return;
        }
        const [program, ...rest] = request.argv;
        const child = spawn(program!, rest, { cwd: request.cwd, env: request.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
        const stop = (): void => {
          killGroup(child.pid, 'SIGTERM');
          killTimer ??= setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS).unref();
        };
        onAbort = (): void => {
          cancelled = true;
          stop();
        };
        request.signal?.addEventListener('abort', onAbort, { once: true });
        timer = setTimeout(() => {
          timedOut = true;
          stop();
        }, Math.max(1, request.timeoutMs));
        const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
        const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer): void => {
          if (!settled) writeSync(fd, chunk);
          const text = decoders[stream].decode(chunk, { stream: true });
          tail = tail.length > TAIL_KEEP ? tail.slice(-TAIL_KEEP / 2) + text : tail + text;
          request.onOutput?.(stream, text);
        };
        child.stdout.on('data', onData('stdout'));
        child.stderr.on('data', onData('stderr'));
        child.on('error', (error: NodeJS.ErrnoException) => {
          finish({ exitCode: null, timedOut: false, cancelled: false, spawnError: spawnFailure(request.argv, error) });
        });
        child.on('exit', () => {
          // The leader is gone: whatever it left running in its group goes too, so the pipes close.
          stop();
        });
        child.on('close', (code) => {
          finish({ exitCode: timedOut || cancelled ? null : code, timedOut, cancelled });
        });
      });
    },
  };
}
