import { runNotice } from './runNotice';

/** lwCoder.plan.runHeadless [uri]: headless agent runs arrive with the container runner (issues 5/6). */
export const runPlanHeadless = () => runNotice('headless');
