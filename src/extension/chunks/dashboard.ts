/**
 * Bundle boundary, not a barrel: esbuild builds this file into dist/chunks/dashboard.js, required when the fleet
 * dashboard first opens (see ../lazy.ts): the fleet's status brings the Docker client and the queue store.
 */
export { dashboardTraces, deliverToDashboard, showDashboardPanel } from '../dashboard/panel';
