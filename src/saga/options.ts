import { Duration } from 'aws-cdk-lib';
import { SagaTask } from './saga-task';
import { GlobalTableStore } from '../global-table-store/global-table-store';

/**
 * Retries of a saga task: exponential backoff with full jitter, capped.
 */
export interface StepRetry {
  /**
   * Attempts after the first: a whole number from 0 to 99.
   *
   * @default 3 for actions (ACTION_RETRY), 6 for compensations (COMPENSATION_RETRY)
   */
  readonly maxAttempts?: number;

  /**
   * The wait before the first retry: whole seconds, at least 1.
   *
   * @default Duration.seconds(1) (ACTION_RETRY, COMPENSATION_RETRY)
   */
  readonly interval?: Duration;

  /**
   * The multiplier of the wait from one retry to the next: a number from 1 to 10.
   *
   * @default 2 (ACTION_RETRY, COMPENSATION_RETRY)
   */
  readonly backoffRate?: number;

  /**
   * The longest wait between two attempts: whole seconds from 1 to 31,622,400 (a year), not shorter than `interval`.
   *
   * @default Duration.seconds(30) for actions (ACTION_RETRY), Duration.minutes(2) for compensations (COMPENSATION_RETRY)
   */
  readonly maxDelay?: Duration;

  /**
   * The errors that are retried: at least one, distinct; `States.ALL` only alone (Step Functions requires it so).
   *
   * @default ['States.ALL'] - every error, timeouts included (ALL_ERRORS)
   */
  readonly errors?: string[];
}

/**
 * One step of a saga: an action and how to undo it.
 */
export interface SagaStep {
  /**
   * The step's name: its state name and the key of its result (`$.results.<name>`) and log entry.
   * Letters, digits, hyphens and underscores. Step Functions allows 80 characters in a state name, and the saga names
   * states after the step with a suffix (`-Compensate`, `-Park`, `-Alternate`, `-Accept`, `-Accepted`, `-Done`, and with a
   * log `-Log-FAILED`, `-Log-COMPENSATED`, `-Log-PARKED`): the name must leave room for the suffixes its step gets. With a
   * log, it must differ from the log's partition key name (the step's outcome is an attribute named after the step).
   */
  readonly name: string;

  /**
   * What the step does. It receives `{ input, results, idempotencyKey }`.
   */
  readonly action: SagaTask;

  /**
   * What undoes the step. It receives `{ input, results, failure, idempotencyKey }` and must be idempotent and
   * succeed when there is nothing to undo (it also runs when the step itself failed: see README).
   *
   * @default - nothing to undo
   */
  readonly compensation?: SagaTask;

  /**
   * Retries of the action.
   *
   * @default - ACTION_RETRY: 3 retries from 1 s, doubling, at most 30 s apart, full jitter; a field left unset takes its value from it
   */
  readonly retry?: StepRetry;

  /**
   * Retries of the compensation: harder than the action's, because a compensation that gives up is parked for a human.
   *
   * @default - COMPENSATION_RETRY: 6 retries from 1 s, doubling, at most 2 minutes apart, full jitter; a field left unset takes its value from it
   */
  readonly compensationRetry?: StepRetry;

  /**
   * How long one attempt of the action (and of its compensation) may take.
   *
   * @default - the task's own limit (a Lambda function's timeout)
   */
  readonly timeout?: Duration;

  /**
   * Recovery block: a check run on the action's result. It returns `true` to accept it; otherwise (or when the
   * action fails) `alternate` runs instead, and its failure fails the step.
   *
   * @default - no acceptance check
   */
  readonly acceptance?: SagaTask;

  /**
   * Recovery block: the alternate action, run when the action fails or its result is not accepted.
   *
   * @default - no alternate
   */
  readonly alternate?: SagaTask;
}

/**
 * Properties of a `Saga`.
 */
export interface SagaProps {
  /**
   * The steps, in order.
   */
  readonly steps: SagaStep[];

  /**
   * A store that keeps the saga log: one item per execution (key: the execution name, in the store's partition key
   * attribute, which must be a string, and no sort key: the writes name the partition key only), one attribute per step
   * with its outcome (`DONE`, `FAILED`, `COMPENSATED`, `PARKED`) and `saga:outcome` (`SUCCEEDED`, `COMPENSATING`,
   * `COMPENSATED`, `PARKED`). It costs the happy path no transition: its one write there is the last state, setting
   * every step `DONE` and the saga `SUCCEEDED`. A failure writes where the saga stands before compensating, then each
   * compensation's outcome, then the saga's. While a saga runs forwards it has no item yet: read its progress from the
   * execution history (`readSagaProgress` of the runtime).
   *
   * @default - no saga log (the execution history still has every step: `readSagaProgress` reads it)
   */
  readonly log?: GlobalTableStore;

  /**
   * The longest an execution may run.
   *
   * @default Duration.hours(1) (SAGA_TIMEOUT)
   */
  readonly timeout?: Duration;

  /**
   * Whether the state machine's definition and execution data are encrypted with the cell's KMS key.
   *
   * @default false - Step Functions' own encryption (SAGA_ENCRYPTION)
   */
  readonly encryption?: boolean;
}
