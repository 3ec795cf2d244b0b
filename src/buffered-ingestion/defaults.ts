import { Duration } from 'aws-cdk-lib';

/**
 * Every default of a `BufferedIngestion`, applied once by `validateBufferedIngestionProps` and cited by the `@default`
 * docs in options.ts. Never exported from index.ts.
 */

/** `maxConcurrency`: 10 concurrent invocations per region (the leak rate's ceiling). */
export const DEFAULT_MAX_CONCURRENCY = 10;
/** `batchSize`: 10 messages, Lambda's own default for SQS (set explicitly). */
export const DEFAULT_BATCH_SIZE = 10;
/** `maxBatchingWindow`: none (Lambda invokes as soon as it has a batch). */
export const DEFAULT_MAX_BATCHING_WINDOW = Duration.seconds(0);
/** `visibilityTimeout`: AWS's advice, six times the function timeout, plus the batching window. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;
/** `maxReceiveCount`: 5 receives before a message is dead-lettered, as AWS advises for Lambda consumers. */
export const DEFAULT_MAX_RECEIVE_COUNT = 5;
/** `retentionPeriod`: Duration.days(4), SQS's own default (set explicitly). */
export const DEFAULT_RETENTION_PERIOD = Duration.days(4);
/** `deadLetterRetention`: Duration.days(14), the longest SQS keeps a message. */
export const DEFAULT_DEAD_LETTER_RETENTION = Duration.days(14);
/** `oldestMessageAgeThreshold`: Duration.minutes(5). */
export const DEFAULT_OLDEST_MESSAGE_AGE_THRESHOLD = Duration.minutes(5);
/** The suffix of the dead-letter queue's name. */
export const DEAD_LETTER_SUFFIX = '-dlq';
