import { App, NestedStack } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { MultiRegionTopology, ReplicatedCode, ReplicatedFunction, ReplicatedFunctionProps } from '../../src';
import { countResources } from '../../src/topology/resource-budget';
import { TEST_ACCOUNT, templates, testApp } from '../harness';

// CloudFormation takes at most 500 resources in a stack: a cell that would pass it fails synth with the project's error,
// naming what fills the cell and how many functions fit, before aws-cdk-lib's own template check or the deployment.
// With the default config a ReplicatedFunction adds 12 resources to each cell; a cell holds 4 of its own, and 5 more
// that its functions share (CodeDeploy application and role, dead-letter queue, its policy and alarm); past about 37
// aliases the deployment role's policy would pass IAM's size limit and a second role opens: 40 functions make 490
// resources, 41 make 502.

const FORMAT = /^\[[^\]]+\] invalid .+: .+\. Allowed: .+\. Fix: .+\.$/s;

// The counts below are of cells without dashboards (`dashboards: false`); the last test counts them in.
function topologyWith(
  functions: number, app: App = testApp(), props: Partial<ReplicatedFunctionProps> = {}, dashboards = false,
): MultiRegionTopology {
  const t = new MultiRegionTopology(app, 'Shop', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: ['us-east-1', 'us-west-2'], dashboards });
  for (let i = 0; i < functions; i++) {
    new ReplicatedFunction(t, `Fn${i}`, {
      runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({});'), ...props,
    });
  }
  return t;
}

/** The resources of each cell's synthesized template. */
function synthesizedCounts(app: App, t: MultiRegionTopology): number[] {
  const synthesized = templates(app);
  return t.cells.map((cell) => Object.keys(synthesized[cell.stackName].Resources).length);
}

describe('the resources of a cell', () => {
  test('are counted as the synthesized template holds them, without a nested stack\'s contents', () => {
    const app = testApp();
    const t = topologyWith(2, app);
    const nested = new NestedStack(t.primaryCell, 'Extra');
    new Topic(nested, 'One');
    new Topic(nested, 'Two');

    const counted = t.cells.map(countResources);
    const synthesized = templates(app);
    expect(counted).toEqual(t.cells.map((cell) => Object.keys(synthesized[cell.stackName].Resources).length));
    expect(counted).toEqual([34, 33]); // the nested stack is one resource of its parent
  });

  test('fails when a cell passes CloudFormation\'s 500-resource limit, and says how many functions fit', () => {
    const app = testApp();
    topologyWith(41, app);
    const message = new RegExp('^\\[Shop/us-east-1\\] invalid resource count 502: the stack \'Shop-us-east-1\' would synthesize 502 resources, ' +
      '2 over CloudFormation\'s limit, and its deployment would fail; the most come from \'Shop/us-east-1/Fn0\' \\(12\\), ' +
      '\'Shop/us-east-1/Fn1\' \\(12\\), \'Shop/us-east-1/Fn2\' \\(12\\); a ReplicatedFunction adds 12 resources here \\(mean of its 41 in this cell\\)\\. ' +
      'Allowed: at most 500 resources per stack \\(CloudFormation quota\\): at most 40 ReplicatedFunctions fit in this cell beside its other ' +
      'resources \\(it has 41\\)\\. Fix: remove at least 2 resources from the cell: keep to 40 ReplicatedFunctions, split the service into more than ' +
      'one topology .*, or move your own resources into a nested stack of the cell\\.$');
    expect(() => app.synth()).toThrow(message);
    expect(() => app.synth()).toThrow(FORMAT);
  });

  test('fails when a cell\'s own resources pass the limit, and names the biggest', () => {
    const app = testApp();
    const t = topologyWith(0, app);
    for (let i = 0; i < 500; i++) new Topic(t.cell('us-west-2'), `Topic${i}`);
    expect(() => app.synth()).toThrow(/^\[Shop\/us-west-2\] invalid resource count 501: .*the most come from 'Shop\/us-west-2\/TopologyParameter' \(1\), 'Shop\/us-west-2\/Topic0' \(1\).*\. Allowed: at most 500 resources per stack \(CloudFormation quota\)\. Fix: remove at least 1 resource from the cell: split the service into more than one topology, or move/s);
  });

  test('accepts a cell just under the limit (40 default functions, 490 resources), and a nested stack beyond it', () => {
    const app = testApp();
    const t = topologyWith(40, app);
    const nested = new NestedStack(t.primaryCell, 'Extra');
    for (let i = 0; i < 30; i++) new Topic(nested, `Topic${i}`);
    const synthesized = templates(app);
    expect(Object.keys(synthesized['Shop-us-east-1'].Resources)).toHaveLength(491);
    expect(Object.keys(synthesized['Shop-us-west-2'].Resources)).toHaveLength(490);
    // Every cell stays under CloudFormation's limit; the 40 aliases need two deployment roles (each alias names its
    // function and alias ARNs and its two alarms), each policy within IAM's 10,240 characters.
    for (const cell of t.cells) {
      expect(countResources(cell)).toBeLessThan(500);
      const roles = Object.values<any>(synthesized[cell.stackName].Resources).filter((r) => r.Type === 'AWS::IAM::Role'
        && r.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service === 'codedeploy.amazonaws.com');
      expect(roles).toHaveLength(2);
      for (const role of roles) expect(JSON.stringify(role.Properties.Policies).length).toBeLessThanOrEqual(10_240);
    }
  });

  // What the budget counts is what synthesizes, and each kind of function costs what the docs say: 12 resources per
  // cell by default, 19 with an endpoint (HTTP API, stage, access logs, integration, route, permission, endpoint-url
  // parameter), 20 with a probe, 13 with a queue of the user's (its own dead-letter alarm); a cell with functions holds
  // 9 fixed resources (its own 4 and the 5 its functions share; 2 when none uses the shared queue).
  test.each<[string, number, Partial<ReplicatedFunctionProps>]>([
    ['default functions', 12, {}],
    ['functions with an endpoint', 19, { endpoint: { enabled: true } }],
    ['functions with a probe', 20, { probe: {} }],
    ['functions with their own failure queue', 13, { onFailureQueueName: 'shop-failures' }],
  ])('counts %s as synthesized: %d resources each per cell', (_name, each, props) => {
    for (const functions of [1, 2, 3]) {
      const app = testApp();
      const t = topologyWith(functions, app, props);
      const counted = t.cells.map(countResources);
      expect(counted).toEqual(synthesizedCounts(app, t));
      const shared = props.onFailureQueueName ? 2 : 5;
      expect(counted).toEqual(t.cells.map(() => 4 + shared + each * functions));
    }
  });

  test('accepts a cell of exactly 500 resources', () => {
    const app = testApp();
    const t = topologyWith(0, app);
    for (let i = 0; i < 499; i++) new Topic(t.primaryCell, `Topic${i}`);
    expect(Object.keys(templates(app)['Shop-us-east-1'].Resources)).toHaveLength(500);
  });

  test('counts the dashboards, which the topology adds once every construct is complete: two in the primary cell, one in each other; 40 functions still fit', () => {
    const app = testApp();
    const t = topologyWith(40, app, {}, true);
    const synthesized = templates(app);
    expect(Object.keys(synthesized['Shop-us-east-1'].Resources)).toHaveLength(492);
    expect(Object.keys(synthesized['Shop-us-west-2'].Resources)).toHaveLength(491);
    // After synth the budget's count (what its check saw) is the template's.
    expect(t.cells.map(countResources)).toEqual([492, 491]);
  });
});
