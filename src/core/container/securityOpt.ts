import { parseGoBool } from './goValues';

/**
 * `--security-opt` read as the engine reads it (moby's parseSecurityOpt, plus the CLI's `systempaths=unconfined`): a
 * bare `no-new-privileges` or `disable`, else KEY=VALUE, or KEY:VALUE when there is no `=` (the old separator the
 * engine still accepts). The engine applies the options in order, so a later `no-new-privileges=0` would undo ours.
 */

export type SecurityOpt =
  | { readonly kind: 'no-new-privileges'; readonly enabled: boolean }
  | { readonly kind: 'systempaths-unconfined' }
  /** Passed to the engine as written (label, apparmor, seccomp). */
  | { readonly kind: 'engine'; readonly text: string };

export type SecurityOptJudgement = {
  readonly verdict: 'allowed' | 'needs-confirmation' | 'refused';
  readonly why?: string;
  readonly fix?: string;
  readonly opt?: SecurityOpt;
};

const weakens = (what: string, opt: SecurityOpt): SecurityOptJudgement => ({ verdict: 'needs-confirmation', why: `it ${what}`, fix: 'remove it', opt });
const refuse = (why: string, fix = 'remove it'): SecurityOptJudgement => ({ verdict: 'refused', why, fix });

export function judgeSecurityOpt(text: string): SecurityOptJudgement {
  if (text === 'no-new-privileges') return { verdict: 'allowed', opt: { kind: 'no-new-privileges', enabled: true } };
  const engine: SecurityOpt = { kind: 'engine', text };
  if (text === 'disable') return weakens('turns SELinux labelling off', engine);
  // Only the CLI knows systempaths, and only spelled exactly so; it unmasks /proc and /sys paths.
  if (text === 'systempaths=unconfined') return weakens('unmasks /proc and /sys paths the engine hides from containers', { kind: 'systempaths-unconfined' });
  const sep = text.includes('=') ? '=' : text.includes(':') ? ':' : undefined;
  if (sep === undefined) return refuse(`'${text}' is not KEY=VALUE`);
  const key = text.slice(0, text.indexOf(sep));
  const value = text.slice(text.indexOf(sep) + 1);
  if (value === '') return refuse(`'${text}' has no value`);
  switch (key) {
    case 'no-new-privileges': {
      const enabled = parseGoBool(value);
      if (enabled === undefined) return refuse(`'${value}' is not a boolean Docker reads (1, t, true, 0, f, false...)`);
      const opt: SecurityOpt = { kind: 'no-new-privileges', enabled };
      return enabled ? { verdict: 'allowed', opt } : weakens('lets processes gain privileges again (setuid binaries, file capabilities): no-new-privileges is off', opt);
    }
    case 'label':
      return value === 'disable' ? weakens('turns SELinux labelling off', engine) : weakens(`changes the SELinux label that confines the container (${value})`, engine);
    case 'apparmor':
      if (value === 'docker-default') return { verdict: 'allowed', opt: engine };
      return weakens(value === 'unconfined' ? 'turns AppArmor confinement off' : `replaces the AppArmor profile with '${value}'`, engine);
    case 'seccomp':
      if (value === 'builtin') return { verdict: 'allowed', opt: engine };
      if (value === 'unconfined') return weakens('turns seccomp system-call filtering off', engine);
      return refuse('seccomp profile files are read by the docker CLI, which LW Coder does not use');
    default:
      return refuse(`'${key}' is not a security option LW Coder knows`, 'remove it, or ask for support of this option');
  }
}
