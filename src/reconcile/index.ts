export { runReconciliation, createReconciliation, listReconciliations, getReconciliation, type ReconcileCounts, type ReconciliationView } from './reconcile.ts';
export { createMaintenanceQueue, requestReconciliation, startMaintenance, type MaintenanceJob } from './maintenance.ts';
