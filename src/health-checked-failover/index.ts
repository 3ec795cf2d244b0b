export * from './options';
export * from './health-checked-failover-replica';
export * from './health-checked-failover';
