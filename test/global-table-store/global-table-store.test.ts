import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Billing, Capacity, MultiRegionConsistency, Operation, StreamViewType, TableClass } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  GlobalTableStore, GlobalTableStoreProps, MultiRegionTopology, ReplicatedCode, ReplicatedFunction, StoreEncryption,
} from '../../src';
import { TEST_ACCOUNT, expectNoUnacknowledgedFindings, runCheckers, snapshotOf, templates, testApp } from '../harness';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const PK = { name: 'pk', type: AttributeType.STRING };

function topology(app: App = testApp(), regions = REGIONS): MultiRegionTopology {
  return new MultiRegionTopology(app, 'Orders', { account: TEST_ACCOUNT, primaryRegion: regions[0], regions });
}

function store(props: Partial<GlobalTableStoreProps> = {}, scope: Construct = topology()): GlobalTableStore {
  return new GlobalTableStore(scope, 'Store', { partitionKey: PK, ...props });
}

function globalTable(s: GlobalTableStore): any {
  const tables = Template.fromStack(s.topology.primaryCell).findResources('AWS::DynamoDB::GlobalTable');
  expect(Object.keys(tables)).toHaveLength(1);
  return Object.values(tables)[0];
}

// Every combination of the options that shape the table resource.
const ENCRYPTIONS = ['dynamo-owned', 'customer-managed', 'supplied'] as const;
const BILLINGS = ['on-demand', 'provisioned'] as const;
const CONSISTENCIES = [MultiRegionConsistency.EVENTUAL, MultiRegionConsistency.STRONG];
const EXTRAS = ['plain', 'indexes+ttl+stream+sort-key'] as const;
const COMBINATIONS = ENCRYPTIONS.flatMap((encryption) => BILLINGS.flatMap((billing) =>
  CONSISTENCIES.flatMap((consistency) => EXTRAS.map((extras) => [encryption, billing, consistency, extras] as const))));

function combinationStore(encryption: typeof ENCRYPTIONS[number], billing: typeof BILLINGS[number],
  consistency: MultiRegionConsistency, extras: typeof EXTRAS[number]): GlobalTableStore {
  const t = topology(testApp(), ['us-east-1', 'us-east-2', 'us-west-2']);
  const provisioned = billing === 'provisioned';
  return store({
    consistency,
    billing: provisioned
      ? Billing.provisioned({ readCapacity: Capacity.fixed(5), writeCapacity: Capacity.autoscaled({ maxCapacity: 20 }) })
      : Billing.onDemand(),
    encryption: encryption === 'dynamo-owned' ? undefined
      : encryption === 'customer-managed' ? StoreEncryption.customerManagedKeys()
        : StoreEncryption.suppliedKeys(new Key(t.primaryCell, 'OwnKey', { enableKeyRotation: true }), {
          'us-east-2': `arn:aws:kms:us-east-2:${TEST_ACCOUNT}:key/11111111-1111-1111-1111-111111111111`,
          'us-west-2': `arn:aws:kms:us-west-2:${TEST_ACCOUNT}:key/22222222-2222-2222-2222-222222222222`,
        }),
    ...(extras === 'plain' ? {} : {
      sortKey: { name: 'sk', type: AttributeType.STRING },
      // A strongly consistent global table has no time to live (refused at synth, see bad-input.test.ts).
      timeToLiveAttribute: consistency === MultiRegionConsistency.EVENTUAL ? 'expiresAt' : undefined,
      dynamoStream: consistency === MultiRegionConsistency.EVENTUAL ? StreamViewType.NEW_IMAGE : undefined,
      globalSecondaryIndexes: [{
        indexName: 'byCustomer',
        partitionKey: { name: 'customer', type: AttributeType.STRING },
        ...(provisioned ? { readCapacity: Capacity.fixed(2) } : {}),
      }],
    }),
  }, t);
}

/** A store with customer-managed keys and an index, and a function to grant, in a fresh app. */
function keyedStoreWithIndex(): { app: App; s: GlobalTableStore; fn: ReplicatedFunction } {
  const app = testApp();
  const t = topology(app);
  const s = store({
    encryption: StoreEncryption.customerManagedKeys(),
    globalSecondaryIndexes: [{ indexName: 'byCustomer', partitionKey: { name: 'customer', type: AttributeType.STRING } }],
  }, t);
  const fn = new ReplicatedFunction(t, 'Api', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('x') });
  return { app, s, fn };
}

/** The synthesized identity policy of the function 'Api' in each region, by region. */
function apiPolicies(app: App): [string, any][] {
  const byStack = templates(app);
  return REGIONS.map((region) => [region, Object.values<any>(byStack[`Orders-${region}`].Resources)
    .find((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('ApiServiceRole'))]);
}

describe('GlobalTableStore', () => {
  test.each(COMBINATIONS)('every replica has PITR and deletion protection and the table is retained: %s, %s, %s, %s',
    (encryption, billing, consistency, extras) => {
      const s = combinationStore(encryption, billing, consistency, extras);
      const table = globalTable(s);

      // Kept on update and delete; a rolled-back creation deletes the empty table, so a retry finds no leftover name.
      expect(table.DeletionPolicy).toBe('RetainExceptOnCreate');
      expect(table.UpdateReplacePolicy).toBe('Retain');
      expect(table.Properties.Replicas.map((r: any) => r.Region).sort()).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
      for (const replica of table.Properties.Replicas) {
        expect([replica.Region, replica.PointInTimeRecoverySpecification, replica.DeletionProtectionEnabled])
          .toEqual([replica.Region, { PointInTimeRecoveryEnabled: true }, true]);
      }
      expect(table.Properties.MultiRegionConsistency).toBe(consistency);
      const customStream = extras !== 'plain' && consistency === MultiRegionConsistency.EVENTUAL;
      expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: customStream ? 'NEW_IMAGE' : 'NEW_AND_OLD_IMAGES' });
    });

  test('the table lives in the primary cell, with the same name in every region', () => {
    const s = store();

    expect(s.tableName).toBe('Orders-Store');
    expect(globalTable(s).Properties.TableName).toBe('Orders-Store');
    for (const cell of s.topology.secondaryCells) {
      Template.fromStack(cell).resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
    }
    expect(s.replicaIn('eu-west-1').tableArn).toBe(`arn:aws:dynamodb:eu-west-1:${TEST_ACCOUNT}:table/Orders-Store`);
    expect(globalTable(s).Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(globalTable(s).Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(s.recoveryPointObjective).toBe('typically about 1 second (asynchronous replication, no SLA)');
  });

  test('DESTROY with deletion protection off: the table and every replica can go with the stack, and the pack says so', () => {
    // GIVEN a store meant to be deleted with its stack (a test or preview environment)
    const app = testApp();
    const s = store({ removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false }, topology(app));

    // WHEN
    const table = globalTable(s);

    // THEN nothing refuses the deletion, and ResilienceChecks reports the lifted protection until it is acknowledged
    expect(table.DeletionPolicy).toBe('Delete');
    expect(table.Properties.Replicas.map((r: any) => r.DeletionProtectionEnabled)).toEqual([false, false, false]);
    const findings = runCheckers(app).unacknowledged.filter((f) => f.id.startsWith('Resilience-DDB')).map((f) => f.id);
    expect(findings).toEqual(['Resilience-DDBGlobalTableDeletionProtection', 'Resilience-DDBGlobalTableRetain']);
  });

  test('grants each region\'s function on its local replica only: table, indexes and key of that region', () => {
    const { app, s, fn } = keyedStoreWithIndex();
    s.grantReadWriteData(fn);

    for (const [region, policy] of apiPolicies(app)) {
      const text = JSON.stringify(policy.Properties.PolicyDocument);
      const tableArns = [...text.matchAll(/arn:aws:dynamodb:[^"]+/g)].map((m) => m[0]);
      expect(new Set(tableArns)).toEqual(new Set([
        `arn:aws:dynamodb:${region}:${TEST_ACCOUNT}:table/Orders-Store`,
        `arn:aws:dynamodb:${region}:${TEST_ACCOUNT}:table/Orders-Store/index/*`,
      ]));
      for (const other of REGIONS.filter((r) => r !== region)) expect(text).not.toContain(other);
      expect(text).toContain('kms:Decrypt');
    }
  });

  test.each<[string, Operation[], string[], string[]]>([
    ['reads only: the named actions, and decrypt', [Operation.GET_ITEM, Operation.QUERY], ['dynamodb:GetItem', 'dynamodb:Query'], ['kms:Decrypt', 'kms:DescribeKey']],
    ['a write too: encrypt as well', [Operation.PUT_ITEM, Operation.GET_ITEM, Operation.PUT_ITEM],
      ['dynamodb:GetItem', 'dynamodb:PutItem'], ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']],
    ['batch writes only', [Operation.BATCH_WRITE_ITEM], ['dynamodb:BatchWriteItem'], ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']],
  ])('grantOperations, %s: exactly those actions on the local replica and its indexes, and its key', (_, operations, actions, keyActions) => {
    const { app, s, fn } = keyedStoreWithIndex();
    expect(s.grantOperations(fn, ...operations).success).toBe(true);

    for (const [region, policy] of apiPolicies(app)) {
      const statements: any[] = policy.Properties.PolicyDocument.Statement;
      const on = (prefix: string) => statements.filter((st) => [st.Action].flat().some((a: string) => a.startsWith(prefix)));
      expect(on('dynamodb:').map((st) => [st.Action].flat().sort())).toEqual([actions]);
      expect(on('dynamodb:')[0].Resource).toEqual([
        `arn:aws:dynamodb:${region}:${TEST_ACCOUNT}:table/Orders-Store`, `arn:aws:dynamodb:${region}:${TEST_ACCOUNT}:table/Orders-Store/index/*`,
      ]);
      expect(on('kms:').flatMap((st) => [st.Action].flat()).sort()).toEqual(keyActions);
      for (const other of REGIONS.filter((r) => r !== region)) expect(JSON.stringify(policy)).not.toContain(other);
    }
    expectNoUnacknowledgedFindings(app);
  });

  test('grants return one iam.Grant covering every region\'s principal', () => {
    // GIVEN
    const app = testApp();
    const t = topology(app);
    const s = store({}, t);
    const fn = new ReplicatedFunction(t, 'Api', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('x') });

    // WHEN
    const grants = [s.grantReadData(fn), s.grantWriteData(fn), s.grantReadWriteData(fn), s.grantStreamRead(fn), s.grantWriteDataIn('us-west-2', fn.replica('us-west-2').role)];

    // THEN each is a successful grant; the replicated ones name one table ARN per region
    for (const grant of grants) expect(grant.success).toBe(true);
    const resources = JSON.stringify(t.primaryCell.resolve(grants[0].principalStatements.map((st) => st.toStatementJson())));
    const arns = grants[0].principalStatements.flatMap((st) => st.resources).filter((r) => r.includes(':table/'));
    expect(new Set(arns.map((arn) => /dynamodb:([a-z0-9-]+):/.exec(arn)?.[1]))).toEqual(new Set(REGIONS));
    expect(resources).toContain('dynamodb:GetItem');
  });

  test('metrics take MetricOptions; with none, the system errors metric is the one its alarm watches', () => {
    const s = store();

    const errors = s.metricSystemErrors('us-west-2', { period: Duration.minutes(5) });
    expect(errors).not.toBe(s.replica('us-west-2').systemErrorsAlarm.metric);
    expect(errors.toMetricConfig().mathExpression?.period).toBe(300);
    expect(s.replica('eu-west-1').metricThrottles({ period: Duration.minutes(5) }).period.toMinutes()).toBe(5);
    expect(s.metricThrottleEvents('eu-west-1', { statistic: 'Maximum' }).map((m) => m.statistic)).toEqual(['Maximum', 'Maximum']);
    expect(s.metricReplicationLatency('us-east-1', 'eu-west-1', { period: Duration.minutes(5) }).period.toMinutes()).toBe(5);
  });

  test('grants each region\'s function the change stream of its local replica', () => {
    const app = testApp();
    const t = topology(app);
    const s = store({ encryption: StoreEncryption.customerManagedKeys(), tableClass: TableClass.STANDARD_INFREQUENT_ACCESS }, t);
    const fn = new ReplicatedFunction(t, 'Consumer', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('x') });

    s.grantStreamRead(fn);

    const template = Template.fromStack(t.cell('us-west-2'));
    const statement = (pattern: object) => template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ConsumerServiceRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike(pattern)]) },
    });
    statement({
      Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      Resource: `arn:aws:dynamodb:us-west-2:${TEST_ACCOUNT}:table/Orders-Store/stream/*`,
    });
    // aws-cdk-lib merges ListStreams into the role's other Resource '*' statement (X-Ray).
    statement({ Action: Match.arrayWith(['dynamodb:ListStreams']), Resource: '*' });
    statement({ Action: 'kms:Decrypt' });
    expect(globalTable(s).Properties.Replicas.map((r: any) => r.TableClass)).toEqual(Array(3).fill('STANDARD_INFREQUENT_ACCESS'));
    expect(s.metricSystemErrors('us-west-2')).toBe(s.replica('us-west-2').systemErrorsAlarm.metric);
    expectNoUnacknowledgedFindings(app);
  });

  test('customer-managed keys: each cell reaches its replica key by alias, with no export or import between stacks', () => {
    // GIVEN a customer-managed store whose secondary keys live in the prerequisites stacks, and grants in every cell
    const app = testApp();
    const t = topology(app);
    const s = store({ encryption: StoreEncryption.customerManagedKeys() }, t);
    const fn = new ReplicatedFunction(t, 'Api', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('x') });

    // WHEN
    s.grantReadWriteData(fn);
    s.grantStreamRead(fn);

    // THEN no stack exports or imports anything (the README promises no references between stacks)
    for (const [name, template] of Object.entries(templates(app))) {
      expect([name, JSON.stringify(template).match(/Fn::ImportValue|"Export"/g)]).toEqual([name, null]);
    }
    // and a secondary cell's role may use only the key behind the store's alias, in its own region
    Template.fromStack(t.cell('eu-west-1')).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: Match.arrayWith(['kms:Decrypt', 'kms:Encrypt']),
          Resource: `arn:aws:kms:eu-west-1:${TEST_ACCOUNT}:key/*`,
          Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/Orders-Store' } },
        })]),
      },
    });
    expectNoUnacknowledgedFindings(app);
  });

  test('grants synthesize and are acknowledged without the partition-literals feature flag', () => {
    // GIVEN an app where the partition is a token (@aws-cdk/core:enablePartitionLiterals off)
    const app = testApp({ '@aws-cdk/core:enablePartitionLiterals': false });
    const t = topology(app);
    const s = store({ globalSecondaryIndexes: [{ indexName: 'byCustomer', partitionKey: { name: 'customer', type: AttributeType.STRING } }] }, t);
    const fn = new ReplicatedFunction(t, 'Api', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('x') });

    // WHEN
    s.grantStreamRead(fn);
    s.grantReadWriteData(fn);

    // THEN every acknowledgement id is literal and matches its finding
    expectNoUnacknowledgedFindings(app);
  });

  test('customer-managed keys: one rotating key per region, secondary keys deployed before the table', () => {
    const app = testApp();
    const s = store({ encryption: StoreEncryption.customerManagedKeys() }, topology(app));

    const replicas = globalTable(s).Properties.Replicas;
    expect(replicas.find((r: any) => r.Region === 'eu-west-1').SSESpecification).toEqual({
      KMSMasterKeyId: `arn:aws:kms:eu-west-1:${TEST_ACCOUNT}:alias/Orders-Store`,
    });
    for (const region of ['us-west-2', 'eu-west-1']) {
      const prerequisites = s.topology.cell(region).prerequisites;
      expect(prerequisites.stackName).toBe(`Orders-${region}-prerequisites`);
      Template.fromStack(prerequisites).hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      Template.fromStack(prerequisites).hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/Orders-Store' });
      expect(s.topology.primaryCell.dependencies).toContain(prerequisites);
    }
    Template.fromStack(s.topology.primaryCell).hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/Orders-Store' });
  });

  test('supplied keys are used as given', () => {
    const t = topology();
    const key = new Key(t.primaryCell, 'OwnKey', { enableKeyRotation: true });
    const s = store({
      encryption: StoreEncryption.suppliedKeys(key, {
        'us-west-2': `arn:aws:kms:us-west-2:${TEST_ACCOUNT}:key/a`,
        'eu-west-1': `arn:aws:kms:eu-west-1:${TEST_ACCOUNT}:key/b`,
      }),
    }, t);

    const replicas = globalTable(s).Properties.Replicas;
    expect(replicas.find((r: any) => r.Region === 'us-west-2').SSESpecification.KMSMasterKeyId).toBe(`arn:aws:kms:us-west-2:${TEST_ACCOUNT}:key/a`);
    expect(s.replica('eu-west-1').encryptionKey!.keyArn).toBe(`arn:aws:kms:eu-west-1:${TEST_ACCOUNT}:key/b`);
  });

  test('strong consistency: three regions of one set, or two and a witness; RPO zero', () => {
    const three = store({ consistency: MultiRegionConsistency.STRONG }, topology(testApp(), ['us-east-1', 'us-east-2', 'us-west-2']));
    expect(globalTable(three).Properties.MultiRegionConsistency).toBe('STRONG');
    expect(three.recoveryPointObjective).toBe('0 seconds (strong multi-region consistency)');

    const witnessed = store({ consistency: MultiRegionConsistency.STRONG, witnessRegion: 'eu-west-2' },
      topology(testApp(), ['eu-west-1', 'eu-central-1']));
    expect(globalTable(witnessed).Properties.GlobalTableWitnesses).toEqual([{ Region: 'eu-west-2' }]);
  });

  test('alarms in each region: replication latency toward the primary, throttles and system errors, to the cell topic', () => {
    const s = store({ replicationLatencyThreshold: Duration.seconds(10) });
    const template = Template.fromStack(s.topology.cell('us-west-2'));
    const topic = [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }];

    // A secondary watches its link back to the primary (us-east-1), which carries the writes it takes after a failover.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ReplicationLatency',
      Dimensions: Match.arrayWith([{ Name: 'ReceivingRegion', Value: 'us-east-1' }, { Name: 'TableName', Value: 'Orders-Store' }]),
      Threshold: 10000,
      AlarmActions: topic,
    });
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ReplicationLatency' } }))).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'FILL(reads, 0) + FILL(writes, 0)' })]), AlarmActions: topic,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        // Each operation's count FILLed with 0: DynamoDB publishes only the operations that erred in a period.
        // The default operations: GetItem, Query, PutItem, UpdateItem and DeleteItem, five billed metrics.
        Match.objectLike({ Expression: Match.stringLikeRegexp('^FILL\\(\\w+, 0\\)( \\+ FILL\\(\\w+, 0\\)){4}$') }),
        Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'SystemErrors' }) }) }),
      ]),
      AlarmActions: topic,
    });
    expect(s.metricReplicationLatency('us-west-2', 'eu-west-1').dimensions).toEqual({ TableName: 'Orders-Store', ReceivingRegion: 'eu-west-1' });
    expect(s.metricThrottleEvents('eu-west-1').map((m) => m.metricName)).toEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
  });

  test('replication alarms sit on the links that carry the data: the primary toward every region, each region back, 2 (R - 1) per table', () => {
    const regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
      'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1'];
    const s = store({}, topology(testApp(), regions));
    const links = s.replicas.flatMap((replica) => {
      const alarms = Template.fromStack(replica.cell).findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ReplicationLatency' } });
      expect(Object.keys(alarms)).toHaveLength(replica.replicationLatencyAlarms.length);
      return Object.values(alarms).map((alarm) => [replica.region, alarm.Properties.Dimensions.find((d: any) => d.Name === 'ReceivingRegion').Value]);
    });
    const secondaries = regions.slice(1);
    expect(links).toEqual([...secondaries.map((r) => ['us-east-1', r]), ...secondaries.map((r) => [r, 'us-east-1'])]);
  });

  test('system errors alarm on the operations given: one billed metric each', () => {
    const s = store({ systemErrorOperations: [Operation.TRANSACT_WRITE_ITEMS, Operation.BATCH_GET_ITEM] });
    const alarm = Object.values(Template.fromStack(s.topology.cell('eu-west-1')).findResources('AWS::CloudWatch::Alarm', {
      Properties: { Metrics: Match.arrayWith([Match.objectLike({ Expression: Match.stringLikeRegexp('^FILL') })]) },
    })).find((a: any) => JSON.stringify(a).includes('SystemErrors')) as any;
    const operations = alarm.Properties.Metrics.filter((m: any) => m.MetricStat)
      .map((m: any) => m.MetricStat.Metric.Dimensions.find((d: any) => d.Name === 'Operation').Value);
    expect(operations).toEqual(['TransactWriteItems', 'BatchGetItem']);
  });

  test('backs up the primary replica daily and copies every backup to another region', () => {
    const s = store({ backup: { retention: Duration.days(90), copyRegion: 'eu-west-1' } });
    const primary = Template.fromStack(s.topology.primaryCell);

    primary.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [Match.objectLike({
          ScheduleExpression: 'cron(0 3 * * ? *)',
          Lifecycle: { DeleteAfterDays: 90 },
          CopyActions: [{ DestinationBackupVaultArn: `arn:aws:backup:eu-west-1:${TEST_ACCOUNT}:backup-vault:Orders-Store-backups`, Lifecycle: { DeleteAfterDays: 90 } }],
        })],
      },
    });
    primary.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [`arn:aws:dynamodb:us-east-1:${TEST_ACCOUNT}:table/Orders-Store`] }),
    });
    // The copy vault exists before the first backup copies into it: it deploys with the prerequisites of its region,
    // which the primary cell (holding the plan) depends on.
    const copyPrerequisites = s.topology.cell('eu-west-1').prerequisites;
    Template.fromStack(copyPrerequisites).hasResource('AWS::Backup::BackupVault', {
      Properties: { BackupVaultName: 'Orders-Store-backups' }, DeletionPolicy: 'RetainExceptOnCreate',
    });
    expect(s.topology.primaryCell.dependencies).toContain(copyPrerequisites);
    for (const region of ['eu-west-1', 'us-west-2']) Template.fromStack(s.topology.cell(region)).resourceCountIs('AWS::Backup::BackupVault', 0);
  });

  test('no backups when disabled', () => {
    const s = store({ backup: { enabled: false } });
    for (const cell of s.topology.cells) Template.fromStack(cell).resourceCountIs('AWS::Backup::BackupPlan', 0);
  });

  test('an idempotency store for Powertools: key id, time to live on expiration', () => {
    const s = GlobalTableStore.forIdempotency(topology(), 'Idempotency');
    const table = globalTable(s);

    expect(table.Properties.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiration', Enabled: true });
    Template.fromStack(s.topology.primaryCell).resourceCountIs('AWS::Backup::BackupPlan', 0);
  });

  test('passes cdk-nag, the Control Tower guard rules and aws-cdk-lib validation', () => {
    const app = testApp();
    const t = topology(app);
    const s = store({ encryption: StoreEncryption.customerManagedKeys() }, t);
    s.grantReadData(new ReplicatedFunction(t, 'Api', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('x') }));

    expectNoUnacknowledgedFindings(app);
  });

  test('matches the snapshot', () => {
    const app = testApp();
    store({}, topology(app));

    expect(snapshotOf(app)).toMatchSnapshot();
  });
});

describe('GlobalTableStore bad input', () => {
  test('fails when there is no partition key', () => {
    expect(() => store({ partitionKey: undefined as any })).toThrow(
      /\[Orders\/Store\] invalid partitionKey undefined: every DynamoDB table needs a partition key.*Fix: set partitionKey/,
    );
  });

  test('fails when two indexes share a name', () => {
    const index = { indexName: 'byCustomer', partitionKey: { name: 'customer', type: AttributeType.STRING } };
    expect(() => store({ globalSecondaryIndexes: [index, index] })).toThrow(
      /invalid globalSecondaryIndexes \['byCustomer', 'byCustomer'\]: the index name 'byCustomer' is used twice/,
    );
  });

  test('fails when strong consistency has the wrong number of regions', () => {
    expect(() => store({ consistency: MultiRegionConsistency.STRONG }, topology(testApp(), ['us-east-1', 'us-west-2']))).toThrow(
      /invalid consistency .*needs exactly three replicas, or two replicas and a witness.*Fix: add a witnessRegion/,
    );
  });

  test('fails when strong consistency spans region sets', () => {
    expect(() => store({ consistency: MultiRegionConsistency.STRONG })).toThrow(
      /invalid consistency \['us-east-1', 'us-west-2', 'eu-west-1'\]: multi-region strong consistency works only within one region set.*US: us-east-1/,
    );
  });

  test('fails when the witness is also a replica', () => {
    expect(() => store({ consistency: MultiRegionConsistency.STRONG, witnessRegion: 'us-west-2' }, topology(testApp(), ['us-east-1', 'us-west-2'])))
      .toThrow(/invalid witnessRegion 'us-west-2': the witness is also a replica region of the topology/);
    expect(() => store({ witnessRegion: 'us-east-2' })).toThrow(/invalid witnessRegion 'us-east-2': a witness only exists for multi-region strong consistency/);
  });

  test('fails when an index has provisioned capacity on an on-demand table', () => {
    expect(() => store({
      globalSecondaryIndexes: [{ indexName: 'byCustomer', partitionKey: { name: 'c', type: AttributeType.STRING }, readCapacity: Capacity.fixed(5) }],
    })).toThrow(/invalid globalSecondaryIndexes \(byCustomer\) 'readCapacity\/writeCapacity': the index has provisioned capacity while the table bills on demand/);
  });

  test('fails when asked for a region outside the topology', () => {
    expect(() => store().replicaIn('ap-south-1')).toThrow(/\[Orders\] invalid region 'ap-south-1': the topology has no cell in this region/);
  });

  test('fails when created in a region-agnostic stack', () => {
    expect(() => store({}, new Stack(testApp(), 'Anywhere'))).toThrow(
      /\[Anywhere\/Store\] invalid scope 'Anywhere': the store is in a region-agnostic stack \(no env\).*Fix: create the GlobalTableStore with a MultiRegionTopology/,
    );
  });

  test('fails when backups would be copied to the primary region or outside the topology', () => {
    expect(() => store({ backup: { copyRegion: 'us-east-1' } })).toThrow(/invalid backup\.copyRegion 'us-east-1': backups are copied to another region/);
  });

  test('fails when DESTROY meets deletion protection, which would refuse the deletion', () => {
    expect(() => store({ removalPolicy: RemovalPolicy.DESTROY })).toThrow(
      /\[Orders\/Store\] invalid removalPolicy 'destroy': deletion protection \(on by default\) refuses the delete .* Fix: set deletionProtection: false as well/,
    );
  });

  test('fails when supplied keys do not cover every secondary region', () => {
    const t = topology();
    const key = new Key(t.primaryCell, 'OwnKey');
    expect(() => store({ encryption: StoreEncryption.suppliedKeys(key, { 'us-west-2': 'arn:aws:kms:us-west-2:1:key/a' }) }, t)).toThrow(
      /invalid encryption \(replicaKeyArns\) \['us-west-2'\]: a supplied key is needed for exactly each secondary region/,
    );
  });
});
