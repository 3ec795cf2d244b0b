import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { EventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption, RedrivePermission } from 'aws-cdk-lib/aws-sqs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { BufferedIngestionSettings } from './validation';
import { acknowledge } from '../private/acknowledge';
import { notifyingAlarm } from '../private/alarm';
import { declareInteractions, declareServiceManaged } from '../private/interactions';
import { FunctionReplica } from '../replicated-function/replicated-function-replica';
import { RegionalCell } from '../topology/regional-cell';

/** What Lambda's event source mapping calls on the queue, with the function's role (aws-cdk-lib's grantConsumeMessages). */
const CONSUME_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'];

/**
 * The queue of a `BufferedIngestion` in one regional cell, in front of that cell's replica of the function: the
 * encrypted queue and its dead-letter queue, the event source mapping that drains it, its alarms and its discovery
 * parameter.
 */
export class IngestionReplica extends Construct {
  /** @internal */
  public static _create(cell: RegionalCell, id: string, consumer: FunctionReplica, settings: BufferedIngestionSettings): IngestionReplica {
    return new IngestionReplica(cell, id, consumer, settings);
  }

  /** The region of this replica. */
  public readonly region: string;
  /** The queue producers send to (SSE-SQS, TLS only). */
  public readonly queue: Queue;
  /** Where messages go after `maxReceiveCount` receives (SSE-SQS, TLS only, accepting this queue's messages only). */
  public readonly deadLetterQueue: Queue;
  /** The event source mapping that drains the queue into the replica's alias, at most `maxConcurrency` at a time. */
  public readonly eventSourceMapping: EventSourceMapping;
  /** The oldest waiting message is older than `oldestMessageAgeThreshold` for 3 minutes: the bucket fills faster than it leaks. */
  public readonly backlogAlarm: Alarm;
  /** Any message waiting in the dead-letter queue. */
  public readonly deadLetterAlarm: Alarm;
  /** The queue's URL in this region, at the deterministic parameter name. */
  public readonly queueUrlParameter: StringParameter;

  private constructor(cell: RegionalCell, id: string, consumer: FunctionReplica, settings: BufferedIngestionSettings) {
    super(cell, id);
    this.region = cell.region;
    const stack = Stack.of(this);
    const what = `${settings.queueName} in ${this.region}`;

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: settings.deadLetterQueueName,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: settings.deadLetterRetention,
      // Only this cell's queue may dead-letter here. Named by its deterministic ARN: a reference would close a cycle.
      redriveAllowPolicy: {
        redrivePermission: RedrivePermission.BY_QUEUE,
        sourceQueues: [Queue.fromQueueArn(this, 'SourceQueueRef', stack.formatArn({ service: 'sqs', resource: settings.queueName }))],
      },
    });
    acknowledge(this.deadLetterQueue, ['Serverless-SQSRedrivePolicy'],
      'This queue is itself the dead-letter queue of the ingestion queue (its RedriveAllowPolicy admits that queue only): ' +
      'retained 14 days and alarmed on; a further redrive would only move the same messages');
    declareServiceManaged(this.deadLetterQueue,
      'SQS itself moves a message received maxReceiveCount times into this SSE-SQS queue; no principal of the app writes to it');

    this.queue = new Queue(this, 'Queue', {
      queueName: settings.queueName,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: settings.visibilityTimeout,
      retentionPeriod: settings.retentionPeriod,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });

    // The alias, not the function: CodeDeploy's traffic shifting covers queued work as it covers direct calls.
    this.eventSourceMapping = new EventSourceMapping(this, 'EventSource', {
      target: consumer.alias,
      eventSourceArn: this.queue.queueArn,
      batchSize: settings.batchSize,
      maxBatchingWindow: settings.maxBatchingWindow,
      maxConcurrency: settings.maxConcurrency,
      reportBatchItemFailures: true,
    });
    // An SQS mapping has no on-failure destination (Lambda offers one for streams and Kafka); a failing message is kept
    // by the queue's own dead-letter queue: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
    acknowledge(this.eventSourceMapping, ['Serverless-LambdaEventSourceMappingDestination'],
      'Lambda supports no on-failure destination for an SQS event source mapping; a message that keeps failing returns to ' +
      'the queue and, after maxReceiveCount receives, SQS moves it to the alarmed dead-letter queue (the queue\'s redrive policy)');
    this.queue.grantConsumeMessages(consumer.role);
    // Lambda checks the role's permissions when it creates the mapping: the role's policy first.
    this.eventSourceMapping.node.addDependency(consumer.role);
    declareInteractions(this, {
      principal: consumer.role,
      actions: CONSUME_ACTIONS,
      resource: this.queue.queueArn,
      purpose: 'Lambda\'s event source mapping reads and deletes the queue\'s messages with the function\'s role',
    });

    const minute = Duration.minutes(1);
    this.backlogAlarm = notifyingAlarm(this, 'BacklogAlarm', cell.alarmTopic, {
      alarmDescription: `${what}: the oldest message has waited ${settings.oldestMessageAgeThreshold.toHumanString()} or more ` +
        'for 3 minutes (producers fill the queue faster than maxConcurrency drains it)',
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: minute, statistic: 'Maximum' }),
      threshold: settings.oldestMessageAgeThreshold.toSeconds(),
      evaluationPeriods: 3,
    });
    this.deadLetterAlarm = notifyingAlarm(this, 'DeadLetterAlarm', cell.alarmTopic, {
      alarmDescription: `${what}: messages failed ${settings.maxReceiveCount} receives and wait in the dead-letter queue`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: minute, statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
    });

    this.queueUrlParameter = new StringParameter(this, 'QueueUrlParameter', {
      parameterName: settings.queueUrlParameterName,
      description: `URL of the ingestion queue ${what} (cdk-resilient-serverless)`,
      stringValue: this.queue.queueUrl,
    });
  }
}
