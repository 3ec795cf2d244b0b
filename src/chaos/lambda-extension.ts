import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, ILayerVersion, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { LambdaTarget } from './lambda-target';
import { ExtensionSettings } from './validation';
import { acknowledge, regulatedFindings } from '../private/acknowledge';
import { configError } from '../private/errors';
import { declareInteractions } from '../private/interactions';
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

/**
 * Creates the cell's configuration bucket in `drill` and wires the extension into `targets` (the drilled replicas and,
 * with a failover, the cell's health handler; https://docs.aws.amazon.com/fis/latest/userguide/use-lambda-actions.html).
 */
export function wireLambdaExtension(drill: Construct, cell: RegionalCell, targets: LambdaTarget[],
  options: ExtensionSettings): Bucket {
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
    'cdk-validator-cfnguard::s3_event_notifications_enabled_check',
    ...regulatedFindings('S3BucketLoggingEnabled', 'S3BucketVersioningEnabled', 'S3BucketReplicationEnabled')],
  'Holds only the fault configurations FIS writes for the Lambda extension while an experiment runs (deleted when the ' +
    'action ends, expired after a day), read only by the functions of its own cell: nothing to log, version, lock, ' +
    'notify about or replicate to another region');
  acknowledge(bucket, ['cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', ...regulatedFindings('S3DefaultEncryptionKMS')],
    'A fault configuration (action, percentage, duration) is not data worth a customer-managed key; SSE-S3 keeps FIS and ' +
    'every drilled function free of KMS permissions on the fault path');

  const location = bucket.arnForObjects(`${FIS_CONFIGURATION_PREFIX}/`);
  const layers = new Map<string, ILayerVersion>();
  for (const target of targets) {
    const fn = target.fn;
    const architecture = fn.architecture.name;
    const parameterName = LAYER_PARAMETERS[architecture];
    if (!parameterName) {
      throw configError(drill, {
        setting: target.setting,
        value: fn.path,
        problem: `the FIS Lambda extension is published for x86_64 and arm64 only, and this function is ${architecture}`,
        allowed: 'functions on Architecture.X86_64 or Architecture.ARM_64',
        fix: 'leave this function out of the drill',
      });
    }
    if (!layers.has(architecture)) {
      layers.set(architecture, LayerVersion.fromLayerVersionArn(drill, `FisExtensionLayer-${architecture}`,
        StringParameter.valueForStringParameter(cell, parameterName)));
    }
    // The function's owner applies the wiring and remembers this drill, so two drills never stack two extensions.
    const owner = target.owner._acceptDrillExtension!(cell.region, {
      drillPath: drill.node.path,
      layer: layers.get(architecture)!,
      environment: environment(location, options, fn.healthCheck),
      // The extension runs with the function's role and reads the fault configuration only.
      statements: [
        new PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${FIS_CONFIGURATION_PREFIX}/*`] } },
        }),
        new PolicyStatement({
          actions: ['s3:GetObject'],
          resources: [bucket.arnForObjects(`${FIS_CONFIGURATION_PREFIX}/*`)],
        }),
      ],
    });
    if (owner !== undefined) {
      throw configError(drill, {
        setting: 'lambdaExtension',
        value: fn.path,
        problem: `the drill at '${owner}' already wires the FIS Lambda extension into this function`,
        allowed: 'one drill with lambdaExtension per function (replicated function or failover health handler) and region',
        fix: fn.healthCheck
          ? 'put every Lambda fault into one ChaosExperiments, or leave `failover` unset on the second'
          : 'put every fault for this function into one ChaosExperiments, or leave lambdaExtension unset on the second',
      });
    }
    declareInteractions(drill, {
      principal: fn.role,
      actions: ['s3:GetObject'],
      resource: bucket.arnForObjects(`${FIS_CONFIGURATION_PREFIX}/experiment-fault.json`),
      purpose: 'the FIS Lambda extension reads its fault',
    });
    acknowledge(fn.role, [`AwsSolutions-IAM5[Resource::<${cell.getLogicalId(bucket.node.defaultChild as any)}.Arn>/${FIS_CONFIGURATION_PREFIX}/*]`],
      'The FIS Lambda extension reads the fault configurations FIS writes under one folder of the cell\'s configuration ' +
      'bucket; their names are chosen by FIS per experiment');
  }
  return bucket;
}

/**
 * The extension's variables. A health handler never waits for an in-flight poll: Route 53's checkers call it every few
 * seconds, so the next call sees a fault the current one missed, and a wait of up to `pollMaxWait` would eat into
 * Route 53's 2-second response limit (a false failover outside any drill).
 */
function environment(location: string, options: ExtensionSettings, healthCheck: boolean): Record<string, string> {
  const env: Record<string, string> = {
    AWS_LAMBDA_EXEC_WRAPPER: '/opt/aws-fis/bootstrap',
    AWS_FIS_CONFIGURATION_LOCATION: location,
  };
  const pollMaxWait = healthCheck ? 0 : options.pollMaxWait.toMilliseconds();
  if (pollMaxWait > 0) env.AWS_FIS_POLL_MAX_WAIT_MILLISECONDS = String(pollMaxWait);
  if (options.slowPollInterval) env.AWS_FIS_SLOW_POLL_INTERVAL_SECONDS = String(options.slowPollInterval.toSeconds());
  if (options.extensionMetrics) env.AWS_FIS_EXTENSION_METRICS = 'all';
  return env;
}
