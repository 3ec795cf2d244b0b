import { Duration } from 'aws-cdk-lib';
import { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { DrillFault } from './drill-fault';
import type { GlobalTableStore } from '../global-table-store/global-table-store';
import type { HealthCheckedFailover } from '../health-checked-failover/health-checked-failover';
import type { ReplicatedFunction } from '../replicated-function/replicated-function';

/**
 * Properties of `ChaosExperiments`.
 */
export interface ChaosExperimentsProps {
  /**
   * The replicated functions the drill fails (each once) (Lambda faults target their replicas' alias in each drilled region) and
   * watches (their throttles, errors and duration alarms are stop conditions where the fault does not trip them on
   * purpose).
   *
   * @default - none
   */
  readonly functions?: ReplicatedFunction[];

  /**
   * The global tables (each once) whose local replica the drill cuts off (`DrillFault.pauseReplication`) and watches (their
   * throttles and system errors alarms are stop conditions).
   *
   * @default - none
   */
  readonly stores?: GlobalTableStore[];

  /**
   * The faults, one experiment template per fault in every drilled region. Each action may appear once.
   *
   * @default - `lambdaInvocationError()` and `lambdaInvocationDelay()` (with their defaults) when `functions` and `lambdaExtension` are set;
   * `pauseReplication()` when `stores` are set
   */
  readonly faults?: DrillFault[];

  /**
   * Wires the AWS FIS Lambda extension into the replicas of `functions` in the drilled regions: a layer (its ARN read
   * from AWS's public SSM parameter in each region), `AWS_LAMBDA_EXEC_WRAPPER` and `AWS_FIS_*` environment variables,
   * and read access to a configuration bucket per cell. The Lambda faults need it. It changes the functions, so it is
   * opt-in: each wired replica publishes a new version.
   *
   * @default - not wired; Lambda faults are refused
   */
  readonly lambdaExtension?: FisLambdaExtensionOptions;

  /**
   * A `HealthCheckedFailover` of the same topology whose health checks the drill fails too, so that a drill fails the
   * region as Route 53 sees it. In every drilled region the failover routes to, the Lambda faults also target that
   * cell's deep health handler (`FailoverCell.healthFunction`, qualified by its alias `healthAlias`, named like the
   * service's), and `lambdaExtension` is wired into it as into the replicas: the layer, the `AWS_FIS_*` variables and
   * read access to the configuration bucket (but no wait for an in-flight poll, which would eat into Route 53's
   * 2-second response limit; its checkers call the handler every few seconds anyway). An invocation-error drill then
   * fails `GET /health` in that region, Route 53 marks the cell unhealthy, and DNS routes around it: to the next
   * region in failover order, within `failover.failoverTime` plus up to 60 s for the extension to pick up the fault.
   *
   * The failover needs HTTPS health checks (a probe-alarm check has no health handler: leave this unset and drill
   * the failover's service in `functions`, whose probe invokes the faulted alias), at least one Lambda fault, and a
   * drilled region it routes to. Guardrails are unchanged: the failover's health alarms (`failover.healthAlarm(region)`)
   * live in the routing stack in us-east-1, where FIS cannot use them as stop conditions of another region's
   * experiment, and in us-east-1 they are what the drill trips on purpose. Watch them fire instead.
   *
   * @default - no failover: the drill fails the replicas and tables only, and Route 53 sees the region fail only if
   * its health check depends on them
   */
  readonly failover?: HealthCheckedFailover;

  /**
   * The regions to drill: each gets its own experiment templates, which fail that region only.
   *
   * @default - the regions that serve by the topology's strategy: every region, or with a warm standby or pilot light
   * the primary alone (drilling it is what sends traffic to the standby; an idle standby's failure moves nothing)
   */
  readonly regions?: string[];

  /**
   * Your own stop conditions: alarms in the drilled regions (at most five per region), each used by every experiment
   * of its region, before the drill's own guardrails. An alarm a fault trips on purpose (the errors alarm of a function
   * the drill fails, the replication latency of a table it cuts off) is refused: the experiment would stop itself. FIS stops an experiment when any of its stop alarms fires.
   *
   * @default - the guardrails the drill chooses from the targeted functions' and stores' alarms
   */
  readonly stopAlarms?: IAlarm[];

  /**
   * How long the experiment logs are kept.
   *
   * @default RetentionDays.ONE_YEAR (LOG_RETENTION)
   */
  readonly logRetention?: RetentionDays;
}

/**
 * Wiring of the AWS FIS Lambda extension into the drill's function replicas, which the Lambda faults need.
 *
 * It changes the functions: every targeted replica in the drill's regions gets the extension layer, the
 * `AWS_LAMBDA_EXEC_WRAPPER` and `AWS_FIS_*` environment variables and read access to the cell's configuration
 * bucket, so each publishes a new version (rolled out by its CodeDeploy deployment group); so does the health handler
 * of each drilled cell of the drill's `failover`. Outside an experiment the extension only polls the bucket.
 */
export interface FisLambdaExtensionOptions {
  /**
   * How long the extension waits for an in-flight poll of the fault configuration before an invocation starts
   * (`AWS_FIS_POLL_MAX_WAIT_MILLISECONDS`). AWS recommends a non-zero value with `preventExecution`, so that an
   * infrequent or fast function sees the fault; it adds up to this much to some invocations. `Duration.millis(0)`
   * leaves the variable unset (the extension's default, no wait). The health handlers of a drill's `failover` never
   * wait: Route 53 calls them every few seconds, and gives each call 2 seconds.
   *
   * @default Duration.seconds(2) (POLL_MAX_WAIT)
   */
  readonly pollMaxWait?: Duration;

  /**
   * How often the extension polls for a fault while no experiment runs (`AWS_FIS_SLOW_POLL_INTERVAL_SECONDS`), in
   * whole seconds. Shorter picks a fault up sooner and costs more S3 requests.
   *
   * @default - unset: the extension's default, 60 seconds
   */
  readonly slowPollInterval?: Duration;

  /**
   * Whether the extension publishes its Embedded Metric Format metrics in the `aws-fis-extension` namespace
   * (`AWS_FIS_EXTENSION_METRICS=all`).
   *
   * @default false (EXTENSION_METRICS)
   */
  readonly extensionMetrics?: boolean;
}

/**
 * Options shared by the Lambda faults.
 */
export interface LambdaFaultOptions {
  /**
   * How long the fault lasts: from 1 minute (the FIS Lambda extension takes up to 60 s to pick a fault up) to 12 hours.
   *
   * @default Duration.minutes(10) (LAMBDA_FAULT_DURATION)
   */
  readonly duration?: Duration;

  /**
   * The percentage of invocations that get the fault, a whole number from 1 to 100.
   *
   * @default 100 (INVOCATION_PERCENTAGE)
   */
  readonly invocationPercentage?: number;
}

/**
 * Options of `DrillFault.lambdaInvocationError`.
 */
export interface LambdaInvocationErrorOptions extends LambdaFaultOptions {
  /**
   * Whether the fault returns the error without running the function's code. `true` is closest to a region whose
   * functions are down: nothing the handler would have written happens.
   *
   * @default true (PREVENT_EXECUTION)
   */
  readonly preventExecution?: boolean;
}

/**
 * Options of `DrillFault.lambdaInvocationDelay`.
 */
export interface LambdaInvocationDelayOptions extends LambdaFaultOptions {
  /**
   * The delay before the function's code starts, from 0 to 900,000 ms (whole milliseconds). A delay at or above the
   * function's timeout turns every affected invocation into a timeout.
   *
   * @default Duration.seconds(1) (STARTUP_DELAY)
   */
  readonly startupDelay?: Duration;
}

/**
 * Options of `DrillFault.lambdaHttpResponse`.
 */
export interface LambdaHttpResponseOptions extends LambdaFaultOptions {
  /**
   * The HTTP status code the function returns instead of its own response, 0 to 999.
   *
   * @default 503 (HTTP_STATUS_CODE)
   */
  readonly statusCode?: number;

  /**
   * The content type header of the replaced response.
   *
   * @default 'application/json' (HTTP_CONTENT_TYPE)
   */
  readonly contentType?: string;

  /**
   * Whether the response is returned without running the function's code.
   *
   * @default true (PREVENT_EXECUTION)
   */
  readonly preventExecution?: boolean;
}

/**
 * Options of `DrillFault.pauseReplication`.
 */
export interface PauseReplicationOptions {
  /**
   * How long replication of the local replica is paused: from 5 minutes (a table may keep replicating for up to
   * 5 minutes after the action begins) to 12 hours.
   *
   * @default Duration.minutes(15) (PAUSE_DURATION)
   */
  readonly duration?: Duration;
}
