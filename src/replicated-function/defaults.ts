import { Duration } from 'aws-cdk-lib';
import { LambdaDeploymentConfig } from 'aws-cdk-lib/aws-codedeploy';
import { Tracing } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EndpointAuthorization } from './options';

/**
 * Every default of a `ReplicatedFunction`, applied once by `validateReplicatedFunctionProps` and cited by the
 * `@default` docs in options.ts. Never exported from index.ts.
 */

/** `timeout`: Duration.seconds(10). */
export const DEFAULT_TIMEOUT = Duration.seconds(10);
/** `memorySize`: 512 MB. */
export const DEFAULT_MEMORY_SIZE = 512;
/** `tracing`: Tracing.ACTIVE (X-Ray). */
export const DEFAULT_TRACING = Tracing.ACTIVE;
/** `aliasName`: 'live'. */
export const DEFAULT_ALIAS_NAME = 'live';
/** `deploymentConfig`: LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES. */
export const DEFAULT_DEPLOYMENT_CONFIG = LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES;
/** `retryAttempts`: 2 (Lambda's own default, set explicitly). */
export const DEFAULT_RETRY_ATTEMPTS = 2;
/** `maxEventAge`: Duration.hours(6) (Lambda's own default, set explicitly). */
export const DEFAULT_MAX_EVENT_AGE = Duration.hours(6);
/** `provisionedConcurrency.utilizationTarget`: 0.7. */
export const DEFAULT_UTILIZATION_TARGET = 0.7;
/**
 * Whether a replica has its regional HTTPS endpoint: `'always'` (`endpoint.enabled: true`), `'never'`
 * (`endpoint.enabled: false`), or `'when-fronted'`: created when something fronts the function (a
 * `HealthCheckedFailover` maps its domain to the endpoint and adds its health route).
 */
export type EndpointMode = 'always' | 'when-fronted' | 'never';
/** `endpoint.enabled`: unset, the endpoint exists only when a HealthCheckedFailover fronts the function. */
export const DEFAULT_ENDPOINT_MODE: EndpointMode = 'when-fronted';
/** `endpoint.authorization`: EndpointAuthorization.IAM. */
export const DEFAULT_ENDPOINT_AUTHORIZATION = EndpointAuthorization.IAM;
/** `endpoint.throttlingRateLimit`: 100 requests per second. */
export const DEFAULT_THROTTLING_RATE_LIMIT = 100;
/** `endpoint.throttlingBurstLimit`: 200 requests. */
export const DEFAULT_THROTTLING_BURST_LIMIT = 200;
/** `deadLetterRetention`: Duration.days(14), the longest SQS keeps a message. */
export const DEFAULT_DEAD_LETTER_RETENTION = Duration.days(14);
/** `logGroupRetention`: RetentionDays.ONE_YEAR. */
export const DEFAULT_LOG_RETENTION = RetentionDays.ONE_YEAR;
/** `logGroupEncryption`: true (the cell's customer-managed key). */
export const DEFAULT_LOG_ENCRYPTION = true;
/** `probe.interval`: Duration.minutes(1). */
export const DEFAULT_PROBE_INTERVAL = Duration.minutes(1);
/** `probe.payload`: '{"probe":true}'. */
export const DEFAULT_PROBE_PAYLOAD = JSON.stringify({ probe: true });
/** `durationAlarmRatio`: 0.8 of the timeout. */
export const DEFAULT_DURATION_ALARM_RATIO = 0.8;
