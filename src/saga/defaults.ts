import { Duration } from 'aws-cdk-lib';

/**
 * Every default of a saga, in one place: `validateSagaProps` applies them once, and the `@default` docs of
 * `SagaProps`, `SagaStep` and `StepRetry` cite these constants. Private: never exported from the library.
 */

/** A retry policy with every field set: what each Retry of the state machine renders. */
export interface RetryPolicy {
  /** Errors that are retried. */
  readonly errors: string[];
  /** Attempts after the first. */
  readonly maxAttempts: number;
  /** The wait before the first retry. */
  readonly interval: Duration;
  /** The multiplier of the wait from one retry to the next. */
  readonly backoffRate: number;
  /** The longest wait between two attempts. */
  readonly maxDelay: Duration;
}

/** `States.ALL`: every error, timeouts included. Step Functions requires it alone in its error list. */
export const ALL_ERRORS = 'States.ALL';

/** The retries of an action (and of its acceptance check and alternate): 3 from 1 s, doubling, at most 30 s apart. */
export const ACTION_RETRY: RetryPolicy = {
  errors: [ALL_ERRORS],
  maxAttempts: 3,
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxDelay: Duration.seconds(30),
};

/**
 * The retries of a compensation: harder than an action's, because a compensation that gives up is parked for a human.
 * 6 from 1 s, doubling, at most 2 minutes apart.
 */
export const COMPENSATION_RETRY: RetryPolicy = { ...ACTION_RETRY, maxAttempts: 6, maxDelay: Duration.minutes(2) };

/** The retries of parking a compensation in the dead-letter queue: as hard as the compensation's own. */
export const PARK_RETRY: RetryPolicy = COMPENSATION_RETRY;

/** The retries of a saga-log write: as an action's. */
export const LOG_WRITE_RETRY: RetryPolicy = ACTION_RETRY;

/** The longest an execution may run. */
export const SAGA_TIMEOUT = Duration.hours(1);

/** Whether the state machine is encrypted with the cell's key (otherwise Step Functions' own encryption). */
export const SAGA_ENCRYPTION = false;

/** How long a parked compensation waits in the dead-letter queue: SQS's longest retention. */
export const DEAD_LETTER_RETENTION = Duration.days(14);
