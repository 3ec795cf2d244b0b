export * from './chaos-experiments';
export * from './chaos-experiment';
export * from './drill-fault';
export * from './options';
export * from './chaos-experiments-replica';
