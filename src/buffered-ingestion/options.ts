import { Duration } from 'aws-cdk-lib';
import { ReplicatedFunction } from '../replicated-function/replicated-function';

/**
 * A queue in front of a replicated function in every cell (a leaky bucket): producers send as fast as they like, and
 * Lambda drains each region's queue at most `maxConcurrency` invocations at a time.
 */
export interface BufferedIngestionProps {
  /** The function that consumes the queue, through its alias, in every region. */
  readonly function: ReplicatedFunction;

  /**
   * The queue's name, the same in every region (so producers build each region's queue URL and ARN); the dead-letter
   * queue is `<queueName>-dlq`.
   *
   * @default - `<serviceName>-<id>`
   */
  readonly queueName?: string;

  /**
   * The leak rate: the most concurrent invocations the queue's event source mapping makes, in each region. Keep it at
   * or below the function's reserved concurrency, so a burst waits in the queue instead of being throttled.
   *
   * @default 10
   */
  readonly maxConcurrency?: number;

  /**
   * Messages per invocation.
   *
   * @default 10
   */
  readonly batchSize?: number;

  /**
   * How long Lambda gathers messages before invoking (a batch larger than 10 needs at least 1 second).
   *
   * @default Duration.seconds(0)
   */
  readonly maxBatchingWindow?: Duration;

  /**
   * How long a received message stays hidden from other consumers: at least six times the function's timeout plus the
   * batching window, as AWS advises for Lambda consumers.
   *
   * @default - six times the function's timeout, plus the batching window
   */
  readonly visibilityTimeout?: Duration;

  /**
   * Receives of a message before SQS moves it to the dead-letter queue.
   *
   * @default 5
   */
  readonly maxReceiveCount?: number;

  /**
   * How long the queue keeps a message nobody consumed.
   *
   * @default Duration.days(4)
   */
  readonly retentionPeriod?: Duration;

  /**
   * How long the dead-letter queue keeps a message.
   *
   * @default Duration.days(14)
   */
  readonly deadLetterRetention?: Duration;

  /**
   * The age of the oldest waiting message that raises the backlog alarm: the queue drains slower than producers fill it.
   * Shorter than `retentionPeriod`, or messages expire unseen.
   *
   * @default Duration.minutes(5)
   */
  readonly oldestMessageAgeThreshold?: Duration;
}
