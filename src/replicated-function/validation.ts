import { Arn, ArnFormat, Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { EndpointAuthorization } from './options';
import type { ReplicatedFunctionProps } from './replicated-function';
import { configError, renderValue } from '../private/errors';
import { MultiRegionTopology } from '../topology/multi-region-topology';

/** Lambda's limits (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
const MAX_TIMEOUT = Duration.minutes(15);
const MIN_MEMORY_MB = 128;
const MAX_MEMORY_MB = 10_240;

/** Settled values every replica is built from: validated once, identical in every region. */
export interface ValidatedFunctionSettings {
  readonly functionName: string;
  readonly aliasName: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  /** Layer ARNs with the region left out, to be completed per cell. */
  readonly layerArns: string[];
  readonly endpointEnabled: boolean;
  readonly authorization: EndpointAuthorization;
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly durationAlarmRatio: number;
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
  deadLetterQueue: 'each replica gets an encrypted dead-letter queue; to use your own, create it under one name in every region and pass onFailureQueueName',
  deadLetterTopic: 'each replica gets an encrypted dead-letter queue; to use your own, create it under one name in every region and pass onFailureQueueName',
  deadLetterQueueEnabled: 'each replica always gets an on-failure destination (an encrypted dead-letter queue, or onFailureQueueName)',
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

export function validateReplicatedFunctionProps(scope: IConstruct, id: string, props: ReplicatedFunctionProps): ValidatedFunctionSettings {
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
  validateRuntime(scope, props);

  const timeout = props.timeout ?? Duration.seconds(10);
  if (!timeout.isUnresolved() && timeout.toSeconds() > MAX_TIMEOUT.toSeconds()) {
    throw configError(scope, {
      setting: 'timeout',
      value: timeout.toHumanString(),
      problem: 'Lambda stops every invocation at 15 minutes',
      allowed: 'at most Duration.minutes(15)',
      fix: 'shorten the timeout, or split the work (a Step Functions workflow, or a queue of smaller jobs)',
    });
  }
  const memorySize = props.memorySize ?? 512;
  if (!Token.isUnresolved(memorySize) && (!Number.isInteger(memorySize) || memorySize < MIN_MEMORY_MB || memorySize > MAX_MEMORY_MB)) {
    throw configError(scope, {
      setting: 'memorySize',
      value: memorySize,
      problem: 'Lambda accepts whole megabytes between 128 and 10240',
      allowed: `an integer from ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB}`,
      fix: `set memorySize within ${MIN_MEMORY_MB}-${MAX_MEMORY_MB}`,
    });
  }
  validateConcurrency(scope, props);

  const functionName = props.functionName ?? `${topology.serviceName}-${id}`;
  if (Token.isUnresolved(functionName) || !/^[A-Za-z0-9-_]{1,64}$/.test(functionName)) {
    throw configError(scope, {
      setting: props.functionName === undefined ? 'functionName (defaulted to <serviceName>-<id>)' : 'functionName',
      value: functionName,
      problem: 'the function name is the same in every region, so callers can build each replica\'s ARN; it must be a valid Lambda name',
      allowed: 'letters, digits, hyphens and underscores, at most 64 characters',
      fix: props.functionName === undefined ? 'pass a shorter functionName, or shorten the construct id or serviceName' : 'choose a valid functionName',
    });
  }
  const aliasName = props.aliasName ?? 'live';
  if (!/^(?!^[0-9]+$)[A-Za-z0-9-_]{1,128}$/.test(aliasName)) {
    throw configError(scope, {
      setting: 'aliasName',
      value: aliasName,
      problem: 'Lambda alias names are letters, digits, hyphens and underscores, and not only digits',
      allowed: 'for example \'live\'',
      fix: 'choose a valid alias name',
    });
  }
  if (props.deploymentConfig && Token.isUnresolved(props.deploymentConfig.deploymentConfigName)) {
    throw configError(scope, {
      setting: 'deploymentConfig',
      value: describe(props.deploymentConfig),
      problem: 'a custom deployment configuration is a resource in one region',
      allowed: 'a predefined configuration such as LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES, LINEAR_10PERCENT_EVERY_1MINUTE or ALL_AT_ONCE',
      fix: 'use a predefined LambdaDeploymentConfig',
    });
  }

  const endpoint = props.endpoint ?? {};
  const rateLimit = endpoint.throttlingRateLimit ?? 100;
  const burstLimit = endpoint.throttlingBurstLimit ?? 200;
  for (const [setting, value] of [['endpoint.throttlingRateLimit', rateLimit], ['endpoint.throttlingBurstLimit', burstLimit]] as const) {
    if (!Number.isFinite(value) || value < 1 || (setting.endsWith('BurstLimit') && !Number.isInteger(value))) {
      throw configError(scope, {
        setting,
        value,
        problem: 'a token bucket needs a positive refill rate and a positive whole-number size',
        allowed: 'a rate of at least 1 request/s and a burst of at least 1 request',
        fix: 'set a positive limit; to stop traffic, set reservedConcurrentExecutions to 0 instead',
      });
    }
  }
  const interval = props.probe?.interval;
  if (interval && !interval.isUnresolved() && (interval.toSeconds() < 60 || interval.toSeconds() % 60 !== 0)) {
    throw configError(scope, {
      setting: 'probe.interval',
      value: interval.toHumanString(),
      problem: 'EventBridge schedules run in whole minutes, at most once a minute',
      allowed: 'a whole number of minutes, at least Duration.minutes(1)',
      fix: 'use for example Duration.minutes(1)',
    });
  }
  if (props.probe?.payload !== undefined) {
    try {
      JSON.parse(props.probe.payload);
    } catch {
      throw configError(scope, {
        setting: 'probe.payload',
        value: props.probe.payload,
        problem: 'the probe sends its payload as the invocation\'s JSON event',
        allowed: 'a JSON document, such as \'{"probe":true}\'',
        fix: 'pass JSON.stringify(yourPayload)',
      });
    }
  }
  const durationAlarmRatio = props.durationAlarmRatio ?? 0.8;
  if (!(durationAlarmRatio > 0 && durationAlarmRatio <= 1)) {
    throw configError(scope, {
      setting: 'durationAlarmRatio',
      value: durationAlarmRatio,
      problem: 'the p99 duration alarm fires at this fraction of the timeout',
      allowed: 'a number above 0 and at most 1',
      fix: 'use for example 0.8',
    });
  }

  return {
    functionName,
    aliasName,
    timeout,
    memorySize,
    layerArns: (props.layers ?? []).map((layer, i) => regionlessLayerArn(scope, i, layer.layerVersionArn)),
    endpointEnabled: endpoint.enabled ?? true,
    authorization: endpoint.authorization ?? EndpointAuthorization.IAM,
    rateLimit,
    burstLimit,
    durationAlarmRatio,
  };
}

function validateRuntime(scope: IConstruct, props: ReplicatedFunctionProps): void {
  const deprecated = DEPRECATED_RUNTIMES.includes(props.runtime?.name);
  if (!props.runtime || deprecated) {
    throw configError(scope, {
      setting: 'runtime',
      value: props.runtime?.name,
      problem: deprecated ? 'AWS Lambda no longer supports this runtime (aws-cdk-lib marks it deprecated)' : 'a runtime is required',
      allowed: 'a supported runtime such as Runtime.NODEJS_22_X, Runtime.NODEJS_24_X or Runtime.PYTHON_3_13',
      fix: 'upgrade the runtime',
    });
  }
}

/**
 * Runtimes aws-cdk-lib 2.257 marks `@deprecated` ("Legacy runtime no longer supported by AWS Lambda").
 * Checked by name, so a runtime built with `new Runtime('nodejs16.x')` is caught too.
 */
const DEPRECATED_RUNTIMES = [
  'nodejs', 'nodejs4.3', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x', 'nodejs18.x',
  'python2.7', 'python3.6', 'python3.7', 'python3.8', 'python3.9',
  'java8', 'dotnet6', 'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1',
  'go1.x', 'ruby2.5', 'ruby2.7', 'provided',
];

function validateConcurrency(scope: IConstruct, props: ReplicatedFunctionProps): void {
  const reserved = props.reservedConcurrentExecutions;
  const provisioned = props.provisionedConcurrency;
  if (!provisioned) return;
  const min = provisioned.minCapacity;
  const max = provisioned.maxCapacity ?? min;
  const target = provisioned.utilizationTarget ?? 0.7;
  if (!Number.isInteger(min) || min < 1 || !Number.isInteger(max) || max < min) {
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
  if (!(target >= 0.1 && target <= 0.9)) {
    throw configError(scope, {
      setting: 'provisionedConcurrency.utilizationTarget',
      value: target,
      problem: 'Application Auto Scaling tracks a utilization between 10% and 90% of provisioned concurrency',
      allowed: 'a number from 0.1 to 0.9',
      fix: 'use for example 0.7',
    });
  }
}

/** `arn:aws:lambda:us-east-1:123:layer:name:3` -> the same ARN with `{region}` where the region was. */
function regionlessLayerArn(scope: IConstruct, index: number, arn: string): string {
  if (Token.isUnresolved(arn)) {
    throw configError(scope, {
      setting: `layers[${index}]`,
      value: arn,
      problem: 'the layer is a resource in one stack (its ARN is a token), and a layer can only be used in its own region',
      allowed: 'layers imported by ARN, published under the same name and version in every region',
      fix: 'publish the layer in every region and pass LayerVersion.fromLayerVersionArn(stack, id, \'arn:aws:lambda:<any region>:<account>:layer:<name>:<version>\'): each replica uses it from its own region',
    });
  }
  const parts = Arn.split(arn, ArnFormat.COLON_RESOURCE_NAME);
  return `arn:${parts.partition}:lambda:{region}:${parts.account}:${parts.resource}:${parts.resourceName}`;
}

function describe(value: unknown): string {
  if (value && typeof value === 'object') {
    // aws-cdk-lib classes carry their jsii name (`aws-cdk-lib.aws_iam.Role`); their JavaScript names are mangled.
    const fqn: string | undefined = (value.constructor as any)?.[Symbol.for('jsii.rtti')]?.fqn;
    const type = fqn ? fqn.replace(/^aws-cdk-lib\./, '') : value.constructor?.name ?? 'object';
    const path = (value as any).node?.path;
    return path ? `<${type} at ${path}>` : `<${type}>`;
  }
  return renderValue(value);
}
