export * from './topology';
export * from './replicated-function';
export * from './global-table-store';
export * from './saga';
export * from './health-checked-failover';
export * from './resilience-checks';
export * from './chaos';
export * from './buffered-ingestion';
