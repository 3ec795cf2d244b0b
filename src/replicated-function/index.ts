export * from './code';
export * from './options';
export * from './replicated-function-replica';
export * from './replicated-function';
