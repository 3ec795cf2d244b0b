export * from './options';
export * from './region-to-run';
export * from './region-switch-plan';
