export * from './options';
export * from './multi-region-topology';
export * from './regional-cell';
export * from './replicated-grantable';
export * from './routing-stack';
export * from './strategy';
