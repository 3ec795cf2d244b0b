export * from './code';
export * from './options';
export * from './function-replica';
export * from './replicated-function';
