import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Every default of a drill, in one place: `DrillFault` and `validateChaosProps` apply them once, and the `@default`
 * docs in options.ts cite these constants. Private: never exported from the library.
 */

/** How long a Lambda fault lasts. */
export const LAMBDA_FAULT_DURATION = Duration.minutes(10);
/** The percentage of invocations a Lambda fault hits. */
export const INVOCATION_PERCENTAGE = 100;
/** Whether a Lambda fault keeps the function's code from running: closest to a region whose functions are down. */
export const PREVENT_EXECUTION = true;
/** The delay a delay fault adds before the function's code starts. */
export const STARTUP_DELAY = Duration.seconds(1);
/** The status code an HTTP response fault returns. */
export const HTTP_STATUS_CODE = 503;
/** The content type of an HTTP response fault's replaced response. */
export const HTTP_CONTENT_TYPE = 'application/json';
/** How long a replication pause lasts. */
export const PAUSE_DURATION = Duration.minutes(15);

/** How long the extension waits for an in-flight poll before an invocation starts. */
export const POLL_MAX_WAIT = Duration.seconds(2);
/** Whether the extension publishes its metrics. */
export const EXTENSION_METRICS = false;

/** How long experiment logs are kept. */
export const LOG_RETENTION = RetentionDays.ONE_YEAR;
