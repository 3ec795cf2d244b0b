import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Operation } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import {
  GlobalTableStore, GlobalTableStoreProps, HealthCheckedFailover, MultiRegionTopology, ReplicatedCode, ReplicatedFunction, Saga, SagaTask,
} from '../../src';
import { TEST_ACCOUNT, expectNoUnacknowledgedFindings, testApp } from '../harness';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const DEFAULT_FIVE = ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'];

interface Built {
  readonly app: App;
  readonly topology: MultiRegionTopology;
  readonly store: GlobalTableStore;
  readonly fn: () => ReplicatedFunction;
}

function build(props: Partial<GlobalTableStoreProps> = {}): Built {
  const app = testApp();
  const topology = new MultiRegionTopology(app, 'Orders', { account: TEST_ACCOUNT, primaryRegion: REGIONS[0], regions: REGIONS });
  const store = new GlobalTableStore(topology, 'Store', { partitionKey: { name: 'pk', type: AttributeType.STRING }, ...props });
  let count = 0;
  const fn = () => new ReplicatedFunction(topology, `Fn${++count}`, {
    runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({})'),
  });
  return { app, topology, store, fn };
}

/** The operations the system-errors alarm of the store's replica in `region` sums, as synthesized. */
function watched(built: Built, region: string): string[] {
  const alarm = Object.entries(Template.fromStack(built.topology.cell(region)).findResources('AWS::CloudWatch::Alarm'))
    .find(([id]) => id.startsWith('StoreSystemErrorsAlarm'))![1] as any;
  return alarm.Properties.Metrics.filter((m: any) => m.MetricStat)
    .map((m: any) => m.MetricStat.Metric.Dimensions.find((d: any) => d.Name === 'Operation').Value);
}

describe('GlobalTableStore: system errors of the operations its uses call', () => {
  test.each<[string, (b: Built) => void, string[]]>([
    ['nothing of the library uses it: the item-at-a-time operations', () => undefined, DEFAULT_FIVE],
    ['a read grant: GetItem and Query', (b) => b.store.grantReadData(b.fn()), ['GetItem', 'Query']],
    ['a write grant: PutItem, UpdateItem and DeleteItem', (b) => b.store.grantWriteData(b.fn()), ['PutItem', 'UpdateItem', 'DeleteItem']],
    ['a read-write grant: all five', (b) => b.store.grantReadWriteData(b.fn()), DEFAULT_FIVE],
    ['a write grant, then a read grant: all five, in the same order', (b) => {
      b.store.grantWriteData(b.fn());
      b.store.grantReadData(b.fn());
    }, DEFAULT_FIVE],
    ['a stream grant: GetRecords', (b) => b.store.grantStreamRead(b.fn()), ['GetRecords']],
    ['a read grant and a stream grant', (b) => {
      b.store.grantStreamRead(b.fn());
      b.store.grantReadData(b.fn());
    }, ['GetItem', 'Query', 'GetRecords']],
    ['a saga\'s log: UpdateItem, the only call its log writes make', (b) => {
      const step = b.fn();
      new Saga(b.topology, 'Checkout', { steps: [{ name: 'Reserve', action: SagaTask.replicatedFunction(step) }], log: b.store });
    }, ['UpdateItem']],
    ['grantOperations: the operations it names, in the alarm\'s order', (b) => b.store.grantOperations(b.fn(), Operation.PUT_ITEM, Operation.GET_ITEM), ['GetItem', 'PutItem']],
    ['grantOperations of a scan and batches: those, after the usual ones, by name', (b) => {
      b.store.grantOperations(b.fn(), Operation.SCAN, Operation.BATCH_WRITE_ITEM, Operation.QUERY);
    }, ['Query', 'BatchWriteItem', 'Scan']],
    ['a health check\'s dependency: GetItem, the health handler\'s read', (b) => {
      const service = b.fn();
      new HealthCheckedFailover(b.topology, 'Failover', {
        service,
        hostedZone: HostedZone.fromHostedZoneAttributes(b.topology.routingStack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
        recordName: 'api.example.com',
        dependencies: [b.store],
      });
    }, ['GetItem']],
  ])('%s', (_, use, operations) => {
    const built = build();
    use(built);
    for (const region of REGIONS) expect(watched(built, region)).toEqual(operations);
  });

  test('grantWriteDataIn: that region\'s replica watches the writes; the others, used by nothing, the default five', () => {
    const built = build();
    const role = new Role(built.topology.cell('eu-west-1'), 'Writer', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    built.store.grantWriteDataIn('eu-west-1', role);
    expect(watched(built, 'eu-west-1')).toEqual(['PutItem', 'UpdateItem', 'DeleteItem']);
    expect(watched(built, 'us-west-2')).toEqual(DEFAULT_FIVE);
  });

  test('systemErrorOperations overrides what the uses call', () => {
    const built = build({ systemErrorOperations: [Operation.TRANSACT_WRITE_ITEMS, Operation.GET_ITEM] });
    built.store.grantReadWriteData(built.fn());
    expect(watched(built, 'us-west-2')).toEqual(['TransactWriteItems', 'GetItem']);
  });

  test('the alarm\'s metric follows grants made after it was read, and stays the same object while they add nothing', () => {
    const built = build();
    const replica = built.store.replica('us-west-2');
    const before = replica.systemErrorsAlarm.metric;
    expect(built.store.metricSystemErrors('us-west-2')).toBe(before);
    built.store.grantReadData(built.fn());
    const after = replica.systemErrorsAlarm.metric;
    expect(after).not.toBe(before);
    expect(Object.keys(after.toMetricConfig().mathExpression!.usingMetrics)).toEqual(['getitem', 'query']);
    built.store.grantReadData(built.fn());
    expect(replica.systemErrorsAlarm.metric).toBe(after);
    expect(built.store.metricSystemErrors('us-west-2')).toBe(after);
  });

  test('derived alarms render as aws-cdk-lib renders the same operations given', () => {
    const given = build({
      systemErrorOperations: [Operation.GET_ITEM, Operation.QUERY, Operation.PUT_ITEM, Operation.UPDATE_ITEM, Operation.DELETE_ITEM],
    });
    const derived = build();
    derived.store.grantReadWriteData(derived.fn());
    const alarm = (b: Built) => Object.entries(Template.fromStack(b.topology.cell('us-west-2')).findResources('AWS::CloudWatch::Alarm'))
      .find(([id]) => id.startsWith('StoreSystemErrorsAlarm'))![1];
    expect(alarm(derived)).toEqual(alarm(given));
  });

  test('a saga log and a read grant pass every checker, the runtime-wiring proof included', () => {
    const built = build({ backup: { enabled: false } });
    built.store.grantReadData(built.fn());
    const task = SagaTask.replicatedFunction(built.fn());
    new Saga(built.topology, 'Checkout', { steps: [{ name: 'Reserve', action: task, compensation: task }], log: built.store });
    expect(watched(built, 'eu-west-1')).toEqual(['GetItem', 'Query', 'UpdateItem']);
    expectNoUnacknowledgedFindings(built.app);
  });
});

/** The throttle metrics the throttles alarm of the store's replica in `region` sums, and its description, as synthesized. */
function throttles(built: Built, region: string): { metrics: string[]; description: string } {
  const alarm = Object.entries(Template.fromStack(built.topology.cell(region)).findResources('AWS::CloudWatch::Alarm'))
    .find(([id]) => id.startsWith('StoreThrottlesAlarm'))![1] as any;
  return {
    metrics: alarm.Properties.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName),
    description: alarm.Properties.AlarmDescription,
  };
}

describe('GlobalTableStore: throttles of what its uses do', () => {
  const BOTH = { metrics: ['ReadThrottleEvents', 'WriteThrottleEvents'], description: 'Orders-Store in us-west-2: reads or writes throttled' };
  const WRITES = { metrics: ['WriteThrottleEvents'], description: 'Orders-Store in us-west-2: writes throttled' };
  test.each<[string, (b: Built) => void, typeof BOTH]>([
    ['nothing of the library uses it: reads and writes', () => undefined, BOTH],
    ['a read grant: reads and writes (the table\'s replication writes too)', (b) => b.store.grantReadData(b.fn()), BOTH],
    ['a write grant only: writes, since nothing reads it', (b) => b.store.grantWriteData(b.fn()), WRITES],
    ['grantOperations of writes only, batches included: writes', (b) => b.store.grantOperations(b.fn(), Operation.BATCH_WRITE_ITEM, Operation.DELETE_ITEM), WRITES],
    ['grantOperations of a write and a read: reads and writes', (b) => b.store.grantOperations(b.fn(), Operation.PUT_ITEM, Operation.GET_ITEM), BOTH],
    ['a saga\'s log only: writes', (b) => {
      const task = SagaTask.replicatedFunction(b.fn());
      new Saga(b.topology, 'Checkout', { steps: [{ name: 'Reserve', action: task, compensation: task }], log: b.store });
    }, WRITES],
    ['a write grant and a stream grant: reads and writes (a stream reader is not a writer)', (b) => {
      b.store.grantWriteData(b.fn());
      b.store.grantStreamRead(b.fn());
    }, BOTH],
    ['a write grant, then a read grant: reads and writes', (b) => {
      b.store.grantWriteData(b.fn());
      b.store.grantReadData(b.fn());
    }, BOTH],
  ])('%s', (_, use, expected) => {
    const built = build();
    use(built);
    expect(throttles(built, 'us-west-2')).toEqual(expected);
  });

  test('the alarm\'s metric follows the uses, and metricThrottles() is it', () => {
    const built = build();
    const replica = built.store.replica('us-west-2');
    built.store.grantWriteData(built.fn());
    expect(Object.keys(replica.throttlesAlarm.metric.toMetricConfig().mathExpression!.usingMetrics)).toEqual(['writes']);
    expect(replica.metricThrottles()).toBe(replica.throttlesAlarm.metric);
    built.store.grantReadData(built.fn());
    expect(Object.keys(replica.throttlesAlarm.metric.toMetricConfig().mathExpression!.usingMetrics)).toEqual(['reads', 'writes']);
  });
});
