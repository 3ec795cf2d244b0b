// The resilience report: its model, how it is collected, rendered and written. Internal: src/index.ts does not export it.
export * from './collect';
export * from './model';
export * from './render';
export * from './write';
