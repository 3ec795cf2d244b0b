import { Duration } from 'aws-cdk-lib';

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
   * @default Duration.seconds(2)
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
   * @default false
   */
  readonly extensionMetrics?: boolean;
}
