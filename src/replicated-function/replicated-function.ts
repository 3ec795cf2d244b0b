import { Duration } from 'aws-cdk-lib';
import { MetricOptions, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { ILambdaDeploymentConfig } from 'aws-cdk-lib/aws-codedeploy';
import { IPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FunctionOptions, Runtime } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ReplicatedCode } from './code';
import { FunctionReplica } from './function-replica';
import { EndpointOptions, ProbeOptions, ProvisionedConcurrencyOptions } from './options';
import { validateReplicatedFunctionProps } from './validation';
import { partInRegion } from '../topology/membership';
import { MultiRegionTopology } from '../topology/multi-region-topology';
import { IReplicatedGrantable } from '../topology/replicated-grantable';

/**
 * Properties of a `ReplicatedFunction`.
 *
 * The Lambda options are aws-cdk-lib's own `FunctionOptions`, applied identically to every replica. Options
 * that name an object living in one region (`role`, `vpc`, `deadLetterQueue`, `onFailure`, `logGroup`,
 * `events`, ...) cannot serve every region and are refused with the replicated alternative; layers given
 * by a literal ARN are used from each replica's own region.
 *
 * `reservedConcurrentExecutions` keeps aws-cdk-lib's default, no reservation, so the topology deploys on a new
 * account: Lambda keeps 100 of each region's concurrency unreserved, so reserving N needs an account quota of at
 * least N + 100 in every region, and new accounts start lower (as low as 10). Reserve once each region's quota allows.
 */
export interface ReplicatedFunctionProps extends FunctionOptions {
  /**
   * The runtime. Runtimes that aws-cdk-lib marks deprecated are refused.
   */
  readonly runtime: Runtime;

  /**
   * The handler, for example `index.handler`.
   */
  readonly handler: string;

  /**
   * The code, deployed to every region.
   */
  readonly code: ReplicatedCode;

  /**
   * The name of the alias that every caller, endpoint and deployment uses.
   *
   * @default 'live'
   */
  readonly aliasName?: string;

  /**
   * How CodeDeploy shifts traffic to a new version in each region; it rolls back when an alarm fires.
   * Only the predefined configurations (`LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES`, ...) work
   * across regions.
   *
   * @default LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES
   */
  readonly deploymentConfig?: ILambdaDeploymentConfig;

  /**
   * Provisioned concurrency on every replica's alias, with autoscaling between min and max capacity.
   *
   * @default - no provisioned concurrency
   */
  readonly provisionedConcurrency?: ProvisionedConcurrencyOptions;

  /**
   * The regional HTTPS endpoint of every replica.
   *
   * @default - an HTTP API with IAM authorization, 100 requests/s and a burst of 200 in each region
   */
  readonly endpoint?: EndpointOptions;

  /**
   * How long failed asynchronous events stay in each region's dead-letter queue.
   *
   * @default Duration.days(14)
   */
  readonly deadLetterRetention?: Duration;

  /**
   * The name of an existing SQS queue, present under this name in every region, that receives failed
   * asynchronous events instead of a dead-letter queue created by this construct.
   *
   * @default - an encrypted dead-letter queue per region
   */
  readonly onFailureQueueName?: string;

  /**
   * How long each replica's logs (function and endpoint access logs) are kept.
   *
   * @default RetentionDays.ONE_YEAR
   */
  readonly logGroupRetention?: RetentionDays;

  /**
   * Whether each replica's log groups are encrypted with the cell's customer-managed KMS key
   * (`RegionalCell.encryptionKey`, one per region, with rotation).
   *
   * @default true
   */
  readonly logGroupEncryption?: boolean;

  /**
   * A regional probe per cell: a scheduled function that invokes the replica and publishes `ProbeSuccess`, with an
   * alarm (`replica(region).probeAlarm`) for alarm-based health checks.
   *
   * @default - no probe
   */
  readonly probe?: ProbeOptions;

  /**
   * The fraction of the timeout at which the p99 duration alarm fires.
   *
   * @default 0.8
   */
  readonly durationAlarmRatio?: number;
}

/**
 * One Lambda function, identical in every regional cell of a topology, deployed safely.
 *
 * Each replica gets a published version behind a stable alias, a least-privilege role, an explicit log group,
 * active tracing, asynchronous retries into an encrypted dead-letter queue, a regional HTTPS endpoint with a
 * token-bucket throttle, alarms, a CodeDeploy deployment group that rolls back on them, and deterministic SSM
 * parameters (`<namespace>/functions/<id>/alias-arn` and `.../endpoint-url`) so callers find it without
 * cross-region references.
 */
export class ReplicatedFunction extends Construct implements IReplicatedGrantable {
  /** The topology this function is replicated across. */
  public readonly topology: MultiRegionTopology;

  /** The function name, the same in every region. */
  public readonly functionName: string;

  /** The alias name, the same in every region. */
  public readonly aliasName: string;

  /** One replica per region, in the topology's region order. */
  public readonly replicas: FunctionReplica[];

  constructor(scope: Construct, id: string, props: ReplicatedFunctionProps) {
    super(scope, id);
    this.topology = MultiRegionTopology.of(this);
    const validated = validateReplicatedFunctionProps(this, id, props);
    this.functionName = validated.functionName;
    this.aliasName = validated.aliasName;
    this.topology._claimPhysicalName('functionName', validated.functionName, this);
    this.replicas = this.topology.cells.map((cell) => FunctionReplica._create(cell, this.topology._replicaId(this), props, validated));
    this.topology._contributeToReport(() => ({
      cells: this.replicas.map((replica) => ({
        region: replica.region,
        functions: [{
          name: this.functionName,
          alias: this.aliasName,
          endpoint: replica.endpoint !== undefined,
          probe: replica.probeAlarm !== undefined,
        }],
      })),
    }));
  }

  /**
   * The replica in `region`.
   *
   * @throws if the topology has no cell in `region`
   */
  public replica(region: string): FunctionReplica {
    return partInRegion(this, this.topology, this.replicas, region);
  }

  /** The role of the replica in `region`. */
  public grantPrincipalIn(region: string): IPrincipal {
    return this.replica(region).role;
  }

  /**
   * Lets a replicated grantee invoke this function's alias in its own region, in every region.
   */
  public grantInvoke(grantee: IReplicatedGrantable): void {
    for (const replica of this.replicas) {
      replica.alias.grantInvoke(grantee.grantPrincipalIn(replica.region));
    }
  }

  /**
   * Adds a statement to every replica's role. Write region-independent resources (names, wildcards on the
   * region), or use grants, which reach each replica's local resources.
   */
  public addToRolePolicy(statement: PolicyStatement): void {
    for (const replica of this.replicas) replica.function.addToRolePolicy(statement);
  }

  /**
   * Adds an environment variable to every replica.
   */
  public addEnvironment(key: string, value: string): void {
    for (const replica of this.replicas) replica.function.addEnvironment(key, value);
  }

  /** Errors of the alias in `regionName` (Sum per minute by default). */
  public metricErrors(regionName: string, props?: MetricOptions): Metric {
    return this.replica(regionName).metricErrors(props);
  }

  /** Throttles of the alias in `regionName` (Sum per minute by default). */
  public metricThrottles(regionName: string, props?: MetricOptions): Metric {
    return this.replica(regionName).metricThrottles(props);
  }

  /** Invocations of the alias in `regionName` (Sum per minute by default). */
  public metricInvocations(regionName: string, props?: MetricOptions): Metric {
    return this.replica(regionName).metricInvocations(props);
  }

  /** Duration of the alias in `regionName` (p99 per minute by default). */
  public metricDuration(regionName: string, props?: MetricOptions): Metric {
    return this.replica(regionName).metricDuration(props);
  }
}
