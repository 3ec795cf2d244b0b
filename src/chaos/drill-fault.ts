import { Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import {
  HTTP_CONTENT_TYPE, HTTP_STATUS_CODE, INVOCATION_PERCENTAGE, LAMBDA_FAULT_DURATION, PAUSE_DURATION, PREVENT_EXECUTION, STARTUP_DELAY,
} from './defaults';
import { ValidatedFault, validateFault } from './known-actions';
import {
  LambdaFaultOptions, LambdaHttpResponseOptions, LambdaInvocationDelayOptions, LambdaInvocationErrorOptions, PauseReplicationOptions,
} from './options';
import { checkDuration } from '../private/validate';

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
    return new DrillFault('aws:lambda:invocation-error', (check) => ({
      ...lambdaParameters(check, options),
      preventExecution: String(options.preventExecution ?? PREVENT_EXECUTION),
    }));
  }

  /**
   * `aws:lambda:invocation-add-delay`: invocations of the targeted replicas start late, as on a slow or overloaded
   * region.
   */
  public static lambdaInvocationDelay(options: LambdaInvocationDelayOptions = {}): DrillFault {
    return new DrillFault('aws:lambda:invocation-add-delay', (check) => ({
      ...lambdaParameters(check, options),
      startupDelayMilliseconds: String(check.millis('startupDelayMilliseconds', options.startupDelay ?? STARTUP_DELAY)),
    }));
  }

  /**
   * `aws:lambda:invocation-http-integration-response`: the targeted replicas answer with an HTTP status code (by
   * default 503) instead of their response, as an integration (API Gateway, ALB) would see a failing backend.
   */
  public static lambdaHttpResponse(options: LambdaHttpResponseOptions = {}): DrillFault {
    return new DrillFault('aws:lambda:invocation-http-integration-response', (check) => ({
      ...lambdaParameters(check, options),
      preventExecution: String(options.preventExecution ?? PREVENT_EXECUTION),
      statusCode: String(options.statusCode ?? HTTP_STATUS_CODE),
      contentTypeHeader: options.contentType ?? HTTP_CONTENT_TYPE,
    }));
  }

  /**
   * `aws:dynamodb:global-table-pause-replication`: the cell's replica of each targeted global table stops replicating,
   * as when its region is cut off from the others.
   */
  public static pauseReplication(options: PauseReplicationOptions = {}): DrillFault {
    return new DrillFault('aws:dynamodb:global-table-pause-replication', (check) => ({
      duration: check.iso('duration', options.duration ?? PAUSE_DURATION),
    }));
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
    return new DrillFault(actionId, () => ({ ...parameters }));
  }

  /** The FIS action id. */
  public readonly actionId: string;

  private constructor(actionId: string, private readonly render: (check: DurationRenderer) => Record<string, string>) {
    this.actionId = actionId;
  }

  /** The action's parameters, as the FIS API takes them, defaults applied. */
  public get parameters(): { [name: string]: string } {
    return this.render(UNCHECKED);
  }

  /**
   * The fault's parameters with every default applied, checked against the allow-list; errors name `setting`.
   * @internal
   */
  public _bind(scope: IConstruct, setting: string): ValidatedFault {
    // A duration FIS cannot take (NaN, infinite, a fraction of its unit) fails here, as given; ranges are the allow-list's.
    const check: DurationRenderer = {
      iso: (name, duration) => {
        checkDuration(scope, `${setting}.${name}`, duration, { unit: 'seconds', min: Duration.seconds(0), why: 'FIS takes whole seconds' });
        return duration.toIsoString();
      },
      millis: (name, duration) =>
        checkDuration(scope, `${setting}.${name}`, duration, { unit: 'millis', min: Duration.millis(0), why: 'FIS takes whole milliseconds' }),
    };
    return validateFault(scope, setting, this.actionId, this.render(check));
  }
}

/** Renders the typed durations of a fault as FIS takes them. */
interface DurationRenderer {
  iso(parameter: string, duration: Duration): string;
  millis(parameter: string, duration: Duration): number;
}

const UNCHECKED: DurationRenderer = {
  iso: (_, duration) => duration.toIsoString(),
  millis: (_, duration) => duration.toMilliseconds(),
};

function lambdaParameters(check: DurationRenderer, options: LambdaFaultOptions): Record<string, string> {
  return {
    duration: check.iso('duration', options.duration ?? LAMBDA_FAULT_DURATION),
    invocationPercentage: String(options.invocationPercentage ?? INVOCATION_PERCENTAGE),
  };
}
