import type { HeadlessEvent } from '../../app/run/runHeadlessTypes';
import { describeRunEvent } from './events';

/** Agent text can be a whole answer; the log keeps a line of it (events.jsonl in the run directory has it all). */
const MESSAGE_LIMIT = 300;

export interface HeadlessLine {
  readonly text: string;
  readonly level: 'debug' | 'info' | 'warn';
  /** Also shown in the progress notification (stages and attempts; the agent's chatter only goes to the log). */
  readonly progress: boolean;
}

const clip = (text: string): string => {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MESSAGE_LIMIT ? `${oneLine.slice(0, MESSAGE_LIMIT)}… (${oneLine.length} characters; full text in events.jsonl)` : oneLine;
};

/**
 * One log line per headless event: commands and file changes at info so the log reads like the agent's transcript,
 * warnings and failures at warn, reasoning at debug. Undefined for events nobody needs to see.
 */
export function describeHeadlessEvent(e: HeadlessEvent, agent: string): HeadlessLine | undefined {
  switch (e.type) {
    case 'attempt-started':
      return { text: `${agent} attempt ${e.attempt} of ${e.maxAttempts}`, level: 'info', progress: true };
    case 'attempt-ended':
      return e.outcome === 'success'
        ? { text: `attempt ${e.attempt} succeeded`, level: 'info', progress: true }
        : { text: `attempt ${e.attempt} failed (${e.kind ?? 'cancelled'}): ${e.reasons.join('; ')}`, level: 'warn', progress: true };
    case 'agent': {
      const a = e.event;
      const at = `[${agent} #${e.attempt}]`;
      switch (a.kind) {
        case 'started': return { text: `${at} started${a.sessionId ? ` (session ${a.sessionId})` : ''}`, level: 'info', progress: false };
        case 'message': return { text: `${at} ${a.role === 'reasoning' ? 'thinking: ' : ''}${clip(a.text)}`, level: a.role === 'reasoning' ? 'debug' : 'info', progress: false };
        case 'command':
          if (a.status === 'started') return { text: `${at} $ ${a.command}`, level: 'info', progress: true };
          return { text: `${at} $ ${a.command} → ${a.status}${a.exitCode !== undefined && a.exitCode !== null ? ` (exit ${a.exitCode})` : ''}`, level: a.status === 'failed' ? 'warn' : 'info', progress: false };
        case 'file-change': return { text: `${at} ${a.change} ${a.path}`, level: 'info', progress: true };
        case 'usage': return { text: `${at} tokens: ${a.inputTokens} in, ${a.outputTokens} out${a.costUsd !== undefined ? `, $${a.costUsd.toFixed(4)}` : ''}`, level: 'info', progress: false };
        case 'completed': return { text: `${at} turn completed`, level: 'info', progress: false };
        case 'failed': return { text: `${at} turn failed: ${a.message}`, level: 'warn', progress: false };
        case 'error': return { text: `${at} error: ${a.message}`, level: 'warn', progress: false };
      }
      return undefined;
    }
    default: {
      const line = describeRunEvent(e);
      return line ? { text: line.text, level: line.warning ? 'warn' : 'info', progress: true } : undefined;
    }
  }
}
