import { Duration } from 'aws-cdk-lib';

/**
 * An HTTPS health check of each cell's deep health endpoint, made by Route 53's checkers around the world.
 */
export interface HttpsHealthCheckOptions {
  /**
   * The base of the deep health path on each replica's regional endpoint. The health handler answers
   * `<path>/<token>` only (`HealthCheckedFailover.healthCheckPath`), without authorization (Route 53 cannot sign
   * requests), with its own throttle; every other path, `<path>` itself included, goes to the service as before.
   *
   * @default '/health'
   */
  readonly path?: string;

  /**
   * Mixed into the token of the health path, which is a hash of the account, the service's function name, the
   * failover's construct path and this salt. Without a salt, anyone who knows those three can compute the path; with a
   * salt kept out of source control (read from the environment at synth, the same on every synth), nobody can guess
   * it. It is no secret from whoever reads the templates or the health checks. Changing it rotates the path: set
   * `previousPathSalt` to the old value for that deployment.
   *
   * @default - no salt: the token derives from the account, function name and construct path
   */
  readonly pathSalt?: string;

  /**
   * The salt before a rotation (`''` for none): its path keeps being served, with its own throttle, while the deploy
   * moves every health check to the new path (the cells deploy before the routing stack). Remove it on the next
   * deployment.
   *
   * @default - only the current path is served
   */
  readonly previousPathSalt?: string;

  /**
   * Whether the health handler also invokes the service's alias in its own region with `serviceEvent`, so a failing
   * replica fails its cell: it must answer within `dependencyTimeout`, without a function error and, when its answer
   * has a `statusCode`, below 500. A throttled invocation (429) passes: the replica is alive, only busy, and moving
   * its load to the next region would throttle that one too. Every health check then costs one invocation of the
   * service, which its metrics count.
   *
   * @default true
   */
  readonly checkService?: boolean;

  /**
   * The JSON event the health handler invokes the service with (up to 1,024 characters). The service should answer
   * it cheaply and without side effects.
   *
   * @default - an HTTP API (payload format 2.0) `GET <path>` request with the header `x-resilience-health-check: 1`
   */
  readonly serviceEvent?: string;

  /**
   * Seconds between a checker's response and its next request: 10 (fast) or 30 (standard price).
   *
   * @default Duration.seconds(10)
   */
  readonly interval?: Duration;

  /**
   * Consecutive failed checks before a checker calls the cell unhealthy (1–10).
   *
   * @default 2
   */
  readonly failureThreshold?: number;

  /**
   * A string the response body must contain (in its first 5,120 bytes) to count as healthy. The default is what
   * the health handler answers only when every dependency answered, so a 200 from anything else fails.
   * Set it to an empty string for a status-code-only check.
   *
   * @default '"status":"healthy"'
   */
  readonly searchString?: string;

  /**
   * The Route 53 checker regions (at least 3 of `us-east-1`, `us-west-1`, `us-west-2`, `eu-west-1`,
   * `ap-southeast-1`, `ap-southeast-2`, `ap-northeast-1`, `sa-east-1`).
   *
   * @default - Route 53's default checker regions (all of them)
   */
  readonly checkerRegions?: string[];

  /**
   * How long the health handler waits for each dependency (table replicas and the service) before answering 503.
   * Below 2 seconds, Route 53's response limit, with room for the handler itself.
   *
   * @default Duration.seconds(1)
   */
  readonly dependencyTimeout?: Duration;
}

/** The kinds of health check. */
enum HealthCheckKind {
  HTTPS = 'https',
  PROBE_ALARM = 'probe-alarm',
}

/**
 * How Route 53 decides that a cell is healthy.
 */
export class FailoverHealthCheck {
  /**
   * Route 53 checkers request each cell's deep health endpoint over HTTPS (the default). The fastest detection.
   */
  public static https(options: HttpsHealthCheckOptions = {}): FailoverHealthCheck {
    return new FailoverHealthCheck(HealthCheckKind.HTTPS, options);
  }

  /**
   * Each cell's health is its replica's probe alarm (`ReplicatedFunctionProps.probe`): for services that must not
   * expose an unauthenticated path. Slower: the alarm needs two probe periods and CloudWatch's evaluation delay.
   * No data counts as unhealthy.
   */
  public static probeAlarm(): FailoverHealthCheck {
    return new FailoverHealthCheck(HealthCheckKind.PROBE_ALARM, {});
  }

  private constructor(private readonly kind: HealthCheckKind, private readonly options: HttpsHealthCheckOptions) {}

  /** `https` or `probe-alarm`. */
  public get name(): string {
    return this.kind;
  }

  /** @internal */
  public get _https(): HttpsHealthCheckOptions | undefined {
    return this.kind === HealthCheckKind.HTTPS ? this.options : undefined;
  }
}

/** The kinds of routing. */
enum RoutingKind {
  ACTIVE_PASSIVE = 'active-passive',
  LATENCY = 'latency',
}

/**
 * How the service's name answers across the cells.
 */
export class FailoverRouting {
  /**
   * All traffic goes to the first healthy cell in failover order (the default): failover records, PRIMARY on the
   * first region and SECONDARY on a chain through the others, so a third region takes over when the first two fail.
   */
  public static activePassive(): FailoverRouting {
    return new FailoverRouting(RoutingKind.ACTIVE_PASSIVE);
  }

  /**
   * Every healthy cell serves, each caller from the lowest-latency one: latency records, one per cell, each
   * health-checked.
   */
  public static latency(): FailoverRouting {
    return new FailoverRouting(RoutingKind.LATENCY);
  }

  private constructor(private readonly kind: RoutingKind) {}

  /** Whether this is active-passive routing. @internal */
  public get _activePassive(): boolean {
    return this.kind === RoutingKind.ACTIVE_PASSIVE;
  }

  /** `active-passive` or `latency`. */
  public get name(): string {
    return this.kind;
  }
}

/**
 * A computed worst-case failover time and what it is made of, in seconds.
 */
export interface FailoverTimeEstimate {
  /** Until the failed cell is unhealthy to Route 53. */
  readonly detectionSeconds: number;
  /** Until resolvers drop the cached answer: the record TTL. */
  readonly dnsCacheSeconds: number;
  /** Detection plus DNS cache: the worst case from the failure until every client resolves a healthy cell. */
  readonly totalSeconds: number;
  /** How detection was computed, e.g. `2 × (10 s interval + 6 s HTTPS timeout)`. */
  readonly formula: string;
}
