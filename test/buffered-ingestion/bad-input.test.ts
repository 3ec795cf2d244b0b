import { Duration } from 'aws-cdk-lib';
import { consumer, ingestion, topology } from './fixtures';
import { BufferedIngestion, BufferedIngestionProps, MultiRegionTopology, ReplicatedFunction } from '../../src';

/** Every configuration error has one shape: the value as given, the problem, what is allowed and the fix. */
const SHAPE = /^\[Orders\/Intake\] invalid \S+ .+: .+\. Allowed: .+\. Fix: .+\.$/s;

describe('BufferedIngestion refuses bad input at synth, in its own words', () => {
  test.each<[string, Partial<BufferedIngestionProps>, RegExp]>([
    ['maxConcurrency is below AWS\'s minimum of 2', { maxConcurrency: 1 },
      /invalid maxConcurrency 1: the value is below 2 \(Lambda's limits for an SQS event source mapping's maximum concurrency\)\. Allowed: a whole number of concurrent invocations from 2 to 1000\. Fix: set maxConcurrency to/],
    ['maxConcurrency is above AWS\'s maximum of 1000', { maxConcurrency: 1001 }, /invalid maxConcurrency 1001: the value is above 1000/],
    ['maxConcurrency is a fraction', { maxConcurrency: 2.5 }, /invalid maxConcurrency 2\.5: a whole number is required/],
    ['maxConcurrency is NaN', { maxConcurrency: NaN }, /invalid maxConcurrency NaN: a number is required/],
    ['batchSize is 0', { batchSize: 0 }, /invalid batchSize 0: the value is below 1 \(Lambda's limits for a standard queue's batch\)\. Allowed: a whole number of messages from 1 to 10000/],
    ['batchSize is above 10000', { batchSize: 10_001, maxBatchingWindow: Duration.seconds(1) }, /invalid batchSize 10001: the value is above 10000/],
    ['batchSize is above 10 without a batching window', { batchSize: 11 },
      /invalid batchSize 11: a batch of more than 10 messages needs a batching window of at least 1 second, and maxBatchingWindow is 0 seconds\. Allowed: a whole number from 1 to 10 without a batching window, up to 10000 with one\. Fix: set maxBatchingWindow to Duration\.seconds\(1\) or more/],
    ['the batching window is above 300 seconds', { maxBatchingWindow: Duration.seconds(301) },
      /invalid maxBatchingWindow Duration\.seconds\(301\): the duration is longer than 5 minutes \(Lambda's limits for an SQS batching window\)\. Allowed: a whole number of seconds from 0 seconds to 5 minutes/],
    ['the batching window is a fraction of a second', { maxBatchingWindow: Duration.millis(1500) },
      /invalid maxBatchingWindow Duration\.millis\(1500\): the service counts whole seconds, and this is 1\.5 seconds/],
    ['the visibility timeout is shorter than six times the function timeout', { visibilityTimeout: Duration.seconds(59) },
      /invalid visibilityTimeout Duration\.seconds\(59\): the duration is shorter than 1 minute \(AWS advises at least 6 times the function's timeout \(10 seconds\), so Lambda can retry a throttled batch before the messages reappear; SQS allows at most 12 hours\)\. Allowed: a whole number of seconds from 1 minute to 12 hours\. Fix: set visibilityTimeout to Duration\.seconds\(60\) or more, or leave it unset for Duration\.seconds\(60\)/],
    ['the visibility timeout is longer than SQS\'s 12 hours', { visibilityTimeout: Duration.hours(13) },
      /invalid visibilityTimeout Duration\.hours\(13\): the duration is longer than 12 hours/],
    ['maxReceiveCount is 0', { maxReceiveCount: 0 },
      /invalid maxReceiveCount 0: the value is below 1 \(SQS's limits for a redrive policy\)\. Allowed: a whole number of receives from 1 to 1000/],
    ['maxReceiveCount is above 1000', { maxReceiveCount: 1001 }, /invalid maxReceiveCount 1001: the value is above 1000/],
    ['maxReceiveCount is Infinity', { maxReceiveCount: Infinity }, /invalid maxReceiveCount Infinity: the value must be finite/],
    ['the retention period is below 60 seconds', { retentionPeriod: Duration.seconds(59) },
      /invalid retentionPeriod Duration\.seconds\(59\): the duration is shorter than 1 minute \(SQS's limits\)/],
    ['the dead-letter retention is above 14 days', { deadLetterRetention: Duration.days(15) },
      /invalid deadLetterRetention Duration\.days\(15\): the duration is longer than 14 days/],
    ['the backlog alarm threshold is not shorter than the retention period', { retentionPeriod: Duration.hours(1), oldestMessageAgeThreshold: Duration.hours(1) },
      /invalid oldestMessageAgeThreshold Duration\.hours\(1\): the duration is longer than 59 minutes 59 seconds \(the alarm must fire before the oldest message expires at the end of retentionPeriod\)/],
    ['the queue name has characters SQS refuses', { queueName: 'orders.intake' },
      /invalid queueName 'orders\.intake': the name may only contain letters, digits, hyphens and underscores/],
    ['the dead-letter queue name would pass 80 characters', { queueName: 'q'.repeat(78) },
      /invalid queueName 'q{78}': the dead-letter queue name 'q{78}-dlq' would have 82 characters, over its limit of 80\. Allowed: letters, digits, hyphens and underscores, 1 to 76 characters\. Fix: shorten queueName to 76 characters or fewer/],
  ])('fails when %s', (_, props, message) => {
    const build = () => ingestion(props);
    expect(build).toThrow(message);
    expect(build).toThrow(SHAPE);
  });

  test.each<[string, Partial<BufferedIngestionProps>]>([
    ['maxConcurrency at AWS\'s minimum of 2', { maxConcurrency: 2 }],
    ['maxConcurrency at AWS\'s maximum of 1000', { maxConcurrency: 1000 }],
    ['a batch of 10 without a batching window', { batchSize: 10 }],
    ['a batch of 10000 with a 1-second window', { batchSize: 10_000, maxBatchingWindow: Duration.seconds(1) }],
    ['the longest batching window, 5 minutes', { maxBatchingWindow: Duration.minutes(5) }],
    ['a visibility timeout of exactly six times the function timeout', { visibilityTimeout: Duration.seconds(60) }],
    ['SQS\'s longest visibility timeout and retention, and 1000 receives',
      { visibilityTimeout: Duration.hours(12), retentionPeriod: Duration.days(14), deadLetterRetention: Duration.days(14), maxReceiveCount: 1000 }],
    ['a single receive and SQS\'s shortest retention, with the alarm 1 second before it', {
      maxReceiveCount: 1,
      retentionPeriod: Duration.seconds(60),
      deadLetterRetention: Duration.seconds(60),
      oldestMessageAgeThreshold: Duration.seconds(59),
    }],
    ['a queue name of 76 characters (its dead-letter queue\'s 80)', { queueName: 'q'.repeat(76) }],
  ])('accepts %s', (_, props) => {
    expect(() => ingestion(props)).not.toThrow();
  });

  test('accepts maxConcurrency equal to the function\'s reserved concurrency', () => {
    expect(() => ingestion({ maxConcurrency: 100 }, topology(), { reservedConcurrentExecutions: 100 })).not.toThrow();
  });

  test('fails when maxConcurrency is above the function\'s reserved concurrency', () => {
    const build = () => ingestion({ maxConcurrency: 20 }, topology(), { reservedConcurrentExecutions: 10 });
    expect(build).toThrow(new RegExp('invalid maxConcurrency 20: it is above the function\'s reservedConcurrentExecutions \\(10\\): Lambda would ' +
      'throttle .*Allowed: a whole number from 2 to 10\\. Fix: lower maxConcurrency to 10 or less'));
    expect(build).toThrow(SHAPE);
  });

  test('fails when the default queue name would be too long, naming where it comes from', () => {
    const build = () => ingestion({}, topology(), {}, 'I'.repeat(70));
    expect(build).toThrow(/invalid queueName 'Orders-I{70}': the dead-letter queue name .* Fix: shorten queueName to 76 characters or fewer; queueName defaults to <serviceName>-<id>/);
  });

  test('fails when the function is not a ReplicatedFunction', () => {
    const build = () => new BufferedIngestion(topology(), 'Intake', { function: {} as ReplicatedFunction });
    expect(build).toThrow(/invalid function \{\}: it is not a ReplicatedFunction\. Allowed: a ReplicatedFunction of the same topology/);
    expect(build).toThrow(SHAPE);
  });

  test('fails when the function belongs to another topology', () => {
    const other = topology('Other');
    const build = () => new BufferedIngestion(topology(), 'Intake', { function: consumer(other) });
    expect(build).toThrow(/invalid function 'Other\/Fulfil': it belongs to another topology .*a buffered ingestion reaches its own cells only/);
  });

  test('fails when two ingestions take one queue name', () => {
    const t: MultiRegionTopology = topology();
    const fn = consumer(t);
    new BufferedIngestion(t, 'Intake', { function: fn, queueName: 'Shared' });
    expect(() => new BufferedIngestion(t, 'Intake2', { function: fn, queueName: 'Shared' }))
      .toThrow(/invalid queueName 'Shared': 'Orders\/Intake' already takes this name/);
  });

  test('fails when asked for a region outside the topology', () => {
    expect(() => ingestion().replica('ap-south-1')).toThrow(/ap-south-1/);
  });
});
