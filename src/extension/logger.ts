import * as vscode from 'vscode';
import type { Logger } from '../core/ports/logger';

/**
 * How many recent lines the API keeps per component: enough for tests and a bug report, bounded so a chatty run cannot
 * grow it — and per component, so a chatty one (a fleet's workers) cannot push out another's (recovery's one line).
 */
const RECENT_LIMIT = 300;

/** The extension's one LogOutputChannel, handing out `[component]` loggers over it. */
export interface ExtensionLog {
  readonly channel: vscode.LogOutputChannel;
  /** A logger whose lines read `[component] message`. */
  forComponent(component: string): Logger;
  /** The latest lines as `level [component] message`: the channel's file is not readable through the API. */
  recent(): readonly string[];
  /** Reveals the channel without taking focus from the editor (vscode-eslint #591). */
  show(): void;
}

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export function createExtensionLog(name = 'LW Coder'): ExtensionLog & vscode.Disposable {
  const channel = vscode.window.createOutputChannel(name, { log: true });
  const recent = new Map<string, { readonly seq: number; readonly line: string }[]>();
  let seq = 0;
  const remember = (component: string, level: Level, line: string): void => {
    let lines = recent.get(component);
    if (!lines) recent.set(component, (lines = []));
    lines.push({ seq: seq++, line: `${level} ${line}` });
    if (lines.length > RECENT_LIMIT) lines.splice(0, lines.length - RECENT_LIMIT);
  };
  const forComponent = (component: string): Logger => {
    const prefix = `[${component}]`;
    const write = (level: Level, message: string, args: unknown[]): void => {
      const line = `${prefix} ${message}`;
      remember(component, level, line);
      channel[level](line, ...args);
    };
    return {
      trace: (m, ...a) => write('trace', m, a),
      debug: (m, ...a) => write('debug', m, a),
      info: (m, ...a) => write('info', m, a),
      warn: (m, ...a) => write('warn', m, a),
      error: (m, ...a) => {
        if (m instanceof Error) {
          remember(component, 'error', `${prefix} ${m.message}`);
          channel.error(`${prefix} ${m.stack ?? m.message}`, ...a);
        } else write('error', m, a);
      },
    };
  };
  return {
    channel,
    forComponent,
    recent: () => [...recent.values()].flat().sort((a, b) => a.seq - b.seq).map((r) => r.line),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
