import { Duration } from 'aws-cdk-lib';
import { ILambdaDeploymentConfig } from 'aws-cdk-lib/aws-codedeploy';
import { FunctionOptions, Runtime } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ReplicatedCode } from './code';

/**
 * Who may call a replica's regional HTTPS endpoint.
 */
export enum EndpointAuthorization {
  /** Callers sign requests with SigV4 and need `execute-api:Invoke` on the endpoint. */
  IAM = 'IAM',
  /** Anyone on the internet (put your own authentication in the handler). */
  NONE = 'NONE',
}

/**
 * The regional HTTPS endpoint of every replica: an API Gateway HTTP API in front of the replica's alias.
 *
 * An endpoint adds 7 resources to each cell (the HTTP API, its `$default` stage, its access log group, the Lambda
 * integration, the catch-all route, the invoke permission and the `endpoint-url` discovery parameter) to the 12 of a
 * replicated function without one.
 */
export interface EndpointOptions {
  /**
   * Whether every replica gets a regional HTTPS endpoint: `true` creates one in every cell; `false` refuses any
   * construct that would front the function (a `HealthCheckedFailover`).
   *
   * @default - only when something fronts the function: a HealthCheckedFailover whose service it is
   */
  readonly enabled?: boolean;

  /**
   * Who may call the endpoint.
   *
   * @default EndpointAuthorization.IAM
   */
  readonly authorization?: EndpointAuthorization;

  /**
   * Steady-state requests per second the endpoint admits in each region: the refill rate of its token bucket.
   * Requests past the bucket are answered 429 before they reach (and pay for) the function.
   *
   * @default 100
   */
  readonly throttlingRateLimit?: number;

  /**
   * Requests the endpoint admits at once in each region: the size of its token bucket.
   *
   * @default 200
   */
  readonly throttlingBurstLimit?: number;
}

/**
 * Provisioned concurrency on every replica's alias, scaled on utilization.
 */
export interface ProvisionedConcurrencyOptions {
  /**
   * Provisioned concurrent executions kept warm at all times, in each region.
   */
  readonly minCapacity: number;

  /**
   * The most provisioned concurrent executions autoscaling may reach, in each region.
   *
   * @default - minCapacity (no autoscaling)
   */
  readonly maxCapacity?: number;

  /**
   * Target utilization of provisioned concurrency, between 0.1 and 0.9.
   *
   * @default 0.7
   */
  readonly utilizationTarget?: number;
}

/**
 * A regional probe: a scheduled function in each cell that invokes the cell's replica and publishes whether it
 * answered, with an alarm on it, for alarm-based Route 53 health checks of functions with no public endpoint.
 */
export interface ProbeOptions {
  /**
   * How often each cell's probe invokes its replica: whole minutes, from one minute to 12 hours (the probe alarm
   * evaluates two periods, and CloudWatch evaluates at most a day).
   *
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;

  /**
   * The JSON payload the probe sends (at most 2,048 characters); the replica should answer it cheaply and without
   * side effects.
   *
   * @default '{"probe":true}'
   */
  readonly payload?: string;
}

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
 *
 * Defaults that differ from aws-cdk-lib's: `timeout` Duration.seconds(10), `memorySize` 512, `tracing`
 * Tracing.ACTIVE, and the asynchronous `retryAttempts` 2 and `maxEventAge` Duration.hours(6) set explicitly on the
 * alias (unqualified invocations keep Lambda's own settings, the same values, and their failed events reach the same
 * dead-letter queue through the function's dead-letter queue setting). Every numeric option is checked against Lambda's limits at synth.
 */
export interface ReplicatedFunctionProps extends FunctionOptions {
  /**
   * The runtime. Runtimes that aws-cdk-lib marks deprecated are refused.
   */
  readonly runtime: Runtime;

  /**
   * The handler, for example `index.handler` (1 to 128 characters, no whitespace).
   */
  readonly handler: string;

  /**
   * The code, deployed to every region. Inline code needs a runtime that takes it (Node.js or Python).
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
   * @default - an HTTP API with IAM authorization, 100 requests/s and a burst of 200, only where a failover fronts it
   */
  readonly endpoint?: EndpointOptions;

  /**
   * How long failed asynchronous events stay in each region's dead-letter queue: whole seconds from
   * Duration.seconds(60) to Duration.days(14), SQS's limits. A cell's functions share one queue per retention period.
   *
   * @default Duration.days(14)
   */
  readonly deadLetterRetention?: Duration;

  /**
   * The name (not the ARN or URL) of an existing standard SQS queue, present under this name in every region, that
   * receives failed asynchronous events instead of a dead-letter queue created by this construct.
   *
   * Without it, the cell's replicated functions share one dead-letter queue (encrypted, with one alarm per cell); each
   * record of a failed alias invocation names its function (`requestContext.functionArn`).
   *
   * @default - the dead-letter queue the cell's replicated functions share
   */
  readonly onFailureQueueName?: string;

  /**
   * How long each replica's logs (function and endpoint access logs) are kept: one of the `RetentionDays` values
   * CloudWatch Logs accepts.
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
   * The fraction of the timeout at which the p99 duration alarm fires (above 0, at most 1).
   *
   * @default 0.8
   */
  readonly durationAlarmRatio?: number;
}
