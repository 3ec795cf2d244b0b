export * from './global-table-store';
export * from './store-encryption';
export * from './store-replica';
