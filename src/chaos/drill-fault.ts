import { Duration } from 'aws-cdk-lib';

/**
 * Options shared by the Lambda faults.
 */
export interface LambdaFaultOptions {
  /**
   * How long the fault lasts: from 1 minute (the FIS Lambda extension takes up to 60 s to pick a fault up) to 12 hours.
   *
   * @default Duration.minutes(10)
   */
  readonly duration?: Duration;

  /**
   * The percentage of invocations that get the fault, a whole number from 1 to 100.
   *
   * @default 100
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
   * @default true
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
   * @default Duration.seconds(1)
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
   * @default 503
   */
  readonly statusCode?: number;

  /**
   * The content type header of the replaced response.
   *
   * @default 'application/json'
   */
  readonly contentType?: string;

  /**
   * Whether the response is returned without running the function's code.
   *
   * @default true
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
   * @default Duration.minutes(15)
   */
  readonly duration?: Duration;
}

/**
 * A fault that a `ChaosExperiments` drill injects: one AWS FIS action, which becomes one experiment template in every
 * cell of the drill. Only actions of the library's allow-list are accepted, and every parameter is range-checked at
 * synth: an unknown action or an out-of-range value is an error that names the construct and the value.
 */
export class DrillFault {
  /**
   * `aws:lambda:invocation-error`: invocations of the targeted replicas fail.
   */
  public static lambdaInvocationError(options: LambdaInvocationErrorOptions = {}): DrillFault {
    return new DrillFault('aws:lambda:invocation-error', {
      ...lambdaParameters(options),
      preventExecution: String(options.preventExecution ?? true),
    });
  }

  /**
   * `aws:lambda:invocation-add-delay`: invocations of the targeted replicas start late, as on a slow or overloaded
   * region.
   */
  public static lambdaInvocationDelay(options: LambdaInvocationDelayOptions = {}): DrillFault {
    return new DrillFault('aws:lambda:invocation-add-delay', {
      ...lambdaParameters(options),
      startupDelayMilliseconds: String((options.startupDelay ?? Duration.seconds(1)).toMilliseconds()),
    });
  }

  /**
   * `aws:lambda:invocation-http-integration-response`: the targeted replicas answer with an HTTP status code (by
   * default 503) instead of their response, as an integration (API Gateway, ALB) would see a failing backend.
   */
  public static lambdaHttpResponse(options: LambdaHttpResponseOptions = {}): DrillFault {
    return new DrillFault('aws:lambda:invocation-http-integration-response', {
      ...lambdaParameters(options),
      preventExecution: String(options.preventExecution ?? true),
      statusCode: String(options.statusCode ?? 503),
      contentTypeHeader: options.contentType ?? 'application/json',
    });
  }

  /**
   * `aws:dynamodb:global-table-pause-replication`: the cell's replica of each targeted global table stops replicating,
   * as when its region is cut off from the others.
   */
  public static pauseReplication(options: PauseReplicationOptions = {}): DrillFault {
    return new DrillFault('aws:dynamodb:global-table-pause-replication', {
      duration: (options.duration ?? Duration.minutes(15)).toIsoString(),
    });
  }

  /**
   * Any action of the allow-list, with its parameters as the FIS API takes them (strings; durations in ISO 8601 such
   * as `PT10M`). Checked at synth like the other factories: an action id outside the allow-list, an unknown parameter,
   * a missing `duration` or a value out of range fails.
   *
   * @param actionId the FIS action id, e.g. `aws:lambda:invocation-error`
   * @param parameters the action's parameters
   */
  public static fromActionId(actionId: string, parameters: { [name: string]: string }): DrillFault {
    return new DrillFault(actionId, parameters);
  }

  /** The FIS action id. */
  public readonly actionId: string;

  /** The action's parameters, as the FIS API takes them. */
  public readonly parameters: { [name: string]: string };

  private constructor(actionId: string, parameters: { [name: string]: string }) {
    this.actionId = actionId;
    this.parameters = parameters;
  }
}

function lambdaParameters(options: LambdaFaultOptions): Record<string, string> {
  return {
    duration: (options.duration ?? Duration.minutes(10)).toIsoString(),
    invocationPercentage: String(options.invocationPercentage ?? 100),
  };
}
