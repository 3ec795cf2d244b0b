import { App, Lazy, Stack, Stage, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MultiRegionTopology, MultiRegionTopologyProps } from '../../src';
import { TEST_ACCOUNT, testApp } from '../harness';

// Every prop of MultiRegionTopology, and where it is created: bad input fails synth with the value as given, the
// problem, what is allowed and the fix; the valid edges keep synthesizing.

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const FORMAT = /^\[[^\]]+\] invalid .+: .+\. Allowed: .+\. Fix: .+\.$/s;

function topology(props: Partial<MultiRegionTopologyProps> = {}, scope: Construct = testApp(), id = 'Orders'): MultiRegionTopology {
  return new MultiRegionTopology(scope, id, { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: REGIONS, ...props });
}

describe('MultiRegionTopology props', () => {
  test.each<[string, Partial<MultiRegionTopologyProps>, RegExp]>([
    ['the account is a number', { account: 123456789012 as any },
      /\[Orders\] invalid account 123456789012: the account is a number, which drops an account id's leading zeros\. Allowed: a literal 12-digit AWS account id.*Fix: write the account id as a string/],
    ['the account has letters', { account: '12345678901a' }, /invalid account '12345678901a': an AWS account id has exactly 12 digits/],
    ['the account has surrounding spaces', { account: ' 123456789012' }, /invalid account ' 123456789012': an AWS account id has exactly 12 digits/],
    ['the account is null', { account: null as any }, /invalid account null: the account is missing/],
    ['the regions are a comma-separated string', { regions: 'us-east-1,us-west-2' as any },
      /\[Orders\] invalid regions 'us-east-1,us-west-2': a list of region names is required\. Allowed: two or more distinct regions.*Fix: pass an array.*split a context string/],
    ['the regions are an unresolved list token', { regions: Token.asList(Lazy.list({ produce: () => REGIONS })) },
      /\[Orders\] invalid regions .*Token.*: the list is an unresolved token.*Fix: write the region names themselves/],
    ['the regions are empty', { regions: [] }, /invalid regions \[\]: a topology that survives the loss of a region needs at least two regions/],
    ['a region is listed twice in another case', { regions: ['us-east-1', 'US-EAST-1'] }, /invalid regions 'US-EAST-1': aws-cdk-lib does not know this region.*did you mean 'us-east-1'/],
    ['a region is not a string', { regions: ['us-east-1', 42 as any] }, /invalid regions 42: a region name is required/],
    ['the primary region is missing', { primaryRegion: undefined as any }, /invalid primaryRegion undefined: a region name is required/],
    ['dashboards is a string from context', { dashboards: 'false' as any },
      /\[Orders\] invalid dashboards 'false': the dashboards are either created or not\. Allowed: one of true, false\. Fix: pass true or false\./],
    ['the primary region is misspelt', { primaryRegion: 'us-east1' }, /invalid primaryRegion 'us-east1': aws-cdk-lib does not know this region.*did you mean 'us-east-1'/],
    ['terminationProtection is a string from context', { terminationProtection: 'false' as any },
      /\[Orders\] invalid terminationProtection 'false': termination protection is either on or off\. Allowed: one of true, false\. Fix: pass true or false \(a context value is a string/],
    ['the service name is empty', { serviceName: '' }, /invalid serviceName '': a name is required/],
    ['the service name starts with a digit', { serviceName: '2shop' }, /invalid serviceName '2shop': the name may only contain letters, digits and hyphens, starting with a letter/],
    ['the service name has a dot', { serviceName: 'shop.v2' }, /invalid serviceName 'shop\.v2': the name may only contain/],
    ['the service name leaves no room for a function\'s default name', { serviceName: 'S'.repeat(63) },
      /invalid serviceName 'S{63}': the default name of a ReplicatedFunction with a one-character id 'S{63}-X' would have 65 characters, over its limit of 64\. Allowed: letters, digits and hyphens, starting with a letter, 1 to 62 characters\. Fix: shorten serviceName to 62 characters or fewer/],
    ['the service name is an unresolved token', { serviceName: Lazy.string({ produce: () => 'Shop' }) },
      /invalid serviceName '\$\{Token\[TOKEN\.\d+\]\}': the service name is an unresolved token.*Fix: write the service name itself/],
  ])('fails when %s', (_, props, message) => {
    expect(() => topology(props)).toThrow(message);
    expect(() => topology(props)).toThrow(FORMAT);
  });

  test('fails when the props are missing altogether (a JavaScript caller)', () => {
    expect(() => new MultiRegionTopology(testApp(), 'Orders', undefined as any)).toThrow(/\[Orders\] invalid account undefined: the account is missing/);
  });

  test('fails when a construct id that is no service name is the default, and says to pass one', () => {
    expect(() => topology({}, testApp(), 'O'.repeat(63))).toThrow(
      /invalid serviceName \(defaulted from the construct id\) 'O{63}': .*Fix: pass a `serviceName` such as 'Orders', or rename the construct\./,
    );
  });

  test.each<[string, Partial<MultiRegionTopologyProps>]>([
    ['a service name of 62 characters', { serviceName: 'S'.repeat(62) }],
    ['a one-letter service name', { serviceName: 'S' }],
    ['a service name with hyphens and digits', { serviceName: 'shop-v2-2024' }],
    ['an account with leading zeros', { account: '000000000001' }],
    ['two regions, the primary last', { regions: ['eu-west-1', 'us-east-1'] }],
    ['termination protection off', { terminationProtection: false }],
    ['dashboards off', { dashboards: false }],
    ['every region of a partition but one', { regions: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'ap-southeast-2'] }],
  ])('accepts %s', (_, props) => {
    const app = testApp();
    const t = topology(props, app);
    expect(app.synth().stacks.length).toBe(t.regions.length);
  });

  test('accepts the longest region with the longest service name: the prerequisites stack name stays within 128', () => {
    const t = topology({ serviceName: 'S'.repeat(62), regions: ['us-east-1', 'ap-southeast-2'] });
    expect(t.cell('ap-southeast-2').prerequisites.stackName.length).toBeLessThanOrEqual(128);
  });
});

describe('MultiRegionTopology placement', () => {
  test.each<[string, (app: App) => Construct, RegExp]>([
    ['it is created inside another topology', (app) => topology({ serviceName: 'Outer' }, app, 'Outer'),
      /^\[Outer\/Orders\] invalid scope 'Outer': a topology is inside another topology.*Allowed: an App or a Stage.*Fix: create each MultiRegionTopology with your App or Stage as its scope, side by side\.$/s],
    ['it is created inside a cell of another topology', (app) => topology({ serviceName: 'Outer' }, app, 'Outer').primaryCell,
      /^\[Outer\/us-east-1\/Orders\] invalid scope 'Outer': a topology is inside another topology/],
    ['it is created inside a plain construct inside a stack', (app) => new Construct(new Stack(app, 'Parent'), 'Group'),
      /^\[Parent\/Group\/Orders\] invalid scope 'Parent': a topology creates one stack per region, so it cannot live inside a stack/],
    ['it is created inside a stack of a Stage', (app) => new Stack(new Stage(app, 'Beta'), 'Parent'),
      /^\[Beta\/Parent\/Orders\] invalid scope 'Beta\/Parent': a topology creates one stack per region/],
  ])('fails when %s', (_, scopeOf, message) => {
    const app = testApp();
    expect(() => topology({}, scopeOf(app))).toThrow(message);
  });

  test('fails when it is outside any App or Stage, where its cells could never synthesize', () => {
    const root = new Construct(undefined as any, '');
    expect(() => topology({}, new Construct(root, 'Group'))).toThrow(
      /^\[Group\/Orders\] invalid scope '<root>': the topology is not inside an App or a Stage, and its cells are stacks, which synthesize only from one\. Allowed: an App or a Stage/,
    );
  });

  test('accepts a plain construct inside an App, and a Stage inside a stack (another assembly)', () => {
    const app = testApp();
    const grouped = topology({}, new Construct(app, 'Group'));
    expect(grouped.cells.map((c) => c.stackName)).toEqual(['Orders-us-east-1', 'Orders-us-west-2', 'Orders-eu-west-1']);
    const stage = new Stage(new Stack(app, 'Pipeline', { env: { account: TEST_ACCOUNT, region: 'us-east-1' } }), 'Prod');
    topology({ account: '210987654321' }, stage);
    expect(stage.synth().stacks.map((s) => s.stackName).sort()).toEqual(['Orders-eu-west-1', 'Orders-us-east-1', 'Orders-us-west-2']);
  });
});

describe('MultiRegionTopology service names across the app', () => {
  test('fails when two stages of one account use one service name (the second deploy would overwrite the first)', () => {
    const app = testApp();
    topology({}, new Stage(app, 'Beta'));
    expect(() => topology({}, new Stage(app, 'Prod'))).toThrow(
      /^\[Prod\/Orders\] invalid serviceName \(defaulted from the construct id\) 'Orders': the topology at 'Beta\/Orders' already uses this service name in account 123456789012, so their stacks and parameters would collide \(another stage of the app: the second deploy would overwrite the first\)\. Allowed: a service name used by one topology per account\. Fix: give each topology its own `serviceName`/,
    );
  });

  test('fails when a nested stage repeats a service name of its parent\'s account', () => {
    const app = testApp();
    const outer = new Stage(app, 'Outer');
    topology({ serviceName: 'Shop' }, outer);
    expect(() => topology({ serviceName: 'Shop' }, new Stage(outer, 'Inner'), 'Other')).toThrow(/\[Outer\/Inner\/Other\] invalid serviceName 'Shop': the topology at 'Outer\/Orders' already uses/);
  });

  test('accepts one service name in two accounts, and two service names in one account', () => {
    const app = testApp();
    const stages = [new Stage(app, 'Beta'), new Stage(app, 'Prod'), new Stage(app, 'Beta2')];
    topology({}, stages[0]);
    topology({ account: '210987654321' }, stages[1]);
    topology({ serviceName: 'Orders-beta2' }, stages[2]);
    expect(stages.map((stage) => stage.synth().stacks.length)).toEqual([3, 3, 3]);
  });

  test('accepts the same service name in two apps (each app deploys on its own)', () => {
    topology({}, testApp());
    expect(() => topology({}, testApp())).not.toThrow();
  });
});
