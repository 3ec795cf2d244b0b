// The one place every construct's tests get their tools from.
export * from './app';
export * from './checkers';
export * from './wiring';
export * from './state-machine';
export * from './integ';
export * from './lambda-server';
export * from './sqs-server';
