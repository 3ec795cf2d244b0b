import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { SagaProps, StepRetry } from './saga';
import { configError, renderValue } from '../private/errors';

/** The saga's own state names and the suffixes of per-step states: a step name must not produce a clash with them. */
export const SAGA_STATES = {
  start: 'SagaStart',
  succeeded: 'SagaSucceeded',
  failed: 'SagaFailed',
  compensated: 'SagaCompensated',
  parked: 'SagaCompensationParked',
  compensateSuffix: '-Compensate',
  parkSuffix: '-Park',
  logSuffix: '-Log',
  alternateSuffix: '-Alternate',
  acceptSuffix: '-Accept',
  acceptedSuffix: '-Accepted',
  doneSuffix: '-Done',
};

/** Settled values of a saga. */
export interface ValidatedSagaSettings {
  readonly timeout: Duration;
}

export function validateSagaProps(scope: IConstruct, props: SagaProps): ValidatedSagaSettings {
  const steps = props.steps ?? [];
  if (steps.length === 0) {
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
  const own = [SAGA_STATES.start, SAGA_STATES.succeeded, SAGA_STATES.failed, SAGA_STATES.compensated, SAGA_STATES.parked];
  const suffixes = Object.entries(SAGA_STATES).filter(([key]) => key.endsWith('Suffix')).map(([, v]) => v);
  for (const [i, step] of steps.entries()) {
    if (typeof step.name !== 'string' || !/^[A-Za-z0-9_-]{1,60}$/.test(step.name)) {
      throw configError(scope, {
        setting: `steps[${i}].name`,
        value: step.name,
        problem: 'a step name becomes state names and log attributes',
        allowed: 'letters, digits, hyphens and underscores, at most 60 characters',
        fix: 'rename the step',
      });
    }
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
    if ((step.acceptance !== undefined) && step.alternate === undefined) {
      throw configError(scope, {
        setting: `steps[${i}].acceptance`,
        value: step.name,
        problem: 'an acceptance check needs an alternate to run when it rejects the result',
        allowed: 'acceptance together with alternate',
        fix: 'add an alternate to the step, or remove the acceptance check',
      });
    }
    validateRetry(scope, `steps[${i}].retry`, step.retry);
    validateRetry(scope, `steps[${i}].compensationRetry`, step.compensationRetry);
  }
  return { timeout: props.timeout ?? Duration.hours(1) };
}

function validateRetry(scope: IConstruct, setting: string, retry: StepRetry | undefined): void {
  if (!retry) return;
  const check = (field: string, value: number | undefined, ok: (v: number) => boolean, allowed: string) => {
    if (value !== undefined && !Token.isUnresolved(value) && !ok(value)) {
      throw configError(scope, {
        setting: `${setting}.${field}`,
        value,
        problem: 'Step Functions would reject this retrier',
        allowed,
        fix: `set ${field} within ${allowed}`,
      });
    }
  };
  check('maxAttempts', retry.maxAttempts, (v) => Number.isInteger(v) && v >= 0 && v <= 99, 'a whole number from 0 to 99');
  check('backoffRate', retry.backoffRate, (v) => v >= 1 && v <= 10, 'a number from 1 to 10');
  check('interval', retry.interval?.toSeconds(), (v) => Number.isInteger(v) && v >= 1 && v <= 99_999_999, 'whole seconds from 1');
  check('maxDelay', retry.maxDelay?.toSeconds(), (v) => Number.isInteger(v) && v >= 1 && v <= 31_622_400, 'whole seconds from 1 to 31622400 (a year)');
  if (retry.maxDelay && retry.interval && retry.maxDelay.toSeconds() < retry.interval.toSeconds()) {
    throw configError(scope, {
      setting: `${setting}.maxDelay`,
      value: retry.maxDelay.toHumanString(),
      problem: `the longest wait is shorter than the first wait (${retry.interval.toHumanString()})`,
      allowed: 'maxDelay >= interval',
      fix: 'raise maxDelay or lower interval',
    });
  }
}

/** Step Functions' limit on a state machine name (https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html). */
const MAX_STATE_MACHINE_NAME = 80;

/**
 * The state machine name of each cell's replica, `<serviceName>-<id>-<region>`: deterministic, so what names the state
 * machine before it exists (the role's key condition on `aws:states:stateMachineArn`, runbooks) names the right one.
 */
export function stateMachineNames(scope: IConstruct, serviceName: string, id: string, regions: string[]): Map<string, string> {
  const names = new Map(regions.map((region) => [region, `${serviceName}-${id}-${region}`]));
  const longest = [...names.values()].sort((a, b) => b.length - a.length)[0];
  if (!/^[A-Za-z0-9_-]+$/.test(id) || longest.length > MAX_STATE_MACHINE_NAME) {
    throw configError(scope, {
      setting: 'id',
      value: id,
      problem: `it names the state machine in each cell ('${longest}'), which must be letters, digits, hyphens and underscores, ` +
        `at most ${MAX_STATE_MACHINE_NAME} characters`,
      allowed: `an id of letters, digits, hyphens and underscores, at most ${Math.max(1, MAX_STATE_MACHINE_NAME - longest.length + id.length)} characters here`,
      fix: 'give the saga a shorter id made of those characters (or the topology a shorter serviceName)',
    });
  }
  return names;
}
