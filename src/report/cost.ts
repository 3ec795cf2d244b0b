import { CostEntry, CostLine, HealthLoadEntry } from './model';
import {
  CHECKERS_ALL_REGIONS, CHECKER_REGION_COUNT, HEALTH_REQUEST, PRICES, PRICES_READ, PRICE_REGION, PROBE_REQUEST, Price, SECONDS_PER_MONTH,
} from './prices';

/**
 * The topology's fixed monthly cost: what it costs with no traffic at all, at the list prices of prices.ts. Computed
 * from the synthesized resources (health checks, alarms, keys, probe schedules, provisioned concurrency) and, for the
 * requests Route 53's checkers send to each health endpoint, from what the failovers report of their health checks.
 */

/** One resource of a synthesized template, as CloudFormation sees it. */
export interface TemplateResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, any>;
}

/** The resource types the cost reads: the report renders only these (rendering every resource would double a synth's work). */
export const COSTED_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm', 'AWS::CloudWatch::Dashboard', 'AWS::Events::Rule', 'AWS::KMS::Key',
  'AWS::KMS::ReplicaKey', 'AWS::Lambda::Alias', 'AWS::Lambda::Function', 'AWS::Lambda::Version', 'AWS::Route53::HealthCheck',
]);

/** The monthly cost of `resources` and of the health-check load `loads`, line by line. */
export function costOf(resources: TemplateResource[], loads: HealthLoadEntry[] = []): CostEntry {
  const byId = new Map(resources.map((r) => [`${r.stack}/${r.logicalId}`, r]));
  const used = new Set<Price>();
  const lines: CostLine[] = [
    ...healthCheckLines(resources, used),
    ...alarmLines(resources, used),
    ...keyLines(resources, used),
    ...dashboardLines(resources, used),
    ...probeLines(resources, byId, used),
    ...provisionedConcurrencyLines(resources, byId, used),
    ...loads.map((load) => healthLoadLine(load, used)),
  ];
  const sum = (kinds: CostLine['kind'][]) => round(lines.filter((l) => kinds.includes(l.kind)).reduce((n, l) => n + l.monthlyUsd, 0));
  return {
    currency: 'USD',
    region: PRICE_REGION,
    pricesRead: PRICES_READ,
    lines,
    fixedFeesUsd: sum(['health-checks', 'alarms', 'keys']),
    monthlyUsd: sum(['health-checks', 'alarms', 'keys', 'dashboards', 'probes', 'provisioned-concurrency', 'health-check-requests']),
    prices: Object.values(PRICES).filter((p) => used.has(p)).map((p) => ({ ...p })),
  };
}

/** Route 53's optional features a health check of `config` pays for. */
export function healthCheckFeatures(config: Record<string, any>): string[] {
  const type = String(config.Type ?? '');
  return [
    ...(type.startsWith('HTTPS') ? ['HTTPS'] : []),
    ...(type.endsWith('_STR_MATCH') ? ['string matching'] : []),
    ...(ENDPOINT_TYPES.has(type) && Number(config.RequestInterval ?? 30) === 10 ? ['fast interval'] : []),
    ...(config.MeasureLatency === true || config.MeasureLatency === 'true' ? ['latency measurement'] : []),
  ];
}

const ENDPOINT_TYPES = new Set(['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP']);

/**
 * Health checks, grouped by what they pay for. An endpoint check's price depends on whether Route 53 counts the endpoint
 * as an AWS one; the library's endpoints are API Gateway custom domains of the account, assumed AWS endpoints, and each
 * line says what the non-AWS price would be. Alarm-based and calculated checks pay the basic price and no feature.
 */
function healthCheckLines(resources: TemplateResource[], used: Set<Price>): CostLine[] {
  const groups = new Map<string, { count: number; type: string; features: string[] }>();
  for (const r of resources.filter((x) => x.type === 'AWS::Route53::HealthCheck')) {
    const config = r.properties.HealthCheckConfig ?? {};
    const features = healthCheckFeatures(config);
    const key = `${config.Type}|${features.join(',')}`;
    const group = groups.get(key) ?? { count: 0, type: String(config.Type), features };
    group.count++;
    groups.set(key, group);
  }
  return [...groups.values()].map(({ count, type, features }) => {
    used.add(PRICES.healthCheckAws);
    if (features.length > 0) used.add(PRICES.featureAws);
    const aws = PRICES.healthCheckAws.usd + features.length * PRICES.featureAws.usd;
    const nonAws = PRICES.healthCheckNonAws.usd + features.length * PRICES.featureNonAws.usd;
    const endpoint = ENDPOINT_TYPES.has(type);
    return {
      kind: 'health-checks' as const,
      item: `Route 53 health checks (${type}${features.length > 0 ? `: ${features.join(', ')}` : ''})`,
      quantity: count,
      unit: 'health check',
      monthlyUsd: round(count * aws),
      detail: `${count} × ($${usd(PRICES.healthCheckAws.usd)} + ${features.length} × $${usd(PRICES.featureAws.usd)})` +
        (endpoint ? `, AWS endpoint assumed; as a non-AWS endpoint $${usd(count * nonAws)}` : ''),
    };
  });
}

/** Alarms: metric alarms bill each metric they read (a metric-math alarm, every metric of its expression). */
function alarmLines(resources: TemplateResource[], used: Set<Price>): CostLine[] {
  let alarms = 0;
  let standard = 0;
  let highResolution = 0;
  for (const r of resources.filter((x) => x.type === 'AWS::CloudWatch::Alarm')) {
    alarms++;
    const p = r.properties;
    const stats: number[] = p.Metrics
      ? (p.Metrics as any[]).filter((m) => m.MetricStat).map((m) => Number(m.MetricStat.Period ?? 60))
      : [Number(p.Period ?? 60)];
    for (const period of stats) {
      if (period < 60) highResolution++;
      else standard++;
    }
  }
  const composites = resources.filter((x) => x.type === 'AWS::CloudWatch::CompositeAlarm').length;
  if (alarms + composites === 0) return [];
  if (standard > 0) used.add(PRICES.alarmMetric);
  if (highResolution > 0) used.add(PRICES.alarmMetricHighResolution);
  if (composites > 0) used.add(PRICES.compositeAlarm);
  const parts = [
    `${standard} × $${usd(PRICES.alarmMetric.usd)}`,
    ...(highResolution > 0 ? [`${highResolution} high-resolution × $${usd(PRICES.alarmMetricHighResolution.usd)}`] : []),
    ...(composites > 0 ? [`${composites} composite × $${usd(PRICES.compositeAlarm.usd)}`] : []),
  ];
  return [{
    kind: 'alarms',
    item: `CloudWatch alarms (${alarms + composites} alarms, ${standard + highResolution} billed metrics)`,
    quantity: standard + highResolution + composites,
    unit: 'alarm metric',
    monthlyUsd: round(standard * PRICES.alarmMetric.usd + highResolution * PRICES.alarmMetricHighResolution.usd +
      composites * PRICES.compositeAlarm.usd),
    detail: parts.join(' + '),
  }];
}

/** Customer-managed KMS keys (multi-Region replicas too), before any rotation adds its own. */
function keyLines(resources: TemplateResource[], used: Set<Price>): CostLine[] {
  const keys = resources.filter((x) => x.type === 'AWS::KMS::Key' || x.type === 'AWS::KMS::ReplicaKey');
  if (keys.length === 0) return [];
  used.add(PRICES.kmsKey);
  const rotating = keys.filter((k) => k.properties.EnableKeyRotation === true || k.properties.EnableKeyRotation === 'true').length;
  return [{
    kind: 'keys',
    item: 'KMS keys',
    quantity: keys.length,
    unit: 'key',
    monthlyUsd: round(keys.length * PRICES.kmsKey.usd),
    detail: `${keys.length} × $${usd(PRICES.kmsKey.usd)}` +
      (rotating > 0 ? `; ${rotating} rotate yearly, each rotation adding $${usd(PRICES.kmsKey.usd)} a month from then on` : ''),
  }];
}

/** CloudWatch dashboards, at the list price: the first 3 of an account are free, which a shared account may have used up. */
function dashboardLines(resources: TemplateResource[], used: Set<Price>): CostLine[] {
  const dashboards = resources.filter((x) => x.type === 'AWS::CloudWatch::Dashboard').length;
  if (dashboards === 0) return [];
  used.add(PRICES.dashboard);
  return [{
    kind: 'dashboards',
    item: 'CloudWatch dashboards',
    quantity: dashboards,
    unit: 'dashboard',
    monthlyUsd: round(dashboards * PRICES.dashboard.usd),
    detail: `${dashboards} × $${usd(PRICES.dashboard.usd)}; an account's first 3 are free (turn them off with the topology's dashboards: false)`,
  }];
}

/** Scheduled rules that invoke a function (the replicated functions' probes): Lambda requests and duration. */
function probeLines(resources: TemplateResource[], byId: Map<string, TemplateResource>, used: Set<Price>): CostLine[] {
  return resources.filter((x) => x.type === 'AWS::Events::Rule' && x.properties.ScheduleExpression).flatMap((rule) => {
    const seconds = rateSeconds(String(rule.properties.ScheduleExpression));
    const targets = ((rule.properties.Targets ?? []) as any[]).map((t) => referenced(t.Arn, rule.stack, byId))
      .filter((fn): fn is TemplateResource => fn?.type === 'AWS::Lambda::Function');
    if (seconds === undefined || targets.length === 0) return [];
    return targets.map((fn) => {
      const invocations = SECONDS_PER_MONTH / seconds;
      const memoryGb = Number(fn.properties.MemorySize ?? 128) / 1024;
      const gbSecond = durationPrice(fn, used);
      used.add(PRICES.lambdaRequest);
      // Each probe invocation invokes the replica once: two requests, and both durations.
      const monthly = invocations * (2 * PRICES.lambdaRequest.usd + (PROBE_REQUEST.probeMs / 1000) * memoryGb * gbSecond.usd) +
        invocations * (PROBE_REQUEST.serviceMs / 1000) * memoryGb * gbSecond.usd;
      return {
        kind: 'probes' as const,
        item: `Probe ${fn.properties.FunctionName ?? fn.logicalId} (${rule.stack}), every ${seconds} s`,
        quantity: Math.round(invocations),
        unit: 'invocation',
        monthlyUsd: round(monthly),
        detail: `${Math.round(invocations)} invocations × (2 Lambda requests + ${PROBE_REQUEST.probeMs} ms and ${PROBE_REQUEST.serviceMs} ms ` +
          `at ${memoryGb * 1024} MB), assumed durations`,
      };
    });
  });
}

/** Provisioned concurrency on aliases and versions: GB-seconds all month. */
function provisionedConcurrencyLines(resources: TemplateResource[], byId: Map<string, TemplateResource>, used: Set<Price>): CostLine[] {
  return resources.filter((x) => (x.type === 'AWS::Lambda::Alias' || x.type === 'AWS::Lambda::Version') &&
    x.properties.ProvisionedConcurrencyConfig).map((r) => {
    const count = Number(r.properties.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions);
    const fn = r.type === 'AWS::Lambda::Version' ? referenced(r.properties.FunctionName, r.stack, byId)
      : functionOfAlias(r, byId);
    const memoryMb = Number(fn?.properties.MemorySize ?? 128);
    const arm = isArm(fn);
    const price = arm ? PRICES.provisionedGbSecondArm : PRICES.provisionedGbSecond;
    used.add(price);
    return {
      kind: 'provisioned-concurrency' as const,
      item: `Provisioned concurrency ${fn?.properties.FunctionName ?? r.logicalId} (${r.stack})`,
      quantity: count,
      unit: 'concurrent execution',
      monthlyUsd: round(count * (memoryMb / 1024) * SECONDS_PER_MONTH * price.usd),
      detail: `${count} × ${memoryMb} MB × 730 h × $${price.usd} per GB-second${fn ? '' : ' (function not found: 128 MB assumed)'}`,
    };
  });
}

/**
 * What Route 53's checkers cost each cell's health endpoint: the checkers of the health check's regions each request
 * once per interval; every request is an HTTP API request, a Lambda request of the health handler, a line in the
 * stage's access log; a request that finds no fresh check reads each dependency (an eventually consistent GetItem of
 * a missing item, half a read unit)
 * and invokes the service (its request and duration; no X-Ray trace: the handler sends an unsampled trace header, and
 * the handler itself is not traced). How often a check is fresh is bounded
 * by the cache: at most one check per cache window per handler instance (one instance assumed).
 */
export function healthLoadLine(load: HealthLoadEntry, used: Set<Price> = new Set()): CostLine {
  const checkers = CHECKERS_ALL_REGIONS * (load.checkerRegions / CHECKER_REGION_COUNT);
  const requests = load.regions.length * checkers * SECONDS_PER_MONTH / load.intervalSeconds;
  const checks = load.cacheMs > 0 ? Math.min(requests, load.regions.length * SECONDS_PER_MONTH / (load.cacheMs / 1000)) : requests;
  const gb = (mb: number) => mb / 1024;
  const handlerSeconds = ((requests - checks) * HEALTH_REQUEST.cachedMs + checks * HEALTH_REQUEST.checkMs) / 1000;
  const parts: [string, number][] = [
    ['HTTP API requests', requests * PRICES.httpApiRequest.usd],
    ['health handler requests and duration', requests * PRICES.lambdaRequest.usd + handlerSeconds * gb(load.handlerMemoryMb) * PRICES.lambdaGbSecond.usd],
    ['access-log lines', requests * HEALTH_REQUEST.accessLogBytes / 1e9 * PRICES.logIngestion.usd],
  ];
  used.add(PRICES.httpApiRequest).add(PRICES.lambdaRequest).add(PRICES.lambdaGbSecond).add(PRICES.logIngestion);
  if (load.dependencies > 0) {
    parts.push(['table reads', checks * load.dependencies * 0.5 * PRICES.dynamodbReadUnit.usd]);
    used.add(PRICES.dynamodbReadUnit);
  }
  if (load.serviceMemoryMb !== undefined) {
    parts.push(['service invocations', checks * (PRICES.lambdaRequest.usd + (HEALTH_REQUEST.serviceMs / 1000) * gb(load.serviceMemoryMb) * PRICES.lambdaGbSecond.usd)]);
  }
  const monthly = parts.reduce((n, [, v]) => n + v, 0);
  return {
    kind: 'health-check-requests',
    item: `Health-check requests to ${load.recordName} (${load.regions.length} cells, ${load.checkerRegions} checker regions, every ${load.intervalSeconds} s)`,
    quantity: Math.round(requests),
    unit: 'request',
    monthlyUsd: round(monthly),
    detail: `${Math.round(requests)} requests, ${Math.round(checks)} deep checks (cache ${load.cacheMs} ms): ` +
      parts.map(([what, v]) => `${what} $${usd(v)}`).join(', '),
  };
}

/** Provisioned concurrency as synthesized: each alias or version with a floor, its function's name, memory and architecture. */
export interface ProvisionedFloor {
  readonly stack: string;
  readonly functionName: string;
  readonly concurrentExecutions: number;
  readonly memoryMb: number;
  readonly arm: boolean;
}

/** Every provisioned concurrency floor of `resources` (for the strategy comparison; the lines above price them). */
export function provisionedFloors(resources: TemplateResource[]): ProvisionedFloor[] {
  const byId = new Map(resources.map((r) => [`${r.stack}/${r.logicalId}`, r]));
  return resources.filter((x) => (x.type === 'AWS::Lambda::Alias' || x.type === 'AWS::Lambda::Version') &&
    x.properties.ProvisionedConcurrencyConfig).map((r) => {
    const fn = r.type === 'AWS::Lambda::Version' ? referenced(r.properties.FunctionName, r.stack, byId) : functionOfAlias(r, byId);
    return {
      stack: r.stack,
      functionName: String(fn?.properties.FunctionName ?? r.logicalId),
      concurrentExecutions: Number(r.properties.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions),
      memoryMb: Number(fn?.properties.MemorySize ?? 128),
      arm: isArm(fn),
    };
  });
}

/** What a floor of `count` executions of `memoryMb` costs a month, rounded to cents as each cost line is. */
export function provisionedMonthlyUsd(count: number, memoryMb: number, arm: boolean): number {
  const price = arm ? PRICES.provisionedGbSecondArm : PRICES.provisionedGbSecond;
  return round(count * (memoryMb / 1024) * SECONDS_PER_MONTH * price.usd);
}

/** The seconds of an EventBridge `rate(...)` expression; undefined for a cron expression. */
export function rateSeconds(expression: string): number | undefined {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!match) return undefined;
  const unit = match[2].startsWith('minute') ? 60 : match[2].startsWith('hour') ? 3600 : 86400;
  return Number(match[1]) * unit;
}

function durationPrice(fn: TemplateResource, used: Set<Price>): Price {
  const price = isArm(fn) ? PRICES.lambdaGbSecondArm : PRICES.lambdaGbSecond;
  used.add(price);
  return price;
}

function isArm(fn: TemplateResource | undefined): boolean {
  return (fn?.properties.Architectures ?? []).includes('arm64');
}

/** The resource a `{ Ref }` or `{ Fn::GetAtt }` names in the same stack. */
function referenced(value: any, stack: string, byId: Map<string, TemplateResource>): TemplateResource | undefined {
  const id = value?.Ref ?? value?.['Fn::GetAtt']?.[0];
  return typeof id === 'string' ? byId.get(`${stack}/${id}`) : undefined;
}

/** An alias's function: its `FunctionName` names the function, or its version names it. */
function functionOfAlias(alias: TemplateResource, byId: Map<string, TemplateResource>): TemplateResource | undefined {
  const named = referenced(alias.properties.FunctionName, alias.stack, byId);
  if (named?.type === 'AWS::Lambda::Function') return named;
  const version = referenced(alias.properties.FunctionVersion, alias.stack, byId);
  return version ? referenced(version.properties.FunctionName, alias.stack, byId) : undefined;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function usd(value: number): string {
  return value.toFixed(2);
}
