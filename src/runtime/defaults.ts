import type { RoutingMode } from './types';

// The defaults of FailoverInvokerOptions, applied once, in validation.ts; the options' `@default` docs cite these values.

/** `routing`: calls without a routing key go to the primary first (active-passive). */
export const DEFAULT_ROUTING: RoutingMode = 'ordered';
/** `attemptTimeoutMs`: the longest one attempt may take. */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 3000;
/** `deadlineMs`: the longest one call may take. */
export const DEFAULT_DEADLINE_MS = 10_000;
/** `retriesPerRegion`: retries in a region before the next one. */
export const DEFAULT_RETRIES_PER_REGION = 1;
/** `backoffBaseMs`: base of the exponential backoff. */
export const DEFAULT_BACKOFF_BASE_MS = 50;
/** `backoffCapMs`: cap of the backoff, and the longest `Retry-After` waited for in a region. */
export const DEFAULT_BACKOFF_CAP_MS = 1000;
/** `breakerFailureThreshold`: consecutive failures that open a breaker. */
export const DEFAULT_BREAKER_FAILURE_THRESHOLD = 5;
/** `breakerOpenMs`: how long an open breaker stays open. */
export const DEFAULT_BREAKER_OPEN_MS = 30_000;
/** `retryBudget`: the AWS SDKs' standard retry quota. */
export const DEFAULT_RETRY_BUDGET = 500;
/** `idempotent`: calls are not idempotent unless declared. */
export const DEFAULT_IDEMPOTENT = false;
/** `maxInFlightPerRegion` until the client's own socket limit is known: the SDK's default `maxSockets` (NodeHttpHandler). */
export const SDK_DEFAULT_MAX_SOCKETS = 50;

/**
 * The longest delay Node's timers keep (2^31 - 1 ms, about 24.8 days): a longer one, or Infinity, fires after 1 ms.
 * Every millisecond option is bounded by it.
 */
export const MAX_TIMER_MS = 2_147_483_647;

// The defaults of FailoverSenderOptions, applied once, in sender-validation.ts.

/** `attemptTimeoutMs` of a sender: the longest one SendMessage may take before the next region is tried. */
export const DEFAULT_SEND_ATTEMPT_TIMEOUT_MS = 2000;
/** The message attribute that carries a send's idempotency key, the same in every region it is sent to. */
export const SEND_IDEMPOTENCY_ATTRIBUTE = 'idempotency-key';
/** SQS's most message attributes per message (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html). */
export const MAX_MESSAGE_ATTRIBUTES = 10;
/** SQS's longest delay of a message, in seconds (15 minutes). */
export const MAX_DELAY_SECONDS = 900;
