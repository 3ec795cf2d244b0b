import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Alarm, ComparisonOperator, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DELAY, ERROR, HTTP, PAUSE, REGIONS, arm64, drill, fixture, statementsOf, stopAlarms, templateOf } from './fixtures';
import { DrillFault } from '../../src/chaos';
import { TEST_ACCOUNT, expectNoUnacknowledgedFindings, snapshotOf, templates } from '../harness';

/** Logical ids without their hash: `ApiThrottlesAlarm`. */
const names = (ids: string[]) => ids.map((id) => id.replace(/[0-9A-F]{8}$/, ''));

describe('ChaosExperiments', () => {
  test('one FIS experiment template per fault in every region, targeting that cell\'s replicas', () => {
    const f = fixture();
    const drills = drill(f);

    expect(drills.regions).toEqual(REGIONS);
    for (const region of REGIONS) {
      const cell = f.topology.cell(region);
      Template.fromStack(cell).resourceCountIs('AWS::FIS::ExperimentTemplate', 3);

      const errors = templateOf(cell, ERROR);
      expect(errors.Targets).toEqual({
        'Functions-live': {
          ResourceType: 'aws:lambda:function',
          ResourceArns: [{ 'Fn::GetAtt': [expect.stringMatching(/^ApiFunction/), 'Arn'] }],
          Parameters: { functionQualifier: 'live' },
          SelectionMode: 'ALL',
        },
      });
      expect(errors.Actions).toEqual({
        LambdaInvocationError: {
          ActionId: ERROR,
          Description: 'marks invocations as failed',
          Parameters: { duration: 'PT10M', invocationPercentage: '100', preventExecution: 'true' },
          Targets: { Functions: 'Functions-live' },
        },
      });
      expect(templateOf(cell, DELAY).Actions.LambdaInvocationAddDelay.Parameters)
        .toEqual({ duration: 'PT10M', invocationPercentage: '100', startupDelayMilliseconds: '1000' });

      const pause = templateOf(cell, PAUSE);
      expect(pause.Targets).toEqual({
        Tables: {
          ResourceType: 'aws:dynamodb:global-table',
          ResourceArns: [`arn:aws:dynamodb:${region}:${TEST_ACCOUNT}:table/Orders-Table`],
          SelectionMode: 'ALL',
        },
      });
      expect(pause.Actions.GlobalTablePauseReplication).toEqual(expect.objectContaining({
        ActionId: PAUSE, Parameters: { duration: 'PT15M' }, Targets: { Tables: 'Tables' },
      }));
      expect(pause.Tags).toEqual({ Name: `Orders-Drills-GlobalTablePauseReplication-${region}` });
      expect(pause.ExperimentOptions).toEqual({ AccountTargeting: 'single-account', EmptyTargetResolutionMode: 'fail' });
    }
    expect(drills.experiment('eu-west-1', PAUSE).template).toBeDefined();
  });

  test('a region\'s experiments name no other region', () => {
    const f = fixture();
    drill(f);

    for (const region of REGIONS) {
      const fis = Template.fromStack(f.topology.cell(region)).findResources('AWS::FIS::ExperimentTemplate');
      const roles = Template.fromStack(f.topology.cell(region)).findResources('AWS::IAM::Policy');
      const text = JSON.stringify([fis, roles]);
      for (const other of REGIONS.filter((r) => r !== region)) expect(text).not.toContain(other);
    }
  });

  test('stop conditions: the cell\'s alarms that the fault must not trip, never the ones it trips', () => {
    const f = fixture();
    drill(f);
    const cell = f.topology.cell('us-west-2');

    const errors = names(stopAlarms(templateOf(cell, ERROR)));
    // The table's one replication alarm in us-west-2 (a secondary) watches its link back to the primary, us-east-1.
    expect(errors).toEqual(['ApiThrottlesAlarm', 'TableSystemErrorsAlarm', 'TableThrottlesAlarm', 'ApiDurationAlarm',
      'TableReplicationLatencyTouseast1']);
    expect(errors).not.toContain('ApiErrorsAlarm');

    // A 1 s delay under a 10 s timeout must not become errors; the duration alarm is what it trips.
    const delay = names(stopAlarms(templateOf(cell, DELAY)));
    expect(delay).toEqual(['ApiThrottlesAlarm', 'TableSystemErrorsAlarm', 'TableThrottlesAlarm', 'ApiErrorsAlarm', 'FunctionDeadLettersAlarm']);

    // Cutting the table replica off: the local function keeps serving from it.
    const pause = names(stopAlarms(templateOf(cell, PAUSE)));
    expect(pause).toEqual(['TableThrottlesAlarm', 'TableSystemErrorsAlarm', 'ApiErrorsAlarm', 'ApiThrottlesAlarm', 'ApiDurationAlarm']);
    expect(pause.some((a) => a.startsWith('TableReplicationLatency'))).toBe(false);
  });

  test('a delay at or above the timeout expects errors; an HTTP response fault must not cause them', () => {
    const f = fixture();
    drill(f, {
      functions: [f.api],
      lambdaExtension: {},
      faults: [DrillFault.lambdaInvocationDelay({ startupDelay: Duration.seconds(10) }), DrillFault.lambdaHttpResponse()],
    });
    const cell = f.topology.cell('us-east-1');

    expect(names(stopAlarms(templateOf(cell, DELAY)))).toEqual(['ApiThrottlesAlarm']);
    expect(names(stopAlarms(templateOf(cell, HTTP)))).toEqual(['ApiThrottlesAlarm', 'ApiErrorsAlarm', 'FunctionDeadLettersAlarm',
      'ApiDurationAlarm', 'ApiProbeAlarm']);
    expect(templateOf(cell, HTTP).Actions.LambdaHttpIntegrationResponse.Parameters).toEqual({
      duration: 'PT10M', invocationPercentage: '100', preventExecution: 'true', statusCode: '503', contentTypeHeader: 'application/json',
    });
  });

  test('your stop alarms come first; guardrails beyond the five FIS takes are reported, not silently lost', () => {
    const f = fixture();
    const cell = f.topology.cell('us-east-1');
    const mine = [1, 2, 3, 4].map((i) => new Alarm(cell, `Customer${i}`, {
      metric: new Metric({ namespace: 'Shop', metricName: `Orders${i}` }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
    }));
    const drills = drill(f, { stores: [f.table], functions: [f.api], stopAlarms: mine });

    expect(names(stopAlarms(templateOf(cell, PAUSE)))).toEqual(['Customer1', 'Customer2', 'Customer3', 'Customer4', 'TableThrottlesAlarm']);
    expect(drills.experiment('us-east-1', 'aws:dynamodb:global-table-pause-replication').alsoWatch)
      .toEqual(expect.arrayContaining([expect.stringMatching(/^Orders\/us-east-1\/Table\/SystemErrorsAlarm \(.+\)$/)]));
    // Other regions keep their own guardrails only.
    expect(names(stopAlarms(templateOf(f.topology.cell('eu-west-1'), PAUSE)))[0]).toBe('TableThrottlesAlarm');
  });

  test('least privilege: FIS of this account and region only; each action\'s permissions on this cell\'s targets', () => {
    const f = fixture();
    const drills = drill(f);
    const cell = f.topology.cell('eu-west-1');

    Template.fromStack(cell).hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('aws:lambda:invocation-error drill'),
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'fis.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT },
            ArnLike: { 'aws:SourceArn': `arn:aws:fis:eu-west-1:${TEST_ACCOUNT}:experiment/*` },
          },
        }],
      },
      ManagedPolicyArns: Match.absent(),
    });
    const bucketObjects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^DrillsFisConfigurationBucket/), 'Arn'] }, '/FisConfigs/*']] };
    const fn = { 'Fn::GetAtt': [expect.stringMatching(/^ApiFunction/), 'Arn'] };
    const logs = [['logs:CreateLogDelivery', 'tag:GetResources'], '*', undefined];
    const logGroups = [['logs:DescribeLogGroups', 'logs:DescribeResourcePolicies', 'logs:PutResourcePolicy'],
      `arn:aws:logs:eu-west-1:${TEST_ACCOUNT}:log-group:*`, undefined];
    expect(statementsOf(drills.experiment('eu-west-1', ERROR).role)).toEqual([
      [['s3:DeleteObject', 's3:PutObject'], bucketObjects, undefined],
      [['lambda:GetFunction'], [fn, { 'Fn::Join': ['', [fn, ':*']] }], undefined],
      logs,
      logGroups,
    ]);
    const table = `arn:aws:dynamodb:eu-west-1:${TEST_ACCOUNT}:table/Orders-Table`;
    expect(statementsOf(drills.experiment('eu-west-1', PAUSE).role)).toEqual([
      [['dynamodb:DeleteResourcePolicy', 'dynamodb:DescribeTable', 'dynamodb:GetResourcePolicy', 'dynamodb:PutResourcePolicy'],
        [table, `${table}/stream/*`], undefined],
      logs,
      logGroups,
    ]);
  });

  test('a strongly consistent table: the pause may inject errors, and function errors are expected', () => {
    const f = fixture({ strong: true });
    const drills = drill(f, { functions: [f.api], stores: [f.table] });
    const cell = f.topology.cell('us-east-2');

    expect(statementsOf(drills.experiment('us-east-2', PAUSE).role)).toContainEqual(
      [['dynamodb:InjectError'], `arn:aws:dynamodb:us-east-2:${TEST_ACCOUNT}:table/Orders-Table`, undefined]);
    expect(names(stopAlarms(templateOf(cell, PAUSE)))).toEqual(['TableThrottlesAlarm', 'ApiThrottlesAlarm', 'ApiDurationAlarm']);
  });

  test('experiment logs (schema version 2) go to a log group of the cell, encrypted with its key and kept a year', () => {
    const f = fixture();
    const drills = drill(f, { stores: [f.table] });

    for (const region of REGIONS) {
      const cell = f.topology.cell(region);
      expect(templateOf(cell, PAUSE).LogConfiguration).toEqual({
        LogSchemaVersion: 2,
        CloudWatchLogsConfiguration: { LogGroupArn: { 'Fn::GetAtt': [expect.stringMatching(/^DrillsExperimentLogs/), 'Arn'] } },
      });
      Template.fromStack(cell).hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: '/aws/vendedlogs/fis/Orders-Drills',
        RetentionInDays: 365,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EncryptionKey'), 'Arn'] },
      });
    }
    expect(drills.drill('us-west-2').logGroup).toBeDefined();
    const other = fixture();
    drill(other, { stores: [other.table], logRetention: RetentionDays.ONE_MONTH });
    Template.fromStack(other.topology.cell('us-east-1')).hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/fis/Orders-Drills', RetentionInDays: 30,
    });
  });

  test('opted in: the FIS Lambda extension layer of the replica\'s region and architecture, its variables and bucket read', () => {
    const f = fixture({ api: arm64() });
    const drills = drill(f, { functions: [f.api], lambdaExtension: { slowPollInterval: Duration.seconds(20), extensionMetrics: true } });

    for (const region of REGIONS) {
      const cell = f.topology.cell(region);
      const template = Template.fromStack(cell);
      template.hasParameter('*', { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/aws/service/fis/lambda-extension/AWS-FIS-extension-arm64/1.x.x' });
      const location = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^DrillsFisConfigurationBucket'), 'Arn'] }, '/FisConfigs/']] };
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: 'Orders-Api',
        Layers: [{ Ref: Match.stringLikeRegexp('^SsmParameterValueawsservicefislambdaextensionAWSFISextensionarm64') }],
        Environment: {
          Variables: {
            AWS_LAMBDA_EXEC_WRAPPER: '/opt/aws-fis/bootstrap',
            AWS_FIS_CONFIGURATION_LOCATION: location,
            AWS_FIS_POLL_MAX_WAIT_MILLISECONDS: '2000',
            AWS_FIS_SLOW_POLL_INTERVAL_SECONDS: '20',
            AWS_FIS_EXTENSION_METRICS: 'all',
          },
        },
      });
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LifecycleConfiguration: { Rules: [{ ExpirationInDays: 1, Status: 'Enabled' }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      });
      const bucket = { 'Fn::GetAtt': [expect.stringMatching(/^DrillsFisConfigurationBucket/), 'Arn'] };
      expect(statementsOf(f.api.replica(region).role)).toEqual(expect.arrayContaining([
        [['s3:ListBucket'], bucket, { StringLike: { 's3:prefix': ['FisConfigs/*'] } }],
        [['s3:GetObject'], { 'Fn::Join': ['', [bucket, '/FisConfigs/*']] }, undefined],
      ]));
      expect(drills.drill(region).configurationBucket).toBeDefined();
    }
  });

  test('not opted in, or outside the drilled regions, a function is exactly as it was', () => {
    const plain = fixture();
    const functionOf = (f: ReturnType<typeof fixture>, region: string) =>
      Object.entries(templates(f.app)[`Orders-${region}`].Resources).filter(([id]) => id.startsWith('Api'));

    const pauseOnly = fixture();
    drill(pauseOnly, { functions: [pauseOnly.api], stores: [pauseOnly.table] });
    const oneRegion = fixture();
    drill(oneRegion, { functions: [oneRegion.api], lambdaExtension: {}, regions: ['eu-west-1'] });

    for (const region of REGIONS) expect(functionOf(pauseOnly, region)).toEqual(functionOf(plain, region));
    Template.fromStack(pauseOnly.topology.cell('us-east-1')).resourceCountIs('AWS::S3::Bucket', 0);
    expect(functionOf(oneRegion, 'us-east-1')).toEqual(functionOf(plain, 'us-east-1'));
    Template.fromStack(oneRegion.topology.cell('us-east-1')).resourceCountIs('AWS::FIS::ExperimentTemplate', 0);
    // The wired replica publishes a new version: its code is unchanged, its configuration is not.
    const version = (f: ReturnType<typeof fixture>) => functionOf(f, 'eu-west-1').map(([id]) => id).find((id) => id.startsWith('ApiFunctionCurrentVersion'));
    expect(version(oneRegion)).not.toEqual(version(plain));
  });

  test('any allow-listed action by id, and no poll wait when asked', () => {
    const f = fixture();
    drill(f, {
      functions: [f.api],
      lambdaExtension: { pollMaxWait: Duration.millis(0) },
      faults: [DrillFault.fromActionId(ERROR, { duration: 'PT1H30M', invocationPercentage: '25', preventExecution: 'false' })],
    });
    const cell = f.topology.cell('us-east-1');

    expect(templateOf(cell, ERROR).Actions.LambdaInvocationError.Parameters)
      .toEqual({ duration: 'PT1H30M', invocationPercentage: '25', preventExecution: 'false' });
    Template.fromStack(cell).hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'Orders-Api',
      Environment: {
        Variables: Match.objectEquals({
          AWS_LAMBDA_EXEC_WRAPPER: '/opt/aws-fis/bootstrap', AWS_FIS_CONFIGURATION_LOCATION: Match.anyValue(),
        }),
      },
    });
  });

  test('passes cdk-nag, the Control Tower guard rules and aws-cdk-lib validation, each acknowledgement with its reason', () => {
    const f = fixture();
    drill(f);

    const report = expectNoUnacknowledgedFindings(f.app);
    const ids = [...new Set(report.findings.filter((x) => x.path.includes('/Drills/') || x.path.includes('/Api/ServiceRole'))
      .map((x) => x.id.replace(/(us|eu)-(east|west)-[12]/g, '<region>').replace(/[0-9A-F]{8}\./g, '.')))].sort();
    expect(ids).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::<ApiFunction6BF808ED.Arn>:*]',
      'AwsSolutions-IAM5[Resource::<DrillsFisConfigurationBucket32FA43EF.Arn>/FisConfigs/*]',
      'AwsSolutions-IAM5[Resource::arn:aws:dynamodb:<region>:123456789012:table/Orders-Table/stream/*]',
      'AwsSolutions-IAM5[Resource::arn:aws:logs:<region>:123456789012:log-group:*]',
      'AwsSolutions-S1',
      ...['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'].flatMap((pack) => ['IAMNoInlinePolicy', 'S3BucketLoggingEnabled',
        'S3BucketReplicationEnabled', 'S3BucketVersioningEnabled', 'S3DefaultEncryptionKMS'].map((rule) => `${pack}-${rule}`)),
      'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
      'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
      'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
      'cdk-validator-cfnguard::s3_bucket_versioning_enabled_check',
      'cdk-validator-cfnguard::s3_event_notifications_enabled_check',
    ].map((id) => id.replace(/[0-9A-F]{8}\./g, '.')));
  });

  test('matches the snapshot', () => {
    const f = fixture();
    drill(f);

    expect(snapshotOf(f.app)).toMatchSnapshot();
  });
});
