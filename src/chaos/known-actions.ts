import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { configError, renderValue } from '../private/errors';

/**
 * The AWS FIS actions a drill may use, with every parameter's allowed values: the allow-list behind `DrillFault`.
 * An action id or parameter outside this table, or a value outside its range, fails synth instead of failing
 * `CreateExperimentTemplate` (or, worse, the experiment) at deploy time.
 *
 * Sources (AWS FIS User Guide): the actions reference (parameters, ranges, target resource types, permissions),
 * https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html, and the quotas (action duration at most
 * 12 hours), https://docs.aws.amazon.com/fis/latest/userguide/fis-quotas.html.
 */

/** What a drill targets with an action in each cell. */
export enum DrillTargetKind {
  /** The replicas of the drill's replicated functions (`aws:lambda:function`, through the FIS Lambda extension). */
  FUNCTIONS = 'functions',
  /** The local replicas of the drill's global tables (`aws:dynamodb:global-table`). */
  TABLES = 'tables',
}

/** One parameter of a known action. */
interface ParameterRule {
  readonly required: boolean;
  /** What is allowed, as the error message says it. */
  readonly allowed: string;
  /** The problem with `value`, or undefined when it is allowed. */
  readonly check: (value: string) => string | undefined;
}

/** One known FIS action. */
export interface KnownAction {
  readonly actionId: string;
  /** The construct id of its experiment in each cell, and part of the template name. */
  readonly name: string;
  /** What the fault does, for the template description. */
  readonly summary: string;
  readonly targetKind: DrillTargetKind;
  /** The action's target key (`targets` of the action). */
  readonly targetKey: string;
  /** The FIS resource type of the target. */
  readonly resourceType: string;
  readonly parameters: Record<string, ParameterRule>;
}

/** `PT#H#M#S` (the form the FIS API takes) from `min` to `max`, in whole seconds. */
function isoDuration(min: Duration, max: Duration, why: string): ParameterRule {
  const allowed = `an ISO 8601 duration such as 'PT10M', from ${min.toHumanString()} to ${max.toHumanString()} (${why})`;
  return {
    required: true,
    allowed,
    check: (value) => {
      const seconds = parseIsoDuration(value);
      if (seconds === undefined) return 'it is not an ISO 8601 duration of hours, minutes and whole seconds (PT#H#M#S)';
      if (seconds < min.toSeconds()) return `it is shorter than ${min.toHumanString()}`;
      if (seconds > max.toSeconds()) return `it is longer than ${max.toHumanString()}`;
      return undefined;
    },
  };
}

function wholeNumber(min: number, max: number, what: string, required = false): ParameterRule {
  return {
    required,
    allowed: `a whole number from ${min} to ${max} (${what})`,
    check: (value) => {
      if (!/^-?\d+$/.test(value)) return 'it is not a whole number';
      const n = Number(value);
      return n < min || n > max ? `it is outside ${min}-${max}` : undefined;
    },
  };
}

const BOOLEAN: ParameterRule = {
  required: false,
  allowed: '\'true\' or \'false\'',
  check: (value) => (value === 'true' || value === 'false' ? undefined : 'it is not \'true\' or \'false\''),
};

const NON_EMPTY: ParameterRule = {
  required: true,
  allowed: 'a non-empty string such as \'application/json\'',
  check: (value) => (value.trim().length > 0 ? undefined : 'it is empty'),
};

const MAX_ACTION_DURATION = Duration.hours(12);
const LAMBDA_DURATION = isoDuration(Duration.minutes(1), MAX_ACTION_DURATION,
  'the FIS Lambda extension takes up to 60 s to pick a fault up; FIS runs an action at most 12 hours');
const PERCENTAGE = wholeNumber(1, 100, 'percent of invocations; FIS default 100');
const LAMBDA_TARGET = {
  targetKind: DrillTargetKind.FUNCTIONS,
  targetKey: 'Functions',
  resourceType: 'aws:lambda:function',
};

/** The allow-list, by action id. */
export const KNOWN_ACTIONS: Record<string, KnownAction> = {
  'aws:lambda:invocation-error': {
    actionId: 'aws:lambda:invocation-error',
    name: 'LambdaInvocationError',
    summary: 'marks invocations as failed',
    ...LAMBDA_TARGET,
    parameters: {
      duration: LAMBDA_DURATION,
      invocationPercentage: PERCENTAGE,
      preventExecution: BOOLEAN,
    },
  },
  'aws:lambda:invocation-add-delay': {
    actionId: 'aws:lambda:invocation-add-delay',
    name: 'LambdaInvocationAddDelay',
    summary: 'delays the start of invocations',
    ...LAMBDA_TARGET,
    parameters: {
      duration: LAMBDA_DURATION,
      invocationPercentage: PERCENTAGE,
      startupDelayMilliseconds: wholeNumber(0, 900_000, 'milliseconds; FIS default 1000'),
    },
  },
  'aws:lambda:invocation-http-integration-response': {
    actionId: 'aws:lambda:invocation-http-integration-response',
    name: 'LambdaHttpIntegrationResponse',
    summary: 'replaces responses with an HTTP status code',
    ...LAMBDA_TARGET,
    parameters: {
      duration: LAMBDA_DURATION,
      invocationPercentage: PERCENTAGE,
      preventExecution: BOOLEAN,
      statusCode: wholeNumber(0, 999, 'an HTTP status code', true),
      contentTypeHeader: NON_EMPTY,
    },
  },
  'aws:dynamodb:global-table-pause-replication': {
    actionId: 'aws:dynamodb:global-table-pause-replication',
    name: 'GlobalTablePauseReplication',
    summary: 'pauses replication to and from the local replica',
    targetKind: DrillTargetKind.TABLES,
    targetKey: 'Tables',
    resourceType: 'aws:dynamodb:global-table',
    parameters: {
      duration: isoDuration(Duration.minutes(5), MAX_ACTION_DURATION,
        'a table may keep replicating for up to 5 minutes after the action begins, so a shorter pause proves nothing; ' +
        'FIS runs an action at most 12 hours'),
    },
  },
};

/** A fault checked against the allow-list. */
export interface ValidatedFault {
  readonly action: KnownAction;
  readonly parameters: Record<string, string>;
}

/**
 * Checks `actionId` and `parameters` against the allow-list; the error names `setting` (e.g. `faults[1]`).
 */
export function validateFault(scope: IConstruct, setting: string, actionId: string,
  parameters: Record<string, string>): ValidatedFault {
  const known = Object.keys(KNOWN_ACTIONS);
  const action = KNOWN_ACTIONS[actionId];
  if (!action) {
    throw configError(scope, {
      setting: `${setting}.actionId`,
      value: actionId,
      problem: 'it is not an AWS FIS action this library knows how to target, permit and stop',
      allowed: `one of ${renderValue(known)}`,
      fix: 'use one of the DrillFault factories (lambdaInvocationError, lambdaInvocationDelay, lambdaHttpResponse, ' +
        'pauseReplication), or one of the allowed action ids',
    });
  }
  for (const [name, value] of Object.entries(parameters)) {
    const rule = action.parameters[name];
    if (!rule) {
      throw configError(scope, {
        setting: `${setting}.parameters`,
        value: name,
        problem: `${action.actionId} has no parameter '${name}'`,
        allowed: `parameters ${renderValue(Object.keys(action.parameters))}`,
        fix: `remove '${name}', or check its spelling`,
      });
    }
    const problem = typeof value !== 'string' ? 'it is not a string' :
      Token.isUnresolved(value) ? 'it is an unresolved token, so its range cannot be checked' : rule.check(value);
    if (problem) {
      throw configError(scope, {
        setting: `${setting}.${name}`,
        value,
        problem: `${problem}, for ${action.actionId}`,
        allowed: rule.allowed,
        fix: `pass a value in range for '${name}'`,
      });
    }
  }
  for (const [name, rule] of Object.entries(action.parameters)) {
    if (rule.required && parameters[name] === undefined) {
      throw configError(scope, {
        setting: `${setting}.${name}`,
        value: undefined,
        problem: `${action.actionId} needs '${name}'`,
        allowed: rule.allowed,
        fix: `add '${name}' to the parameters`,
      });
    }
  }
  return { action, parameters: { ...parameters } };
}

/** Seconds in an ISO 8601 duration of days, hours, minutes and whole seconds (`PT10M`, `P1D`), or undefined. */
export function parseIsoDuration(value: string): number | undefined {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) return undefined;
  const [days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  return ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
}
