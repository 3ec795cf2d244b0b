// The folder's modules, for readers; src/index.ts never exports the private helpers.
export * from './acknowledge';
export * from './alarm';
export * from './alarm-topic';
export * from './alias-key';
export * from './asl-definition';
export * from './discovery';
export * from './errors';
export * from './interactions';
export * from './invoke-permission';
export * from './kms';
export * from './lifecycle';
export * from './log-group';
export * from './message';
export * from './regions';
export * from './route53-limits';
export * from './stack-dependency';
export * from './validate';
