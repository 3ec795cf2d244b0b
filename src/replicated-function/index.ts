export * from './code';
export * from './endpoint';
export * from './function-replica';
export * from './replicated-function';
