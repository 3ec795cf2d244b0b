export * from './buffered-ingestion';
export * from './buffered-ingestion-replica';
export * from './options';
