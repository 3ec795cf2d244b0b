import { TemplateResource, costOf, healthCheckFeatures, healthLoadLine, rateSeconds } from '../../src/report/cost';
import { HealthLoadEntry } from '../../src/report/model';
import { PRICES_READ } from '../../src/report/prices';

/** A resource of stack `S`. */
function resource(type: string, properties: Record<string, any>, logicalId = `R${Math.random().toString(36).slice(2, 8)}`): TemplateResource {
  return { stack: 'S', logicalId, type, properties };
}

const healthCheck = (config: Record<string, any>) => resource('AWS::Route53::HealthCheck', { HealthCheckConfig: config });
const monthly = (resources: TemplateResource[], loads: HealthLoadEntry[] = []) => costOf(resources, loads).monthlyUsd;

// Every figure below is worked by hand from the list prices (us-east-1) and 730 hours (2,628,000 s) a month.
describe('the fixed monthly cost, item by item', () => {
  test.each<[string, Record<string, any>, number, string[]]>([
    // $0.50 a health check of an AWS endpoint, $1.00 per optional feature.
    ['the library\'s HTTPS check: string matching, fast interval', { Type: 'HTTPS_STR_MATCH', RequestInterval: 10 }, 3.5,
      ['HTTPS', 'string matching', 'fast interval']],
    ['an HTTPS check at the standard interval', { Type: 'HTTPS', RequestInterval: 30 }, 1.5, ['HTTPS']],
    ['an HTTP check measuring latency at the default interval', { Type: 'HTTP', MeasureLatency: true }, 1.5, ['latency measurement']],
    ['all four features', { Type: 'HTTPS_STR_MATCH', RequestInterval: 10, MeasureLatency: true }, 4.5,
      ['HTTPS', 'string matching', 'fast interval', 'latency measurement']],
    ['a probe-alarm check: basic price, no feature', { Type: 'CLOUDWATCH_METRIC' }, 0.5, []],
  ])('health check: %s', (_, config, expected, features) => {
    expect(healthCheckFeatures(config)).toEqual(features);
    expect(monthly([healthCheck(config)])).toBe(expected);
  });

  test('health checks of one kind are one line, with what a non-AWS endpoint would pay ($0.75 + $2.00 a feature)', () => {
    const cost = costOf([1, 2, 3].map(() => healthCheck({ Type: 'HTTPS_STR_MATCH', RequestInterval: 10 })));
    expect(cost.lines).toEqual([expect.objectContaining({
      kind: 'health-checks', quantity: 3, monthlyUsd: 10.5, detail: '3 × ($0.50 + 3 × $1.00), AWS endpoint assumed; as a non-AWS endpoint $20.25',
    })]);
    expect(cost.fixedFeesUsd).toBe(10.5);
  });

  test('alarms: $0.10 per metric read, every metric of a metric-math alarm billed, $0.30 below a minute, $0.50 a composite', () => {
    const single = resource('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Period: 60 });
    const math = resource('AWS::CloudWatch::Alarm', {
      Metrics: [
        { Id: 'e', Expression: 'FILL(a, 0) + FILL(b, 0) + FILL(c, 0) + FILL(d, 0) + FILL(f, 0)' },
        ...['a', 'b', 'c', 'd', 'f'].map((Id) => ({ Id, MetricStat: { Period: 60 } })),
      ],
    });
    const fast = resource('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Period: 10 });
    const composite = resource('AWS::CloudWatch::CompositeAlarm', { AlarmRule: 'ALARM(a)' });

    expect(monthly([single])).toBe(0.1);
    expect(monthly([math])).toBe(0.5);
    expect(monthly([fast])).toBe(0.3);
    expect(monthly([composite])).toBe(0.5);
    expect(costOf([single, math, fast, composite]).lines).toEqual([expect.objectContaining({
      item: 'CloudWatch alarms (4 alarms, 7 billed metrics)',
      monthlyUsd: 1.4,
      detail: '6 × $0.10 + 1 high-resolution × $0.30 + 1 composite × $0.50',
    })]);
  });

  test('dashboards: $3.00 each, counted in the total but not in the health-check, alarm and key fees', () => {
    const cost = costOf([1, 2, 3, 4].map(() => resource('AWS::CloudWatch::Dashboard', { DashboardBody: '{}' })));
    expect(cost.lines).toEqual([expect.objectContaining({ kind: 'dashboards', quantity: 4, monthlyUsd: 12 })]);
    expect(cost.monthlyUsd).toBe(12);
    expect(cost.fixedFeesUsd).toBe(0);
  });

  test('KMS keys: $1.00 each, replicas too', () => {
    const cost = costOf([resource('AWS::KMS::Key', { EnableKeyRotation: true }), resource('AWS::KMS::ReplicaKey', {})]);
    expect(cost.lines[0]).toMatchObject({ kind: 'keys', quantity: 2, monthlyUsd: 2 });
    expect(cost.fixedFeesUsd).toBe(2);
  });

  test('a probe every minute: 43,800 invocations, each two Lambda requests and 100 ms + 10 ms at 256 MB', () => {
    const fn = resource('AWS::Lambda::Function', { FunctionName: 'Orders-Api-probe', MemorySize: 256 }, 'Probe');
    const rule = resource('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)', Targets: [{ Arn: { 'Fn::GetAtt': ['Probe', 'Arn'] } }] });
    const cost = costOf([fn, rule]);
    // 43,800 × (2 × $0.0000002 + 0.1 s × 0.25 GB × $0.0000166667) + 43,800 × 0.01 s × 0.25 GB × $0.0000166667 = $0.0376
    expect(cost.lines).toEqual([expect.objectContaining({ kind: 'probes', quantity: 43_800, monthlyUsd: 0.04 })]);
    expect(cost.fixedFeesUsd).toBe(0);
    expect(rateSeconds('rate(5 minutes)')).toBe(300);
    expect(rateSeconds('rate(1 hour)')).toBe(3600);
    expect(rateSeconds('cron(0 3 * * ? *)')).toBeUndefined();
  });

  test('provisioned concurrency: GB-seconds all month, x86 and Arm', () => {
    const fn = resource('AWS::Lambda::Function', { MemorySize: 1024 }, 'Fn');
    const version = resource('AWS::Lambda::Version', { FunctionName: { Ref: 'Fn' } }, 'Version');
    const alias = resource('AWS::Lambda::Alias', {
      FunctionName: { Ref: 'Fn' }, FunctionVersion: { 'Fn::GetAtt': ['Version', 'Version'] }, ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 },
    });
    // 2 × 1 GB × 2,628,000 s × $0.0000041667 = $21.90
    expect(monthly([fn, version, alias])).toBe(21.9);
    const arm = resource('AWS::Lambda::Function', { MemorySize: 512, Architectures: ['arm64'] }, 'Fn');
    // 2 × 0.5 GB × 2,628,000 s × $0.0000033334 = $8.76
    expect(monthly([arm, version, alias])).toBe(8.76);
  });

  describe('the health-check request load', () => {
    const load: HealthLoadEntry = {
      recordName: 'api.example.com',
      regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
      checkerRegions: 8,
      intervalSeconds: 10,
      cacheMs: 0,
      handlerMemoryMb: 256,
      dependencies: 1,
      serviceMemoryMb: 512,
    };

    test('every checker every 10 s, no cache: 11,826,000 requests a month to three cells', () => {
      // 3 cells × 15 checkers × 2,628,000 s / 10 s = 11,826,000 requests, each a deep check:
      //   HTTP API 11,826,000 × $0.000001 = $11.826
      //   handler  11,826,000 × $0.0000002 + 11,826,000 × 0.04 s × 0.25 GB × $0.0000166667 = $4.3362
      //   logs     11,826,000 × 426 bytes = 5.038 GB × $0.50 = $2.5189
      //   reads    11,826,000 × 0.5 read units × $0.000000125 = $0.7391
      //   service  11,826,000 × ($0.0000002 + 0.01 s × 0.5 GB × $0.0000166667) = $3.3507
      const line = healthLoadLine(load);
      expect(line).toMatchObject({ kind: 'health-check-requests', quantity: 11_826_000, monthlyUsd: 22.77 });
      expect(line.detail).toMatch(/^11826000 requests, 11826000 deep checks \(cache 0 ms\): HTTP API requests \$11\.83, health handler requests and duration \$4\.34, access-log lines \$2\.52, table reads \$0\.74, service invocations \$3\.35$/);
    });

    test('a 5 s cache: at most one deep check per cell every 5 s (1,576,800 a month)', () => {
      // handler: 11,826,000 × $0.0000002 + (10,249,200 × 0.005 s + 1,576,800 × 0.04 s) × 0.25 GB × $0.0000166667 = $2.8395
      // 11.826 + 2.8395 + 2.5189 + 1,576,800 × 0.5 × $0.000000125 (0.0986) + 1,576,800 × $0.00000028333 (0.4468) = $17.73
      expect(healthLoadLine({ ...load, cacheMs: 5000 })).toMatchObject({ quantity: 11_826_000, monthlyUsd: 17.73 });
    });

    test('three checker regions at 30 s: 15 × 3/8 checkers, 1,478,250 requests', () => {
      expect(healthLoadLine({ ...load, checkerRegions: 3, intervalSeconds: 30 }).quantity).toBe(1_478_250);
    });

    test('the load counts in the monthly total, not in the fees', () => {
      const cost = costOf([healthCheck({ Type: 'HTTPS_STR_MATCH', RequestInterval: 10 })], [load]);
      expect(cost.fixedFeesUsd).toBe(3.5);
      expect(cost.monthlyUsd).toBe(26.27);
    });
  });

  test('lists the prices it used, with their source, and when they were read', () => {
    const cost = costOf([healthCheck({ Type: 'CLOUDWATCH_METRIC' }), resource('AWS::KMS::Key', {})]);
    expect(cost).toMatchObject({ currency: 'USD', region: 'us-east-1', pricesRead: PRICES_READ });
    expect(cost.prices.map((p) => [p.name, p.usd])).toEqual([['Route 53 health check, AWS endpoint', 0.5], [expect.stringMatching(/^KMS key/), 1]]);
    expect(cost.prices.every((p) => p.source.startsWith('https://'))).toBe(true);
    expect(costOf([])).toMatchObject({ lines: [], fixedFeesUsd: 0, monthlyUsd: 0, prices: [] });
  });
});
