export * from './topology';
export * from './replicated-function';
