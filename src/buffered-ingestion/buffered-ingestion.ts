import { Stack } from 'aws-cdk-lib';
import { Metric, MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { Grant, IGrantable, IRole, Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { IngestionReplica } from './buffered-ingestion-replica';
import { BufferedIngestionProps } from './options';
import { BufferedIngestionSettings, validateBufferedIngestionProps } from './validation';
import { declareInteractions } from '../private/interactions';
import { partInRegion } from '../topology/membership';
import { MultiRegionTopology } from '../topology/multi-region-topology';
import { IReplicatedGrantable } from '../topology/replicated-grantable';

/** What a producer calls to send (SendMessage covers SendMessageBatch), and to look its queue up. */
const SEND_ACTIONS = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];

/**
 * A leaky bucket in front of a `ReplicatedFunction`: an SQS queue in every cell that absorbs bursts, drained by the
 * cell's replica at a fixed rate.
 *
 * A token bucket (the endpoint's throttle) rejects a burst; a queue accepts it and lets it out at most `maxConcurrency`
 * invocations at a time. Each cell gets an SSE-SQS queue (TLS only) with the same name, an event source mapping to the
 * replica's alias with partial batch failure reporting, a dead-letter queue after `maxReceiveCount` receives, alarms on
 * the age of the oldest message and on dead letters (to the cell's alarm topic), and the queue's URL at
 * `<namespace>/queues/<id>/queue-url` in every region, for producers and the runtime `FailoverSender`.
 */
export class BufferedIngestion extends Construct {
  /** The topology the queues are replicated across. */
  public readonly topology: MultiRegionTopology;
  /** The queue name, the same in every region. */
  public readonly queueName: string;
  /** The dead-letter queue name, the same in every region. */
  public readonly deadLetterQueueName: string;
  /** The SSM parameter that holds the queue's URL, the same name in every region. */
  public readonly queueUrlParameterName: string;
  /** One replica per region, in the topology's region order. */
  public readonly replicas: IngestionReplica[];

  private readonly settings: BufferedIngestionSettings;

  constructor(scope: Construct, id: string, props: BufferedIngestionProps) {
    super(scope, id);
    this.topology = MultiRegionTopology.of(this);
    this.settings = validateBufferedIngestionProps(this, id, props);
    this.queueName = this.settings.queueName;
    this.deadLetterQueueName = this.settings.deadLetterQueueName;
    this.queueUrlParameterName = this.settings.queueUrlParameterName;
    this.topology._claimPhysicalName('queueName', this.queueName, this);
    this.topology._claimPhysicalName('queueName', this.deadLetterQueueName, this);
    const consumer = this.settings.function;
    this.replicas = this.topology.cells.map((cell) =>
      IngestionReplica._create(cell, this.topology._replicaId(this), consumer.replica(cell.region), this.settings));
  }

  /**
   * The replica in `region`.
   *
   * @throws if the topology has no cell in `region`
   */
  public replica(region: string): IngestionReplica {
    return partInRegion(this, this.topology, this.replicas, region);
  }

  /**
   * Lets a replicated producer send to the queue in its own region, and read the queue URL from that region's discovery
   * parameter, in every region.
   *
   * @returns one grant combining every region's (each region's queue to the producer's principal in that region)
   */
  public grantSendMessages(producer: IReplicatedGrantable): Grant {
    return this.replicas
      .map((replica) => {
        const principal = producer.grantPrincipalIn(replica.region);
        // The producer finds its region's queue by the discovery parameter (FailoverSender.fromDiscovery reads it), so
        // the grant covers reading it too.
        const grant = replica.queue.grantSendMessages(principal).combine(replica.queueUrlParameter.grantRead(principal));
        if (isRole(principal)) {
          declareInteractions(replica, {
            principal,
            actions: ['sqs:SendMessage'],
            resource: replica.queue.queueArn,
            purpose: 'the producer sends to its own region\'s ingestion queue',
          }, {
            principal,
            actions: ['ssm:GetParameter'],
            resource: replica.queueUrlParameter.parameterArn,
            purpose: 'the producer reads its region\'s queue URL from the discovery parameter',
          });
        }
        return grant;
      })
      .reduce((combined, grant) => combined.combine(grant));
  }

  /**
   * Lets `producer` send to the queue in every region, by the queues' deterministic ARNs: for a producer that fails
   * over between regions (the runtime `FailoverSender`), such as a service outside the topology.
   */
  public grantSendMessagesToEveryRegion(producer: IGrantable): Grant {
    const stack = Stack.of(this.topology.primaryCell);
    return Grant.addToPrincipal({
      grantee: producer,
      actions: SEND_ACTIONS,
      resourceArns: this.topology.regions.map((region) => stack.formatArn({ service: 'sqs', region, resource: this.queueName })),
    });
  }

  /** The age of the oldest message of the queue in `regionName` (Maximum per minute by default). */
  public metricApproximateAgeOfOldestMessage(regionName: string, props?: MetricOptions): Metric {
    return this.replica(regionName).queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', ...props });
  }

  /** Messages waiting in the queue in `regionName` (Maximum per minute by default). */
  public metricApproximateNumberOfMessagesVisible(regionName: string, props?: MetricOptions): Metric {
    return this.replica(regionName).queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', ...props });
  }
}

function isRole(principal: unknown): principal is IRole {
  return principal instanceof Role || (typeof (principal as IRole).roleArn === 'string' && typeof (principal as IRole).node === 'object');
}
