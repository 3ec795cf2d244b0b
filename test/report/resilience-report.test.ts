import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Duration } from 'aws-cdk-lib';
import { AttributeType, MultiRegionConsistency } from 'aws-cdk-lib/aws-dynamodb';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { buildOrdersService } from '../../example/orders-service';
import { GlobalTableStore, MultiRegionTopology, ReplicatedCode, ReplicatedFunction, Saga, SagaTask } from '../../src';
import { renderMermaid, renderSummary } from '../../src/report/render';
import { TEST_ACCOUNT, synthesize, templates, testApp } from '../harness';

const EXAMPLE = { account: TEST_ACCOUNT, hostedZoneId: 'Z0EXAMPLE0ORDERS0ZONE', zoneName: 'orders.example.com' };

function report(app: App, service: string): { json: any; markdown: string } {
  const outdir = synthesize(app).directory;
  return {
    json: JSON.parse(readFileSync(join(outdir, `${service}.resilience.json`), 'utf-8')),
    markdown: readFileSync(join(outdir, `${service}.resilience.md`), 'utf-8'),
  };
}

function topology(app: App, regions = ['us-east-1', 'us-west-2', 'eu-west-1']): MultiRegionTopology {
  return new MultiRegionTopology(app, 'Shop', { account: TEST_ACCOUNT, primaryRegion: regions[0], regions });
}

describe('the resilience report', () => {
  test('the example app: regions and what runs in each, failover time and RPO as configured, no single point of failure', () => {
    const app = testApp();
    const { failover, orders, api, drills } = buildOrdersService(app, EXAMPLE);
    const { json } = report(app, 'Orders');

    expect(json).toMatchObject({ service: 'Orders', account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: ['us-east-1', 'us-west-2', 'eu-west-1'] });
    expect(json.cells.map((c: any) => [c.region, c.stackName, c.primary])).toEqual([
      ['us-east-1', 'Orders-us-east-1', true], ['us-west-2', 'Orders-us-west-2', false], ['eu-west-1', 'Orders-eu-west-1', false],
    ]);
    for (const cell of json.cells) {
      expect(cell.functions).toContainEqual({ name: api.functionName, alias: 'live', endpoint: true, probe: false });
      expect(cell.stores).toEqual(['Orders-OrdersTable', 'Orders-CheckoutLog']);
      expect(cell.sagas).toEqual(['Checkout']);
      expect(cell.drills.map((d: any) => d.action)).toEqual([
        'aws:lambda:invocation-error', 'aws:lambda:invocation-add-delay', 'aws:dynamodb:global-table-pause-replication',
      ]);
    }
    for (const [i, experiment] of drills.drill('us-west-2').experiments.entries()) {
      expect(json.cells[1].drills[i]).toEqual({
        action: experiment.actionId,
        stopConditions: experiment.stopAlarms.map((alarm) => alarm.node.path),
        alsoWatch: experiment.alsoWatch,
      });
      expect(json.cells[1].drills[i].stopConditions.length).toBeGreaterThan(0);
    }
    expect(json.routing).toEqual([{
      recordName: 'api.orders.example.com',
      service: 'Orders-Api',
      routing: 'active-passive',
      healthCheck: 'https',
      regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
      failoverTime: { ...failover.failoverTime },
      recoveryTimeObjectiveSeconds: 40,
    }]);
    expect(json.routing[0].failoverTime.totalSeconds).toBe(37);
    expect(json.stores).toContainEqual({
      tableName: orders.tableName,
      consistency: 'EVENTUAL',
      recoveryPointObjective: orders.recoveryPointObjective,
      declaredRecoveryPointObjectiveSeconds: null,
      regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
    });
    expect(json.singlePointsOfFailure).toEqual([]);
    expect(json.checks).toEqual({ pack: 'Resilience', errors: 0, warnings: 0, findings: [] });
  });

  test('a declared recovery point objective is shown beside what the configuration gives', () => {
    const app = testApp();
    const t = topology(app, ['us-east-1', 'us-east-2', 'us-west-2']);
    new GlobalTableStore(t, 'Ledger', {
      partitionKey: { name: 'id', type: AttributeType.STRING }, consistency: MultiRegionConsistency.STRONG, recoveryPointObjective: Duration.seconds(0),
    });
    new GlobalTableStore(t, 'Carts', { partitionKey: { name: 'id', type: AttributeType.STRING }, recoveryPointObjective: Duration.minutes(1) });
    const { json, markdown } = report(app, 'Shop');
    expect(json.stores.map((s: any) => [s.tableName, s.declaredRecoveryPointObjectiveSeconds])).toEqual([['Shop-Ledger', 0], ['Shop-Carts', 60]]);
    expect(markdown).toContain('| table | consistency | RPO when a region is lost | objective | replicas |');
    expect(markdown).toContain('| Shop-Ledger | STRONG | 0 seconds (strong multi-region consistency) | 0 s | us-east-1, us-east-2, us-west-2 |');
    expect(markdown).toContain('| Shop-Carts | EVENTUAL | typically about 1 second (asynchronous replication, no SLA) | 60 s | us-east-1, us-east-2, us-west-2 |');
  });

  test('the example app\'s fixed monthly cost: its health checks, alarms and keys as synthesized, and the checkers\' requests', () => {
    const app = testApp();
    buildOrdersService(app, EXAMPLE);
    const { json, markdown } = report(app, 'Orders');
    const resources = Object.values(templates(app)).flatMap((t: any) => Object.values(t.Resources ?? {})) as any[];
    const alarms = resources.filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    const billedMetrics = alarms.reduce((n, a) => n + (a.Properties.Metrics ? a.Properties.Metrics.filter((m: any) => m.MetricStat).length : 1), 0);
    const line = (kind: string) => json.cost.lines.find((l: any) => l.kind === kind);

    // Three HTTPS checks at the fast interval: 3 × ($0.50 + 2 features × $1.00). No string matching since the health
    // handler's status code decides (was 3 HTTPS_STR_MATCH checks, $10.50).
    expect(line('health-checks')).toMatchObject({ quantity: 3, monthlyUsd: 7.5 });
    expect(line('alarms')).toMatchObject({ item: `CloudWatch alarms (${alarms.length} alarms, ${billedMetrics} billed metrics)`, monthlyUsd: billedMetrics / 10 });
    expect(line('keys')).toMatchObject({ quantity: resources.filter((r) => r.Type === 'AWS::KMS::Key').length });
    // 3 cells × 15 checkers every 10 s; the 1 s cache allows at most one deep check per cell a second.
    expect(line('health-check-requests')).toMatchObject({ quantity: 11_826_000, detail: expect.stringContaining('7884000 deep checks (cache 1000 ms)') });
    expect(json.cost.fixedFeesUsd).toBeCloseTo(line('health-checks').monthlyUsd + line('alarms').monthlyUsd + line('keys').monthlyUsd, 2);
    expect(json.cost.monthlyUsd).toBeCloseTo(json.cost.lines.reduce((n: number, l: any) => n + l.monthlyUsd, 0), 2);
    expect(markdown).toMatch(/## Fixed monthly cost\n\nWhat the topology costs a month with no traffic at all, at us-east-1 list prices in USD read \d{4}-\d{2}-\d{2}/);
    expect(markdown).toContain('| price assumed | USD | per | source |');
  });

  test('strong consistency reports an RPO of zero', () => {
    const app = testApp();
    const t = topology(app, ['us-east-1', 'us-east-2', 'us-west-2']);
    new GlobalTableStore(t, 'Ledger', { partitionKey: { name: 'id', type: AttributeType.STRING }, consistency: MultiRegionConsistency.STRONG });
    expect(report(app, 'Shop').json.stores[0]).toMatchObject({ consistency: 'STRONG', recoveryPointObjective: expect.stringMatching(/^0 seconds/) });
  });

  test('finds what runs in one region only: a queue of the primary cell, a saga of one cell', () => {
    const app = testApp();
    const t = topology(app);
    new Queue(t.primaryCell, 'Jobs', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true });
    for (const cell of t.cells) new Queue(cell, 'Everywhere', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true });
    const step = new ReplicatedFunction(t, 'Step', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('x') });
    // With a compensation, so the saga has its dead-letter queue (parked compensations) in that one cell too.
    new Saga(t.cell('us-west-2'), 'Refunds', {
      steps: [{ name: 'Refund', action: SagaTask.replicatedFunction(step), compensation: SagaTask.replicatedFunction(step) }],
    });

    const { json, markdown } = report(app, 'Shop');

    const found = (path: string) => json.singlePointsOfFailure.find((s: any) => s.path === path);
    expect(json.singlePointsOfFailure.map((s: any) => [s.path, s.type, s.regions]).sort()).toEqual([
      ['Jobs/Resource', 'AWS::SQS::Queue', ['us-east-1']],
      ['Refunds/Resource/DeadLetterQueue/Resource', 'AWS::SQS::Queue', ['us-west-2']],
      ['Refunds/Resource/StateMachine/Resource', 'AWS::StepFunctions::StateMachine', ['us-west-2']],
    ]);
    expect(found('Jobs/Resource').reason).toMatch(/exists in us-east-1 only: losing that region loses it/);
    expect(json.cells.find((c: any) => c.region === 'us-west-2').sagas).toEqual(['Refunds']);
    expect(json.cells.find((c: any) => c.region === 'us-east-1').sagas).toEqual([]);
    expect(markdown).toContain('| Jobs/Resource | AWS::SQS::Queue | us-east-1 |');
  });

  test('carries the ResilienceChecks findings on the topology', () => {
    const app = testApp();
    const t = topology(app, ['us-east-1', 'eu-west-1']);
    for (const cell of t.cells) {
      // A plain function with no failure destination: a finding to review in every cell.
      new LambdaFunction(cell, 'Plain', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('x') });
    }
    const { json, markdown } = report(app, 'Shop');
    expect(json.checks).toEqual({
      pack: 'Resilience',
      errors: 0,
      warnings: 2,
      findings: [
        { id: 'Resilience-LambdaAsyncFailureDestination', level: 'warning', path: 'Shop/us-east-1/Plain/Resource' },
        { id: 'Resilience-LambdaAsyncFailureDestination', level: 'warning', path: 'Shop/eu-west-1/Plain/Resource' },
      ],
    });
    expect(markdown).toContain('0 error(s), 2 finding(s) to review');
  });

  test('the Markdown report holds the figures and a Mermaid diagram of cells, records, health checks and replicas', () => {
    const app = testApp();
    buildOrdersService(app, EXAMPLE);
    const { markdown } = report(app, 'Orders');

    expect(markdown).toContain('| api.orders.example.com | active-passive | https | us-east-1 → us-west-2 → eu-west-1 | 32 s | 5 s | **37 s** | 40 s |');
    expect(markdown).toContain('```mermaid\nflowchart TB');
    expect(markdown).toContain('dns_0 -->|primary| us_east_1_Orders_Api');
    expect(markdown).toContain('dns_0 -.->|failover 2| eu_west_1_Orders_Api');
    expect(markdown).toContain('us_east_1_Orders_OrdersTable <-.->|replication| eu_west_1_Orders_OrdersTable');
    expect(markdown).toContain('subgraph eu_west_1["eu-west-1"]');
    expect(markdown).toMatch(/## Drills \(AWS FIS\)\n\n\| region \| action \| stops on \| also watch \|/);
    expect(markdown).toMatch(/\| eu-west-1 \| aws:lambda:invocation-error \| Orders\/eu-west-1\/Api\//);
  });

  test('the README shows the example app\'s diagram as the library draws it', () => {
    const app = testApp();
    buildOrdersService(app, EXAMPLE);
    const { json } = report(app, 'Orders');
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf-8');
    expect(readme).toContain('```mermaid\n' + renderMermaid(json) + '\n```');
  });

  test('the README shows the example app\'s synth summary as the library prints it', () => {
    const app = testApp();
    buildOrdersService(app, EXAMPLE);
    const { json } = report(app, 'Orders');
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf-8');
    expect(readme).toContain('```text\n' + renderSummary(json, 'cdk.out/Orders.resilience.md').trimEnd() + '\n```');
  });

  test('prints a short summary at synth unless the context turns it off', () => {
    const printed: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => (printed.push(String(chunk)), true));
    try {
      const quiet = testApp();
      topology(quiet);
      synthesize(quiet);
      expect(printed.join('')).not.toContain('cdk-resilient-serverless:');

      const loud = testApp({ 'cdk-resilient-serverless:printSummary': true });
      buildOrdersService(loud, EXAMPLE);
      synthesize(loud);
      const summary = printed.join('');
      expect(summary).toContain('cdk-resilient-serverless: Orders, 3 regions (primary us-east-1)');
      expect(summary).toContain('api.orders.example.com: active-passive, worst-case failover 37 s (objective 40 s)');
      expect(summary).toContain('single points of failure: none');
      expect(summary).toMatch(/single points of failure: none; fixed monthly cost \$\d+\.\d\d \(health checks, alarms and keys \$\d+\.\d\d; us-east-1 list prices read \d{4}-\d{2}-\d{2}\)/);
      expect(summary).toContain('ResilienceChecks: 0 error(s), 0 to review');
      expect(summary).not.toMatch(/warn/i);
    } finally {
      write.mockRestore();
    }
  });
});
