import { Duration, Token } from 'aws-cdk-lib';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { IConstruct } from 'constructs';
import {
  ACTION_RETRY, ALL_ERRORS, COMPENSATION_RETRY, DEAD_LETTER_RETENTION, LOG_WRITE_RETRY, PARK_RETRY, RetryPolicy, SAGA_ENCRYPTION,
  SAGA_TIMEOUT,
} from './defaults';
import type { SagaProps, SagaStep, StepRetry } from './options';
import { SagaTask } from './saga-task';
import type { GlobalTableStore } from '../global-table-store/global-table-store';
import { configError, renderValue } from '../private/errors';
import { SAGA_OWN_STATES, SAGA_STATES, STEP_OUTCOMES } from '../private/saga-states';
import { checkDuration, checkIgnored, checkList, checkName, checkNumber, checkOneOf, DerivedName } from '../private/validate';

/** One step, complete: its tasks, and its retry policies with every default applied. */
export interface SagaStepSettings {
  readonly name: string;
  readonly action: SagaTask;
  readonly compensation?: SagaTask;
  readonly acceptance?: SagaTask;
  readonly alternate?: SagaTask;
  /** The retries of the action, its acceptance check and its alternate. */
  readonly retry: RetryPolicy;
  readonly compensationRetry: RetryPolicy;
  /** How long one attempt may take; undefined leaves the task's own limit. */
  readonly timeout?: Duration;
}

/** Every setting of a saga, complete: the replicas read these and never the props. */
export interface ValidatedSagaSettings {
  readonly steps: SagaStepSettings[];
  readonly timeout: Duration;
  readonly encryption: boolean;
  /** The saga log, checked to take the writes the state machine makes. */
  readonly log?: GlobalTableStore;
  readonly parkRetry: RetryPolicy;
  readonly logWriteRetry: RetryPolicy;
  readonly deadLetterRetention: Duration;
  /** Whether the saga has a replica in every cell (each calling its local replicas) rather than one in one cell. */
  readonly replicated: boolean;
  /** The state machine name of each replica, by region. */
  readonly stateMachineNames: Map<string, string>;
}

/** Where the saga lives: what names its state machines. */
export interface SagaPlacement {
  readonly serviceName: string;
  /** The saga's construct id, as given. */
  readonly id: string;
  /**
   * The id its state machine names derive from: the replica id the topology gives a replicated saga, or the path below
   * the cell of a saga in a cell (either way its own id when a direct child), so sagas of one id under different parents
   * get distinct names.
   */
  readonly nameId: string;
  readonly regions: string[];
  readonly replicated: boolean;
}

/** Step Functions' limit on a state name (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-states.html). */
const MAX_STATE_NAME = 80;
const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
const NAME_CHARACTERS = 'letters, digits, hyphens and underscores';

export function validateSagaProps(scope: IConstruct, props: SagaProps, placement: SagaPlacement): ValidatedSagaSettings {
  const steps = props.steps ?? [];
  if (!Array.isArray(steps) || steps.length === 0) {
    throw configError(scope, {
      setting: 'steps',
      value: props.steps,
      problem: 'a saga needs at least one step',
      allowed: 'one or more steps, each with an action and usually a compensation',
      fix: 'list the saga\'s steps in order',
    });
  }
  const names = steps.map((s) => s.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) {
    throw configError(scope, {
      setting: 'steps',
      value: names,
      problem: `the step name ${renderValue(duplicate)} is used twice, and a step name is a state name`,
      allowed: 'distinct step names',
      fix: `rename one of the steps called ${renderValue(duplicate)}`,
    });
  }
  const log = props.log;
  if (log !== undefined) validateLog(scope, log, names);
  const own = SAGA_OWN_STATES;
  const suffixes = Object.entries(SAGA_STATES).filter(([key]) => key.endsWith('Suffix')).map(([, v]) => v);
  const settled = steps.map((step, i): SagaStepSettings => {
    checkName(scope, `steps[${i}].name`, step.name, {
      maxLength: MAX_STATE_NAME,
      pattern: NAME_PATTERN,
      characters: NAME_CHARACTERS,
      derived: derivedStateNames(step, log !== undefined),
    });
    const generated = suffixes.map((suffix) => step.name + suffix);
    const clash = names.find((other) => own.includes(other) || generated.includes(other));
    if (own.includes(step.name) || clash) {
      const name = own.includes(step.name) ? step.name : clash!;
      throw configError(scope, {
        setting: `steps[${i}].name`,
        value: name,
        problem: `${renderValue(name)} collides with a state the saga creates itself (${own.join(', ')}, or <step>${suffixes.join('/')})`,
        allowed: 'a name that is neither a saga state nor a step name followed by one of those suffixes',
        fix: `rename the step ${renderValue(name)}`,
      });
    }
    for (const field of ['action', 'compensation', 'acceptance', 'alternate'] as const) {
      const task = step[field];
      if ((field === 'action' || task !== undefined) && !(task instanceof SagaTask)) {
        throw configError(scope, {
          setting: `steps[${i}].${field}`,
          value: task,
          problem: field === 'action' ? 'every step needs an action' : 'it is not a SagaTask',
          allowed: 'a SagaTask (SagaTask.replicatedFunction(fn), SagaTask.lambda(fn) or SagaTask.fromTask(task))',
          fix: `set steps[${i}].${field} to a SagaTask`,
        });
      }
    }
    if ((step.acceptance !== undefined) && step.alternate === undefined) {
      throw configError(scope, {
        setting: `steps[${i}].acceptance`,
        value: step.name,
        problem: 'an acceptance check needs an alternate to run when it rejects the result',
        allowed: 'acceptance together with alternate',
        fix: 'add an alternate to the step, or remove the acceptance check',
      });
    }
    if (step.compensation === undefined) {
      checkIgnored(scope, `steps[${i}].compensationRetry`, step.compensationRetry, {
        because: `the step ${renderValue(step.name)} has no compensation to retry`,
        allowed: 'compensationRetry only on a step with a compensation',
        fix: `remove steps[${i}].compensationRetry, or give the step a compensation`,
      });
    }
    if (step.timeout !== undefined) {
      checkDuration(scope, `steps[${i}].timeout`, step.timeout, {
        unit: 'seconds',
        max: Duration.seconds(99_999_999),
        why: 'Step Functions takes a task\'s TimeoutSeconds in whole seconds',
      });
    }
    return {
      name: step.name,
      action: step.action,
      compensation: step.compensation,
      acceptance: step.acceptance,
      alternate: step.alternate,
      retry: retryPolicy(scope, `steps[${i}].retry`, step.retry, ACTION_RETRY),
      compensationRetry: retryPolicy(scope, `steps[${i}].compensationRetry`, step.compensationRetry, COMPENSATION_RETRY),
      timeout: step.timeout,
    };
  });
  const timeout = props.timeout ?? SAGA_TIMEOUT;
  checkDuration(scope, 'timeout', timeout, {
    unit: 'seconds',
    max: Duration.days(365),
    why: 'a Standard workflow runs at most a year, and Step Functions takes TimeoutSeconds in whole seconds',
  });
  settled.forEach((step, i) => {
    if (step.timeout !== undefined && step.timeout.toSeconds() > timeout.toSeconds()) {
      throw configError(scope, {
        setting: `steps[${i}].timeout`,
        value: step.timeout,
        problem: `it does nothing: the saga's own timeout (${timeout.toHumanString()}) ends the execution first`,
        allowed: `a step timeout up to the saga's timeout (${timeout.toHumanString()})`,
        fix: `shorten steps[${i}].timeout, or lengthen the saga's timeout`,
      });
    }
  });
  return {
    steps: settled,
    timeout,
    encryption: checkOneOf(scope, 'encryption', props.encryption ?? SAGA_ENCRYPTION, [true, false], 'the setting is a boolean'),
    log,
    parkRetry: PARK_RETRY,
    logWriteRetry: LOG_WRITE_RETRY,
    deadLetterRetention: DEAD_LETTER_RETENTION,
    replicated: placement.replicated,
    stateMachineNames: stateMachineNames(scope, placement.serviceName, placement.id, placement.nameId, placement.regions),
  };
}

/** The state names the saga derives from a step's name, for the steps that get them. */
function derivedStateNames(step: SagaStep, logged: boolean): DerivedName[] {
  const suffixes = [
    ...(step.compensation ? [SAGA_STATES.compensateSuffix, SAGA_STATES.parkSuffix] : []),
    ...(step.alternate ? [SAGA_STATES.alternateSuffix, SAGA_STATES.doneSuffix] : []),
    ...(step.acceptance ? [SAGA_STATES.acceptSuffix, SAGA_STATES.acceptedSuffix] : []),
    // Every logged step may fail (its FAILED write); only a step with a compensation is compensated or parked.
    ...(logged ? [STEP_OUTCOMES.failed] : []).map((outcome) => `${SAGA_STATES.logSuffix}-${outcome}`),
    ...(logged && step.compensation ? [STEP_OUTCOMES.compensated, STEP_OUTCOMES.parked] : []).map((outcome) => `${SAGA_STATES.logSuffix}-${outcome}`),
  ];
  return suffixes.map((suffix) => ({
    what: 'the state name',
    derive: (name: string) => `${name}${suffix}`,
    maxLength: MAX_STATE_NAME,
    pattern: NAME_PATTERN,
    characters: NAME_CHARACTERS,
  }));
}

/**
 * The saga log's writes name the item by the execution name, a string, in the store's partition key: a store keyed
 * otherwise would fail every write, and the write's catch (the log must never stop the saga) would hide it.
 */
function validateLog(scope: IConstruct, log: GlobalTableStore, stepNames: string[]): void {
  const keys = log._keySchema();
  if (keys.partitionKey.type !== AttributeType.STRING) {
    throw configError(scope, {
      setting: 'log',
      value: log.node.path,
      problem: `its partition key '${keys.partitionKey.name}' is of type ${keys.partitionKey.type}, and the saga writes the ` +
        'execution name, a string, into it: every log write would fail (and be caught, so the log would stay empty)',
      allowed: 'a GlobalTableStore whose partition key is AttributeType.STRING, without a sort key',
      fix: 'give the saga log its own store with partitionKey: { name: \'id\', type: AttributeType.STRING }',
    });
  }
  if (keys.sortKey) {
    throw configError(scope, {
      setting: 'log',
      value: log.node.path,
      problem: `it has a sort key '${keys.sortKey.name}', and the saga's writes name the partition key only: every log ` +
        'write would fail (and be caught, so the log would stay empty)',
      allowed: 'a GlobalTableStore whose partition key is AttributeType.STRING, without a sort key',
      fix: 'give the saga log its own store with partitionKey: { name: \'id\', type: AttributeType.STRING } and no sortKey',
    });
  }
  // UpdateItem cannot change a key attribute ("You cannot use UpdateItem to update any primary key attributes":
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValueUpdate.html).
  const i = stepNames.indexOf(keys.partitionKey.name);
  if (i >= 0) {
    throw configError(scope, {
      setting: `steps[${i}].name`,
      value: stepNames[i],
      problem: `the saga log records each step's outcome in an attribute named after the step, and '${keys.partitionKey.name}' is the ` +
        'log\'s partition key, which an update cannot change: every log write would fail (and be caught, so the log would stay empty)',
      allowed: `a step name other than the log's partition key name '${keys.partitionKey.name}'`,
      fix: 'rename the step, or key the saga log on another attribute name (such as \'execution\')',
    });
  }
}

const RETRIER = 'Step Functions would reject this retrier';

/** The retry policy of a task: each field the user set, checked, over `defaults`. */
function retryPolicy(scope: IConstruct, setting: string, retry: StepRetry | undefined, defaults: RetryPolicy): RetryPolicy {
  if (!retry) return defaults;
  const number = (field: string, value: number | undefined, rule: { min: number; max: number; integer: boolean }) =>
    (value === undefined ? undefined : checkNumber(scope, `${setting}.${field}`, value, {
      ...rule, problem: RETRIER, fix: `set ${field} within the allowed range`,
    }));
  const seconds = (field: string, value: Duration | undefined, max: Duration) =>
    (value === undefined ? undefined : checkDuration(scope, `${setting}.${field}`, value, { unit: 'seconds', max, why: RETRIER }));
  number('maxAttempts', retry.maxAttempts, { min: 0, max: 99, integer: true });
  number('backoffRate', retry.backoffRate, { min: 1, max: 10, integer: false });
  seconds('interval', retry.interval, Duration.seconds(99_999_999));
  seconds('maxDelay', retry.maxDelay, Duration.seconds(31_622_400));
  if (retry.maxDelay && retry.interval && !retry.maxDelay.isUnresolved() && !retry.interval.isUnresolved()
    && retry.maxDelay.toSeconds() < retry.interval.toSeconds()) {
    throw configError(scope, {
      setting: `${setting}.maxDelay`,
      value: retry.maxDelay.toHumanString(),
      problem: `the longest wait is shorter than the first wait (${retry.interval.toHumanString()})`,
      allowed: 'maxDelay >= interval',
      fix: 'raise maxDelay or lower interval',
    });
  }
  if (retry.errors !== undefined) validateErrors(scope, `${setting}.errors`, retry.errors);
  return {
    errors: retry.errors ?? defaults.errors,
    maxAttempts: retry.maxAttempts ?? defaults.maxAttempts,
    interval: retry.interval ?? defaults.interval,
    backoffRate: retry.backoffRate ?? defaults.backoffRate,
    maxDelay: retry.maxDelay ?? defaults.maxDelay,
  };
}

/** A retrier's ErrorEquals: at least one distinct, non-empty name; `States.ALL` only alone. */
function validateErrors(scope: IConstruct, setting: string, errors: string[]): void {
  checkList(scope, setting, errors, { minItems: 1, unique: true, why: 'a Step Functions retrier names at least one error, each once' });
  errors.forEach((error, i) => {
    if (Token.isUnresolved(error)) return;
    if (typeof error !== 'string' || error.trim().length === 0) {
      throw configError(scope, {
        setting: `${setting}[${i}]`,
        value: error,
        problem: 'an error name is required',
        allowed: `an error name such as '${ALL_ERRORS}', 'States.Timeout' or the name of an error your task throws`,
        fix: `remove the empty entry from ${setting}`,
      });
    }
  });
  if (errors.includes(ALL_ERRORS) && errors.length > 1) {
    throw configError(scope, {
      setting,
      value: errors,
      problem: `Step Functions requires '${ALL_ERRORS}' alone in a retrier's error list (it already matches every error)`,
      allowed: `['${ALL_ERRORS}'] alone, or a list of specific errors without it`,
      fix: `keep only '${ALL_ERRORS}', or remove it and list the errors to retry`,
    });
  }
}

/** Step Functions' limit on a state machine name (https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html). */
const MAX_STATE_MACHINE_NAME = 80;

/**
 * The state machine name of each cell's replica, `<serviceName>-<nameId>-<region>`: deterministic, so what names the
 * state machine before it exists (the role's key condition on `aws:states:stateMachineArn`, runbooks) names the right
 * one. `nameId` ends with the saga's own `id` (the parents' ids, joined with '-', before it when nested).
 */
export function stateMachineNames(scope: IConstruct, serviceName: string, id: string, nameId: string, regions: string[]): Map<string, string> {
  const names = new Map(regions.map((region) => [region, `${serviceName}-${nameId}-${region}`]));
  const longest = [...names.values()].sort((a, b) => b.length - a.length)[0];
  if (!/^[A-Za-z0-9_-]+$/.test(nameId) || longest.length > MAX_STATE_MACHINE_NAME) {
    const parents = nameId.slice(0, nameId.length - id.length);
    throw configError(scope, {
      setting: 'id',
      value: id,
      problem: `it names the state machine in each cell ('${longest}'), which must be letters, digits, hyphens and underscores, ` +
        `at most ${MAX_STATE_MACHINE_NAME} characters`,
      allowed: `an id of letters, digits, hyphens and underscores, at most ${Math.max(1, MAX_STATE_MACHINE_NAME - longest.length + id.length)} characters here`,
      fix: 'give the saga a shorter id made of those characters (or the topology a shorter serviceName' +
        (parents ? `, or its parents ('${parents.slice(0, -1)}' in the name) shorter ids of those characters` : '') + ')',
    });
  }
  return names;
}
