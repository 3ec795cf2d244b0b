// The runtime client, for Node services and Lambda handlers: `import { FailoverInvoker } from 'cdk-resilient-serverless/lib/runtime'`.
// Not exported from the construct library's entry point: it is plain Node code (jsii would refuse its AWS SDK types and
// its unions), and the SDK comes from the caller's app.
export { type BreakerState, CircuitBreaker } from './circuit-breaker';
export { FailoverInvoker } from './failover-invoker';
export { IDEMPOTENCY_KEY_FIELD, idempotencyKeyOf } from './idempotency';
export * from './types';
export { regionsForKey } from './routing';
export { readSagaProgress, sagaProgress } from './saga-progress';
export type { SagaHistoryEvent, SagaHistoryReader, SagaProgress, SagaShape, SagaStatus, SagaStepStatus } from './saga-progress';
export { FailoverSender } from './failover-sender';
export * from './sender-types';
