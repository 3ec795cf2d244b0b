import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Duration, Fn, IResolveContext, Lazy, Stack, Stage, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  Alarm, AlarmStatusWidget, AlarmWidget, CfnDashboard, ConcreteWidget, Dashboard, DashboardVariable, GraphWidget, IWidget, MathExpression, Metric,
  TextWidget, VariableInputType, VariableType,
} from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { Code, Function, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { buildOrdersService } from '../../example/orders-service';
import { GlobalTableStore, MultiRegionTopology, MultiRegionTopologyProps, ReplicatedCode, ReplicatedFunction } from '../../src';
import { RenderedDashboard } from '../../src/topology/dashboard-body';
import { TEST_ACCOUNT, expectNoUnacknowledgedFindings, templates, testApp } from '../harness';

const EXAMPLE = { account: TEST_ACCOUNT, hostedZoneId: 'Z0EXAMPLE0ORDERS0ZONE', zoneName: 'orders.example.com' };
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** The dashboard body as CloudWatch receives it: the template's Fn::Join with each intrinsic kept as its JSON. */
function body(template: any, name: string): { text: string; widgets: any[] } {
  const dashboards = Object.values(template.Resources as Record<string, any>)
    .filter((r) => r.Type === 'AWS::CloudWatch::Dashboard' && r.Properties.DashboardName === name);
  expect(dashboards).toHaveLength(1);
  const raw = dashboards[0].Properties.DashboardBody;
  const text = typeof raw === 'string' ? raw : raw['Fn::Join'][1].map((part: unknown) => typeof part === 'string' ? part : '"<intrinsic>"').join('');
  return { text, widgets: JSON.parse(text.replace(/""<intrinsic>""/g, '"<intrinsic>"')).widgets };
}

/** Every dashboard body of `app`'s templates and of its tree.json, by dashboard path, as synthesized (again, with `force`). */
function dashboardBodies(app: App, force = false): { template: [string, unknown][]; tree: [string, unknown][] } {
  const assembly = app.synth({ force });
  const template: [string, unknown][] = [];
  for (const stack of assembly.stacks) {
    for (const resource of Object.values(stack.template.Resources as Record<string, any>)) {
      if (resource.Type === 'AWS::CloudWatch::Dashboard') template.push([resource.Properties.DashboardName, resource.Properties.DashboardBody]);
    }
  }
  const tree: [string, unknown][] = [];
  const visit = (node: any) => {
    const props = node.attributes?.['aws:cdk:cloudformation:props'];
    if (node.attributes?.['aws:cdk:cloudformation:type'] === 'AWS::CloudWatch::Dashboard') tree.push([props.dashboardName, props.dashboardBody]);
    Object.values(node.children ?? {}).forEach(visit);
  };
  visit(JSON.parse(readFileSync(join(assembly.directory, 'tree.json'), 'utf-8')).tree);
  const byName = (a: [string, unknown], b: [string, unknown]) => a[0].localeCompare(b[0]);
  return { template: template.sort(byName), tree: tree.sort(byName) };
}

const metricsOf = (widget: any): any[][] => widget.properties.metrics ?? [];
const titled = (widgets: any[], title: string): any => {
  const found = widgets.filter((w) => w.properties.title === title);
  expect(found).toHaveLength(1);
  return found[0];
};

function smallTopology(props: Partial<MultiRegionTopologyProps> = {}): { app: App; topology: MultiRegionTopology } {
  const app = testApp();
  const topology = new MultiRegionTopology(app, 'Shop', { account: TEST_ACCOUNT, primaryRegion: REGIONS[0], regions: REGIONS, ...props });
  new ReplicatedFunction(topology, 'Api', {
    runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({})'),
  });
  new GlobalTableStore(topology, 'Carts', { partitionKey: { name: 'id', type: AttributeType.STRING } });
  return { app, topology };
}

describe('dashboards', () => {
  const app = testApp();
  buildOrdersService(app, EXAMPLE);
  const all = templates(app);
  const primary = all['Orders-us-east-1'];

  test.each(REGIONS)('the cell in %s has its dashboard: functions, tables, state machines and health checks against the alarm thresholds', (region) => {
    const { widgets } = body(all[`Orders-${region}`], `Orders-${region}`);
    // Each function's invocations, errors, throttles and p99 duration, by its alias, in this region.
    const duration = titled(widgets, 'Orders-Api: p99 duration (ms)');
    expect(metricsOf(duration)).toEqual([['AWS/Lambda', 'Duration', 'FunctionName', 'Orders-Api', 'Resource', 'Orders-Api:live',
      { label: region, region, period: 60, stat: 'p99' }]]);
    // The duration alarm's threshold (80% of the 5 s timeout) and the throttles alarm's are drawn on their graphs.
    expect(duration.properties.annotations.horizontal).toEqual([{ value: 4000, label: 'alarm DurationAlarm', yAxis: 'left' }]);
    expect(titled(widgets, 'Orders-Api: throttles').properties.annotations.horizontal).toEqual([{ value: 1, label: 'alarm ThrottlesAlarm', yAxis: 'left' }]);
    expect(metricsOf(titled(widgets, 'Orders-Api: invocations'))[0].slice(0, 2)).toEqual(['AWS/Lambda', 'Invocations']);
    expect(metricsOf(titled(widgets, 'Orders-Api: errors'))[0].slice(0, 2)).toEqual(['AWS/Lambda', 'Errors']);
    // The error-rate alarm is metric math: it has a widget of its own, where CloudWatch draws it against its threshold.
    expect(widgets.filter((w) => w.properties.title === 'alarm ErrorsAlarm').length).toBeGreaterThanOrEqual(1);
    // The table's throttles and its replication latency to every other region, with the latency alarm's threshold.
    expect(metricsOf(titled(widgets, 'Orders-OrdersTable: throttled requests')).map((m) => m[1])).toEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
    const latency = titled(widgets, `Orders-OrdersTable: replication latency from ${region} (ms)`);
    expect(metricsOf(latency).map((m) => m[3])).toEqual(REGIONS.filter((r) => r !== region));
    expect(latency.properties.annotations.horizontal).toEqual([{ value: 30000, label: expect.stringMatching(/^alarm ReplicationLatencyTo-/), yAxis: 'left' }]);
    // The saga's executions by outcome, with its failed alarm.
    const saga = titled(widgets, `Orders-Checkout-${region}: executions`);
    expect(metricsOf(saga).map((m) => [m[1], m[3]])).toEqual(['ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']
      .map((name) => [name, `arn:aws:states:${region}:${TEST_ACCOUNT}:stateMachine:Orders-Checkout-${region}`]));
    expect(saga.properties.annotations.horizontal).toEqual([{ value: 1, label: 'alarm FailedAlarm', yAxis: 'left' }]);
    // Route 53 health checks, read where Route 53 publishes them.
    const health = titled(widgets, 'Route 53 health checks (1 = healthy) of api.orders.example.com');
    expect(health.properties.region).toBe('us-east-1');
    // Every alarm of the cell, at a glance.
    expect(widgets.filter((w) => w.type === 'alarm').flatMap((w) => w.properties.alarms).length)
      .toBe(Object.values(all[`Orders-${region}`].Resources as Record<string, any>).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').length);
  });

  test('the primary cell holds the dashboard of every region side by side, naming other regions by literal names only', () => {
    const { text, widgets } = body(primary, 'Orders-regions');
    const invocations = titled(widgets, 'Orders-Api: invocations');
    expect(metricsOf(invocations).map((m) => m[m.length - 1].region)).toEqual(REGIONS);
    const latency = titled(widgets, 'Orders-OrdersTable: replication latency (ms)');
    expect(metricsOf(latency).map((m) => m[m.length - 1].label)).toEqual([
      'us-east-1 → us-west-2', 'us-east-1 → eu-west-1', 'us-west-2 → us-east-1', 'us-west-2 → eu-west-1', 'eu-west-1 → us-east-1', 'eu-west-1 → us-west-2',
    ]);
    const failed = titled(widgets, 'Checkout/StateMachine: executions failed or timed out');
    expect(metricsOf(failed).map((m) => m[3])).toContain(`arn:aws:states:eu-west-1:${TEST_ACCOUNT}:stateMachine:Orders-Checkout-eu-west-1`);
    // The thresholds (the same in every cell) come from the primary's alarms.
    expect(titled(widgets, 'Orders-Api: p99 duration (ms)').properties.annotations.horizontal).toEqual([{ value: 4000, label: 'alarm DurationAlarm', yAxis: 'left' }]);
    // No reference to another stack: the only intrinsic is the dashboard's own region.
    const joined = primary.Resources[Object.keys(primary.Resources).find((id) => primary.Resources[id].Properties?.DashboardName === 'Orders-regions')!];
    const intrinsics = JSON.stringify(joined.Properties.DashboardBody['Fn::Join'][1].filter((part: unknown) => typeof part !== 'string'));
    expect(new Set(JSON.parse(intrinsics).map((part: unknown) => JSON.stringify(part)))).toEqual(new Set([JSON.stringify({ Ref: 'AWS::Region' })]));
    expect(text).not.toContain('ImportValue');
    // Only the primary cell has it; no template imports a value.
    for (const [stack, template] of Object.entries(all)) {
      expect(JSON.stringify(template)).not.toContain('Fn::ImportValue');
      if (stack !== 'Orders-us-east-1') {
        Template.fromJSON(template).resourcePropertiesCountIs('AWS::CloudWatch::Dashboard', { DashboardName: 'Orders-regions' }, 0);
      }
    }
  });

  test('the template and tree.json carry the same body, and a widget added before a later synthesis shows in it', () => {
    const { app: small, topology } = smallTopology();
    const first = dashboardBodies(small);
    expect(first.template.length).toBeGreaterThan(0);
    expect(first.tree).toEqual(first.template);
    // A widget added between two syntheses: the body is written again.
    const dashboard = topology.primaryCell.node.findChild('Dashboard') as Dashboard;
    dashboard.addWidgets(new TextWidget({ markdown: 'added later', width: 24, height: 1 }));
    const second = dashboardBodies(small, true);
    expect(second.tree).toEqual(second.template);
    expect(JSON.stringify(second.template)).toContain('added later');
    expect(JSON.stringify(first.template)).not.toContain('added later');
  });

  test('dashboards: false creates none', () => {
    const { app: off } = smallTopology({ dashboards: false });
    for (const template of Object.values(templates(off))) Template.fromJSON(template).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  test('a topology with dashboards passes every checker with no unacknowledged finding', () => {
    const { app: small, topology } = smallTopology();
    expectNoUnacknowledgedFindings(small);
    Template.fromStack(topology.primaryCell).resourceCountIs('AWS::CloudWatch::Dashboard', 2);
    for (const cell of topology.secondaryCells) {
      Template.fromStack(cell).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: `Shop-${cell.region}`, DashboardBody: Match.anyValue() });
    }
  });

  test('a body is the one aws-cdk-lib\'s Dashboard renders, for every kind of widget and layout the dashboards use', () => {
    const stack = new Stack(testApp(), 'Widgets', { env: { account: TEST_ACCOUNT, region: 'eu-west-1' } });
    const queue = new Queue(stack, 'Queue');
    const alarms = [1, 2, 3].map((n) => queue.metricApproximateNumberOfMessagesVisible().createAlarm(stack, `Alarm${n}`, { threshold: n, evaluationPeriods: 1 }));
    // Fresh widgets for each dashboard: a dashboard positions the widgets it lays out.
    const rows = (): IWidget[][] => [
      [new TextWidget({ markdown: '# Title\nwith "quotes" → and a line', width: 24, height: 2 })],
      [new AlarmStatusWidget({ title: 'Alarms', alarms, width: 24, height: 2 })],
      [
        new GraphWidget({
          title: 'Depth',
          left: [
            queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), label: 'here' }),
            new Metric({ namespace: 'AWS/SQS', metricName: 'NumberOfMessagesSent', dimensionsMap: { QueueName: 'other' }, region: 'us-east-1', statistic: 'Sum' }),
          ],
          leftAnnotations: [{ value: 2, label: 'alarm Alarm2' }],
          width: 6,
          height: 6,
        }),
        new AlarmWidget({ title: 'alarm Alarm1', alarm: alarms[0], width: 6, height: 6 }),
      ],
      [new GraphWidget({
        title: 'Searches',
        region: 'us-east-1',
        left: ['eu-west-1', 'us-east-1'].map((searchRegion) => new MathExpression({
          expression: 'SEARCH(\'{AWS/SQS,QueueName} MetricName="NumberOfMessagesSent"\', \'Sum\', 60)', searchRegion, period: Duration.minutes(1),
        })),
        leftYAxis: { min: 0, max: 1 },
        width: 24,
        height: 6,
      })],
    ];
    new Dashboard(stack, 'Theirs', { dashboardName: 'theirs', widgets: rows() });
    const ours = new RenderedDashboard(stack, 'Ours', { dashboardName: 'ours', widgets: rows() });

    const resources = Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard');
    const bodyOf = (name: string) => Object.values(resources).find((r) => r.Properties.DashboardName === name)!.Properties.DashboardBody;
    expect(JSON.stringify(bodyOf('ours'))).toContain('quotes');
    expect(bodyOf('ours')).toEqual(bodyOf('theirs'));
    // Written, not left to aws-cdk-lib's rendering (which a renamed aws-cdk-lib token, unknown to the writing, would cause).
    expect((ours as unknown as { body: string }).body).toMatch(/^\{"widgets":\[/);
  });

  // Widgets the library's dashboards never hold (a user may add them with addWidgets): the body aws-cdk-lib's Dashboard
  // renders, whether written or left to aws-cdk-lib's rendering.
  test.each<[string, (stack: Stack, other: Stack) => IWidget]>([
    ['a number token', () => new TextWidget({ markdown: 'text', width: Token.asNumber(Lazy.number({ produce: () => 12 })), height: 2 })],
    ['a synth-time token amid literals that JSON must escape', () =>
      new TextWidget({ markdown: `say ${Lazy.string({ produce: () => '"quoted"\n' })}`, width: 24, height: 2 })],
    ['a synth-time token that is the whole string', () => new TextWidget({ markdown: Lazy.string({ produce: () => 'say "this"' }), width: 24, height: 2 })],
    ['a reference in a title', (stack) => new GraphWidget({ left: [new Queue(stack, 'Queue').metricNumberOfMessagesSent({ label: 'sent' })], title: new Queue(stack, 'Other').queueName })],
    ['an intrinsic whose literal parts JSON must escape', () => new TextWidget({ markdown: Fn.sub('say "${AWS::Region}"'), width: 24, height: 2 })],
    ['a join of a reference between quotes', (stack) => new TextWidget({ markdown: Fn.join('', ['"', new Queue(stack, 'Queue').queueName, '"']), width: 24, height: 2 })],
    ['an alarm of another region whose name JSON must escape', (_, other) => new AlarmStatusWidget({
      alarms: [new Alarm(other, 'Alarm', { alarmName: 'a"b', metric: new Metric({ namespace: 'N', metricName: 'M' }), threshold: 1, evaluationPeriods: 1 })],
    })],
    ['a token key', () => new RawWidget({ [Lazy.string({ produce: () => 'k"ey' })]: 1 })],
    ['a function\'s own metric (its account and region left out in its stack)', (stack) => new GraphWidget({
      left: [new Function(stack, 'Function', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => {};') }).metricDuration()],
    })],
    ['a metric of the default statistic', (stack) => new GraphWidget({ left: [new Queue(stack, 'Queue').metricApproximateAgeOfOldestMessage({ statistic: 'Average' })] })],
    ['a token that chooses by a value it resolves', () => {
      const stage = Lazy.string({ produce: () => 'prod' });
      return new RawWidget({ view: Token.asAny({ resolve: (context: IResolveContext) => context.resolve(stage) === 'prod' ? 'prod-view' : 'other-view' }) });
    }],
    ['undefined, null, empty and fractional values', () => new RawWidget({ list: [1, undefined, 2], none: null, empty: {}, nothing: [], zero: -0, sum: 0.1 + 0.2 })],
    ['lazy values that leave themselves out', () => new RawWidget({
      list: [1, Lazy.any({ produce: () => undefined }), 'a', Lazy.string({ produce: () => undefined })],
      object: Lazy.any({ produce: () => ({ a: undefined, b: 1 }) }),
      omitted: Lazy.list({ produce: () => [] }, { omitEmpty: true }),
    })],
  ])('a widget holding %s gets the body aws-cdk-lib\'s Dashboard renders', (_, widget) => {
    const rendered = (dashboard: typeof Dashboard | typeof RenderedDashboard) => {
      const widgetsApp = testApp();
      const stack = new Stack(widgetsApp, 'Widgets', { env: { account: TEST_ACCOUNT, region: 'eu-west-1' } });
      const other = new Stack(widgetsApp, 'Other', { env: { account: TEST_ACCOUNT, region: 'us-east-1' } });
      new dashboard(stack, 'Dashboard', { dashboardName: 'dashboard', widgets: [[widget(stack, other)]] });
      return Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard');
    };
    expect(rendered(RenderedDashboard)).toEqual(rendered(Dashboard));
  });

  test.each(['an app', 'a stage of an app'])('a body shows what changed between two syntheses of %s: a metric added to a graph, a lazy value', (where) => {
    const bodies = (dashboard: typeof Dashboard | typeof RenderedDashboard) => {
      const widgetsApp = testApp();
      const stage = where === 'an app' ? widgetsApp : new Stage(widgetsApp, 'Stage');
      const stack = new Stack(stage, 'Widgets', { env: { account: TEST_ACCOUNT, region: 'eu-west-1' } });
      const words = ['one'];
      const graph = new GraphWidget({ left: [new Metric({ namespace: 'N', metricName: 'First' })] });
      const made = new dashboard(stack, 'Dashboard', {
        dashboardName: 'dashboard', widgets: [[graph, new TextWidget({ markdown: Lazy.uncachedString({ produce: () => words.join(',') }) })]],
      });
      widgetsApp.synth();
      const first = stage.synth({ force: true }).getStackByName(stack.stackName).template;
      graph.addLeftMetric(new Metric({ namespace: 'N', metricName: 'Second' }));
      words.push('two');
      // A resolution that searches for no reference, between the two (a user's own check).
      stack.resolve((made.node.defaultChild as CfnDashboard).dashboardBody);
      return [first, stage.synth({ force: true }).getStackByName(stack.stackName).template];
    };
    const [first, second] = bodies(RenderedDashboard);
    expect(JSON.stringify(second)).toMatch(/Second.*one,two/);
    expect(JSON.stringify(first)).not.toMatch(/Second|one,two/);
    expect([first, second]).toEqual(bodies(Dashboard));
  });

  test('a metric of a resource of another region fails as in aws-cdk-lib\'s Dashboard', () => {
    const failure = (dashboard: typeof Dashboard | typeof RenderedDashboard) => {
      const widgetsApp = testApp();
      const stack = new Stack(widgetsApp, 'Widgets', { env: { account: TEST_ACCOUNT, region: 'eu-west-1' } });
      const queue = new Queue(new Stack(widgetsApp, 'Other', { env: { account: TEST_ACCOUNT, region: 'us-east-1' } }), 'Queue');
      new dashboard(stack, 'Dashboard', { dashboardName: 'dashboard', widgets: [[new GraphWidget({ left: [queue.metricNumberOfMessagesSent()] })]] });
      try {
        widgetsApp.synth();
      } catch (e) {
        return String(e);
      }
      return 'no error';
    };
    expect(failure(RenderedDashboard)).toMatch(/cross-environment/);
    expect(failure(RenderedDashboard)).toEqual(failure(Dashboard));
  });

  test('a body holds the variables added to the dashboard', () => {
    const rendered = (dashboard: typeof Dashboard | typeof RenderedDashboard) => {
      const stack = new Stack(testApp(), 'Widgets', { env: { account: TEST_ACCOUNT, region: 'eu-west-1' } });
      new dashboard(stack, 'Dashboard', { dashboardName: 'dashboard', widgets: [[new TextWidget({ markdown: 'text' })]] })
        .addVariable(new DashboardVariable({ id: 'region', type: VariableType.PROPERTY, inputType: VariableInputType.INPUT, value: 'region' }));
      return Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard');
    };
    expect(JSON.stringify(rendered(RenderedDashboard))).toContain('variables');
    expect(rendered(RenderedDashboard)).toEqual(rendered(Dashboard));
  });
});

/** A widget of the JSON it is given, at its place in the layout. */
class RawWidget extends ConcreteWidget {
  constructor(private readonly properties: Record<string, unknown>) {
    super(6, 6);
  }

  public toJson(): any[] {
    return [{ type: 'custom', width: this.width, height: this.height, x: this.x, y: this.y, properties: this.properties }];
  }
}
