import { Stack } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { MultiRegionTopology } from './multi-region-topology';
import { encryptedAlarmTopic } from '../private/alarm-topic';
import { configError } from '../private/errors';
import { rotatingKey } from '../private/kms';
import { addStackDependency } from '../private/stack-dependency';

/** Where Route 53 publishes health-check metrics, so where alarms on them must live. */
const ROUTE53_METRICS_REGION = 'us-east-1';

/**
 * The topology's stack for Route 53 (global) resources: health checks, failover and latency records, and the alarms
 * on the health checks, in us-east-1, where Route 53 publishes their metrics. Named `<serviceName>-routing`; created
 * on first use by `topology.routingStack`.
 *
 * It refers to the cells only by deterministic names (`<region>.<recordName>`, alarm names), never by reference, so
 * each cell deploys on its own. DNS answers and health checking are Route 53's data plane, which keeps working
 * when any one region, us-east-1 included, is down; only changes to this stack need us-east-1.
 */
export class RoutingStack extends Stack {
  /** @internal */
  public static _create(topology: MultiRegionTopology): RoutingStack {
    if (topology.partition !== 'aws') {
      throw configError(topology, {
        setting: 'partition',
        value: topology.partition,
        problem: 'Route 53 health checks and their metrics are served from us-east-1 in the aws partition only',
        allowed: 'a topology of regions in the aws partition',
        fix: 'route the service with your partition\'s DNS instead of HealthCheckedFailover',
      });
    }
    return new RoutingStack(topology);
  }

  /** The topology this stack routes to. */
  public readonly topology: MultiRegionTopology;

  private _alarmTopic?: Topic;

  private constructor(topology: MultiRegionTopology) {
    super(topology, 'routing', {
      env: { account: topology.account, region: ROUTE53_METRICS_REGION },
      stackName: `${topology.serviceName}-routing`,
      description: `${topology.serviceName}: Route 53 health checks, failover records and their alarms (cdk-resilient-serverless)`,
      terminationProtection: topology.primaryCell.terminationProtection,
      crossRegionReferences: false,
    });
    this.topology = topology;
    for (const cell of topology.cells) {
      addStackDependency(this, cell, 'records route to the names of the cells\' endpoints, which should exist before DNS answers with them');
    }
  }

  /**
   * The alarm topic of the routing stack (encrypted with its own rotating key, TLS only), created on first use: the
   * health-check alarms notify it. Subscribe your on-call channel to it.
   */
  public get alarmTopic(): Topic {
    if (!this._alarmTopic) {
      const key = rotatingKey(this, 'EncryptionKey', `Encrypts the routing alarms of ${this.topology.serviceName}`);
      this._alarmTopic = encryptedAlarmTopic(this, key, `${this.topology.serviceName} routing alarms`);
    }
    return this._alarmTopic;
  }
}
