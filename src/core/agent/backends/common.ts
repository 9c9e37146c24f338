import type { AgentEvent } from '../events';
import { lastAgentMessage } from '../events';
import { extractJsonResult } from '../text';

/** finalText/finalResult shared by the backends: a non-blank last-message file wins over the stream. */
export function finalTextOf(events: readonly AgentEvent[], lastMessageFileText?: string): string | undefined {
  if (lastMessageFileText?.trim()) return lastMessageFileText;
  return lastAgentMessage(events);
}

export function finalResultOf(events: readonly AgentEvent[], lastMessageFileText?: string): unknown {
  const json = extractJsonResult(finalTextOf(events, lastMessageFileText));
  return json.ok ? json.value : undefined;
}
