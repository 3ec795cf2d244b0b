import { Duration } from 'aws-cdk-lib';
import { FailoverHealthCheck, FailoverRouting } from './options';

/**
 * Every default of a HealthCheckedFailover, applied once by `validateFailoverProps`; the `@default` docs of
 * `HealthCheckedFailoverProps` and `HttpsHealthCheckOptions` cite these.
 */

/** `routing`: failover records, PRIMARY on the topology's primary region. */
export const DEFAULT_ROUTING = (): FailoverRouting => FailoverRouting.activePassive();
/** `healthCheck`: the deep health endpoint over HTTPS. */
export const DEFAULT_HEALTH_CHECK = (): FailoverHealthCheck => FailoverHealthCheck.https();
/** `ttl` of the health-checked records: short, since it adds directly to the failover time. */
export const DEFAULT_TTL = Duration.seconds(5);

/** `healthCheck.path`. */
export const DEFAULT_HEALTH_PATH = '/health';
/** `healthCheck.checkService`: deep means the service too. */
export const DEFAULT_CHECK_SERVICE = true;
/** `healthCheck.interval`: Route 53's fast interval. */
export const DEFAULT_INTERVAL = Duration.seconds(10);
/** `healthCheck.failureThreshold`: one lost check is tolerated, the second fails the cell over. */
export const DEFAULT_FAILURE_THRESHOLD = 2;
/**
 * `healthCheck.searchString`: none, a status-code check (`HTTPS`). Route 53 counts an HTTPS answer healthy when its status
 * is 200 to 399 and, with a search string (`HTTPS_STR_MATCH`), only when the first 5,120 bytes of the body also contain it
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html, `Type`). The health path is a
 * route of the cell's own API to the library's health handler, which answers 503 whenever a dependency fails, and API
 * Gateway answers 4xx/5xx for a missing route, a throttled request or a failed handler: no 2xx or 3xx reaches the
 * checkers there but the handler's healthy answer, so the status code alone fails the cell over. String matching is a
 * billed feature ($1.00 a month per health check, twice the basic check's $0.50): opt in with
 * `searchString: '"status":"healthy"'` (HEALTHY_MARKER) where something else could answer the path.
 */
export const DEFAULT_SEARCH_STRING = '';
/** `healthCheck.dependencyTimeout`. */
export const DEFAULT_DEPENDENCY_TIMEOUT = Duration.seconds(1);
/**
 * `healthCheck.cacheDuration`: the dependency timeout, the longest cache whose answers are no older than an uncached
 * answer can be, so it adds nothing to the failover time.
 */
export const DEFAULT_CACHE_DURATION = (dependencyTimeout: Duration): Duration => dependencyTimeout;
/** Not a prop: the longest `healthCheck.cacheDuration`, Route 53's fast interval. */
export const MAX_CACHE_DURATION = Duration.seconds(10);

/** Not props: the TTL of each cell's own name, which only health checks and the chain resolve. */
export const REGIONAL_RECORD_TTL = Duration.seconds(60);
/** Not a prop: the health handler's memory (its work is a few requests; more memory only costs more per millisecond). */
export const HEALTH_FUNCTION_MEMORY_MB = 256;
/** Not props: Route 53 gives up after 2 s; the handler answers by then, and the timeout only bounds a stuck runtime. */
export const HEALTH_FUNCTION_TIMEOUT = Duration.seconds(3);
