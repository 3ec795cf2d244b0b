// Where a saga stands, read from its execution history. The saga log is written only where it costs the happy path
// nothing (the saga's outcome, and the failure path); every state a Standard execution enters is in its history, kept 90
// days after it closes, so this reads a running saga, and a closed one, completely.

import { configMessage, renderPlainValue } from '../private/message';
import { SAGA_STATES, STEP_OUTCOMES } from '../private/saga-states';

/** Where one step stands. */
export type SagaStepStatus = 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED' | 'COMPENSATING' | 'COMPENSATED' | 'PARKING' | 'PARKED';

/**
 * Where the saga stands: RUNNING (forwards), COMPENSATING, or how it ended (the error `Saga.Compensated` is COMPENSATED,
 * `Saga.CompensationParked` PARKED; any other failure FAILED).
 */
export type SagaStatus = 'RUNNING' | 'SUCCEEDED' | 'COMPENSATING' | 'COMPENSATED' | 'PARKED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface SagaProgress {
  readonly status: SagaStatus;
  /** Every step, in order. */
  readonly steps: { readonly name: string; readonly status: SagaStepStatus }[];
  /** The state the execution entered last. */
  readonly lastState?: string;
}

/** What the reader needs of a Step Functions history event (`HistoryEvent` of @aws-sdk/client-sfn). */
export interface SagaHistoryEvent {
  readonly type?: string;
  readonly stateEnteredEventDetails?: { readonly name?: string };
  readonly executionFailedEventDetails?: { readonly error?: string };
}

/** The saga's steps, as its state machine names them. */
export interface SagaShape {
  /** The step names, in order (`Saga.stepNames`). */
  readonly steps: string[];
  /**
   * The state names of `SagaTask.fromTask` tasks (their construct ids), by step name. A task's state is named after the
   * task, not the step; an unlisted one met on the way forwards is taken for the next step's action.
   * @default {}
   */
  readonly taskStates?: Record<string, string>;
}

/** What `readSagaProgress` needs of a Step Functions client: the aggregated `SFN` client of @aws-sdk/client-sfn fits. */
export interface SagaHistoryReader {
  getExecutionHistory(input: { executionArn: string; nextToken?: string; maxResults?: number; includeExecutionData?: boolean }):
  Promise<{ events?: SagaHistoryEvent[]; nextToken?: string }>;
}

/**
 * Reads the execution's whole history (GetExecutionHistory, without execution data: the state names are enough) and
 * tells where the saga stands. `new SFN({ region })` of @aws-sdk/client-sfn is a reader; the caller brings the SDK.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html
 */
export async function readSagaProgress(sfn: SagaHistoryReader, executionArn: string, shape: SagaShape): Promise<SagaProgress> {
  checkShape(shape);
  const events: SagaHistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.getExecutionHistory({ executionArn, nextToken, maxResults: 1000, includeExecutionData: false });
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return sagaProgress(events, shape);
}

const STEP_SUFFIXES = [SAGA_STATES.alternateSuffix, SAGA_STATES.acceptSuffix, SAGA_STATES.acceptedSuffix, SAGA_STATES.doneSuffix,
  SAGA_STATES.compensateSuffix, SAGA_STATES.parkSuffix, `${SAGA_STATES.logSuffix}-`];
const SUCCESS_STATES = [SAGA_STATES.succeeded, SAGA_STATES.logSucceeded];
const FAILURE_STATES = [SAGA_STATES.failed, SAGA_STATES.logCompensated, SAGA_STATES.logParked, SAGA_STATES.compensated, SAGA_STATES.parked,
  SAGA_STATES.firstStepFailed];
/** The saga's own states that say nothing of a step: its start (when it has one), and the first primary's failure (its alternate runs next). */
const NEUTRAL_STATES = [SAGA_STATES.start, SAGA_STATES.firstPrimaryFailed];

/**
 * Where a saga stands, from its history events in order (as GetExecutionHistory returns them): which states it entered,
 * and how the execution ended. Steps run in order, so a step is DONE once a later one starts; the state a failure leads
 * to (a compensation, the log's FAILED write, the end) makes the running step FAILED; a compensation is COMPENSATED
 * once the next state starts, unless that state is its park (PARKING, then PARKED).
 */
export function sagaProgress(events: SagaHistoryEvent[], shape: SagaShape): SagaProgress {
  checkShape(shape);
  const names = shape.steps;
  const taskStates = shape.taskStates ?? {};
  const status: SagaStepStatus[] = names.map(() => 'PENDING');
  let current = -1;
  let compensating = false;
  let undoing: number | undefined;
  let lastState: string | undefined;
  const fail = () => {
    if (!compensating && current >= 0) status[current] = 'FAILED';
    compensating = true;
  };
  const forward = (step: number) => {
    for (let i = 0; i < step; i++) if (status[i] === 'PENDING' || status[i] === 'RUNNING') status[i] = 'DONE';
    status[step] = 'RUNNING';
    current = step;
  };

  for (const event of events) {
    const name = event.type?.endsWith('StateEntered') ? event.stateEnteredEventDetails?.name : undefined;
    if (name === undefined) continue;
    lastState = name;
    const [step, suffix] = stepOf(name, names, taskStates);
    // A compensation ends when the next state starts: PARKED after its park, COMPENSATED otherwise.
    if (undoing !== undefined) {
      if (step === undoing && suffix === SAGA_STATES.parkSuffix) {
        status[undoing] = 'PARKING';
        continue;
      }
      status[undoing] = status[undoing] === 'PARKING' ? 'PARKED' : 'COMPENSATED';
      undoing = undefined;
    }
    const log = `${SAGA_STATES.logSuffix}-`;
    if (SUCCESS_STATES.includes(name)) {
      status.fill('DONE');
      current = names.length;
    } else if (FAILURE_STATES.includes(name) || (suffix === log && name.endsWith(`${log}${STEP_OUTCOMES.failed}`))) {
      fail();
    } else if (suffix === SAGA_STATES.compensateSuffix || suffix === SAGA_STATES.parkSuffix
      // A task named after its own task is a compensation once its step has run.
      || (step !== undefined && suffix === '' && step <= current)) {
      fail();
      status[step!] = suffix === SAGA_STATES.parkSuffix ? 'PARKING' : 'COMPENSATING';
      undoing = step;
    } else if (!compensating && step !== undefined && suffix !== log) {
      forward(step);
    } else if (!compensating && step === undefined && !NEUTRAL_STATES.includes(name)) {
      // An unlisted task named after its task: on the way forwards, the next step's action.
      forward(Math.min(current + 1, names.length - 1));
    }
  }

  const end = [...events].reverse().find((e) => e.type?.startsWith('Execution') && e.type !== 'ExecutionStarted');
  return { status: sagaStatus(end, compensating), steps: names.map((name, i) => ({ name, status: status[i] })), lastState };
}

/** The step a state belongs to and the suffix it carries ('' for the step's own task), or no step. */
function stepOf(state: string, names: string[], taskStates: Record<string, string>): [number | undefined, string] {
  const own = names.indexOf(state);
  if (own >= 0) return [own, ''];
  if (state in taskStates) return [names.indexOf(taskStates[state]), ''];
  for (const suffix of STEP_SUFFIXES) {
    const at = state.lastIndexOf(suffix);
    if (at <= 0) continue;
    const step = names.indexOf(state.slice(0, at));
    if (step >= 0 && (suffix === `${SAGA_STATES.logSuffix}-` || at + suffix.length === state.length)) return [step, suffix];
  }
  return [undefined, ''];
}

function sagaStatus(end: SagaHistoryEvent | undefined, compensating: boolean): SagaStatus {
  switch (end?.type) {
    case 'ExecutionSucceeded': return 'SUCCEEDED';
    case 'ExecutionTimedOut': return 'TIMED_OUT';
    case 'ExecutionAborted': return 'ABORTED';
    case 'ExecutionFailed': {
      const error = end.executionFailedEventDetails?.error;
      return error === 'Saga.Compensated' ? 'COMPENSATED' : error === 'Saga.CompensationParked' ? 'PARKED' : 'FAILED';
    }
    default: return compensating ? 'COMPENSATING' : 'RUNNING';
  }
}

function checkShape(shape: SagaShape): void {
  const steps = shape?.steps;
  const taskStates = shape?.taskStates ?? {};
  const problem = !Array.isArray(steps) || steps.length === 0 ? 'a saga has at least one step'
    : steps.some((s) => typeof s !== 'string' || s.length === 0) ? 'every step name is a non-empty string'
      : new Set(steps).size !== steps.length ? 'step names are distinct'
        : Object.values(taskStates).find((s) => !steps.includes(s)) !== undefined ? 'every task state names one of the steps'
          : undefined;
  if (problem === undefined) return;
  throw new Error(configMessage('sagaProgress', {
    setting: problem.startsWith('every task') ? 'taskStates' : 'steps',
    value: problem.startsWith('every task') ? taskStates : steps,
    problem,
    allowed: 'the saga\'s step names in order (Saga.stepNames), and taskStates mapping a SagaTask.fromTask state name to its step',
    fix: 'pass steps: saga.stepNames, and taskStates for the steps whose tasks are Step Functions tasks of their own',
  }, (value) => renderPlainValue(value)));
}
