import type { RunDryRun } from '../../app/run/runPlanDryRun';

/**
 * `lwc code --dry-run` for people: the session and every option that changes the container's reach (read from the
 * final create body, like --json), then what a real run would ask about or refuse.
 */
export function dryRunText(view: RunDryRun): string {
  const lines: string[] = [];
  const add = (label: string, value: string): void => void lines.push(`${label.padEnd(11)}${value}`);
  const mib = (n: number | null): string => (n === null ? 'engine default' : n <= 0 ? 'unlimited' : `${Math.round(n / 1024 ** 2)} MiB`);
  add('image', `${view.image} (on ${view.baseImage})`);
  add('user', view.user);
  add('security', `${view.securityOptions.join(', ')}; cap-drop ${view.capDrop.join(', ')}${view.capAdd.length ? `; cap-add ${view.capAdd.join(', ')}` : ''}${view.privileged ? '; PRIVILEGED' : ''}${view.systemPathsMasked ? '' : '; /proc and /sys unmasked'}`);
  add('namespaces', `network ${view.network}, pid ${view.pidMode}, ipc ${view.ipcMode}, uts ${view.utsMode}, userns ${view.usernsMode}, cgroupns ${view.cgroupnsMode}`);
  const l = view.limits;
  add('limits', `memory ${mib(l.memoryBytes)}, memory+swap ${mib(l.memorySwapBytes)}, pids ${l.pidsLimit === null || l.pidsLimit <= 0 ? 'unlimited' : l.pidsLimit}${l.nanoCpus ? `, cpus ${l.nanoCpus / 1e9}` : ''}`);
  if (view.ports.length) add('ports', view.ports.map((p) => `${p.hostIp || '*'}:${p.hostPort || '(any)'} -> ${p.container}`).join(', '));
  if (view.devices.length) add('devices', view.devices.map((d) => `${d.host} -> ${d.container} (${d.permissions})`).join(', '));
  if (view.tmpfs.length) add('tmpfs', view.tmpfs.map((t) => `${t.target}${t.options ? ` (${t.options})` : ''}`).join(', '));
  if (view.ulimits.length) add('ulimits', view.ulimits.map((u) => `${u.name}=${u.soft}:${u.hard}`).join(', '));
  add('command', JSON.stringify(view.command));
  add('env', view.env.join(', '));
  lines.push('mounts');
  for (const m of view.mounts) lines.push(`  ${m.source} -> ${m.target}${m.readOnly ? ' (ro)' : ''}${view.notYetCreated.includes(m.source) ? '  [not created yet]' : ''}`);
  for (const a of view.asks) lines.push(`asks: ${a}`);
  for (const r of view.refuses) lines.push(`refused: ${r}`);
  lines.push(`verdict: ${view.verdict === 'runs' ? 'a run starts without asking' : view.verdict === 'asks' ? 'a run asks you first (--yes-dangerous-run-args confirms)' : 'a run is refused'}`);
  for (const n of view.notes) lines.push(`note: ${n}`);
  return `${lines.join('\n')}\n`;
}
