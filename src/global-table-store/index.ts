export * from './global-table-store';
export * from './global-table-store-replica';
export * from './options';
export * from './store-encryption';
