export * from './options';
export * from './saga';
export * from './saga-replica';
export * from './saga-task';
