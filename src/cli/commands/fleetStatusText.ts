import { shortDuration, type FleetStatus } from '../../core/fleet/statusModel';
import { costText, tokensText, type UsageView } from '../../core/fleet/usage';

const dot = (on: boolean): string => (on ? '●' : '○');

/** The full `lwc status` view, in the manner of isollm's dashboard: workers, tasks, sync, services. */
export function fleetStatusText(s: FleetStatus): string {
  const lines: string[] = [`lwc fleet: ${s.repository}`, '═'.repeat(51), ''];
  const busy = s.workers.filter((w) => w.state !== 'idle' && w.state !== 'stopped' && w.state !== 'stale').length;
  lines.push(`Workers (${busy} running${s.workers.length - busy > 0 ? `, ${s.workers.length - busy} other` : ''}):`);
  if (s.workers.length === 0) lines.push('  (none: the fleet is not running; `lwc up` starts it)');
  for (const w of s.workers) {
    lines.push(`  ${w.name.padEnd(4)} ${dot(w.state !== 'stale' && w.state !== 'stopped')} ${w.state.padEnd(10)}${w.container ? ` ${w.container}` : ''}`);
    if (w.task) lines.push(`       └─ task: ${w.task}${w.durationMs !== undefined ? ` (${shortDuration(w.durationMs)})` : ''}${w.branch ? ` → ${w.branch}` : ''}${w.plan ? `  [${w.plan}]` : ''}`);
    else lines.push('       └─ (idle, waiting for a task)');
  }
  const t = s.tasks;
  lines.push('', 'Tasks:', `  Ready:        ${t.ready}`, `  In progress:  ${t.claimed}`, `  Blocked:      ${t.blocked}`, `  Done:         ${t.done}`, `  Failed:       ${t.failed}`, `  Usage:        ${usageLine(s.queue.usage)}`);
  lines.push('', 'Sync:', `  Host: ${s.sync.hostBranch ?? '(detached)'} at ${s.sync.head?.slice(0, 12) ?? '(no commit)'}`, `  Task branches: ${s.sync.branches.length}`);
  for (const b of s.sync.branches) {
    if (b.state !== 'ok') {
      lines.push(`    ${b.planId.padEnd(24)} ${b.state}${b.error ? `: ${b.error}` : ''}`);
      continue;
    }
    const ahead = b.ahead === undefined ? '? ahead' : `${b.ahead} ahead`;
    const merged = b.ahead === 0 ? 'no commits yet' : b.merged ? 'merged' : 'not merged';
    const dirty = b.uncommitted > 0 ? `, ${b.uncommitted} uncommitted` : '';
    lines.push(`    ${(b.branch ?? b.planId).padEnd(24)} ${ahead}, ${merged}${dirty} (task ${b.task})`);
  }
  const sup = s.supervisor;
  const supText = sup.state === 'none'
    ? 'not running'
    : `${sup.state} (process ${sup.pid} on ${sup.hostname}, heartbeat ${sup.heartbeatAt})${sup.state === 'stale' && sup.why ? `: ${sup.why}; \`lwc recover\` or \`lwc down\` cleans up` : ''}`;
  lines.push('', `Supervisor: ${dot(sup.state === 'running' || sup.state === 'stopping')} ${supText}`);
  const d = s.services.docker;
  lines.push(`Docker:     ${dot(d.state === 'running')} ${d.state === 'running' ? `engine ${d.version}` : d.state === 'unavailable' ? `unavailable: ${d.error}` : 'not checked'}`);
  for (const p of s.problems) lines.push(`Problem:    ${p}`);
  return `${lines.join('\n')}\n`;
}

/** `12.3k tokens in, 4.0k out · cost $0.42`; an unpriced part names the models [prices] lacks. */
export function usageLine(u: UsageView): string {
  const missing = u.unpricedModels.length > 0 ? ` (no price for ${u.unpricedModels.join(', ')}: add [prices."<model>"] to .lw_coder/config.toml)` : '';
  return `${tokensText(u.inputTokens)} tokens in, ${tokensText(u.outputTokens)} out · cost ${costText(u)}${missing}`;
}
