import { Duration } from 'aws-cdk-lib';
import { RegionToRun } from './region-to-run';

/**
 * Every default of a RegionSwitchPlan, applied once by `validateRegionSwitchPlan`; the `@default` docs of
 * `RegionSwitchPlanProps` and the step options cite these.
 */

/** `LambdaStepOptions.runIn`: the function prepares the Region that takes the traffic. */
export const DEFAULT_LAMBDA_RUN_IN = RegionToRun.ACTIVATING;
/** `LambdaStepOptions.timeout`: Region switch's own default for a custom action (60 minutes, its CloudFormation schema). */
export const DEFAULT_LAMBDA_TIMEOUT = Duration.minutes(60);
/** `LambdaStepOptions.retryInterval`: a failed invocation is retried a minute later, until the timeout. */
export const DEFAULT_LAMBDA_RETRY_INTERVAL = Duration.minutes(1);
/** `ApprovalStepOptions.timeout`: an hour for an operator to approve before the step fails. */
export const DEFAULT_APPROVAL_TIMEOUT = Duration.minutes(60);
/**
 * `RegionSwitchTriggerOptions.minDelayBetweenExecutions`: at most one automatic execution an hour, so a flapping health
 * alarm cannot switch the Regions back and forth.
 */
export const DEFAULT_MIN_DELAY_BETWEEN_EXECUTIONS = Duration.minutes(60);

/** Not props: the name of the step that shifts DNS through the plan's Route 53 health checks. */
export const TRAFFIC_STEP_NAME = 'shift-traffic';
