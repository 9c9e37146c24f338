import { existsSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import * as vscode from 'vscode';
import type { SupervisorLiveness, SupervisorWorker } from '../../core/fleet/supervisorState';
import { EVENTS_FILE, readEventsFrom, RESULT_FILE } from '../feedback/runDir';
import type { SupervisorWatch } from './supervisorWatch';
import { resultLines, runHeading, toTerminalText, workerEventLine, type WorkerLine } from './workerLines';

/** What the API keeps of a terminal's output for the tests (plain text, bounded). */
const TRACE_LIMIT = 200_000;

type Seen = SupervisorLiveness | { kind: 'error'; error: string };

/**
 * One worker's terminal (issue 13 item 3): a Pseudoterminal that follows the worker in supervisor.json (SupervisorWatch)
 * and streams its current run's events.jsonl as readable lines, then the run's result; when the worker takes its next
 * task it moves to that run directory. It only reads files, so it follows a supervisor in this window and one started
 * by `lwc up` in a terminal alike. Typing does nothing: the agent runs unattended.
 */
export class WorkerTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writer.event;
  private pending: string[] = [];
  private opened = false;
  private unsubscribe: (() => void) | undefined;
  private runDir: string | undefined;
  private offset = 0;
  private resultShown = false;
  private lastStatus = '';
  private busy = false;
  private latest: Seen | undefined;
  private text = '';

  constructor(
    readonly worker: string,
    private readonly watch: SupervisorWatch,
    private readonly onClosed: () => void,
  ) {}

  /** Everything written so far, without colours (for the extension's test API). */
  get trace(): string {
    return this.text;
  }

  open(): void {
    this.opened = true;
    this.say({ text: `LW Coder worker ${this.worker} — its agent's commands, file changes, messages and usage appear here.`, tone: 'dim' });
    for (const chunk of this.pending) this.writer.fire(chunk);
    this.pending = [];
    this.unsubscribe = this.watch.subscribe((seen) => {
      this.latest = seen;
      void this.follow();
    });
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.writer.dispose();
    this.onClosed();
  }

  private say(line: WorkerLine): void {
    const chunk = toTerminalText(line);
    if (this.text.length < TRACE_LIMIT) this.text += `${line.text}\n`;
    if (this.opened) this.writer.fire(chunk);
    else this.pending.push(chunk);
  }

  /** One pass at a time: a slow disk never interleaves two runs' lines. */
  private async follow(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      let seen: Seen | undefined;
      do {
        seen = this.latest;
        this.latest = undefined;
        if (seen) await this.step(seen);
      } while (this.latest);
    } catch (error) {
      this.say({ text: `could not read the worker's run: ${error instanceof Error ? error.message : String(error)}`, tone: 'warn' });
    } finally {
      this.busy = false;
    }
  }

  private async step(seen: Seen): Promise<void> {
    const worker = seen.kind === 'alive' || seen.kind === 'stale' || seen.kind === 'stopped' ? seen.state.workers.find((w) => w.name === this.worker) : undefined;
    this.status(seen, worker);
    // The current run, else the last one: a quick task can start and end between two looks at supervisor.json.
    const runDir = worker?.runDir ?? worker?.lastRunDir;
    const place = runDir && runDir !== this.runDir ? this.placeOf(runDir) : undefined;
    if (place === 'outside') {
      this.say({ text: `supervisor.json names ${runDir!} as ${this.worker}'s run, which is not under .lw_coder/runs/ of this repository: not read`, tone: 'warn' });
      this.runDir = runDir;
      this.resultShown = true;
      return;
    }
    if (place === 'inside' && runDir) {
      if (this.runDir) await this.drain(this.agentOf(seen));
      this.runDir = runDir;
      this.offset = 0;
      this.resultShown = false;
      // A run directory is .lw_coder/runs/<plan_id>/<timestamp>: a last run names its plan by its parent folder.
      this.say(runHeading(this.worker, worker?.runDir ? worker.planId : basename(dirname(runDir)), runDir));
    }
    await this.drain(this.agentOf(seen));
  }

  /** supervisor.json is a repository file: the run it names is read only when it really is under .lw_coder/runs/. */
  private placeOf(runDir: string): 'inside' | 'outside' | 'not-yet' {
    if (!existsSync(runDir)) return 'not-yet';
    try {
      const runs = realpathSync(join(this.watch.repoRoot, '.lw_coder', 'runs'));
      return realpathSync(runDir).startsWith(`${runs}${sep}`) ? 'inside' : 'outside';
    } catch {
      return 'outside';
    }
  }

  private agentOf(seen: Seen): string | undefined {
    return seen.kind === 'alive' || seen.kind === 'stale' || seen.kind === 'stopped' ? seen.state.agent : undefined;
  }

  /** A line when the worker's state or the supervisor's changes (claimed a task, went idle, stopped). */
  private status(seen: Seen, worker: SupervisorWorker | undefined): void {
    let text: string;
    if (seen.kind === 'error') text = `supervisor.json: ${seen.error}`;
    else if (seen.kind === 'none') text = 'no supervisor yet: start workers ("LW Coder: Start Workers" or `lwc up`)';
    else if (seen.kind === 'stopped') text = `the supervisor stopped${seen.state.stopReason ? `: ${seen.state.stopReason}` : ''}`;
    else if (seen.kind === 'stale') text = `the supervisor is gone (${seen.why})`;
    else if (!worker) text = `the supervisor (process ${seen.state.pid}) has no worker ${this.worker}`;
    else text = worker.state === 'idle' ? `${this.worker} is idle, waiting for a ready task` : `${this.worker} ${worker.state}${worker.planId ? ` ${worker.planId}` : ''}`;
    if (text === this.lastStatus) return;
    this.lastStatus = text;
    this.say({ text, tone: seen.kind === 'error' || seen.kind === 'stale' ? 'warn' : 'dim' });
  }

  /** New complete lines of the current run's events.jsonl, then its result once result.json is there. */
  private async drain(agent: string | undefined): Promise<void> {
    const dir = this.runDir;
    if (!dir || this.resultShown) return;
    if (existsSync(join(dir, EVENTS_FILE))) {
      const { text, next } = await readEventsFrom(dir, this.offset);
      this.offset = next;
      for (const raw of text.split('\n')) {
        const line = workerEventLine(raw, agent ?? 'agent');
        if (line) this.say(line);
      }
    }
    if (existsSync(join(dir, RESULT_FILE))) {
      const result = await readFile(join(dir, RESULT_FILE), 'utf8').then((t) => JSON.parse(t) as unknown, () => undefined);
      for (const line of resultLines(result)) this.say(line);
      this.resultShown = true;
    }
  }
}
