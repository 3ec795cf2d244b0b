import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { Arn, ArnFormat, Duration, Token } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { ReplicatedCode } from './code';
import { ReplicatedFunctionProps } from './options';
import { configError } from '../private/errors';
import { checkDuration, checkSize, checkInstance } from '../private/validate';

/**
 * Checks of the Lambda options a replicated function passes to every replica, for values only the deploy (or
 * aws-cdk-lib, in its own words, about a resource the user never declared) would refuse.
 */

/** Environment variables Lambda sets itself and refuses in a function's configuration. */
const RESERVED_ENVIRONMENT = [
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
];
/** Lambda's environment variable names. */
const ENVIRONMENT_KEY = /^[a-zA-Z]([a-zA-Z0-9_])+$/;
/** Lambda's limit on all of a function's environment variables, names and values together. */
const MAX_ENVIRONMENT_BYTES = 4096;

/** Checks one environment variable's name (also for `addEnvironment`). */
export function checkEnvironmentKey(scope: IConstruct, key: string, setting = 'environment key'): void {
  if (Token.isUnresolved(key)) return;
  const reserved = RESERVED_ENVIRONMENT.includes(key);
  if (typeof key !== 'string' || reserved || !ENVIRONMENT_KEY.test(key)) {
    throw configError(scope, {
      setting,
      value: key,
      problem: reserved ? 'Lambda sets this variable itself and refuses it in a function\'s configuration'
        : 'Lambda takes variable names of a letter followed by letters, digits and underscores',
      allowed: 'a name matching [a-zA-Z]([a-zA-Z0-9_])+ that Lambda does not reserve (AWS_REGION, AWS_LAMBDA_*, _HANDLER, ...)',
      fix: reserved ? 'remove it (read it at run time, where Lambda provides it) or rename it' : 'rename the variable',
    });
  }
}

export function validateEnvironment(scope: IConstruct, environment: { [key: string]: string } | undefined): void {
  if (environment === undefined) return;
  let bytes = 0;
  for (const [key, value] of Object.entries(environment)) {
    checkEnvironmentKey(scope, key);
    if (typeof value !== 'string') {
      throw configError(scope, {
        setting: `environment.${key}`,
        value,
        problem: 'Lambda environment values are strings',
        allowed: 'a string',
        fix: `pass String(value) or JSON.stringify(value) for ${key}`,
      });
    }
    bytes += Buffer.byteLength(key) + (Token.isUnresolved(value) ? 0 : Buffer.byteLength(value));
  }
  if (bytes > MAX_ENVIRONMENT_BYTES) {
    throw configError(scope, {
      setting: 'environment',
      value: `<${Object.keys(environment).length} variables, ${bytes} bytes>`,
      problem: `Lambda holds at most ${MAX_ENVIRONMENT_BYTES} bytes of environment variables (names and values) per function`,
      allowed: `at most ${MAX_ENVIRONMENT_BYTES} bytes in all`,
      fix: 'move large values to SSM Parameter Store or AWS AppConfig and read them at run time',
    });
  }
}

/** Archives Lambda (and aws-cdk-lib's asset code) take as a file; anything else must be a directory. */
const ARCHIVE_EXTENSIONS = ['.zip', '.jar'];

export function validateCode(scope: IConstruct, code: ReplicatedCode | undefined, runtime: Runtime): void {
  const source = checkInstance(scope, 'code', code, ReplicatedCode,
    'ReplicatedCode.fromAsset(path) or ReplicatedCode.fromInline(source) (a lambda.Code binds to one stack only)')._source();
  if (source.inline !== undefined) {
    if (!runtime.supportsInlineCode) {
      throw configError(scope, {
        setting: 'code',
        value: 'ReplicatedCode.fromInline(...)',
        problem: `Lambda takes inline code for Node.js and Python runtimes only, and the runtime is ${runtime.name}`,
        allowed: 'ReplicatedCode.fromAsset(path) for this runtime, or inline code with a Node.js or Python runtime',
        fix: 'package the code and pass ReplicatedCode.fromAsset(path)',
      });
    }
    if (source.inline.trim().length === 0) {
      throw configError(scope, {
        setting: 'code',
        value: `ReplicatedCode.fromInline('${source.inline}')`,
        problem: 'the inline code is empty',
        allowed: 'the handler\'s source',
        fix: 'pass the source of the handler',
      });
    }
  }
  if (source.assetPath !== undefined && !Token.isUnresolved(source.assetPath)) {
    const path = source.assetPath;
    const missing = !existsSync(path);
    if (missing || (!statSync(path).isDirectory() && !ARCHIVE_EXTENSIONS.includes(extname(path).toLowerCase()))) {
      throw configError(scope, {
        setting: 'code',
        value: `ReplicatedCode.fromAsset('${path}')`,
        problem: missing ? `there is nothing at ${path} (relative paths start from ${process.cwd()})`
          : 'the asset is a file that is not an archive',
        allowed: 'an existing directory, or a .zip or .jar file',
        fix: missing ? 'build the code first, or correct the path (use path.join(__dirname, ...) to be independent of the working directory)'
          : 'pass the directory that holds the file, or zip it',
      });
    }
  }
}

/** Options that configure VPC networking, which a replicated function (never in a VPC) would silently ignore or fail on. */
const VPC_ONLY_OPTIONS = ['securityGroup', 'allowAllOutbound', 'allowAllIpv6Outbound', 'ipv6AllowedForDualStack', 'allowPublicSubnet'];

/** Lambda's description limit. */
const MAX_DESCRIPTION = 256;

export function validateLambdaOptions(scope: IConstruct, props: ReplicatedFunctionProps, runtime: Runtime): void {
  for (const option of VPC_ONLY_OPTIONS) {
    const value = (props as any)[option];
    if (value !== undefined) {
      throw configError(scope, {
        setting: option,
        value: typeof value === 'object' ? '<object>' : value,
        problem: 'it configures VPC networking, and replicated functions are not placed in a VPC (a VPC lives in one region)',
        allowed: 'no value',
        fix: `remove \`${option}\``,
      });
    }
  }
  const description = props.description;
  if (description !== undefined && !Token.isUnresolved(description) && (typeof description !== 'string' || description.length > MAX_DESCRIPTION)) {
    throw configError(scope, {
      setting: 'description',
      value: description,
      problem: typeof description !== 'string' ? 'a description is text' : `the description has ${description.length} characters`,
      allowed: `text of at most ${MAX_DESCRIPTION} characters`,
      fix: 'shorten the description',
    });
  }
  const ephemeralMiB = props.ephemeralStorageSize === undefined ? undefined
    : checkSize(scope, 'ephemeralStorageSize', props.ephemeralStorageSize, {
      unit: 'mebibytes', min: 512, max: 10_240, why: 'Lambda\'s /tmp is 512 MiB to 10,240 MiB',
    });
  if (props.snapStart !== undefined) {
    const problem = !runtime.supportsSnapStart ? `Lambda SnapStart does not support the runtime ${runtime.name}`
      : ephemeralMiB !== undefined && ephemeralMiB > 512 ? 'SnapStart supports at most 512 MiB of ephemeral storage' : undefined;
    if (problem) {
      throw configError(scope, {
        setting: 'snapStart',
        value: '<SnapStartConf>',
        problem,
        allowed: 'SnapStart on a Java, Python or .NET runtime that supports it, with at most 512 MiB of ephemeral storage',
        fix: 'remove snapStart, or change the runtime or ephemeralStorageSize',
      });
    }
  }
  if (props.profiling && !runtime.supportsCodeGuruProfiling) {
    throw configError(scope, {
      setting: 'profiling',
      value: true,
      problem: `CodeGuru Profiler does not support the runtime ${runtime.name}`,
      allowed: 'profiling on a Java or Python runtime',
      fix: 'remove profiling',
    });
  }
  if (props.durableConfig) {
    checkDuration(scope, 'durableConfig.executionTimeout', props.durableConfig.executionTimeout, {
      unit: 'seconds', max: Duration.seconds(31_622_400), why: 'Lambda runs a durable execution for at most 366 days',
    });
    if (props.durableConfig.retentionPeriod !== undefined) {
      checkDuration(scope, 'durableConfig.retentionPeriod', props.durableConfig.retentionPeriod, {
        unit: 'days', max: Duration.days(90), why: 'Lambda keeps a durable execution\'s history from 1 to 90 days',
      });
    }
  }
}

export function validateRuntime(scope: IConstruct, runtime: Runtime | undefined): Runtime {
  const name = runtime?.name;
  const deprecated = DEPRECATED_RUNTIMES.includes(name as string);
  if (!(runtime instanceof Runtime) || deprecated || name === Runtime.FROM_IMAGE.name) {
    throw configError(scope, {
      setting: 'runtime',
      value: name ?? runtime,
      problem: deprecated ? 'AWS Lambda no longer supports this runtime (aws-cdk-lib marks it deprecated)'
        : runtime instanceof Runtime ? 'a replicated function deploys code from a ReplicatedCode, not a container image'
          : 'a runtime is required',
      allowed: 'a supported runtime such as Runtime.NODEJS_22_X, Runtime.NODEJS_24_X or Runtime.PYTHON_3_13',
      fix: deprecated ? 'upgrade the runtime' : 'set runtime to a supported Lambda runtime',
    });
  }
  return runtime;
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

/** Lambda's handler: 1 to 128 characters without whitespace. */
export function validateHandler(scope: IConstruct, handler: unknown): string {
  if (Token.isUnresolved(handler)) return handler as string;
  if (typeof handler !== 'string' || !/^\S{1,128}$/.test(handler)) {
    throw configError(scope, {
      setting: 'handler',
      value: handler,
      problem: typeof handler !== 'string' || handler.length === 0 ? 'a handler is required'
        : handler.length > 128 ? `the handler has ${handler.length} characters` : 'Lambda handlers contain no whitespace',
      allowed: '1 to 128 characters without whitespace, such as \'index.handler\'',
      fix: 'set handler to the file and exported function, for example \'index.handler\'',
    });
  }
  return handler;
}

/** `arn:aws:lambda:us-east-1:123:layer:name:3` -> the same ARN with `{region}` where the region was. */
export function regionlessLayerArn(scope: IConstruct, index: number, arn: string): string {
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
