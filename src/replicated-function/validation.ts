import { Duration, Token } from 'aws-cdk-lib';
import { ILambdaDeploymentConfig } from 'aws-cdk-lib/aws-codedeploy';
import { Architecture, FunctionOptions, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { ReplicatedCode } from './code';
import * as defaults from './defaults';
import { EndpointAuthorization, ReplicatedFunctionProps } from './options';
import { regionlessLayerArn, validateCode, validateEnvironment, validateHandler, validateLambdaOptions, validateRuntime } from './validation-lambda';
import { functionParameterName } from '../private/discovery';
import { configError, renderValue } from '../private/errors';
import { checkLogRetention } from '../private/log-group';
import { standbyFloor } from '../private/standby-floor';
import {
  DerivedName, checkDuration, checkIgnored, checkList, checkName, checkNumber, checkOneOf,
} from '../private/validate';
import { MultiRegionTopology } from '../topology/multi-region-topology';

/** Lambda's limits (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
const MAX_TIMEOUT = Duration.minutes(15);
const MIN_MEMORY_MB = 128;
const MAX_MEMORY_MB = 10_240;
/** A function has at most five layers, those aws-cdk-lib adds (Insights, ADOT, Parameters and Secrets) included. */
const MAX_LAYERS = 5;

/** Lambda function names: letters, digits, hyphens and underscores, at most 64 characters. */
const LAMBDA_NAME = { maxLength: 64, pattern: /^[A-Za-z0-9_-]+$/, characters: 'letters, digits, hyphens and underscores' };
/** CloudWatch Logs log group names. */
const LOG_GROUP_NAME = { maxLength: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/, characters: 'letters, digits and . - _ / #' };

/**
 * A Lambda function name the library derives from a replicated function's name by appending `suffix` (such as
 * `-probe`, or the failover's `-health`), with its log group: for `checkName`'s `derived`, so the error speaks of
 * `functionName`.
 */
export function derivedFunctionNames(what: string, suffix: string): DerivedName[] {
  return [
    { what: `the ${what} function name`, derive: (name) => `${name}${suffix}`, ...LAMBDA_NAME },
    { what: `the ${what} log group name`, derive: (name) => `/aws/lambda/${name}${suffix}`, ...LOG_GROUP_NAME },
  ];
}

/**
 * Settled values every replica is built from: validated once, every default applied, identical in every region.
 * Replicas are created from these and never see the props.
 */
export interface ReplicatedFunctionSettings {
  readonly functionName: string;
  readonly aliasName: string;
  readonly runtime: Runtime;
  readonly handler: string;
  readonly code: ReplicatedCode;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly tracing: Tracing;
  /** Layer ARNs with the region left out (`{region}`), to be completed per cell. */
  readonly layerArns: string[];
  /** The remaining `FunctionOptions`, checked, passed to every replica's function as given. */
  readonly lambdaOptions: FunctionOptions;
  /** Undefined: no reservation (aws-cdk-lib's default). */
  readonly reservedConcurrentExecutions: number | undefined;
  readonly retryAttempts: number;
  readonly maxEventAge: Duration;
  /** As given, for the cells that serve in normal operation. */
  readonly provisionedConcurrency: ProvisionedConcurrencySettings | undefined;
  /**
   * The provisioned concurrency of the replica in each region, by the topology's strategy: as given in the cells that
   * serve, a reduced floor in a warm standby, none in a pilot light.
   */
  readonly provisionedConcurrencyByRegion: { [region: string]: ProvisionedConcurrencySettings | undefined };
  readonly deploymentConfig: ILambdaDeploymentConfig;
  /** Whether replicas have an endpoint: always, never, or once something fronts the function. */
  readonly endpoint: defaults.EndpointMode;
  readonly authorization: EndpointAuthorization;
  readonly rateLimit: number;
  readonly burstLimit: number;
  /** A queue of the user's, by name in every region; undefined: the construct creates a dead-letter queue. */
  readonly onFailureQueueName: string | undefined;
  readonly deadLetterRetention: Duration;
  readonly logRetention: RetentionDays;
  readonly logEncryption: boolean;
  /** Undefined: no probe. */
  readonly probe: ProbeSettings | undefined;
  /** The probe alarm's period in seconds (what a probe-alarm health check waits on); undefined without a probe. */
  readonly probePeriodSeconds: number | undefined;
  readonly durationAlarmRatio: number;
}

export interface ProvisionedConcurrencySettings {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly utilizationTarget: number;
}

export interface ProbeSettings {
  readonly interval: Duration;
  readonly payload: string;
}

/**
 * Props naming an object that lives in one region (or one stack), with what to do instead.
 * A replica in another region could not use it without a cross-region reference.
 */
const REGIONAL_OBJECT_PROPS: Record<string, string> = {
  role: 'each replica gets its own least-privilege role; add permissions with addToRolePolicy() or grants',
  vpc: 'a VPC exists in one region; VPC placement is not supported for replicated functions yet',
  vpcSubnets: 'subnets exist in one region; VPC placement is not supported for replicated functions yet',
  securityGroups: 'security groups exist in one region; VPC placement is not supported for replicated functions yet',
  deadLetterQueue: 'each replica sends failed events to the encrypted dead-letter queue of its cell; to use your own, create it under one name in every region and pass onFailureQueueName',
  deadLetterTopic: 'each replica sends failed events to the encrypted dead-letter queue of its cell; to use your own, create it under one name in every region and pass onFailureQueueName',
  deadLetterQueueEnabled: 'each replica always gets an on-failure destination and dead-letter queue (its cell\'s encrypted queue, or onFailureQueueName)',
  onFailure: 'each replica sends failed events to its dead-letter queue; to use your own queue, pass onFailureQueueName',
  onSuccess: 'a destination lives in one region; add an on-success destination to each replica\'s alias (replica(region).alias)',
  logGroup: 'each replica gets its own log group; set logGroupRetention and logGroupEncryption',
  logRetention: 'each replica gets an explicit log group; set logGroupRetention',
  logRetentionRole: 'each replica gets an explicit log group; set logGroupRetention',
  events: 'an event source lives in one region; add event sources to each replica (replica(region).function.addEventSource)',
  filesystem: 'an EFS file system lives in one region',
  environmentEncryption: 'a KMS key lives in one region',
  codeSigningConfig: 'a code-signing configuration lives in one region',
  profilingGroup: 'a CodeGuru profiling group lives in one region',
};

/** FunctionOptions the settings carry themselves; the rest pass to every replica's function as given. */
const OWN_OPTIONS = ['code', 'runtime', 'handler', 'aliasName', 'deploymentConfig', 'provisionedConcurrency', 'endpoint',
  'deadLetterRetention', 'onFailureQueueName', 'logGroupRetention', 'logGroupEncryption', 'durationAlarmRatio',
  'retryAttempts', 'maxEventAge', 'layers', 'timeout', 'memorySize', 'functionName', 'tracing', 'probe',
  'reservedConcurrentExecutions'];

export function validateReplicatedFunctionProps(scope: IConstruct, id: string, props: ReplicatedFunctionProps): ReplicatedFunctionSettings {
  const topology = MultiRegionTopology.of(scope);
  for (const [prop, instead] of Object.entries(REGIONAL_OBJECT_PROPS)) {
    if ((props as any)[prop] !== undefined) {
      throw configError(scope, {
        setting: prop,
        value: describe((props as any)[prop]),
        problem: 'it names an object that lives in one region, and a replicated function has a replica in every region',
        allowed: 'no value',
        fix: `remove \`${prop}\`: ${instead}`,
      });
    }
  }
  const runtime = validateRuntime(scope, props.runtime);
  const handler = validateHandler(scope, props.handler);
  validateCode(scope, props.code, runtime);

  const timeout = props.timeout ?? defaults.DEFAULT_TIMEOUT;
  checkDuration(scope, 'timeout', timeout, {
    unit: 'seconds',
    max: MAX_TIMEOUT,
    why: 'Lambda takes its timeout in whole seconds, and stops every invocation at 15 minutes',
    fix: 'set a timeout of whole seconds from Duration.seconds(1) to Duration.minutes(15); to shorten the timeout, split longer work (a Step Functions workflow, or a queue of smaller jobs)',
  });
  const memorySize = checkNumber(scope, 'memorySize', props.memorySize ?? defaults.DEFAULT_MEMORY_SIZE, {
    min: MIN_MEMORY_MB, max: MAX_MEMORY_MB, unit: 'MB', why: 'Lambda\'s memory range',
  });
  const reserved = props.reservedConcurrentExecutions === undefined ? undefined
    : checkNumber(scope, 'reservedConcurrentExecutions', props.reservedConcurrentExecutions, {
      min: 0, unit: 'concurrent executions', why: 'Lambda reserves whole executions; 0 stops the function',
    });
  const provisionedConcurrency = validateProvisionedConcurrency(scope, props, reserved);
  const retryAttempts = checkNumber(scope, 'retryAttempts', props.retryAttempts ?? defaults.DEFAULT_RETRY_ATTEMPTS, {
    min: 0, max: 2, unit: 'retries', why: 'Lambda retries a failed asynchronous event at most twice',
  });
  const maxEventAge = props.maxEventAge ?? defaults.DEFAULT_MAX_EVENT_AGE;
  checkDuration(scope, 'maxEventAge', maxEventAge, {
    unit: 'seconds',
    min: Duration.seconds(60),
    max: Duration.hours(6),
    why: 'Lambda keeps an asynchronous event from 60 seconds to 6 hours',
  });

  const probe = validateProbe(scope, props);
  const endpoint = props.endpoint ?? {};
  const endpointMode: defaults.EndpointMode = endpoint.enabled === undefined ? defaults.DEFAULT_ENDPOINT_MODE
    : endpoint.enabled ? 'always' : 'never';
  const functionName = validateFunctionName(scope, id, props, topology, probe !== undefined, endpointMode !== 'never');
  validateParameterKey(scope, id, topology.serviceName);
  const aliasName = checkName(scope, 'aliasName', props.aliasName ?? defaults.DEFAULT_ALIAS_NAME, {
    maxLength: 128,
    pattern: /^(?![0-9]+$)[A-Za-z0-9_-]+$/,
    characters: 'letters, digits, hyphens and underscores, not only digits',
  });
  // A custom configuration (a construct in one stack) first: its name is a token.
  if (props.deploymentConfig && Token.isUnresolved((props.deploymentConfig as any).deploymentConfigName)) {
    throw configError(scope, {
      setting: 'deploymentConfig',
      value: describe(props.deploymentConfig),
      problem: 'a custom deployment configuration is a resource in one region',
      allowed: 'a predefined configuration such as LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES, LINEAR_10PERCENT_EVERY_1MINUTE or ALL_AT_ONCE',
      fix: 'use a predefined LambdaDeploymentConfig',
    });
  }

  // The predefined configurations are no instances of LambdaDeploymentConfig; what the deployment group needs is their
  // bindEnvironment, which anything else lacks (it used to fail there, with a TypeError).
  if (props.deploymentConfig !== undefined && typeof (props.deploymentConfig as any)?.bindEnvironment !== 'function') {
    throw configError(scope, {
      setting: 'deploymentConfig',
      value: props.deploymentConfig,
      problem: 'it is not a LambdaDeploymentConfig',
      allowed: 'a predefined LambdaDeploymentConfig, such as LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES',
      fix: 'use one of LambdaDeploymentConfig\'s predefined configurations',
    });
  }
  if (endpointMode === 'never') {
    const ignored = { because: 'the endpoint is disabled (endpoint.enabled is false)', allowed: 'no value while the endpoint is disabled' };
    for (const option of ['authorization', 'throttlingRateLimit', 'throttlingBurstLimit'] as const) {
      checkIgnored(scope, `endpoint.${option}`, endpoint[option], { ...ignored, fix: `remove endpoint.${option}, or enable the endpoint` });
    }
  }
  const tracing = checkOneOf(scope, 'tracing', props.tracing ?? defaults.DEFAULT_TRACING, Object.values(Tracing),
    'Lambda traces in these modes only', 'use a Tracing value, for example Tracing.ACTIVE');
  if (props.architecture !== undefined) {
    checkOneOf(scope, 'architecture', props.architecture?.name, [Architecture.X86_64.name, Architecture.ARM_64.name],
      'Lambda runs these instruction sets only', 'use Architecture.X86_64 or Architecture.ARM_64');
  }

  const bucket = { why: 'a token bucket needs a positive refill rate and a positive whole-number size; to stop traffic, set reservedConcurrentExecutions to 0 instead' };
  const rateLimit = checkNumber(scope, 'endpoint.throttlingRateLimit', endpoint.throttlingRateLimit ?? defaults.DEFAULT_THROTTLING_RATE_LIMIT, {
    ...bucket, min: 1, integer: false, unit: 'requests per second',
  });
  const burstLimit = checkNumber(scope, 'endpoint.throttlingBurstLimit', endpoint.throttlingBurstLimit ?? defaults.DEFAULT_THROTTLING_BURST_LIMIT, {
    ...bucket, min: 1, unit: 'requests',
  });
  const authorization = checkOneOf(scope, 'endpoint.authorization', endpoint.authorization ?? defaults.DEFAULT_ENDPOINT_AUTHORIZATION,
    Object.values(EndpointAuthorization), 'the endpoint authorizes callers with IAM or not at all');

  const onFailureQueueName = validateOnFailureQueueName(scope, props.onFailureQueueName);
  if (onFailureQueueName !== undefined && props.deadLetterRetention !== undefined) {
    throw configError(scope, {
      setting: 'deadLetterRetention',
      value: props.deadLetterRetention,
      problem: 'it sets the retention of the dead-letter queue this construct creates, and onFailureQueueName replaces that queue with yours',
      allowed: 'no value when onFailureQueueName is set',
      fix: 'remove deadLetterRetention, and set the retention period on your own queue',
    });
  }
  const deadLetterRetention = props.deadLetterRetention ?? defaults.DEFAULT_DEAD_LETTER_RETENTION;
  checkDuration(scope, 'deadLetterRetention', deadLetterRetention, {
    unit: 'seconds', min: Duration.seconds(60), max: Duration.days(14), why: 'SQS keeps a message from 60 seconds to 14 days',
  });
  const logRetention = checkLogRetention(scope, 'logGroupRetention', props.logGroupRetention ?? defaults.DEFAULT_LOG_RETENTION);

  const durationAlarmRatio = props.durationAlarmRatio ?? defaults.DEFAULT_DURATION_ALARM_RATIO;
  if (typeof durationAlarmRatio !== 'number' || !(durationAlarmRatio > 0 && durationAlarmRatio <= 1)) {
    throw configError(scope, {
      setting: 'durationAlarmRatio',
      value: durationAlarmRatio,
      problem: 'the p99 duration alarm fires at this fraction of the timeout',
      allowed: 'a number above 0 and at most 1',
      fix: 'use for example 0.8',
    });
  }

  const extraLayers = [props.insightsVersion, props.adotInstrumentation, props.paramsAndSecrets].filter((x) => x !== undefined).length;
  const layers = checkList(scope, 'layers', props.layers, {
    maxItems: MAX_LAYERS - extraLayers,
    why: `Lambda runs at most ${MAX_LAYERS} layers, and insightsVersion, adotInstrumentation and paramsAndSecrets add ${extraLayers} here`,
  });
  validateEnvironment(scope, props.environment);
  validateLambdaOptions(scope, props, runtime);

  return {
    functionName,
    aliasName,
    runtime,
    handler,
    code: props.code,
    timeout,
    memorySize,
    tracing,
    layerArns: layers.map((layer, i) => regionlessLayerArn(scope, i, layer.layerVersionArn)),
    lambdaOptions: Object.fromEntries(Object.entries(props).filter(([key]) => !OWN_OPTIONS.includes(key))),
    reservedConcurrentExecutions: reserved,
    retryAttempts,
    maxEventAge,
    provisionedConcurrency,
    provisionedConcurrencyByRegion: Object.fromEntries(topology.regions.map((region) =>
      [region, provisionedConcurrencyIn(topology, region, provisionedConcurrency)])),
    deploymentConfig: props.deploymentConfig ?? defaults.DEFAULT_DEPLOYMENT_CONFIG,
    endpoint: endpointMode,
    authorization,
    rateLimit,
    burstLimit,
    onFailureQueueName,
    deadLetterRetention,
    logRetention,
    logEncryption: props.logGroupEncryption ?? defaults.DEFAULT_LOG_ENCRYPTION,
    probe,
    probePeriodSeconds: probe?.interval.toSeconds(),
    durationAlarmRatio,
  };
}

/**
 * The function name (given, or `<serviceName>-<id>`), checked with every name derived from it: its log group, the
 * probe's function and log group (with a probe), and each region's endpoint name (with an endpoint).
 */
function validateFunctionName(scope: IConstruct, id: string, props: ReplicatedFunctionProps, topology: MultiRegionTopology,
  probe: boolean, endpoint: boolean): string {
  const longestRegion = topology.regions.reduce((a, b) => (b.length > a.length ? b : a), '');
  const derived: DerivedName[] = [
    { what: 'the log group name', derive: (name) => `/aws/lambda/${name}`, ...LOG_GROUP_NAME },
    ...(probe ? derivedFunctionNames('probe', '-probe') : []),
    ...(endpoint ? [{
      what: `the endpoint (HTTP API) name in ${longestRegion}`,
      derive: (name: string) => `${name}-${longestRegion}`,
      maxLength: 128,
      pattern: /^.+$/,
      characters: 'any characters',
    }] : []),
  ];
  const given = props.functionName !== undefined;
  if (given && Token.isUnresolved(props.functionName)) {
    throw configError(scope, {
      setting: 'functionName',
      value: props.functionName,
      problem: 'the function name is the same in every region, so callers can build each replica\'s ARN; a token is known only at deploy time',
      allowed: 'a literal name',
      fix: 'pass a literal functionName',
    });
  }
  return checkName(scope, 'functionName', props.functionName ?? `${topology.serviceName}-${id}`, {
    ...LAMBDA_NAME,
    derived,
    hint: given ? undefined : 'functionName defaults to <serviceName>-<id>: pass a functionName, or shorten the construct id or serviceName',
  });
}

/** The construct id keys the function's SSM parameters (`<namespace>/functions/<id>/...`), the same in every region. */
function validateParameterKey(scope: IConstruct, id: string, serviceName: string): void {
  const parameter = /^[A-Za-z0-9_.\-/]+$/;
  checkName(scope, 'id', id, {
    maxLength: 1011,
    pattern: /^[A-Za-z0-9_.-]+$/,
    characters: 'letters, digits, periods, hyphens and underscores',
    derived: ['alias-arn', 'endpoint-url'].map((key) => ({
      what: `the SSM parameter name for ${key}`,
      derive: (name: string) => functionParameterName(serviceName, name, key as 'alias-arn' | 'endpoint-url'),
      maxLength: 1011,
      pattern: parameter,
      characters: 'letters, digits, and _ . - /',
    })),
    hint: 'the construct id names the function\'s SSM parameters in every region',
  });
}

function validateProvisionedConcurrency(scope: IConstruct, props: ReplicatedFunctionProps,
  reserved: number | undefined): ProvisionedConcurrencySettings | undefined {
  const provisioned = props.provisionedConcurrency;
  if (!provisioned) return undefined;
  const min = checkNumber(scope, 'provisionedConcurrency.minCapacity', provisioned.minCapacity, { min: 1, unit: 'concurrent executions' });
  const max = checkNumber(scope, 'provisionedConcurrency.maxCapacity', provisioned.maxCapacity ?? min, { min: 1, unit: 'concurrent executions' });
  if (max < min) {
    throw configError(scope, {
      setting: 'provisionedConcurrency',
      value: { minCapacity: min, maxCapacity: max },
      problem: 'provisioned concurrency needs whole numbers with 1 <= minCapacity <= maxCapacity',
      allowed: 'for example { minCapacity: 2, maxCapacity: 10 }',
      fix: 'correct minCapacity and maxCapacity',
    });
  }
  if (reserved !== undefined && max > reserved) {
    throw configError(scope, {
      setting: 'provisionedConcurrency.maxCapacity',
      value: max,
      problem: `provisioned concurrency is carved out of the reserved concurrency (${reserved}), so it cannot exceed it`,
      allowed: `at most reservedConcurrentExecutions (${reserved})`,
      fix: `lower maxCapacity (and minCapacity) to ${reserved} or less, or raise reservedConcurrentExecutions`,
    });
  }
  const utilizationTarget = checkNumber(scope, 'provisionedConcurrency.utilizationTarget',
    provisioned.utilizationTarget ?? defaults.DEFAULT_UTILIZATION_TARGET, {
      min: 0.1, max: 0.9, integer: false, why: 'Application Auto Scaling tracks a utilization between 10% and 90% of provisioned concurrency',
    });
  // Checked after its range, so a value out of range is named as such first.
  if (max === min) {
    checkIgnored(scope, 'provisionedConcurrency.utilizationTarget', provisioned.utilizationTarget, {
      because: `autoscaling needs maxCapacity above minCapacity, and both are ${min}`,
      allowed: 'a utilizationTarget only with maxCapacity above minCapacity',
      fix: 'remove utilizationTarget, or set maxCapacity above minCapacity',
    });
  }
  return { minCapacity: min, maxCapacity: max, utilizationTarget };
}

/**
 * The provisioned concurrency in `region` under the topology's strategy. A standby keeps `standbyCapacity` of the floor
 * (at least 1, none for a pilot light) and the same ceiling, so autoscaling raises it when the standby takes the
 * traffic; reserved concurrency, a ceiling that costs nothing, stays as given in every cell.
 */
function provisionedConcurrencyIn(topology: MultiRegionTopology, region: string,
  given: ProvisionedConcurrencySettings | undefined): ProvisionedConcurrencySettings | undefined {
  const strategy = topology._strategy;
  if (!given || !strategy.standbyRegions.includes(region) || strategy.standbyCapacity >= 1) return given;
  const minCapacity = standbyFloor(given.minCapacity, strategy.standbyCapacity);
  return minCapacity === 0 ? undefined : { ...given, minCapacity };
}

/** The probe's payload is an environment variable of the probe function (Lambda's 4 KB holds it and the rest). */
const MAX_PROBE_PAYLOAD = 2048;

function validateProbe(scope: IConstruct, props: ReplicatedFunctionProps): ProbeSettings | undefined {
  if (!props.probe) return undefined;
  const interval = props.probe.interval ?? defaults.DEFAULT_PROBE_INTERVAL;
  checkDuration(scope, 'probe.interval', interval, {
    unit: 'minutes',
    max: Duration.hours(12),
    why: 'EventBridge schedules run in whole minutes, at most once a minute, and the probe alarm\'s two periods must fit in CloudWatch\'s one-day evaluation',
  });
  const payload = props.probe.payload ?? defaults.DEFAULT_PROBE_PAYLOAD;
  let json = typeof payload === 'string';
  try {
    if (json) JSON.parse(payload);
  } catch {
    json = false;
  }
  if (!json || payload.length > MAX_PROBE_PAYLOAD) {
    throw configError(scope, {
      setting: 'probe.payload',
      value: payload,
      problem: json ? `the payload has ${payload.length} characters, and it travels in the probe function's environment (4 KB in all)`
        : 'the probe sends its payload as the invocation\'s JSON event',
      allowed: `a JSON document of at most ${MAX_PROBE_PAYLOAD} characters, such as '{"probe":true}'`,
      fix: json ? 'send a smaller payload: the probe only needs a cheap answer' : 'pass JSON.stringify(yourPayload)',
    });
  }
  return { interval, payload };
}

/** An existing standard queue by name: SQS names are letters, digits, hyphens and underscores, up to 80 characters. */
function validateOnFailureQueueName(scope: IConstruct, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (typeof name === 'string' && !Token.isUnresolved(name)) {
    const byAddress = name.startsWith('arn:') ? 'an ARN' : /^https?:\/\//.test(name) ? 'a URL' : undefined;
    if (byAddress) {
      const last = name.split(/[:/]/).pop();
      throw configError(scope, {
        setting: 'onFailureQueueName',
        value: name,
        problem: `it is ${byAddress}, and the queue is named once for every region (each replica builds its own region's ARN)`,
        allowed: 'the queue\'s name only, such as \'orders-failures\'',
        fix: `pass the name: onFailureQueueName: '${last}'`,
      });
    }
    if (name.endsWith('.fifo')) {
      throw configError(scope, {
        setting: 'onFailureQueueName',
        value: name,
        problem: 'Lambda sends failed asynchronous events to standard queues only, and this names a FIFO queue',
        allowed: 'the name of a standard queue',
        fix: 'create a standard queue under one name in every region and pass its name',
      });
    }
  }
  return checkName(scope, 'onFailureQueueName', name, { maxLength: 80, pattern: /^[A-Za-z0-9_-]+$/, characters: 'letters, digits, hyphens and underscores' });
}

/** A value for a message: aws-cdk-lib objects by their jsii type and construct path. */
export function describe(value: unknown): string {
  if (value && typeof value === 'object') {
    // aws-cdk-lib classes carry their jsii name (`aws-cdk-lib.aws_iam.Role`); their JavaScript names are mangled.
    const fqn: string | undefined = (value.constructor as any)?.[Symbol.for('jsii.rtti')]?.fqn;
    const type = fqn ? fqn.replace(/^aws-cdk-lib\./, '') : value.constructor?.name ?? 'object';
    const path = (value as any).node?.path;
    return path ? `<${type} at ${path}>` : `<${type}>`;
  }
  return renderValue(value);
}
