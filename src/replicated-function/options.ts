import { Duration } from 'aws-cdk-lib';

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
 */
export interface EndpointOptions {
  /**
   * Whether every replica gets a regional HTTPS endpoint.
   *
   * @default true
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
   * How often each cell's probe invokes its replica (whole minutes, at least one).
   *
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;

  /**
   * The JSON payload the probe sends; the replica should answer it cheaply and without side effects.
   *
   * @default '{"probe":true}'
   */
  readonly payload?: string;
}
