// The runtime client, for Node services and Lambda handlers: `import { FailoverInvoker } from 'cdk-resilient-serverless/lib/runtime'`.
// Not exported from the construct library's entry point: it is plain Node code (jsii would refuse its AWS SDK types),
// and the SDK comes from the caller's app.
export * from './circuit-breaker';
export * from './failover-invoker';
export { regionsForKey } from './routing';
