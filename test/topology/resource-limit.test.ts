import { App, NestedStack } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { MultiRegionTopology, ReplicatedCode, ReplicatedFunction } from '../../src';
import { countResources } from '../../src/topology/resource-budget';
import { TEST_ACCOUNT, templates, testApp } from '../harness';

// CloudFormation takes at most 500 resources in a stack: a cell that would pass it fails synth with the project's error,
// naming what fills the cell and how many functions fit, before aws-cdk-lib's own template check or the deployment.
// With the smallest function config a ReplicatedFunction adds 25 resources to each cell, which holds 4 of its own
// beside them: 19 functions make 479 resources, 20 make 504.

const FORMAT = /^\[[^\]]+\] invalid .+: .+\. Allowed: .+\. Fix: .+\.$/s;

// The counts below are of cells without dashboards (`dashboards: false`); the last test counts them in.
function topologyWith(functions: number, app: App = testApp(), dashboards = false): MultiRegionTopology {
  const t = new MultiRegionTopology(app, 'Shop', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: ['us-east-1', 'us-west-2'], dashboards });
  for (let i = 0; i < functions; i++) {
    new ReplicatedFunction(t, `Fn${i}`, {
      runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({});'),
    });
  }
  return t;
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
    expect(counted).toEqual([55, 54]); // the nested stack is one resource of its parent
  });

  test('fails when a cell passes CloudFormation\'s 500-resource limit, and says how many functions fit', () => {
    const app = testApp();
    topologyWith(20, app);
    const message = new RegExp('^\\[Shop/us-east-1\\] invalid resource count 504: the stack \'Shop-us-east-1\' would synthesize 504 resources, ' +
      '4 over CloudFormation\'s limit, and its deployment would fail; the most come from \'Shop/us-east-1/Fn0\' \\(25\\), ' +
      '\'Shop/us-east-1/Fn1\' \\(25\\), \'Shop/us-east-1/Fn2\' \\(25\\); a ReplicatedFunction adds 25 resources here \\(mean of its 20 in this cell\\)\\. ' +
      'Allowed: at most 500 resources per stack \\(CloudFormation quota\\): at most 19 ReplicatedFunctions fit in this cell beside its other ' +
      'resources \\(it has 20\\)\\. Fix: remove at least 4 resources from the cell: keep to 19 ReplicatedFunctions, split the service into more than ' +
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

  test('accepts a cell just under the limit (19 functions, 479 resources), and a nested stack beyond it', () => {
    const app = testApp();
    const t = topologyWith(19, app);
    const nested = new NestedStack(t.primaryCell, 'Extra');
    for (let i = 0; i < 30; i++) new Topic(nested, `Topic${i}`);
    const synthesized = templates(app);
    expect(Object.keys(synthesized['Shop-us-east-1'].Resources)).toHaveLength(480);
    expect(Object.keys(synthesized['Shop-us-west-2'].Resources)).toHaveLength(479);
  });

  test('accepts a cell of exactly 500 resources', () => {
    const app = testApp();
    const t = topologyWith(0, app);
    for (let i = 0; i < 499; i++) new Topic(t.primaryCell, `Topic${i}`);
    expect(Object.keys(templates(app)['Shop-us-east-1'].Resources)).toHaveLength(500);
  });

  test('counts the dashboards, which the topology adds once every construct is complete: two in the primary cell, one in each other', () => {
    const app = testApp();
    const t = topologyWith(19, app, true);
    const synthesized = templates(app);
    expect(Object.keys(synthesized['Shop-us-east-1'].Resources)).toHaveLength(481);
    expect(Object.keys(synthesized['Shop-us-west-2'].Resources)).toHaveLength(480);
    // After synth the budget's count (what its check saw) is the template's.
    expect(t.cells.map(countResources)).toEqual([481, 480]);
  });
});
