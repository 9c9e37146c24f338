import { runNotice } from './runNotice';

/** lwCoder.plan.run [uri]: an interactive agent run arrives with the container runner (issues 5/6). */
export const runPlan = () => runNotice('interactive');
