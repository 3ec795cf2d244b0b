import { App, CfnElement, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  AttributeType, Billing, Capacity, GlobalSecondaryIndexPropsV2, LocalSecondaryIndexProps, MultiRegionConsistency, Operation, ProjectionType,
  StreamViewType, TableClass, TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { GlobalTableStore, GlobalTableStoreProps, MultiRegionTopology, StoreEncryption } from '../../src';
import { TEST_ACCOUNT, templates, testApp } from '../harness';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const PK = { name: 'pk', type: AttributeType.STRING };
const SK = { name: 'sk', type: AttributeType.STRING };
/** Every configuration error has one shape: the setting, the value as given, the problem, what is allowed, the fix. */
const FORMAT = /^\[Orders\/Store\] invalid .+ .+: .+\. Allowed: .+\. Fix: .+\.$/s;

function topology(app: App = testApp(), regions = REGIONS): MultiRegionTopology {
  return new MultiRegionTopology(app, 'Orders', { account: TEST_ACCOUNT, primaryRegion: regions[0], regions });
}

type Props = Partial<GlobalTableStoreProps> | ((t: MultiRegionTopology) => Partial<GlobalTableStoreProps>);

function store(props: Props, t: MultiRegionTopology = topology()): GlobalTableStore {
  const given = typeof props === 'function' ? props(t) : props;
  return new GlobalTableStore(t, 'Store', { partitionKey: PK, ...given });
}

function gsi(indexName: string, extra: Partial<GlobalSecondaryIndexPropsV2> = {}): GlobalSecondaryIndexPropsV2 {
  return { indexName, partitionKey: { name: `${indexName}pk`, type: AttributeType.STRING }, ...extra };
}

function lsi(indexName: string, extra: Partial<LocalSecondaryIndexProps> = {}): LocalSecondaryIndexProps {
  return { indexName, sortKey: { name: `${indexName}sk`, type: AttributeType.NUMBER }, ...extra };
}

const provisioned = (read: Capacity, write: Capacity = Capacity.autoscaled({ maxCapacity: 10 })) =>
  Billing.provisioned({ readCapacity: read, writeCapacity: write });
const name = (length: number) => 't'.repeat(length);
const EU = ['eu-west-1', 'eu-west-2', 'eu-central-1'];

describe('GlobalTableStore bad input: numbers and durations', () => {
  test.each<[string, Props, RegExp]>([
    ['backups are kept 0 days', { backup: { retention: Duration.days(0) } },
      /invalid backup\.retention Duration\.days\(0\): the duration is shorter than 1 day \(AWS Backup keeps backups for whole days\)\. Allowed: a whole number of days of at least 1 day\. Fix: set backup\.retention to/],
    ['backups are kept 12 hours', { backup: { retention: Duration.hours(12) } },
      /invalid backup\.retention Duration\.hours\(12\): the service counts whole days, and this is 0\.5 days/],
    ['backups are kept NaN days', { backup: { retention: Duration.days(NaN) } }, /invalid backup\.retention Duration\.days\(NaN\): the duration must be finite/],
    ['backup retention is not a Duration', { backup: { retention: 35 as any } }, /invalid backup\.retention 35: a Duration is required/],
    ['the replication latency threshold is zero', { replicationLatencyThreshold: Duration.seconds(0) },
      /invalid replicationLatencyThreshold Duration\.seconds\(0\): the duration is shorter than 1 milli/],
    ['the replication latency threshold is a fraction of a millisecond', { replicationLatencyThreshold: Duration.millis(0.5) },
      /invalid replicationLatencyThreshold Duration\.millis\(0\.5\): the service counts whole millis/],
    ['the replication latency threshold is infinite', { replicationLatencyThreshold: Duration.seconds(Infinity) },
      /invalid replicationLatencyThreshold Duration\.seconds\(Infinity\): the duration must be finite/],
    // The operations whose system errors alarm: 1 to 10 distinct Operation values (one alarm of at most 10 metrics).
    ['no system-error operation', { systemErrorOperations: [] },
      /invalid systemErrorOperations \[\]: the list has 0 items \(one alarm sums them, and CloudWatch allows 1 to 10 metrics in an alarm\)\. Allowed: 1 to 10 items\. Fix: give systemErrorOperations at least 1 item/],
    ['eleven system-error operations', { systemErrorOperations: Object.values(Operation).slice(0, 11) },
      /invalid systemErrorOperations \[.*\]: the list has 11 items.*Allowed: 1 to 10 items\. Fix: give systemErrorOperations at most 10 items/],
    ['a system-error operation twice', { systemErrorOperations: [Operation.GET_ITEM, Operation.GET_ITEM] },
      /invalid systemErrorOperations \['GetItem', 'GetItem'\]: GetItem appears more than once.*Allowed: distinct items\. Fix: remove the repeated GetItem/],
    ['a system-error operation DynamoDB does not have', { systemErrorOperations: [Operation.GET_ITEM, 'GetItems' as Operation] },
      /invalid systemErrorOperations\[1\] 'GetItems': DynamoDB publishes SystemErrors per data-plane operation\. Allowed: one of GetItem, .*ExecuteStatement\. Fix: use an Operation value, for example Operation\.GET_ITEM/],
    ['system-error operations that are not a list', { systemErrorOperations: 'GetItem' as any },
      /invalid systemErrorOperations 'GetItem': a list is required\. Allowed: an array/],
    ['a fixed read capacity is NaN', { billing: provisioned(Capacity.fixed(NaN)) },
      /invalid billing \(readCapacity\) NaN: a number is required\. Allowed: a whole number of capacity units of at least 1/],
    ['a fixed read capacity is zero', { billing: provisioned(Capacity.fixed(0)) }, /invalid billing \(readCapacity\) 0: the value is below 1/],
    ['a fixed read capacity is a fraction', { billing: provisioned(Capacity.fixed(1.5)) }, /invalid billing \(readCapacity\) 1\.5: a whole number is required/],
    ['the write capacity is fixed', { billing: provisioned(Capacity.fixed(5), Capacity.fixed(5)) },
      /invalid billing \(writeCapacity\) 'Capacity\.fixed\(\.\.\.\)': a global table's write capacity must autoscale.*Fix: set billing\.writeCapacity to Capacity\.autoscaled/],
    ['an autoscaled maximum is infinite', { billing: provisioned(Capacity.fixed(1), Capacity.autoscaled({ maxCapacity: Infinity })) },
      /invalid billing \(writeCapacity\)\.maxCapacity Infinity: the value must be finite/],
    ['an autoscaled maximum is NaN', { billing: provisioned(Capacity.autoscaled({ maxCapacity: NaN })) },
      /invalid billing \(readCapacity\)\.maxCapacity NaN: a number is required/],
    ['an autoscaled target utilization is NaN', { billing: provisioned(Capacity.autoscaled({ maxCapacity: 5, targetUtilizationPercent: NaN })) },
      /invalid billing \(readCapacity\)\.targetUtilizationPercent NaN: a number is required.*Allowed: a number of percent from 20 to 90/],
    ['a seed capacity is a fraction', { billing: provisioned(Capacity.autoscaled({ maxCapacity: 5, seedCapacity: 1.5 })) },
      /invalid billing \(readCapacity\)\.seedCapacity 1\.5: a whole number is required/],
    ['an autoscaled minimum is a fraction', { billing: provisioned(Capacity.fixed(1), Capacity.autoscaled({ minCapacity: 0.5, maxCapacity: 5 })) },
      /invalid billing \(writeCapacity\)\.minCapacity 0\.5: a whole number is required/],
    ['an on-demand maximum is zero', { billing: Billing.onDemand({ maxReadRequestUnits: 0 }) },
      /invalid billing \(maxReadRequestUnits\) 0: the value is below 1/],
    ['an on-demand maximum is negative', { billing: Billing.onDemand({ maxWriteRequestUnits: -5 }) },
      /invalid billing \(maxWriteRequestUnits\) -5: the value is below 1/],
    ['an index capacity is zero', { billing: provisioned(Capacity.fixed(1)), globalSecondaryIndexes: [gsi('byCustomer', { readCapacity: Capacity.fixed(0) })] },
      /invalid globalSecondaryIndexes \(byCustomer\)\.readCapacity 0: the value is below 1/],
    ['an index write capacity is fixed', { billing: provisioned(Capacity.fixed(1)), globalSecondaryIndexes: [gsi('byCustomer', { writeCapacity: Capacity.fixed(3) })] },
      /invalid globalSecondaryIndexes \(byCustomer\)\.writeCapacity 'Capacity\.fixed\(\.\.\.\)': a global table's write capacity must autoscale/],
    ['an index maximum on-demand throughput is negative', { globalSecondaryIndexes: [gsi('byCustomer', { maxReadRequestUnits: -1 })] },
      /invalid globalSecondaryIndexes \(byCustomer\)\.maxReadRequestUnits -1: the value is below 1/],
    ['an index warm throughput is infinite', { globalSecondaryIndexes: [gsi('byCustomer', { warmThroughput: { readUnitsPerSecond: Infinity } })] },
      /invalid globalSecondaryIndexes \(byCustomer\)\.warmThroughput\.readUnitsPerSecond Infinity: the value must be finite/],
    // Settings that backups off make do nothing.
    ['a backup retention is set with backups off', { backup: { enabled: false, retention: Duration.days(10) } },
      /invalid backup\.retention Duration\.days\(10\): it does nothing: backups are off \(backup\.enabled is false\)\. Allowed: no value while backups are off\. Fix: remove backup\.retention, or turn backups on\./],
    ['a backup copy region is set with backups off', { backup: { enabled: false, copyRegion: 'eu-west-1' } },
      /invalid backup\.copyRegion 'eu-west-1': it does nothing: backups are off/],
  ])('fails when %s', (_, props, message) => {
    expect(() => store(props)).toThrow(message);
    expect(() => store(props)).toThrow(FORMAT);
  });
});

describe('GlobalTableStore bad input: the table name and the names derived from it', () => {
  test.each<[string, Props, RegExp]>([
    ['the table name is too long for its backup vault', { tableName: name(43) },
      /invalid tableName 't{43}': the backup vault name 't{43}-backups' would have 51 characters, over its limit of 50\. Allowed: letters, digits, underscores, hyphens and dots, 3 to 42 characters\. Fix: shorten tableName to 42 characters or fewer\./],
    ['the table name has a dot, which backup vault names refuse', { tableName: 'orders.v2' },
      /invalid tableName 'orders\.v2': the backup vault name 'orders\.v2-backups' may only contain letters, digits, hyphens and underscores\..*Fix: use only letters, digits, hyphens and underscores in tableName\./],
    ['the table name has a dot, which KMS alias names refuse', { tableName: 'orders.v2', backup: { enabled: false }, encryption: StoreEncryption.customerManagedKeys() },
      /invalid tableName 'orders\.v2': the KMS alias of the replica keys 'alias\/orders\.v2' may only contain letters, digits, slashes, underscores and hyphens/],
    ['the table name is too long for the KMS alias', { tableName: name(251), backup: { enabled: false }, encryption: StoreEncryption.customerManagedKeys() },
      /invalid tableName 't{251}': the KMS alias of the replica keys 'alias\/t{251}' would have 257 characters, over its limit of 256\..*Fix: shorten tableName to 250 characters or fewer\./],
    ['the table name is too long for DynamoDB', { tableName: name(256), backup: { enabled: false } },
      /invalid tableName 't{256}': the name has 256 characters\. Allowed: letters, digits, underscores, hyphens and dots, 3 to 255 characters/],
    ['the table name is too short', { tableName: 'ab' }, /invalid tableName 'ab': the name has 2 characters\..*Fix: lengthen tableName to 3 characters or more\./],
    ['the table name is empty', { tableName: '' }, /invalid tableName '': a name is required/],
    ['the table name has a space', { tableName: 'my orders' }, /invalid tableName 'my orders': the name may only contain letters, digits, underscores, hyphens and dots/],
    ['the table name is a token', { tableName: Lazy.string({ produce: () => 'orders' }) },
      /invalid tableName '\$\{Token\[.*\]\}': the table name is an unresolved token/],
  ])('fails when %s', (_, props, message) => {
    expect(() => store(props)).toThrow(message);
    expect(() => store(props)).toThrow(FORMAT);
  });

  test('fails when the defaulted table name (<serviceName>-<id>) is too long for its backup vault, and says it was defaulted', () => {
    const t = topology();
    expect(() => new GlobalTableStore(t, name(40), { partitionKey: PK })).toThrow(
      /invalid tableName \(defaulted to <serviceName>-<id>\) 'Orders-t{40}': the backup vault name 'Orders-t{40}-backups' would have 55 characters, over its limit of 50\..*Fix: shorten tableName \(defaulted to <serviceName>-<id>\) to 42 characters or fewer\./,
    );
  });
});

describe('GlobalTableStore bad input: keys, indexes and values only the deploy would refuse', () => {
  test.each<[string, Props, RegExp]>([
    ['the sort key is the partition key', { sortKey: { name: 'pk', type: AttributeType.NUMBER } },
      /invalid sortKey\.name 'pk': the sort key is the partition key's attribute.*Allowed: an attribute other than 'pk'\. Fix: name another attribute as sortKey, or remove sortKey\./],
    ['the partition key name is empty', { partitionKey: { name: '', type: AttributeType.STRING } }, /invalid partitionKey\.name '': a name is required/],
    ['the sort key name is too long', { sortKey: { name: 'k'.repeat(256), type: AttributeType.STRING } },
      /invalid sortKey\.name 'k{256}': the name has 256 characters\. Allowed: any characters, 1 to 255 characters/],
    ['the partition key type is not a DynamoDB type', { partitionKey: { name: 'pk', type: 'BOOL' as AttributeType } },
      /invalid partitionKey\.type 'BOOL': DynamoDB key attributes are strings, numbers or binary\. Allowed: one of B, N, S/],
    ['the time-to-live attribute is empty', { timeToLiveAttribute: '' }, /invalid timeToLiveAttribute '': a name is required/],
    ['21 global secondary indexes', { globalSecondaryIndexes: Array.from({ length: 21 }, (_, i) => gsi(`index${i}`)) },
      /invalid globalSecondaryIndexes \['index0', .*'index20'\]: the list has 21 items \(DynamoDB allows 20 global secondary indexes per table\)\. Allowed: 0 to 20 items/],
    ['an index name is too short', { globalSecondaryIndexes: [gsi('by')] },
      /invalid globalSecondaryIndexes\[0\]\.indexName 'by': the name has 2 characters\. Allowed: letters, digits, underscores, hyphens and dots, 3 to 255 characters/],
    ['an index name has a space', { globalSecondaryIndexes: [gsi('by customer')] }, /invalid globalSecondaryIndexes\[0\]\.indexName 'by customer': the name may only contain/],
    ['an index has no partition key', { globalSecondaryIndexes: [{ indexName: 'byCustomer' } as GlobalSecondaryIndexPropsV2] },
      /invalid globalSecondaryIndexes \(byCustomer\)\.partitionKey undefined: every global secondary index needs a partition key/],
    ['an index has a partition key and partition keys', { globalSecondaryIndexes: [gsi('byCustomer', { partitionKeys: [{ name: 'a', type: AttributeType.STRING }] })] },
      /invalid globalSecondaryIndexes \(byCustomer\)\.partitionKey 'byCustomerpk': partitionKey and partitionKeys are both set/],
    ['an index key has five attributes', {
      globalSecondaryIndexes: [{ indexName: 'byAll', partitionKeys: ['a', 'b', 'c', 'd', 'e'].map((n) => ({ name: n, type: AttributeType.STRING })) }],
    }, /invalid globalSecondaryIndexes \(byAll\)\.partitionKeys \['a', 'b', 'c', 'd', 'e'\]: the list has 5 items \(an index key has 1 to 4 attributes\)/],
    ['an index key attribute has another type than the table key', { globalSecondaryIndexes: [gsi('byPk', { partitionKey: { name: 'pk', type: AttributeType.NUMBER } })] },
      /invalid globalSecondaryIndexes \(byPk\)\.partitionKey\.type 'N': the attribute 'pk' is S in partitionKey, and DynamoDB gives each attribute one type/],
    ['an INCLUDE projection lists no attributes', { globalSecondaryIndexes: [gsi('byCustomer', { projectionType: ProjectionType.INCLUDE })] },
      /invalid globalSecondaryIndexes \(byCustomer\)\.nonKeyAttributes undefined: an INCLUDE projection projects the attributes it lists, and lists none/],
    ['a KEYS_ONLY projection lists attributes', { globalSecondaryIndexes: [gsi('byCustomer', { projectionType: ProjectionType.KEYS_ONLY, nonKeyAttributes: ['total'] })] },
      /invalid globalSecondaryIndexes \(byCustomer\)\.nonKeyAttributes \['total'\]: a KEYS_ONLY projection takes no list of attributes/],
    ['the indexes project 101 attributes', {
      globalSecondaryIndexes: [
        gsi('byA', { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: Array.from({ length: 60 }, (_, i) => `a${i}`) }),
        gsi('byB', { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: Array.from({ length: 41 }, (_, i) => `b${i}`) }),
      ],
    }, /invalid globalSecondaryIndexes \(nonKeyAttributes\) 101: the indexes project 101 non-key attributes, over DynamoDB's limit of 100 per table/],
    ['a global and a local index share a name', { sortKey: SK, globalSecondaryIndexes: [gsi('byDate')], localSecondaryIndexes: [lsi('byDate')] },
      /invalid globalSecondaryIndexes\/localSecondaryIndexes \['byDate', 'byDate'\]: the index name 'byDate' is used twice/],
    ['6 local secondary indexes', { sortKey: SK, localSecondaryIndexes: Array.from({ length: 6 }, (_, i) => lsi(`local${i}`)) },
      /invalid localSecondaryIndexes \['local0', .*'local5'\]: the list has 6 items \(DynamoDB allows 5 local secondary indexes per table\)/],
    ['a local index is on a table without a sort key', { localSecondaryIndexes: [lsi('byDate')] },
      /invalid localSecondaryIndexes \['byDate'\]: a local secondary index shares the table's partition key and needs a table with a sort key/],
    ['the stream view is not a DynamoDB one', { dynamoStream: 'ALL' as StreamViewType }, /invalid dynamoStream 'ALL': DynamoDB streams carry keys only.*Allowed: one of NEW_IMAGE/],
    ['the table class is not a DynamoDB one', { tableClass: 'COLD' as TableClass }, /invalid tableClass 'COLD': DynamoDB has two table classes\. Allowed: one of STANDARD, STANDARD_INFREQUENT_ACCESS/],
    ['the removal policy is not a CloudFormation one', { removalPolicy: 'keep' as RemovalPolicy }, /invalid removalPolicy 'keep': CloudFormation deletion policies\. Allowed: one of destroy/],
    ['deletion protection is not a boolean', { deletionProtection: 'yes' as any }, /invalid deletionProtection 'yes': the setting is a boolean\. Allowed: one of true, false/],
    ['backups are switched by a string', { backup: { enabled: 'no' as any } }, /invalid backup\.enabled 'no': the setting is a boolean/],
    ['backups would be copied outside the topology', { backup: { copyRegion: 'ap-south-1' } },
      /invalid backup\.copyRegion 'ap-south-1': backups are copied to another region of the topology.*Allowed: one of \['us-west-2', 'eu-west-1'\]/],
    ['the billing is not a Billing', { billing: 'PAY_PER_REQUEST' as any }, /invalid billing 'PAY_PER_REQUEST': it is not a Billing/],
  ])('fails when %s', (_, props, message) => {
    expect(() => store(props)).toThrow(message);
    expect(() => store(props)).toThrow(FORMAT);
  });
});

describe('GlobalTableStore bad input: encryption and strong consistency', () => {
  const mrsc = (app = testApp()) => topology(app, ['us-east-1', 'us-east-2', 'us-west-2']);
  test.each<[string, Props, RegExp, ((app: App) => MultiRegionTopology)?]>([
    ['a replica key ARN is from another region', (t) => ({
      encryption: StoreEncryption.suppliedKeys(new Key(t.primaryCell, 'Own'), {
        'us-west-2': `arn:aws:kms:us-east-2:${TEST_ACCOUNT}:key/a`, 'eu-west-1': `arn:aws:kms:eu-west-1:${TEST_ACCOUNT}:key/b`,
      }),
    }), /invalid encryption \(replicaKeyArns\['us-west-2'\]\) 'arn:aws:kms:us-east-2:123456789012:key\/a': the key is in us-east-2, and DynamoDB encrypts a replica with a key of its own region.*Fix: give the ARN of a KMS key \(or alias\) in us-west-2\./],
    ['a replica key ARN is not a KMS ARN', (t) => ({
      encryption: StoreEncryption.suppliedKeys(new Key(t.primaryCell, 'Own'), {
        'us-west-2': '1234abcd-12ab-34cd-56ef-1234567890ab', 'eu-west-1': 'arn:aws:s3:::bucket',
      }),
    }), /invalid encryption \(replicaKeyArns\['eu-west-1'\]\) 'arn:aws:s3:::bucket': it is not the ARN of a KMS key or alias/],
    ['the table key is in another region', (t) => ({
      encryption: StoreEncryption.suppliedKeys(new Key(t.cell('eu-west-1'), 'Own'), {
        'us-west-2': `arn:aws:kms:us-west-2:${TEST_ACCOUNT}:key/a`, 'eu-west-1': `arn:aws:kms:eu-west-1:${TEST_ACCOUNT}:key/b`,
      }),
    }), /invalid encryption \(tableKey\) 'Orders\/eu-west-1\/Own': the key is in eu-west-1, and the primary replica in us-east-1 needs a key of its own region/],
    ['the encryption is a TableEncryption', { encryption: TableEncryption.CUSTOMER_MANAGED as any },
      /invalid encryption 'CUSTOMER_MANAGED': it is not a StoreEncryption/],
    ['strong consistency meets a time to live', { consistency: MultiRegionConsistency.STRONG, timeToLiveAttribute: 'expiresAt' },
      /invalid timeToLiveAttribute 'expiresAt': a strongly consistent \(MRSC\) global table has no time to live.*Fix: remove timeToLiveAttribute/, mrsc],
    ['strong consistency meets a local secondary index', { consistency: MultiRegionConsistency.STRONG, sortKey: SK, localSecondaryIndexes: [lsi('byDate')] },
      /invalid localSecondaryIndexes \['byDate'\]: a strongly consistent \(MRSC\) global table has no local secondary indexes/, mrsc],
    ['the consistency is not a DynamoDB one', { consistency: 'LINEARIZABLE' as MultiRegionConsistency },
      /invalid consistency 'LINEARIZABLE': DynamoDB global tables are eventually or strongly consistent\. Allowed: one of EVENTUAL, STRONG/],
    ['the witness region is misspelt', { consistency: MultiRegionConsistency.STRONG, witnessRegion: 'eu-west-9' },
      /invalid witnessRegion 'eu-west-9': aws-cdk-lib does not know this region/, (app) => topology(app, ['eu-west-1', 'eu-central-1'])],
  ])('fails when %s', (_, props, message, make = (app: App) => topology(app)) => {
    expect(() => store(props, make(testApp()))).toThrow(message);
    expect(() => store(props, make(testApp()))).toThrow(FORMAT);
  });

  test('fails when the store is given no props at all', () => {
    expect(() => new GlobalTableStore(topology(), 'Store', undefined as any)).toThrow(
      /\[Orders\/Store\] invalid partitionKey undefined: every DynamoDB table needs a partition key\..*Fix: set partitionKey\./,
    );
  });

  test('fails when a replicated grant is given a plain principal, which has no principal per region', () => {
    const s = store({});
    const role = new Role(s.topology.primaryCell, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    for (const grant of [() => s.grantReadData(role as any), () => s.grantStreamRead(role as any)]) {
      expect(grant).toThrow(/\[Orders\/Store\] invalid grantee '.*Role': the grantee has no principal per region \(grantPrincipalIn\).*Fix: pass a ReplicatedFunction/);
      expect(grant).toThrow(FORMAT);
    }
  });

  test('fails when a grant names a service principal, which has no identity policy', () => {
    const s = store({});
    expect(() => s.grantWriteDataIn('us-west-2', new ServicePrincipal('lambda.amazonaws.com'))).toThrow(
      /\[Orders\/Store\] invalid grantee 'ServicePrincipal\(lambda\.amazonaws\.com\)': a service principal has no identity policy to receive the grant\..*Fix: grant the role the service uses/,
    );
  });
});

describe('GlobalTableStore bad input: grantOperations', () => {
  const ALLOWED = 'Allowed: one of GetItem, BatchGetItem, Query, Scan, PutItem, UpdateItem, DeleteItem, BatchWriteItem\\.';
  test.each<[string, unknown[], RegExp]>([
    ['no operation is named', [], /invalid operations \[\]: the list has 0 items \(a grant names what the grantee calls\)\. Allowed: 1 to any number of items\. Fix: give operations at least 1 item/],
    ['a write transaction is named (IAM authorizes the writes inside it)', [Operation.PUT_ITEM, Operation.TRANSACT_WRITE_ITEMS],
      new RegExp(`invalid operations\\[1\\] 'TransactWriteItems': grantOperations grants item operations whose IAM action has the same name\\. ${ALLOWED} ` +
        'Fix: grant the operations inside the TransactWriteItems \\(Operation\\.PUT_ITEM, UPDATE_ITEM, DELETE_ITEM\\), and for a ConditionCheck ' +
        'replicaIn\\(region\\)\\.grant\\(principal, \'dynamodb:ConditionCheckItem\'\\); add what it calls that way to systemErrorOperations')],
    ['a read transaction is named', [Operation.TRANSACT_GET_ITEMS], /invalid operations\[0\] 'TransactGetItems': .*Fix: grant Operation\.GET_ITEM, the action IAM checks/],
    ['a PartiQL statement is named', [Operation.EXECUTE_STATEMENT],
      /invalid operations\[0\] 'ExecuteStatement': grantOperations grants item operations.*Fix: grant the PartiQL actions of the statements with replicaIn\(region\)\.grant\(principal, 'dynamodb:PartiQLSelect', \.\.\.\)/],
    ['a PartiQL transaction is named', [Operation.EXECUTE_TRANSACTION], /invalid operations\[0\] 'ExecuteTransaction': .*Fix: grant the PartiQL actions/],
    ['a stream read is named', [Operation.GET_RECORDS], /invalid operations\[0\] 'GetRecords': grantOperations grants item operations.*Fix: use grantStreamRead/],
    ['an operation is given in lower case', ['getitem'], /invalid operations\[0\] 'getitem': grantOperations grants item operations.*Fix: name the item operations the grantee calls/],
    ['an operation is undefined', [undefined], /invalid operations\[0\] undefined: grantOperations grants item operations/],
    ['the operations are given as one list', [[Operation.GET_ITEM]],
      /invalid operations\[0\] \['GetItem'\]: grantOperations takes each operation as an argument of its own, not a list\..*Fix: spread the list: grantOperations\(grantee, \.\.\.operations\)/],
  ])('fails when %s', (_, operations, message) => {
    const s = store({});
    const grantee = { grantPrincipalIn: () => new Role(s.topology.primaryCell, 'Unused', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') }) };
    const grant = () => s.grantOperations(grantee as any, ...(operations as Operation[]));
    expect(grant).toThrow(message);
    expect(grant).toThrow(FORMAT);
  });

  test('fails when given a plain principal, which has no principal per region', () => {
    const s = store({});
    const role = new Role(s.topology.primaryCell, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    expect(() => s.grantOperations(role as any, Operation.GET_ITEM)).toThrow(
      /invalid grantee '.*Role': the grantee has no principal per region.*Fix: pass a ReplicatedFunction, or grant one region's principal exactly what it calls with replicaIn\(region\)\.grant\(principal, 'dynamodb:<Operation>'\)/);
  });
});

describe('GlobalTableStore accepts the edges', () => {
  /** Synthesizes every stack of the app (aws-cdk-lib's own checks run there) and returns the global table resource. */
  const synthesizes = (t: MultiRegionTopology, s: GlobalTableStore): any => {
    const primary = templates(t.node.root as App)[t.primaryCell.stackName];
    const table = primary.Resources[t.primaryCell.getLogicalId(s.replica(t.primaryRegion).globalTable!.node.defaultChild as CfnElement)];
    expect(table.Type).toBe('AWS::DynamoDB::GlobalTable');
    return table;
  };

  test.each<[string, Props, (table: any) => void]>([
    ['the longest table name with backups (42 characters: the vault name then has 50)', { tableName: name(42) },
      (table) => expect(table.Properties.TableName).toBe(name(42))],
    ['the longest table name with customer-managed keys and no backups (250: the alias then has 256)',
      { tableName: name(250), backup: { enabled: false }, encryption: StoreEncryption.customerManagedKeys() },
      (table) => expect(table.Properties.TableName).toHaveLength(250)],
    ['the longest DynamoDB table name when nothing is derived from it (255)', { tableName: name(255), backup: { enabled: false } },
      (table) => expect(table.Properties.TableName).toHaveLength(255)],
    ['the shortest table name (3 characters)', { tableName: 'abc' }, (table) => expect(table.Properties.TableName).toBe('abc')],
    ['a dot in the table name when nothing derived refuses it', { tableName: 'orders.v2', backup: { enabled: false } },
      (table) => expect(table.Properties.TableName).toBe('orders.v2')],
    ['20 global secondary indexes', { globalSecondaryIndexes: Array.from({ length: 20 }, (_, i) => gsi(`index${i}`)) },
      (table) => expect(table.Properties.GlobalSecondaryIndexes).toHaveLength(20)],
    ['5 local secondary indexes on a table with a sort key', { sortKey: SK, localSecondaryIndexes: Array.from({ length: 5 }, (_, i) => lsi(`local${i}`)) },
      (table) => expect(table.Properties.LocalSecondaryIndexes).toHaveLength(5)],
    ['100 projected attributes across the indexes', {
      globalSecondaryIndexes: [gsi('byA', { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: Array.from({ length: 100 }, (_, i) => `a${i}`) })],
    }, (table) => expect(table.Properties.GlobalSecondaryIndexes[0].Projection.NonKeyAttributes).toHaveLength(100)],
    ['the smallest capacities and both ends of the utilization target', {
      billing: provisioned(Capacity.fixed(1), Capacity.autoscaled({ minCapacity: 1, maxCapacity: 1, targetUtilizationPercent: 20 })),
      globalSecondaryIndexes: [gsi('byCustomer', { readCapacity: Capacity.autoscaled({ maxCapacity: 1, targetUtilizationPercent: 90, seedCapacity: 1 }) })],
    }, (table) => expect(table.Properties.BillingMode).toBe('PROVISIONED')],
    ['an on-demand maximum of one request unit', { billing: Billing.onDemand({ maxReadRequestUnits: 1, maxWriteRequestUnits: 1 }) },
      (table) => expect(table.Properties.WriteOnDemandThroughputSettings).toEqual({ MaxWriteRequestUnits: 1 })],
    ['backups kept one day and a threshold of one millisecond', { backup: { retention: Duration.days(1) }, replicationLatencyThreshold: Duration.millis(1) },
      (table) => expect(table.Type).toBe('AWS::DynamoDB::GlobalTable')],
    ['supplied keys by key and alias ARN of their own regions', (t) => ({
      encryption: StoreEncryption.suppliedKeys(new Key(t.primaryCell, 'Own', { enableKeyRotation: true }), {
        'us-west-2': `arn:aws:kms:us-west-2:${TEST_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        'eu-west-1': `arn:aws:kms:eu-west-1:${TEST_ACCOUNT}:alias/orders`,
      }),
    }), (table) => expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' })],
    ['one system-error operation', { systemErrorOperations: [Operation.TRANSACT_WRITE_ITEMS] },
      (table) => expect(table.Type).toBe('AWS::DynamoDB::GlobalTable')],
    ['ten system-error operations', { systemErrorOperations: Object.values(Operation).slice(0, 10) },
      (table) => expect(table.Type).toBe('AWS::DynamoDB::GlobalTable')],
    ['a stream of keys only', { dynamoStream: StreamViewType.KEYS_ONLY },
      (table) => expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'KEYS_ONLY' })],
  ])('accepts %s', (_, props, check) => {
    const t = topology();
    check(synthesizes(t, store(props, t)));
  });

  test.each([
    ['three replicas of the EU set', EU, undefined],
    ['two replicas of the AP set and a witness', ['ap-northeast-1', 'ap-northeast-2'], 'ap-northeast-3'],
  ])('accepts strong consistency in a valid region set: %s', (_, regions, witnessRegion) => {
    const t = topology(testApp(), regions as string[]);
    const s = store({ consistency: MultiRegionConsistency.STRONG, witnessRegion, sortKey: SK, globalSecondaryIndexes: [gsi('byCustomer')] }, t);
    const table = synthesizes(t, s);
    expect(table.Properties.MultiRegionConsistency).toBe('STRONG');
    expect(s.recoveryPointObjective).toBe('0 seconds (strong multi-region consistency)');
  });

  test('accepts a token for a number, leaving it to the deploy', () => {
    const t = topology();
    store({ billing: Billing.onDemand({ maxWriteRequestUnits: Lazy.number({ produce: () => 10 }) }) }, t);
    Template.fromStack(t.primaryCell).hasResourceProperties('AWS::DynamoDB::GlobalTable', { WriteOnDemandThroughputSettings: { MaxWriteRequestUnits: 10 } });
  });

  test('the stack of a store outside a topology is still refused first', () => {
    expect(() => new GlobalTableStore(new Stack(testApp(), 'Anywhere'), 'Store', { partitionKey: PK })).toThrow(/invalid scope 'Anywhere'/);
  });
});
