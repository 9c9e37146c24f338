/**
 * Bundle boundary, not a barrel: esbuild builds this file into dist/chunks/planApp.js, which the extension requires on
 * first use (see ../lazy.ts). The plan parser brings the YAML library; compiling it at activation alone cost ~15 ms.
 */
export { scanTasksFolder, validatePlanFiles } from '../../app/plans';
export { setFrontMatterValue, setValueEdit } from '../../core/plan/edit';
export { parsePlan } from '../../core/plan/parse';
export { renderNewPlan } from '../../core/plan/template';
