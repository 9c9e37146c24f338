/**
 * Bundle boundary, not a barrel: esbuild builds this file into dist/chunks/worktrees.js, required when the Plans view
 * first shows worktree state or a worktree command runs (see ../lazy.ts). It brings the hardened git adapter and the worktree use cases.
 */
export { createWorktreeDeps } from '../../adapters/state/worktreeDeps';
export { recover, removeLeftoverAgentSecrets } from '../../app/recover';
export { defaultRestoreDir, findSalvage, listSalvage, restoreSalvage } from '../../app/worktree/salvage';
export { ensurePlanWorktree } from '../../app/worktree/worktreeEnsure';
export { removePlanWorktree } from '../../app/worktree/worktreeRemove';
export { worktreeStatuses } from '../../app/worktree/worktreeStatus';
export { repairWorktreePointers } from '../../app/worktree/worktreePointerCheck';
