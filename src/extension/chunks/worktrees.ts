/**
 * Bundle boundary, not a barrel: esbuild builds this file into dist/chunks/worktrees.js, required when the Plans view
 * first shows worktree state or a worktree command runs (see ../lazy.ts). It brings the hardened git adapter and the worktree use cases.
 */
export { createWorktreeDeps } from '../../adapters/state/worktreeDeps';
export { recover, removeLeftoverAgentSecrets } from '../../app/recover';
export { defaultRestoreDir, findSalvage, listSalvage, restoreSalvage } from '../../app/salvage';
export { ensurePlanWorktree } from '../../app/worktreeEnsure';
export { removePlanWorktree } from '../../app/worktreeRemove';
export { worktreeStatuses } from '../../app/worktreeStatus';
export { repairWorktreePointers } from '../../app/worktreePointerCheck';
