import { neverSent } from './lambda-sdk';
import type { SendOutcome } from './sender-types';

// What the sender needs of @aws-sdk/client-sqs: loading it, and reading its errors.

/**
 * SQS's throttling errors (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html#API_SendMessage_Errors),
 * by the name the SDK gives them (the JSON protocol's type, or the query-compatible code).
 */
const THROTTLES = new Set(['RequestThrottled', 'ThrottlingException', 'Throttling', 'TooManyRequestsException', 'KmsThrottled']);
/** The queue is missing in this region (its cell is not deployed, or being rebuilt): the region's failure, not the caller's. */
const MISSING_QUEUE = new Set(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue']);

/**
 * How a failed SendMessage ended. The region refused it (`throttled`, `retryable`: a throttle, a 5xx, a 403, the queue
 * missing there, a connection that never opened) and the next region may take it; the request itself is wrong
 * (`caller-error`: any other 4xx, such as a body SQS refuses) and would be refused everywhere; or it may have been
 * accepted (`ambiguous`: no answer in time, or a dropped connection).
 */
export function classifySend(error: unknown): SendOutcome {
  const status: number | undefined = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const names = [(error as { name?: string })?.name, (error as { Code?: string })?.Code];
  if (status === 429 || names.some((n) => n !== undefined && THROTTLES.has(n))) return 'throttled';
  if (names.some((n) => n !== undefined && MISSING_QUEUE.has(n))) return 'retryable';
  if (status !== undefined) return status >= 500 || status === 403 ? 'retryable' : 'caller-error';
  return neverSent(error) ? 'retryable' : 'ambiguous';
}

let sdk: typeof import('@aws-sdk/client-sqs') | undefined;

/** The AWS SDK is the caller's (the Node.js Lambda runtimes include it): loaded on first use, never bundled. */
export function sqsSdk(): typeof import('@aws-sdk/client-sqs') {
  // Deliberately not a dependency of this package (see README: the caller provides the SDK).
  // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
  sdk ??= require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
  return sdk;
}
