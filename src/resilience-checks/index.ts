export * from './resilience-checks';
