import type { PlanGroupKey } from './plans/groups';
import type { PlansModel } from './plans/model';

/** One row of the Plans view as tests and other extensions see it. */
export interface PlanSnapshotEntry {
  readonly planId: string | null;
  /** Absolute path. */
  readonly path: string;
  readonly valid: boolean;
  /** The first problem's message, for invalid plans (and valid ones with warnings). */
  readonly firstProblem?: string;
}

export interface PlansSnapshot {
  readonly groups: readonly { readonly label: string; readonly status: PlanGroupKey; readonly plans: readonly PlanSnapshotEntry[] }[];
}

/**
 * What `activate()` returns (`vscode.extensions.getExtension('lw-coder.lw-coder').exports`): a small, stable surface for
 * the in-editor tests and for other extensions. Not a way around the commands: everything it does is read-only or
 * waits for work the extension does anyway.
 */
export interface LwCoderApi {
  /** How long activate() took, in milliseconds (also logged as "activated in N ms"). */
  readonly activationMs: number;
  readonly plans: {
    /** The Plans view's current groups, exactly as shown. */
    snapshot(): PlansSnapshot;
    /** Resolves after a scan that started after the call: the snapshot then reflects the files on disk. */
    refreshed(): Promise<void>;
  };
  /** Starts the plan language server if needed and resolves once it is running. */
  languageClientReady(): Promise<void>;
  /** The latest log lines (`level [component] message`), since the channel's file is not readable through the API. */
  recentLog(): readonly string[];
}

export function snapshotOf(model: PlansModel): PlansSnapshot {
  return {
    groups: model.state.groups.map((g) => ({
      label: g.label,
      status: g.key,
      plans: g.plans.map((p) => ({
        planId: p.planId,
        path: p.path,
        valid: p.valid,
        ...(p.firstProblem ? { firstProblem: p.firstProblem.message } : {}),
      })),
    })),
  };
}
