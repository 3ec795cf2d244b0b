import { Duration, Token } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import {
  DEAD_LETTER_SUFFIX, DEFAULT_BATCH_SIZE, DEFAULT_DEAD_LETTER_RETENTION, DEFAULT_MAX_BATCHING_WINDOW, DEFAULT_MAX_CONCURRENCY,
  DEFAULT_MAX_RECEIVE_COUNT, DEFAULT_OLDEST_MESSAGE_AGE_THRESHOLD, DEFAULT_RETENTION_PERIOD, VISIBILITY_TIMEOUT_FACTOR,
} from './defaults';
import type { BufferedIngestionProps } from './options';
import { queueParameterName } from '../private/discovery';
import { configError } from '../private/errors';
import { checkDuration, checkInstance, checkName, checkNumber } from '../private/validate';
import { ReplicatedFunction } from '../replicated-function/replicated-function';
import { requireSameTopology } from '../topology/membership';
import { MultiRegionTopology } from '../topology/multi-region-topology';

/** Settled values every replica is built from: every default applied, every value checked. */
export interface BufferedIngestionSettings {
  readonly function: ReplicatedFunction;
  readonly queueName: string;
  readonly deadLetterQueueName: string;
  readonly maxConcurrency: number;
  readonly batchSize: number;
  readonly maxBatchingWindow: Duration;
  readonly visibilityTimeout: Duration;
  readonly maxReceiveCount: number;
  readonly retentionPeriod: Duration;
  readonly deadLetterRetention: Duration;
  readonly oldestMessageAgeThreshold: Duration;
  /** The SSM parameter holding each region's queue URL (the same name in every region). */
  readonly queueUrlParameterName: string;
}

/** SQS queue names: 1 to 80 letters, digits, hyphens and underscores (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html). */
const QUEUE_NAME = { maxLength: 80, pattern: /^[A-Za-z0-9_-]+$/, characters: 'letters, digits, hyphens and underscores' };

/**
 * Lambda's limits for an SQS event source mapping (https://docs.aws.amazon.com/lambda/latest/dg/API_ScalingConfig.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/API_CreateEventSourceMapping.html): maximum concurrency 2 to 1000, batch
 * size 1 to 10000 (above 10 only with a batching window of at least 1 second), batching window 0 to 300 seconds.
 */
const MIN_MAX_CONCURRENCY = 2;
const MAX_MAX_CONCURRENCY = 1000;
const MAX_BATCH_SIZE = 10_000;
const MAX_UNWINDOWED_BATCH_SIZE = 10;
const MAX_BATCHING_WINDOW = Duration.seconds(300);
/** SQS's limits (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html). */
const MAX_VISIBILITY_TIMEOUT = Duration.hours(12);
const MIN_RETENTION = Duration.seconds(60);
const MAX_RETENTION = Duration.days(14);
const MAX_RECEIVE_COUNT = 1000;

export function validateBufferedIngestionProps(scope: IConstruct, id: string, given: BufferedIngestionProps): BufferedIngestionSettings {
  const topology = MultiRegionTopology.of(scope);
  const props: BufferedIngestionProps = given ?? ({} as BufferedIngestionProps);
  const fn = checkInstance(scope, 'function', props.function, ReplicatedFunction, 'a ReplicatedFunction of the same topology');
  requireSameTopology(scope, topology, 'function', fn, fn.topology, {
    who: 'a buffered ingestion', allowed: 'a ReplicatedFunction of the same topology', fix: 'pass a ReplicatedFunction created in this topology',
  });

  const queueName = validateQueueName(scope, id, props.queueName, topology.serviceName);
  validateParameterKey(scope, id, topology.serviceName);

  const maxConcurrency = checkNumber(scope, 'maxConcurrency', props.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY, {
    min: MIN_MAX_CONCURRENCY,
    max: MAX_MAX_CONCURRENCY,
    unit: 'concurrent invocations',
    why: 'Lambda\'s limits for an SQS event source mapping\'s maximum concurrency',
  });
  const reserved = reservedConcurrency(fn);
  if (reserved !== undefined && !Token.isUnresolved(maxConcurrency) && maxConcurrency > reserved) {
    throw configError(scope, {
      setting: 'maxConcurrency',
      value: maxConcurrency,
      problem: `it is above the function's reservedConcurrentExecutions (${reserved}): Lambda would throttle the invocations past it, and ` +
        'throttled batches return to the queue and count as receives toward the dead-letter queue',
      allowed: `a whole number from ${MIN_MAX_CONCURRENCY} to ${Math.max(MIN_MAX_CONCURRENCY, reserved)}`,
      fix: `lower maxConcurrency to ${reserved} or less, or raise the function's reservedConcurrentExecutions`,
    });
  }

  const maxBatchingWindow = props.maxBatchingWindow ?? DEFAULT_MAX_BATCHING_WINDOW;
  checkDuration(scope, 'maxBatchingWindow', maxBatchingWindow, {
    unit: 'seconds', min: Duration.seconds(0), max: MAX_BATCHING_WINDOW, why: 'Lambda\'s limits for an SQS batching window',
  });
  const batchSize = checkNumber(scope, 'batchSize', props.batchSize ?? DEFAULT_BATCH_SIZE, {
    min: 1, max: MAX_BATCH_SIZE, unit: 'messages', why: 'Lambda\'s limits for a standard queue\'s batch',
  });
  if (!Token.isUnresolved(batchSize) && !maxBatchingWindow.isUnresolved() && batchSize > MAX_UNWINDOWED_BATCH_SIZE &&
    maxBatchingWindow.toSeconds() < 1) {
    throw configError(scope, {
      setting: 'batchSize',
      value: batchSize,
      problem: `a batch of more than ${MAX_UNWINDOWED_BATCH_SIZE} messages needs a batching window of at least 1 second, and ` +
        `maxBatchingWindow is ${maxBatchingWindow.toHumanString()}`,
      allowed: `a whole number from 1 to ${MAX_UNWINDOWED_BATCH_SIZE} without a batching window, up to ${MAX_BATCH_SIZE} with one`,
      fix: `set maxBatchingWindow to Duration.seconds(1) or more, or lower batchSize to ${MAX_UNWINDOWED_BATCH_SIZE}`,
    });
  }

  const visibilityTimeout = validateVisibilityTimeout(scope, props.visibilityTimeout, fn, maxBatchingWindow);
  const maxReceiveCount = checkNumber(scope, 'maxReceiveCount', props.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT, {
    min: 1, max: MAX_RECEIVE_COUNT, unit: 'receives', why: 'SQS\'s limits for a redrive policy',
  });
  const retentionPeriod = props.retentionPeriod ?? DEFAULT_RETENTION_PERIOD;
  checkDuration(scope, 'retentionPeriod', retentionPeriod, { unit: 'seconds', min: MIN_RETENTION, max: MAX_RETENTION, why: 'SQS\'s limits' });
  const deadLetterRetention = props.deadLetterRetention ?? DEFAULT_DEAD_LETTER_RETENTION;
  checkDuration(scope, 'deadLetterRetention', deadLetterRetention, { unit: 'seconds', min: MIN_RETENTION, max: MAX_RETENTION, why: 'SQS\'s limits' });
  const oldestMessageAgeThreshold = props.oldestMessageAgeThreshold ?? DEFAULT_OLDEST_MESSAGE_AGE_THRESHOLD;
  // The alarm must fire before the message it watches expires: shorter than the queue's retention.
  const longestAge = retentionPeriod.isUnresolved() ? MAX_RETENTION : Duration.seconds(retentionPeriod.toSeconds() - 1);
  checkDuration(scope, 'oldestMessageAgeThreshold', oldestMessageAgeThreshold, {
    unit: 'seconds', max: longestAge, why: 'the alarm must fire before the oldest message expires at the end of retentionPeriod',
  });

  return {
    function: fn,
    queueName,
    deadLetterQueueName: `${queueName}${DEAD_LETTER_SUFFIX}`,
    maxConcurrency,
    batchSize,
    maxBatchingWindow,
    visibilityTimeout,
    maxReceiveCount,
    retentionPeriod,
    deadLetterRetention,
    oldestMessageAgeThreshold,
    queueUrlParameterName: queueParameterName(topology.serviceName, id, 'queue-url'),
  };
}

/**
 * At least six times the function's timeout, as AWS advises: Lambda retries a throttled batch within the visibility
 * timeout (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html). Defaults to that plus the batching
 * window, which Lambda also spends with the messages hidden.
 */
function validateVisibilityTimeout(scope: IConstruct, given: Duration | undefined, fn: ReplicatedFunction, window: Duration): Duration {
  const timeout = fn.replicas[0]?.function.timeout ?? Duration.seconds(3);
  const unresolved = timeout.isUnresolved() || window.isUnresolved();
  const advised = unresolved ? undefined : Duration.seconds(timeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR);
  if (given === undefined) {
    if (advised === undefined) return Duration.seconds(MAX_VISIBILITY_TIMEOUT.toSeconds());
    // Lambda's longest timeout (15 minutes) times six stays within SQS's 12 hours; the window adds at most 5 minutes.
    return Duration.seconds(advised.toSeconds() + window.toSeconds());
  }
  checkDuration(scope, 'visibilityTimeout', given, {
    unit: 'seconds',
    min: advised ?? Duration.seconds(0),
    max: MAX_VISIBILITY_TIMEOUT,
    why: `AWS advises at least ${VISIBILITY_TIMEOUT_FACTOR} times the function's timeout` +
      `${advised ? ` (${timeout.toHumanString()})` : ''}, so Lambda can retry a throttled batch before the messages reappear; ` +
      `SQS allows at most ${MAX_VISIBILITY_TIMEOUT.toHumanString()}`,
    fix: advised ? `set visibilityTimeout to Duration.seconds(${advised.toSeconds()}) or more, or leave it unset for ` +
      `Duration.seconds(${advised.toSeconds() + window.toSeconds()})` : undefined,
  });
  return given;
}

/** The function's reserved concurrency, read from the replica's resource (the same in every region). */
function reservedConcurrency(fn: ReplicatedFunction): number | undefined {
  const cfn = fn.replicas[0]?.function.node.defaultChild as CfnFunction | undefined;
  const reserved = cfn?.reservedConcurrentExecutions;
  return typeof reserved === 'number' && !Token.isUnresolved(reserved) ? reserved : undefined;
}

function validateQueueName(scope: IConstruct, id: string, given: string | undefined, serviceName: string): string {
  if (given !== undefined && Token.isUnresolved(given)) {
    throw configError(scope, {
      setting: 'queueName',
      value: given,
      problem: 'the queue name is the same in every region, so producers can build each region\'s queue URL; a token is known only at deploy time',
      allowed: 'a literal name',
      fix: 'pass a literal queueName',
    });
  }
  return checkName(scope, 'queueName', given ?? `${serviceName}-${id}`, {
    ...QUEUE_NAME,
    derived: [{ what: 'the dead-letter queue name', derive: (name) => `${name}${DEAD_LETTER_SUFFIX}`, ...QUEUE_NAME }],
    hint: given === undefined ? 'queueName defaults to <serviceName>-<id>: pass a queueName, or shorten the construct id or serviceName' : undefined,
  });
}

/** The construct id keys the queue's SSM parameter (`<namespace>/queues/<id>/queue-url`), the same in every region. */
function validateParameterKey(scope: IConstruct, id: string, serviceName: string): void {
  checkName(scope, 'id', id, {
    maxLength: 1011,
    pattern: /^[A-Za-z0-9_.-]+$/,
    characters: 'letters, digits, periods, hyphens and underscores',
    derived: [{
      what: 'the SSM parameter name for queue-url',
      derive: (name: string) => queueParameterName(serviceName, name, 'queue-url'),
      maxLength: 1011,
      pattern: /^[A-Za-z0-9_.\-/]+$/,
      characters: 'letters, digits, and _ . - /',
    }],
    hint: 'the construct id names the queue\'s SSM parameter in every region',
  });
}
