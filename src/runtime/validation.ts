import type { LambdaClient } from '@aws-sdk/client-lambda';
import {
  DEFAULT_ATTEMPT_TIMEOUT_MS, DEFAULT_BACKOFF_BASE_MS, DEFAULT_BACKOFF_CAP_MS, DEFAULT_BREAKER_FAILURE_THRESHOLD,
  DEFAULT_BREAKER_OPEN_MS, DEFAULT_DEADLINE_MS, DEFAULT_IDEMPOTENT, DEFAULT_RETRIES_PER_REGION, DEFAULT_RETRY_BUDGET,
  DEFAULT_ROUTING, MAX_TIMER_MS, SDK_DEFAULT_MAX_SOCKETS,
} from './defaults';
import { checkDiscoveryLocation, checkRegionName } from './discovery-checks';
import { invokerError } from './errors';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency';
import { lambdaSdk } from './lambda-sdk';
import type { DiscoveryOptions, FailoverInvokerOptions, RegionTarget, RoutingMode } from './types';

/** A FailoverInvoker's options, checked, with every default applied: all the invoker is built from. */
export interface InvokerSettings {
  readonly targets: readonly RegionTarget[];
  readonly routing: RoutingMode;
  readonly clientForRegion: (region: string) => LambdaClient;
  readonly attemptTimeoutMs: number;
  readonly deadlineMs: number;
  readonly retriesPerRegion: number;
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
  readonly breakerFailureThreshold: number;
  readonly breakerOpenMs: number;
  /** Undefined: no hedging. */
  readonly hedgeAfterMs: number | undefined;
  readonly idempotent: boolean;
  readonly retryBudget: number;
  /** The option, or the SDK's default until the client's own socket limit is known. */
  readonly maxInFlightPerRegion: number;
  /** Whether `maxInFlightPerRegion` is the caller's: then the client's socket limit is not looked up. */
  readonly maxInFlightGiven: boolean;
  readonly random: () => number;
}

/** How a number option must look. */
interface NumberRule {
  readonly min: number;
  /** Default: the longest Node timer, for milliseconds; none for counts. */
  readonly max?: number;
  /** Whether only whole numbers are allowed (counts). */
  readonly integer: boolean;
  /** What it counts, for the message. */
  readonly unit: string;
  /** What a value outside the range would do. */
  readonly why: string;
  /** The default, offered in the fix. */
  readonly fallback?: number;
}

const MILLISECONDS = (min: number, why: string, fallback?: number): NumberRule =>
  ({ min, max: MAX_TIMER_MS, integer: false, unit: 'milliseconds', why, fallback });
const COUNT = (min: number, unit: string, why: string, fallback?: number): NumberRule => ({ min, integer: true, unit, why, fallback });

/** The rule of every number option, by name. */
const NUMBER_RULES = {
  attemptTimeoutMs: MILLISECONDS(1, 'any other value makes Node fire the attempt timer at once, so every call fails', DEFAULT_ATTEMPT_TIMEOUT_MS),
  deadlineMs: MILLISECONDS(1, 'any other value ends every call at once, or lets a Node timer fire early', DEFAULT_DEADLINE_MS),
  retriesPerRegion: COUNT(0, 'retries', 'a negative count sends no call at all, and a fraction is no count of retries', DEFAULT_RETRIES_PER_REGION),
  backoffBaseMs: MILLISECONDS(0, 'the backoff is a Node timer', DEFAULT_BACKOFF_BASE_MS),
  backoffCapMs: MILLISECONDS(0, 'the backoff is a Node timer', DEFAULT_BACKOFF_CAP_MS),
  breakerFailureThreshold: COUNT(1, 'consecutive failures', 'below 1 or a fraction is no count of failures, and NaN never opens the breaker',
    DEFAULT_BREAKER_FAILURE_THRESHOLD),
  breakerOpenMs: MILLISECONDS(0, 'a negative open time lets every call through an open breaker, and NaN or Infinity never lets a probe through, ' +
    'so the region is lost for good', DEFAULT_BREAKER_OPEN_MS),
  hedgeAfterMs: MILLISECONDS(1, 'at 0 ms, or past Node\'s longest timer (Infinity included), the hedge timer fires at once and every call is ' +
    'sent to two regions'),
  retryBudget: COUNT(0, 'tokens', 'the bucket holds whole tokens; NaN or Infinity never empties it, so an overload becomes a retry storm',
    DEFAULT_RETRY_BUDGET),
  maxInFlightPerRegion: COUNT(1, 'attempts in flight', 'below 1 every attempt waits for a slot until its call\'s deadline'),
} satisfies Record<string, NumberRule>;

/** Every routing mode, and what it does (for the message). */
const ROUTING_MODES: Record<RoutingMode, string> = {
  'ordered': 'primary first',
  'round-robin': 'each call starts at the next available region',
  'least-outstanding': 'each call starts at the available region with the fewest calls in flight',
};

/**
 * Lambda Invoke's `FunctionName` (1 to 170 characters): a name, `name:qualifier`, a partial ARN
 * (`account:function:name`) or an ARN, with the region part widened to every partition's region names.
 */
const FUNCTION_NAME_PATTERN =
  /^(?<arn>arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:(?<region>[a-z]{2}(?:-[a-z]+)+-\d{1,2}):)?(?<account>\d{12}:)?(?:function:)?(?<name>[a-zA-Z0-9-_.]+)(?::(?:\$LATEST|[a-zA-Z0-9-_]+))?$/;
const MAX_FUNCTION_NAME_LENGTH = 170;
/** A function's own name (without ARN or qualifier). */
const MAX_BARE_FUNCTION_NAME_LENGTH = 64;

/** Checks a FailoverInvoker's options and returns its complete settings. */
export function validateInvokerOptions(options: FailoverInvokerOptions): InvokerSettings {
  requireObject('options', options, '{ targets: [{ region: \'us-east-1\', functionName: \'my-function:live\' }] }');
  return { targets: validateTargets(options.targets), ...validateCallSettings(options) };
}

/**
 * Checks the options of `FailoverInvoker.fromDiscovery` before any parameter is read: where to look, and every
 * invoker option (the targets come from the parameters).
 */
export function validateDiscoveryOptions(options: DiscoveryOptions): void {
  requireObject('options', options, '{ serviceName: \'Orders\', functionId: \'Api\', region: \'us-east-1\' }');
  checkDiscoveryLocation(invokerError, options, { setting: 'functionId', value: options.functionId, construct: 'ReplicatedFunction', example: 'Api' });
  validateCallSettings(options);
}

/** Checks the value of a discovery parameter as read: the topology's regions. */
export function validateTopologyParameter(parameter: string, value: string): string[] {
  let regions: unknown;
  try {
    regions = (JSON.parse(value) as { regions?: unknown } | null)?.regions;
  } catch {
    regions = undefined;
  }
  if (!Array.isArray(regions) || regions.length === 0 || !regions.every((r) => typeof r === 'string')) {
    throw invokerError({
      setting: `parameter ${parameter}`,
      value,
      problem: 'it does not hold the topology\'s region list',
      allowed: 'JSON {"serviceName","primaryRegion","regions":[...]} as MultiRegionTopology publishes it',
      fix: 'check serviceName and region, and that the topology\'s cell in that region is deployed',
    });
  }
  return regions as string[];
}

/** Checks the value of a discovery parameter as read: a function's alias ARN; returns its colon-separated parts. */
export function validateAliasArnParameter(parameter: string, value: string): string[] {
  const parts = value.split(':');
  if (parts.length < 8 || parts[0] !== 'arn' || parts[2] !== 'lambda' || parts[5] !== 'function') {
    throw invokerError({
      setting: `parameter ${parameter}`,
      value,
      problem: 'it does not hold a function alias ARN',
      allowed: 'arn:<partition>:lambda:<region>:<account>:function:<name>:<alias>',
      fix: 'check functionId, and that the ReplicatedFunction is deployed in the topology\'s cells',
    });
  }
  return parts;
}

/** Checks a call's `idempotencyKey`, if given. */
export function validateIdempotencyKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw invokerError({
      setting: 'idempotencyKey',
      value: key,
      problem: typeof key === 'string' ? `it has ${key.length} characters` : 'a string is required',
      allowed: `1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters (the Lambda client context carries it)`,
      fix: 'pass a shorter business key (an order id), or none for a random one',
    });
  }
  return key;
}

/** Checks a call's own `deadlineMs`. */
export function validateCallDeadline(deadlineMs: unknown): number {
  return checkNumber('deadlineMs', deadlineMs, NUMBER_RULES.deadlineMs);
}

/** Checks a call's own `idempotent`, if given. */
export function validateCallIdempotent(idempotent: unknown): boolean | undefined {
  return optionalBoolean('idempotent', idempotent);
}

/** Checks a call's `signal`, if given: an AbortSignal, which the call listens to. */
export function validateCallSignal(signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  const candidate = signal as { aborted?: unknown; addEventListener?: unknown; removeEventListener?: unknown } | null;
  if (typeof candidate?.addEventListener !== 'function' || typeof candidate.removeEventListener !== 'function' || typeof candidate.aborted !== 'boolean') {
    throw invokerError({
      setting: 'signal',
      value: signal,
      problem: 'it is not an AbortSignal (the call listens for its abort event)',
      allowed: 'an AbortSignal, such as new AbortController().signal or AbortSignal.timeout(ms)',
      fix: 'pass controller.signal, or leave signal out',
    });
  }
  return signal as AbortSignal;
}

/** The call's payload as the JSON the function receives; refuses what JSON cannot carry. */
export function serializePayload(payload: unknown): string {
  let json: string | undefined;
  let problem: string | undefined;
  try {
    json = JSON.stringify(payload ?? {});
  } catch (error) {
    problem = `JSON cannot carry it (${(error as Error).message.split('\n')[0]})`;
  }
  if (json === undefined) {
    throw invokerError({
      setting: 'payload',
      // A value with a cycle has no rendering of its own; anything else is shown as given.
      value: problem !== undefined && typeof payload === 'object' ? `<${Array.isArray(payload) ? 'array' : 'object'} JSON cannot serialize>` : payload,
      problem: problem ?? `JSON has no form for a ${typeof payload}`,
      allowed: 'a value JSON.stringify serializes: an object, array, string, number, boolean or null, without cycles or BigInts',
      fix: 'pass plain data (convert BigInts to strings, and break cycles)',
    });
  }
  return json;
}

/** Checks a call's `routingKey`, if given. */
export function validateRoutingKey(routingKey: unknown): string {
  if (typeof routingKey !== 'string') {
    throw invokerError({
      setting: 'routingKey',
      value: routingKey,
      problem: 'a string is required: its hash picks the call\'s home region',
      allowed: 'a string (a customer or order id)',
      fix: 'pass the key as a string, or leave it out for the targets\' order',
    });
  }
  return routingKey;
}

/** Every option but the targets. */
function validateCallSettings(options: Omit<FailoverInvokerOptions, 'targets'>): Omit<InvokerSettings, 'targets'> {
  const number = (name: keyof typeof NUMBER_RULES, value: number | undefined, fallback: number): number =>
    value === undefined ? fallback : checkNumber(name, value, NUMBER_RULES[name]);
  const attemptTimeoutMs = number('attemptTimeoutMs', options.attemptTimeoutMs, DEFAULT_ATTEMPT_TIMEOUT_MS);
  const hedgeAfterMs = options.hedgeAfterMs === undefined ? undefined : checkNumber('hedgeAfterMs', options.hedgeAfterMs, NUMBER_RULES.hedgeAfterMs);
  if (hedgeAfterMs !== undefined && hedgeAfterMs >= attemptTimeoutMs) {
    throw invokerError({
      setting: 'hedgeAfterMs',
      value: hedgeAfterMs,
      problem: `it is not shorter than attemptTimeoutMs (${attemptTimeoutMs}): by then the first attempt has timed out, and the call fails ` +
        'over anyway',
      allowed: `a number of milliseconds from 1 to less than attemptTimeoutMs (${attemptTimeoutMs})`,
      fix: 'hedge earlier than the attempt timeout (around the function\'s p99 latency), or leave hedgeAfterMs out to turn hedging off',
    });
  }
  const backoffBaseMs = number('backoffBaseMs', options.backoffBaseMs, DEFAULT_BACKOFF_BASE_MS);
  const backoffCapMs = number('backoffCapMs', options.backoffCapMs, DEFAULT_BACKOFF_CAP_MS);
  if (options.backoffBaseMs !== undefined && backoffBaseMs > backoffCapMs) {
    throw invokerError({
      setting: 'backoffBaseMs',
      value: backoffBaseMs,
      problem: `it does nothing: every backoff is capped at backoffCapMs (${backoffCapMs}), below this base`,
      allowed: `a number of milliseconds from 0 to backoffCapMs (${backoffCapMs})`,
      fix: 'lower backoffBaseMs, or raise backoffCapMs above it',
    });
  }
  const maxInFlightGiven = options.maxInFlightPerRegion !== undefined;
  return {
    routing: options.routing === undefined ? DEFAULT_ROUTING : checkRouting(options.routing),
    clientForRegion: optionalFunction('clientForRegion', options.clientForRegion, '(region) => new LambdaClient({ region, maxAttempts: 1 })') ??
      defaultClient,
    attemptTimeoutMs,
    deadlineMs: number('deadlineMs', options.deadlineMs, DEFAULT_DEADLINE_MS),
    retriesPerRegion: number('retriesPerRegion', options.retriesPerRegion, DEFAULT_RETRIES_PER_REGION),
    backoffBaseMs,
    backoffCapMs,
    breakerFailureThreshold: number('breakerFailureThreshold', options.breakerFailureThreshold, DEFAULT_BREAKER_FAILURE_THRESHOLD),
    breakerOpenMs: number('breakerOpenMs', options.breakerOpenMs, DEFAULT_BREAKER_OPEN_MS),
    hedgeAfterMs,
    idempotent: optionalBoolean('idempotent', options.idempotent) ?? DEFAULT_IDEMPOTENT,
    retryBudget: number('retryBudget', options.retryBudget, DEFAULT_RETRY_BUDGET),
    maxInFlightPerRegion: number('maxInFlightPerRegion', options.maxInFlightPerRegion, SDK_DEFAULT_MAX_SOCKETS),
    maxInFlightGiven,
    random: optionalFunction('random', options.random, '() => Math.random()') ?? Math.random,
  };
}

function validateTargets(targets: unknown): RegionTarget[] {
  const example = '[{ region: \'us-east-1\', functionName: \'my-function:live\' }, { region: \'us-west-2\', functionName: \'my-function:live\' }]';
  if (!Array.isArray(targets) || targets.length === 0) {
    throw invokerError({
      setting: 'targets',
      value: targets,
      problem: Array.isArray(targets) ? 'at least one region is required' : 'a list of the replicas is required',
      allowed: 'a list of { region, functionName }, one per region, primary first',
      fix: `pass the replicas, primary first: ${example}`,
    });
  }
  targets.forEach((target: unknown, index) => {
    const at = `targets[${index}]`;
    requireObject(at, target, '{ region: \'us-east-1\', functionName: \'my-function:live\' }');
    const { region, functionName } = target as RegionTarget;
    checkRegionName(invokerError, `${at}.region`, region, 'the region the replica runs in');
    checkFunctionName(`${at}.functionName`, functionName, region);
  });
  const regions = (targets as RegionTarget[]).map((t) => t.region);
  const duplicate = regions.find((r, i) => regions.indexOf(r) !== i);
  if (duplicate !== undefined) {
    throw invokerError({
      setting: 'targets',
      value: targets,
      problem: `region '${duplicate}' is listed twice`,
      allowed: 'one replica per region',
      fix: 'list each region once',
    });
  }
  return (targets as RegionTarget[]).map(({ region, functionName }) => ({ region, functionName }));
}

function checkRouting(routing: unknown): RoutingMode {
  if (typeof routing === 'string' && Object.prototype.hasOwnProperty.call(ROUTING_MODES, routing)) return routing as RoutingMode;
  const modes = Object.keys(ROUTING_MODES);
  const near = typeof routing === 'string' ? modes.find((m) => m === routing.trim().toLowerCase().replace(/[\s_]+/g, '-')) : undefined;
  throw invokerError({
    setting: 'routing',
    value: routing,
    problem: typeof routing === 'string' ? 'it is not a routing mode' : 'a routing mode (a string) is required',
    allowed: Object.entries(ROUTING_MODES).map(([mode, what]) => `'${mode}' (${what})`).join(', '),
    fix: near !== undefined ? `write it '${near}'` : `pick one of ${modes.map((m) => `'${m}'`).join(', ')}, or leave routing out for '${DEFAULT_ROUTING}'`,
  });
}

function checkFunctionName(setting: string, functionName: unknown, region: string): void {
  const allowed = `a function name, name:alias, or an ARN of the function in ${region}, 1 to ${MAX_FUNCTION_NAME_LENGTH} characters`;
  const fail = (problem: string, fix: string): Error => invokerError({ setting, value: functionName, problem, allowed, fix });
  if (typeof functionName !== 'string' || functionName.length === 0) {
    throw fail('a function name is required', `set ${setting} to the replica's name or alias ARN in ${region}`);
  }
  const match = FUNCTION_NAME_PATTERN.exec(functionName);
  if (!match) {
    throw fail('Lambda refuses this name: a name has letters, digits, hyphens, underscores and periods, with an optional :alias or :version',
      'correct the name, or pass the alias ARN');
  }
  if (functionName.length > MAX_FUNCTION_NAME_LENGTH) {
    throw fail(`it has ${functionName.length} characters`, 'pass the function name or alias ARN itself');
  }
  if (match.groups!.name.length > MAX_BARE_FUNCTION_NAME_LENGTH) {
    throw fail(`the function name '${match.groups!.name}' has ${match.groups!.name.length} characters, over Lambda's limit of ` +
      `${MAX_BARE_FUNCTION_NAME_LENGTH}`, 'correct the function name');
  }
  // The region of an ARN, or of a partial ARN with an account: a bare name such as 'us-east-1:live' has none.
  const named = match.groups!.arn !== undefined || match.groups!.account !== undefined ? match.groups!.region : undefined;
  if (named !== undefined && named !== region) {
    throw fail(`the ARN names region ${named}, but the target is listed under ${region}: every call meant for ${region} would go to ${named}`,
      `use the ARN of the replica in ${region}, or list this ARN under region '${named}'`);
  }
}

function checkNumber(setting: string, value: unknown, rule: NumberRule): number {
  const { min, max, integer, unit } = rule;
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && (max === undefined || value <= max) &&
    (!integer || Number.isInteger(value))) {
    return value;
  }
  const kind = integer ? 'integer' : 'number';
  const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
  const allowed = `a ${integer ? 'whole number' : 'number'} of ${unit} ${range}`;
  throw invokerError({
    setting,
    value,
    problem: `it must be a finite ${kind} >= ${min}${max === undefined ? '' : ` and <= ${max}`} (${rule.why})`,
    allowed,
    fix: `set ${setting} to ${allowed}${rule.fallback === undefined ? '' : `, or leave it out for the default ${rule.fallback}`}`,
  });
}

function requireObject(setting: string, value: unknown, example: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invokerError({
      setting,
      value,
      problem: value === undefined ? `${setting === 'options' ? 'the options are' : 'it is'} required` : 'an object is required',
      allowed: `an object such as ${example}`,
      fix: `pass ${example}`,
    });
  }
}

function optionalFunction<T>(setting: string, value: T | undefined, example: string): T | undefined {
  if (value === undefined || typeof value === 'function') return value;
  throw invokerError({ setting, value, problem: 'a function is required', allowed: `a function such as ${example}`, fix: `pass a function, or leave ${setting} out` });
}

function optionalBoolean(setting: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw invokerError({ setting, value, problem: 'a boolean is required', allowed: 'true or false', fix: `pass true or false, or leave ${setting} out` });
}

function defaultClient(region: string): LambdaClient {
  return new (lambdaSdk().LambdaClient)({ region, maxAttempts: 1 });
}
