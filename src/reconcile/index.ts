export { runReconciliation, createReconciliation, listReconciliations, getReconciliation, type ReconcileCounts, type ReconciliationView } from './reconcile.ts';
export { createMaintenanceQueue, requestReconciliation, runNightly, startMaintenance, type MaintenanceJob, type MaintenanceDeps, type NightlyResult } from './maintenance.ts';
