import { Duration } from 'aws-cdk-lib';
import { Failover, HealthCheckType, InsufficientDataHealthStatusEnum } from 'aws-cdk-lib/aws-route53';
import {
  FailoverHealthCheckBinding, FailoverHealthCheckConfig, FailoverRecordSpec, FailoverRoutingBinding, chainLinkName,
} from './binding';
import { httpsDetection, probeAlarmDetection } from './failover-time';
import { configError } from '../private/errors';
import { checkNumber } from '../private/validate';

/**
 * An HTTPS health check of each cell's deep health endpoint, made by Route 53's checkers around the world.
 */
export interface HttpsHealthCheckOptions {
  /**
   * The base of the deep health path on each replica's regional endpoint. The health handler answers
   * `<path>/<token>` only (`HealthCheckedFailover.healthCheckPath`), without authorization (Route 53 cannot sign
   * requests), with its own throttle; every other path, `<path>` itself included, goes to the service as before.
   *
   * @default '/health' (DEFAULT_HEALTH_PATH)
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
   * @default true (DEFAULT_CHECK_SERVICE)
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
   * Time between a checker's response and its next request: `Duration.seconds(10)` (fast) or `Duration.seconds(30)`
   * (standard price).
   *
   * @default Duration.seconds(10) (DEFAULT_INTERVAL)
   */
  readonly interval?: Duration;

  /**
   * Consecutive failed checks before a checker calls the cell unhealthy (1–10).
   *
   * @default 2 (DEFAULT_FAILURE_THRESHOLD)
   */
  readonly failureThreshold?: number;

  /**
   * A string the response body must contain (in its first 5,120 bytes) to count as healthy, besides a status of 200 to
   * 399: the health check becomes `HTTPS_STR_MATCH`, which Route 53 bills as a feature ($1.00 a month per cell at list
   * price). `'"status":"healthy"'` is what the health handler answers only when every dependency answered, so a 2xx from
   * anything else would fail too. Without it the status code decides: the health handler answers 503 when a dependency
   * fails, and API Gateway answers 4xx or 5xx for anything else on the health path, so only the handler's healthy answer
   * is a 2xx there. An empty string is the same as none.
   *
   * @default - none: a status-code check, `HTTPS` (DEFAULT_SEARCH_STRING)
   */
  readonly searchString?: string;

  /**
   * The Route 53 checker regions (at least 3 of `us-east-1`, `us-west-1`, `us-west-2`, `eu-west-1`,
   * `ap-southeast-1`, `ap-southeast-2`, `ap-northeast-1`, `sa-east-1`). Each region sends its checks from several
   * checkers (about two), so fewer regions mean proportionally fewer requests to each cell's health endpoint, and
   * fewer API Gateway requests, Lambda invocations and access-log lines to pay for; detection is as fast, but a
   * network problem between the cells and the remaining checker regions weighs more.
   *
   * @default - Route 53's default checker regions (all of them)
   */
  readonly checkerRegions?: string[];

  /**
   * How long the health handler waits for each dependency (table replicas and the service) before answering 503:
   * whole milliseconds from 100 to 1,500, below Route 53's 2-second response limit with room for the handler itself.
   *
   * @default Duration.seconds(1) (DEFAULT_DEPENDENCY_TIMEOUT)
   */
  readonly dependencyTimeout?: Duration;

  /**
   * How long one deep check answers for: every request to the health handler that arrives within this time of a
   * check's start gets that check's result (requests arriving while it runs share it), so a burst of Route 53
   * checkers costs one round of table reads and one invocation of the service per handler instance. Whole
   * milliseconds from 0 (every request checks) to 10 seconds (Route 53's fast interval).
   *
   * An uncached answer already reflects reads up to `dependencyTimeout` old, so a cache up to that long adds nothing to
   * the failover time; a longer one adds the excess (rounded up to whole seconds) to `failoverTime`.
   *
   * @default - the dependency timeout (DEFAULT_CACHE_DURATION): the longest cache that adds nothing to the failover time
   */
  readonly cacheDuration?: Duration;
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

  /**
   * The health check's settings, its contribution to the failover time and its Route 53 health check per cell.
   * @internal
   */
  public _bind(binding: FailoverHealthCheckBinding): FailoverHealthCheckConfig {
    if (this.kind === HealthCheckKind.PROBE_ALARM) {
      const probe = binding.probeAlarm();
      return {
        detection: probeAlarmDetection(probe.periodSeconds),
        healthCheckProps: (region) => ({
          type: HealthCheckType.CLOUDWATCH_METRIC,
          alarmIdentifier: { region, name: probe.alarmName },
          // No probe data means no proof the cell serves: unhealthy, like the probe alarm itself.
          insufficientDataHealthStatus: InsufficientDataHealthStatusEnum.UNHEALTHY,
        }),
      };
    }
    const https = binding.https(this.options);
    return {
      https,
      detection: httpsDetection(https.intervalSeconds, https.failureThreshold, https.cacheBeyondTimeoutSeconds),
      healthCheckProps: (_region, fqdn) => ({
        type: https.searchString ? HealthCheckType.HTTPS_STR_MATCH : HealthCheckType.HTTPS,
        fqdn,
        port: 443,
        resourcePath: https.resourcePath,
        searchString: https.searchString,
        requestInterval: Duration.seconds(https.intervalSeconds),
        failureThreshold: https.failureThreshold,
        regions: https.checkerRegions,
        enableSNI: true,
      }),
    };
  }
}

/** The kinds of routing. */
enum RoutingKind {
  ACTIVE_PASSIVE = 'active-passive',
  LATENCY = 'latency',
  WEIGHTED = 'weighted',
}

/** Route 53 weighs a record from 0 to 255 (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-weighted.html). */
const MAX_WEIGHT = 255;

/**
 * Weighted routing: each routed cell's share of the traffic.
 */
export interface WeightedRoutingOptions {
  /**
   * The weight of each routed region (whole numbers from 0 to 255): a cell gets `weight / sum of the weights of the
   * healthy cells` of the traffic. Route 53 answers with a 0-weight cell only when every cell with a weight is
   * unhealthy, so 0 makes a cell a last resort. Every routed region needs a weight, and at least one above 0.
   */
  readonly weights: { [region: string]: number };
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

  /**
   * Every healthy cell serves a fixed share of the traffic (`weights`): weighted records, one per cell, each
   * health-checked. A failed cell's share goes to the other healthy cells in proportion to their weights.
   */
  public static weighted(options: WeightedRoutingOptions): FailoverRouting {
    return new FailoverRouting(RoutingKind.WEIGHTED, options?.weights);
  }

  private constructor(private readonly kind: RoutingKind, private readonly weights?: { [region: string]: number }) {}

  /** `active-passive`, `latency` or `weighted`. */
  public get name(): string {
    return this.kind;
  }

  /**
   * The record sets of `binding.recordName`, checking that the region order suits this routing.
   * @internal
   */
  public _bind(binding: FailoverRoutingBinding): FailoverRecordSpec[] {
    const { recordName, regions } = binding;
    type Policy = { failover?: Failover; latencyRegion?: string; weight?: number };
    const answer = (id: string, name: string, region: string, routing: Policy): FailoverRecordSpec => ({
      id,
      name,
      answeredBy: region,
      domainName: binding.regionalName(region),
      setIdentifier: region,
      comment: `${region} while healthy (cdk-resilient-serverless)`,
      ...routing,
    });
    if (this.kind === RoutingKind.LATENCY) {
      return regions.map((region) => answer(`${region}Latency`, recordName, region, { latencyRegion: region }));
    }
    if (this.kind === RoutingKind.WEIGHTED) {
      const weights = validateWeights(binding, this.weights);
      return regions.map((region) => answer(`${region}Weighted`, recordName, region, { weight: weights[region] }));
    }
    if (regions[0] !== binding.primaryRegion) {
      throw configError(binding.scope, {
        setting: 'regions',
        value: regions,
        problem: 'active-passive failover would have a secondary with no primary: the topology\'s primary region ' +
          `'${binding.primaryRegion}' must hold the PRIMARY record and come first`,
        allowed: `'${binding.primaryRegion}' first, then the secondaries in failover order`,
        fix: `put '${binding.primaryRegion}' first, or use FailoverRouting.latency() for active-active`,
      });
    }
    // PRIMARY on the first region; each SECONDARY points to the next link of the chain (`failover-<n>.<recordName>`:
    // PRIMARY the next region, SECONDARY the rest), the last one to the last region.
    const records: FailoverRecordSpec[] = [];
    for (let level = 0; level < regions.length - 1; level++) {
      const name = chainLinkName(level, recordName);
      records.push(answer(`Primary${level}`, name, regions[level], { failover: Failover.PRIMARY }));
      if (level === regions.length - 2) {
        records.push(answer(`Secondary${level}`, name, regions[level + 1], { failover: Failover.SECONDARY }));
      } else {
        records.push({
          id: `Secondary${level}`,
          name,
          domainName: chainLinkName(level + 1, recordName),
          failover: Failover.SECONDARY,
          setIdentifier: `failover-${level + 1}`,
          comment: `${regions[level]} is unhealthy: the next link of the failover chain`,
        });
      }
    }
    return records;
  }
}

/** Every routed region has a weight of 0-255, no other region has one, and at least one weight is above 0. */
function validateWeights(binding: FailoverRoutingBinding, weights: unknown): { [region: string]: number } {
  const { scope, regions } = binding;
  const example = `{ ${regions.map((r, i) => `'${r}': ${i === 0 ? 2 : 1}`).join(', ')} }`;
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) {
    throw configError(scope, {
      setting: 'routing.weights',
      value: weights,
      problem: 'weighted routing needs a weight for each routed region',
      allowed: `an object of region to weight, e.g. ${example}`,
      fix: `pass FailoverRouting.weighted({ weights: ${example} })`,
    });
  }
  const given = weights as Record<string, unknown>;
  const unknown = Object.keys(given).filter((region) => !regions.includes(region));
  const missing = regions.filter((region) => given[region] === undefined);
  if (unknown.length > 0 || missing.length > 0) {
    throw configError(scope, {
      setting: 'routing.weights',
      value: weights,
      problem: unknown.length > 0
        ? `${unknown.map((r) => `'${r}'`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not routed by this failover (its regions are ${regions.map((r) => `'${r}'`).join(', ')})`
        : `${missing.map((r) => `'${r}'`).join(', ')} ${missing.length === 1 ? 'has' : 'have'} no weight, and every routed cell needs one`,
      allowed: `a weight for each of ${regions.map((r) => `'${r}'`).join(', ')} and no other region`,
      fix: unknown.length > 0 ? 'remove the weights of regions the failover does not route to, or add them to `regions`'
        : 'give every routed region a weight (0 for a last resort)',
    });
  }
  for (const region of regions) {
    checkNumber(scope, `routing.weights['${region}']`, given[region], {
      min: 0, max: MAX_WEIGHT, why: 'Route 53 weighs a record with a whole number from 0 to 255',
    });
  }
  if (regions.every((region) => given[region] === 0)) {
    throw configError(scope, {
      setting: 'routing.weights',
      value: weights,
      problem: 'every weight is 0: Route 53 would then split the traffic evenly, which is not what the weights say',
      allowed: 'at least one weight above 0',
      fix: `give the cells that should serve a weight above 0, e.g. ${example}`,
    });
  }
  return given as { [region: string]: number };
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

/**
 * The worst-case recovery time of a name under the topology's disaster-recovery strategy, in seconds: the DNS
 * failover, then until the standby that takes the traffic carries all of it.
 */
export interface RecoveryTimeEstimate {
  /** The DNS failover (`FailoverTimeEstimate.totalSeconds`). */
  readonly failoverSeconds: number;
  /** What the strategy adds: Lambda scaling the standby up, and a cold start; 0 for hot standby and active-active. */
  readonly strategySeconds: number;
  /** Failover plus strategy. */
  readonly totalSeconds: number;
  /** How it was computed. */
  readonly formula: string;
}
