import { App, Stack, Stage } from 'aws-cdk-lib';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  ChaosExperiments, GlobalTableStore, HealthCheckedFailover, MultiRegionTopology, ReplicatedCode, ReplicatedFunction,
  ReplicatedFunctionProps, Saga, SagaTask,
} from '../../src';
import { TEST_ACCOUNT, templates, testApp } from '../harness';
import { zoneProps } from '../health-checked-failover/fixtures';

// Where the library's constructs may be created in a topology, the ids their replicas take in the cells, and the
// physical names two constructs of one app may not share.

const REGIONS = ['us-east-1', 'us-west-2'];
const FORMAT = /^\[[^\]]+\] invalid .+: .+\. Allowed: .+\. Fix: .+\.$/s;

function topology(app: App = testApp(), id = 'Shop', account = TEST_ACCOUNT, scope: Construct = app): MultiRegionTopology {
  return new MultiRegionTopology(scope, id, { account, primaryRegion: 'us-east-1', regions: REGIONS });
}

function fn(scope: Construct, id: string, props: Partial<ReplicatedFunctionProps> = {}): ReplicatedFunction {
  return new ReplicatedFunction(scope, id, {
    runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({});'), ...props,
  });
}

function store(scope: Construct, id: string, tableName?: string): GlobalTableStore {
  return new GlobalTableStore(scope, id, { partitionKey: { name: 'pk', type: AttributeType.STRING }, backup: { enabled: false }, tableName });
}

function saga(scope: Construct, id: string, t: MultiRegionTopology): Saga {
  return new Saga(scope, id, { steps: [{ name: 'Pay', action: SagaTask.replicatedFunction(t.node.tryFindChild('Pay') as ReplicatedFunction ?? fn(t, 'Pay')) }] });
}

describe('placement of the library\'s constructs', () => {
  test.each<[string, (t: MultiRegionTopology, scope: Construct) => Construct]>([
    ['ReplicatedFunction', (_, scope) => fn(scope, 'Api')],
    ['GlobalTableStore', (_, scope) => store(scope, 'Api')],
    ['ChaosExperiments', (t, scope) => new ChaosExperiments(scope, 'Api', { functions: [fn(t, 'Target')], lambdaExtension: {} })],
    ['HealthCheckedFailover', (t, scope) => new HealthCheckedFailover(scope, 'Api', {
      service: fn(t, 'Target', { endpoint: {} }), ...zoneProps(t),
    })],
  ])('fails when a %s is created in a cell, and says to create it with the topology', (kind, create) => {
    const t = topology();
    const message = new RegExp(`^\\[Shop/us-west-2/Api\\] invalid scope 'Shop/us-west-2': the ${kind} is inside the stack 'Shop/us-west-2' of ` +
      `the topology, and a ${kind} places a replica in every cell of the topology itself\\. Allowed: the topology 'Shop', or a construct of ` +
      `yours inside it that is not a stack\\. Fix: create it with the topology as its scope: new ${kind}\\(topology, 'Api', \\.\\.\\.\\)\\.$`);
    expect(() => create(t, t.cell('us-west-2'))).toThrow(message);
  });

  test('fails when a ReplicatedFunction is created in a construct inside a cell, or in the routing stack', () => {
    const t = topology();
    expect(() => fn(new Construct(t.primaryCell, 'Team'), 'Api')).toThrow(/^\[Shop\/us-east-1\/Team\/Api\] invalid scope 'Shop\/us-east-1': the ReplicatedFunction is inside the stack/);
    expect(() => fn(topology().routingStack, 'Api')).toThrow(/^\[Shop\/routing\/Api\] invalid scope 'Shop\/routing': the ReplicatedFunction is inside the stack/);
  });

  test('accepts a Saga in a cell (one state machine there), and the same saga id replicated in another topology', () => {
    const t = topology();
    const inCell = saga(t.primaryCell, 'Checkout', t);
    expect(inCell.replicas.map((r) => r.region)).toEqual(['us-east-1']);
    const other = topology(testApp(), 'Other');
    expect(saga(other, 'Checkout', other).replicas.map((r) => r.node.path)).toEqual(['Other/us-east-1/Checkout', 'Other/us-west-2/Checkout']);
  });
});

describe('replica ids', () => {
  test('keeps a direct child\'s id, and gives a nested member its path below the topology', () => {
    const app = testApp();
    const t = topology(app);
    const endpoint = { enabled: true };
    const direct = fn(t, 'Api', { endpoint });
    const a = fn(new Construct(t, 'TeamA'), 'Api', { functionName: 'shop-team-a-api', endpoint });
    const b = fn(new Construct(new Construct(t, 'TeamB'), 'Inner'), 'Api', { functionName: 'shop-team-b-api', endpoint });

    expect([direct, a, b].map((f) => f.replica('us-west-2').node.path)).toEqual(['Shop/us-west-2/Api', 'Shop/us-west-2/TeamA-Api', 'Shop/us-west-2/TeamB-Inner-Api']);
    const cell = templates(app)['Shop-us-west-2'];
    const parameters = Object.values(cell.Resources).filter((r: any) => r.Type === 'AWS::SSM::Parameter').map((r: any) => r.Properties.Name).sort();
    expect(parameters).toEqual([
      ...['Api', 'TeamA-Api', 'TeamB-Inner-Api'].flatMap((id) => ['alias-arn', 'endpoint-url'].map((key) => `/cdk-resilient-serverless/Shop/functions/${id}/${key}`)),
      '/cdk-resilient-serverless/Shop/topology',
    ]);
  });

  test('gives stores and failovers under different parents distinct replicas, and a nested drill its path', () => {
    const app = testApp();
    const t = topology(app);
    const teams = [new Construct(t, 'TeamA'), new Construct(t, 'TeamB')];
    const stores = teams.map((team, i) => store(team, 'Orders', `shop-orders-${i}`));
    const target = fn(t, 'Target', { endpoint: {} });
    const drill = new ChaosExperiments(teams[1], 'Drill', { functions: [target], lambdaExtension: {} });
    const failover = new HealthCheckedFailover(teams[0], 'Failover', {
      service: target, ...zoneProps(t),
    });
    expect(stores.map((s) => s.replica('us-west-2').node.path)).toEqual(['Shop/us-west-2/TeamA-Orders', 'Shop/us-west-2/TeamB-Orders']);
    expect(drill.drill('us-west-2').node.path).toBe('Shop/us-west-2/TeamB-Drill');
    expect(failover.cells.map((c) => c.node.path)).toEqual(['Shop/us-east-1/TeamA-Failover', 'Shop/us-west-2/TeamA-Failover']);
    expect(t.routingStack.node.tryFindChild('TeamA-Failover')).toBeDefined();
    expect(Object.keys(templates(app)).sort()).toEqual(['Shop-routing', 'Shop-us-east-1', 'Shop-us-west-2']);
  });

  test('two Sagas with one id under different parents synthesize, with distinct state machine names', () => {
    const app = testApp();
    const t = topology(app);
    const direct = saga(t, 'Checkout', t);
    const nested = ['TeamA', 'TeamB'].map((team) => saga(new Construct(t, team), 'Checkout', t));
    const inCell = saga(new Construct(t.primaryCell, 'TeamC'), 'Checkout', t);

    expect(nested.map((s) => s.replica('us-west-2').node.path)).toEqual(['Shop/us-west-2/TeamA-Checkout', 'Shop/us-west-2/TeamB-Checkout']);
    const names = Object.entries(templates(app)).flatMap(([stack, template]) => Object.values(template.Resources)
      .filter((r: any) => r.Type === 'AWS::StepFunctions::StateMachine').map((r: any) => `${stack}: ${r.Properties.StateMachineName}`)).sort();
    expect(names).toEqual([
      ...['Checkout', 'TeamA-Checkout', 'TeamB-Checkout', 'TeamC-Checkout'].map((id) => `Shop-us-east-1: Shop-${id}-us-east-1`),
      ...['Checkout', 'TeamA-Checkout', 'TeamB-Checkout'].map((id) => `Shop-us-west-2: Shop-${id}-us-west-2`),
    ].sort());
    expect([direct, ...nested, inCell].map((s) => s.replicas.length)).toEqual([2, 2, 2, 1]);
  });

  test('two ChaosExperiments with one id under different parents synthesize, with distinct drill names and FIS log groups', () => {
    const app = testApp();
    const t = topology(app);
    const drills = [t, new Construct(t, 'TeamA'), new Construct(t, 'TeamB')]
      .map((scope, i) => new ChaosExperiments(scope, 'Drill', { functions: [fn(t, `Target${i}`)], lambdaExtension: {} }));

    expect(drills.map((d) => d.drill('us-west-2').node.path)).toEqual(['Shop/us-west-2/Drill', 'Shop/us-west-2/TeamA-Drill', 'Shop/us-west-2/TeamB-Drill']);
    const logGroups = Object.values(templates(app)['Shop-us-west-2'].Resources)
      .filter((r: any) => r.Type === 'AWS::Logs::LogGroup').map((r: any) => r.Properties.LogGroupName)
      .filter((name: unknown) => typeof name === 'string' && name.startsWith('/aws/vendedlogs/fis/')).sort();
    expect(logGroups).toEqual(['/aws/vendedlogs/fis/Shop-Drill', '/aws/vendedlogs/fis/Shop-TeamA-Drill', '/aws/vendedlogs/fis/Shop-TeamB-Drill']);
    const nameTags = Object.values(templates(app)['Shop-us-west-2'].Resources)
      .filter((r: any) => r.Type === 'AWS::FIS::ExperimentTemplate').map((r: any) => r.Properties.Tags.Name).sort();
    expect(nameTags).toEqual(['Shop-Drill', 'Shop-TeamA-Drill', 'Shop-TeamB-Drill']
      .flatMap((name) => ['LambdaInvocationAddDelay', 'LambdaInvocationError'].map((action) => `${name}-${action}-us-west-2`)));
  });

  test.each<[string, (t: MultiRegionTopology) => void, RegExp]>([
    ['a nested id meets a direct child\'s', (t) => {
      fn(t, 'TeamA-Api', { functionName: 'one' });
      fn(new Construct(t, 'TeamA'), 'Api', { functionName: 'two' });
    }, /^\[Shop\/TeamA\/Api\] invalid id 'Api': its replica in each cell would take the id 'TeamA-Api' \(its path below the topology\), which the replicas of 'Shop\/TeamA-Api' take\. Allowed: .*Fix: rename 'Shop\/TeamA\/Api' or 'Shop\/TeamA-Api'\.$/],
    ['a member takes the id of one of your constructs in a cell', (t) => {
      new Topic(t.cell('us-west-2'), 'Events');
      fn(t, 'Events');
    }, /^\[Shop\/Events\] invalid id 'Events': its replica in each cell would take the id 'Events' \(its path below the topology\), which 'Shop\/us-west-2\/Events' already takes\..*Fix: rename 'Shop\/Events' or the other construct\.$/],
    ['a member takes the id of the cell\'s own alarm topic', (t) => {
      fn(t, 'AlarmTopic');
    }, /^\[Shop\/AlarmTopic\] invalid id 'AlarmTopic': .*which the cell's own 'AlarmTopic' already takes/],
  ])('fails when %s', (_, build, message) => {
    const t = topology();
    expect(() => build(t)).toThrow(message);
  });
});

describe('physical names', () => {
  test.each<[string, (t: MultiRegionTopology) => void, RegExp]>([
    ['two functions under different parents take the default name <serviceName>-<id>', (t) => {
      fn(new Construct(t, 'TeamA'), 'Api');
      fn(new Construct(t, 'TeamB'), 'Api');
    }, /^\[Shop\/TeamB\/Api\] invalid functionName 'Shop-Api': 'Shop\/TeamA\/Api' already takes this name in account 123456789012, region us-east-1, and the name is unique per account and region: the second resource would fail to deploy with "already exists"\. Allowed: a functionName that no other construct of the app takes in the same account and region\. Fix: give one of the two another `functionName` \(set it, or change the construct id it is derived from\)\.$/],
    ['two functions set one functionName', (t) => {
      fn(t, 'Api', { functionName: 'orders' });
      fn(t, 'Worker', { functionName: 'orders' });
    }, /^\[Shop\/Worker\] invalid functionName 'orders': 'Shop\/Api' already takes this name/],
    ['two stores set one tableName', (t) => {
      store(t, 'Orders', 'orders');
      store(t, 'Archive', 'orders');
    }, /^\[Shop\/Archive\] invalid tableName 'orders': 'Shop\/Orders' already takes this name in account 123456789012, region us-east-1/],
    ['a replicated saga and a saga in a cell share a path below the topology and the cell, so a state machine name', (t) => {
      saga(new Construct(t.primaryCell, 'Team'), 'Checkout', t);
      saga(new Construct(t, 'Team'), 'Checkout', t);
    }, /^\[Shop\/Team\/Checkout\] invalid state machine name 'Shop-Team-Checkout-us-east-1': 'Shop\/us-east-1\/Team\/Checkout' already takes this name.*Fix: change the construct id of one of the two \(the name is derived from it\)\.$/],
    ['a nested drill of one topology and a drill of another, whose serviceName ends with the parent\'s id, share a drill name (their FIS log group)', (t) => {
      const other = topology(t.node.root as App, 'Shop-TeamA');
      new ChaosExperiments(new Construct(t, 'TeamA'), 'Drill', { functions: [fn(t, 'Target')], lambdaExtension: {} });
      new ChaosExperiments(other, 'Drill', { functions: [fn(other, 'Target')], lambdaExtension: {} });
    }, /^\[Shop-TeamA\/Drill\] invalid drill name 'Shop-TeamA-Drill': 'Shop\/TeamA\/Drill' already takes this name/],
  ])('fails when %s', (_, build, message) => {
    const t = topology();
    expect(() => build(t)).toThrow(message);
    expect(() => build(topology())).toThrow(FORMAT);
  });

  test('fails when two topologies of one account, in two stages, set one functionName in a shared region', () => {
    const app = testApp();
    fn(topology(app, 'Shop', TEST_ACCOUNT, new Stage(app, 'Beta')), 'Api', { functionName: 'orders' });
    expect(() => fn(topology(app, 'Books', TEST_ACCOUNT, new Stage(app, 'Prod')), 'Api', { functionName: 'orders' })).toThrow(
      /^\[Prod\/Books\/Api\] invalid functionName 'orders': 'Beta\/Shop\/Api' already takes this name in account 123456789012, region us-east-1/,
    );
  });

  test('accepts one functionName in two accounts, and one table name in two apps', () => {
    const app = testApp();
    fn(topology(app, 'Shop', TEST_ACCOUNT, new Stage(app, 'Beta')), 'Api', { functionName: 'orders' });
    expect(fn(topology(app, 'Shop', '210987654321', new Stage(app, 'Prod')), 'Api', { functionName: 'orders' }).functionName).toBe('orders');
    store(topology(), 'Orders', 'orders');
    expect(store(topology(), 'Orders', 'orders').tableName).toBe('orders');
  });

  test('accepts a Stack outside the topology beside it', () => {
    const app = testApp();
    topology(app);
    new Stack(app, 'Plain', { env: { account: TEST_ACCOUNT, region: 'us-east-1' } });
    expect(Object.keys(templates(app)).sort()).toEqual(['Plain', 'Shop-us-east-1', 'Shop-us-west-2']);
  });
});
