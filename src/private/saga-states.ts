/**
 * The state names of a Saga's state machine and the outcomes its log records: shared by the construct that names the
 * states (saga/) and the runtime reader that tells from an execution's history where a saga stands (runtime/).
 */
export const SAGA_STATES = {
  /** Only when the first action is a Step Functions task of the user's: keeps the saga input apart from the results. */
  start: 'SagaStart',
  /**
   * Otherwise the first action builds the saga's state itself; these shape it on the failure path only: after the
   * first step failed, and after the first step's primary failed (its alternate runs next).
   */
  firstStepFailed: 'SagaFirstStepFailed',
  firstPrimaryFailed: 'SagaFirstPrimaryFailed',
  succeeded: 'SagaSucceeded',
  failed: 'SagaFailed',
  compensated: 'SagaCompensated',
  parked: 'SagaCompensationParked',
  /** With a saga log: the happy path's last state, one write of every step's outcome and the saga's. */
  logSucceeded: 'SagaLogSucceeded',
  /** With a saga log: the saga's outcome, written after the last compensation. */
  logCompensated: 'SagaLogCompensated',
  logParked: 'SagaLogParked',
  compensateSuffix: '-Compensate',
  parkSuffix: '-Park',
  logSuffix: '-Log',
  alternateSuffix: '-Alternate',
  acceptSuffix: '-Accept',
  acceptedSuffix: '-Accepted',
  doneSuffix: '-Done',
};

/** The saga's own states (no step may take one of their names). */
export const SAGA_OWN_STATES: string[] = Object.entries(SAGA_STATES).filter(([key]) => !key.endsWith('Suffix')).map(([, name]) => name);

/**
 * What the saga log records for a step, in an attribute named after it. A step's own write (FAILED, COMPENSATED,
 * PARKED) is a state `<step>-Log-<outcome>`; DONE is written with the saga's outcome or the failure of a later step.
 */
export const STEP_OUTCOMES = { done: 'DONE', failed: 'FAILED', compensated: 'COMPENSATED', parked: 'PARKED' };

/** What the saga log records for the saga as a whole, in the attribute `SAGA_OUTCOME_ATTRIBUTE`. */
export const SAGA_OUTCOMES = { succeeded: 'SUCCEEDED', compensating: 'COMPENSATING', compensated: 'COMPENSATED', parked: 'PARKED' };

/** The saga log's attribute for the saga's outcome: a ':' no step name can contain, so it never meets a step's. */
export const SAGA_OUTCOME_ATTRIBUTE = 'saga:outcome';
