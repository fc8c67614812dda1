export { createQueues, queueName, type DeliveryQueues, type DeliveryJobData } from './queues.ts';
export { startDeliveryWorker, createDeliveryProcessor, type WorkerDeps, type DeliveryJobResult } from './worker.ts';
export { startSweeper, sweepOnce, type SweepResult } from './sweeper.ts';
export { backoffDelay } from './backoff.ts';
export { routeTargets } from './routing.ts';
export { CircuitBreaker, CLOSED_TRUST_MS, type CircuitState, type CircuitStatus } from './circuit.ts';
