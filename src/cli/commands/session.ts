/** The terminal side of agent sessions, shared by `lwc code` (interactive and headless) and `lwc plan new`. */
import type { CredentialChoices } from '../../app/run/credentialGate';
import type { RunPlanEvent } from '../../app/run/runPlanTypes';
import type { AttachSession } from '../../app/run/sessionContainer';
import type { RunArgFinding } from '../../core/container/runArgs';
import { gitdirTamperedMessage } from '../../core/worktree/events';
import type { CliIO } from '../types';

/**
 * The terminal side of a session. On a TTY: raw keystrokes in, the container's terminal out, resized with ours
 * (SIGWINCH). Without one: output streamed (stdout and stderr kept apart), the agent's stdin closed.
 */
export function cliAttach(io: CliIO, options: { outputToStderr?: boolean } = {}): { tty: boolean; attach: AttachSession; size?: { columns: number; rows: number } } {
  const tty = io.interactive && process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (!tty) {
    return {
      tty: false,
      attach: async (session) => {
        // One streaming decoder per stream: a character split across two chunks must not turn into two U+FFFDs.
        const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
        session.onOutput((chunk, stream) => {
          const text = decoders[stream].decode(chunk, { stream: true });
          if (stream === 'stderr' || options.outputToStderr) io.stderr(text);
          else io.stdout(text);
        });
        session.endInput();
        return session.exited;
      },
    };
  }
  const size = (): { columns: number; rows: number } => ({ columns: process.stdout.columns || 80, rows: process.stdout.rows || 24 });
  return {
    tty: true,
    size: size(),
    attach: async (session) => {
      const stdin = process.stdin;
      const onData = (data: Buffer): void => session.write(data);
      const onResize = (): void => void session.resize(size()).catch(() => undefined);
      session.onOutput((chunk) => process.stdout.write(chunk));
      stdin.setRawMode(true);
      stdin.resume();
      stdin.on('data', onData);
      process.on('SIGWINCH', onResize);
      try {
        return await session.exited;
      } finally {
        process.off('SIGWINCH', onResize);
        stdin.off('data', onData);
        stdin.setRawMode(false);
        stdin.pause();
      }
    },
  };
}

/** Progress on stderr, so stdout carries only the agent's output or --json. */
export function runEventPrinter(io: CliIO): (event: RunPlanEvent) => void {
  return (e) => {
    switch (e.type) {
      case 'stage': io.stderr(`lwc: ${e.message}\n`); break;
      case 'warning': io.stderr(`lwc: warning: ${e.message}\n`); break;
      case 'prompts': io.stderr(`lwc: ${e.progress.message}\n`); break;
      case 'image': io.stderr(`lwc: [${e.image} image] ${e.line}\n`); break;
      case 'plan-status': io.stderr(`lwc: plan ${e.planId}: status ${e.from ?? '?'} → ${e.to}\n`); break;
      case 'run-dir': io.stderr(`lwc: writing the run to ${e.runDir}\n`); break;
      case 'session-ended': io.stderr(`lwc: ${e.message}\n`); break;
      case 'container':
        if (e.event.type === 'container-cleanup-failed') io.stderr(`lwc: warning: could not remove container ${e.event.containerId.slice(0, 12)}: ${e.event.message}\n`);
        break;
      case 'worktree':
        if (e.event.type === 'worktree-created') io.stderr(`lwc: created worktree ${e.event.path} on branch ${e.event.branch}\n`);
        if (e.event.type === 'gitdir-tampered') io.stderr(`lwc: warning: ${gitdirTamperedMessage(e.event)}\n`);
        break;
    }
  };
}

/** y/N on a terminal; off a terminal nobody can answer, so no. */
export async function askOnTerminal(io: CliIO, question: string): Promise<boolean> {
  if (!io.interactive || !io.prompt) return false;
  return /^\s*y(es)?\s*$/i.test(await io.prompt(`${question} [y/N] `));
}

export const confirmRunArgs = (io: CliIO, yes: boolean) => async (findings: readonly RunArgFinding[]): Promise<boolean> =>
  yes || askOnTerminal(io, `.lw_coder/config.toml [code] docker_run_args weaken the agent's container:\n${findings.map((f) => `  ${f.message}`).join('\n')}\nRun with them anyway?`);

/** The agent command override: --agent-command, else LWC_AGENT_COMMAND (how tests swap droid for a stand-in). */
export const agentCommandFrom = (flag: unknown, io: CliIO): string | undefined => (typeof flag === 'string' ? flag : io.env['LWC_AGENT_COMMAND'] || undefined);

/**
 * The credentials question (app/credentialGate.ts): --accept-credentials allows (and remembers) the list; on a terminal
 * the list is shown and asked about; with --json or without a terminal nobody answers, so the run is refused with the
 * list and the flag to pass.
 */
export function credentialChoicesOf(io: CliIO, options: { accept: boolean; json: boolean }): CredentialChoices {
  if (options.accept) return { acceptCredentials: true };
  if (options.json || !io.interactive || !io.prompt) return {};
  return { confirmCredentials: (request) => askOnTerminal(io, `${request.detail}\n${request.title}`) };
}
