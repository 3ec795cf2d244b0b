import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, ILayerVersion, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { FisLambdaExtensionOptions } from './lambda-extension-options';
import { acknowledge } from '../private/acknowledge';
import { configError } from '../private/errors';
import { FunctionReplica } from '../replicated-function/function-replica';
import { RegionalCell } from '../topology/regional-cell';

/** The folder of the configuration bucket that FIS writes to and the extension reads. */
export const FIS_CONFIGURATION_PREFIX = 'FisConfigs';

/**
 * AWS publishes the extension's layer ARN in every region as a public SSM parameter, per architecture
 * (https://docs.aws.amazon.com/fis/latest/userguide/actions-lambda-extension-arns.html): each cell reads its own
 * region's at deploy time, so no layer ARN is hard-coded per region.
 */
const LAYER_PARAMETERS: Record<string, string> = {
  [Architecture.X86_64.name]: '/aws/service/fis/lambda-extension/AWS-FIS-extension-x86_64/1.x.x',
  [Architecture.ARM_64.name]: '/aws/service/fis/lambda-extension/AWS-FIS-extension-arm64/1.x.x',
};

/** Replicas already wired, so two drills never stack two extensions on one function. */
const WIRED = new WeakMap<FunctionReplica, string>();

/**
 * Creates the cell's configuration bucket in `drill` and wires the extension into `replicas`
 * (https://docs.aws.amazon.com/fis/latest/userguide/use-lambda-actions.html).
 */
export function wireLambdaExtension(drill: Construct, cell: RegionalCell, replicas: FunctionReplica[],
  options: FisLambdaExtensionOptions): Bucket {
  const bucket = new Bucket(drill, 'FisConfigurationBucket', {
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    // FIS deletes a fault configuration when its action ends; an expiry removes one FIS failed to remove, after the
    // longest possible action (12 hours), so a lost cleanup cannot leave a fault in place.
    lifecycleRules: [{ expiration: Duration.days(1) }],
    removalPolicy: RemovalPolicy.DESTROY,
  });
  acknowledge(bucket, ['AwsSolutions-S1', 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
    'cdk-validator-cfnguard::s3_bucket_versioning_enabled_check', 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
    'cdk-validator-cfnguard::s3_event_notifications_enabled_check'],
  'Holds only the fault configurations FIS writes for the Lambda extension while an experiment runs (deleted when the ' +
    'action ends, expired after a day): nothing to log, version, lock or notify about');
  acknowledge(bucket, ['cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check'],
    'A fault configuration (action, percentage, duration) is not data worth a customer-managed key; SSE-S3 keeps FIS and ' +
    'every drilled function free of KMS permissions on the fault path');

  const location = bucket.arnForObjects(`${FIS_CONFIGURATION_PREFIX}/`);
  const layers = new Map<string, ILayerVersion>();
  for (const replica of replicas) {
    const owner = WIRED.get(replica);
    if (owner) {
      throw configError(drill, {
        setting: 'lambdaExtension',
        value: replica.function.node.path,
        problem: `the drill at '${owner}' already wires the FIS Lambda extension into this function`,
        allowed: 'one drill with lambdaExtension per replicated function and region',
        fix: 'put every fault for this function into one ChaosExperiments, or leave lambdaExtension unset on the second',
      });
    }
    WIRED.set(replica, drill.node.path);

    const architecture = replica.function.architecture.name;
    const parameterName = LAYER_PARAMETERS[architecture];
    if (!parameterName) {
      throw configError(drill, {
        setting: 'functions',
        value: replica.function.node.path,
        problem: `the FIS Lambda extension is published for x86_64 and arm64 only, and this function is ${architecture}`,
        allowed: 'functions on Architecture.X86_64 or Architecture.ARM_64',
        fix: 'leave this function out of the drill',
      });
    }
    if (!layers.has(architecture)) {
      layers.set(architecture, LayerVersion.fromLayerVersionArn(drill, `FisExtensionLayer-${architecture}`,
        StringParameter.valueForStringParameter(cell, parameterName)));
    }
    replica.function.addLayers(layers.get(architecture)!);
    for (const [name, value] of Object.entries(environment(location, options))) {
      replica.function.addEnvironment(name, value);
    }

    // The extension runs with the function's role and reads the fault configuration only.
    replica.function.addToRolePolicy(new PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${FIS_CONFIGURATION_PREFIX}/*`] } },
    }));
    replica.function.addToRolePolicy(new PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects(`${FIS_CONFIGURATION_PREFIX}/*`)],
    }));
    acknowledge(replica.role, [`AwsSolutions-IAM5[Resource::<${cell.getLogicalId(bucket.node.defaultChild as any)}.Arn>/${FIS_CONFIGURATION_PREFIX}/*]`],
      'The FIS Lambda extension reads the fault configurations FIS writes under one folder of the cell\'s configuration ' +
      'bucket; their names are chosen by FIS per experiment');
  }
  return bucket;
}

function environment(location: string, options: FisLambdaExtensionOptions): Record<string, string> {
  const env: Record<string, string> = {
    AWS_LAMBDA_EXEC_WRAPPER: '/opt/aws-fis/bootstrap',
    AWS_FIS_CONFIGURATION_LOCATION: location,
  };
  const pollMaxWait = (options.pollMaxWait ?? Duration.seconds(2)).toMilliseconds();
  if (pollMaxWait > 0) env.AWS_FIS_POLL_MAX_WAIT_MILLISECONDS = String(pollMaxWait);
  if (options.slowPollInterval) env.AWS_FIS_SLOW_POLL_INTERVAL_SECONDS = String(options.slowPollInterval.toSeconds());
  if (options.extensionMetrics) env.AWS_FIS_EXTENSION_METRICS = 'all';
  return env;
}
