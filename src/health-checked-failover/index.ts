export * from './options';
export * from './failover-cell';
export * from './health-checked-failover';
