import { CfnResource, Duration, Stack, Token } from 'aws-cdk-lib';
import {
  Alarm, AlarmStatusWidget, AlarmWidget, GraphWidget, HorizontalAnnotation, IMetric, IWidget, MathExpression, Metric, TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { RenderedDashboard } from './dashboard-body';
import { metricKeys, watchesOneOf } from './metric-identity';
import type { MultiRegionTopology } from './multi-region-topology';
import type { RegionalCell } from './regional-cell';
import { ReportContribution } from '../report/model';

/**
 * The CloudWatch dashboards of a topology: one per cell (`<serviceName>-<region>`: that region's functions, tables,
 * state machines and health checks, each graph with the thresholds of the alarms that watch its metric) and one in the
 * primary cell (`<serviceName>-regions`: every region side by side).
 * What to show comes from what the topology's constructs contribute to the resilience report (functions, tables, routes)
 * and from the state machines in the cells: no second registry. Every metric of the topology dashboard names another
 * region by its literal names and the metric's `region`, so the dashboard holds no reference to another cell's stack.
 *
 * Cost: CloudWatch bills a custom dashboard $3 a month, after 3 free per account (each of up to 50 metrics); a topology of
 * N regions has N + 1 (https://aws.amazon.com/cloudwatch/pricing/). The graphs read metrics AWS services publish for free.
 */
export function addDashboards(topology: MultiRegionTopology, contributions: ReportContribution[]): void {
  const subjects = collectSubjects(topology, contributions);
  for (const cell of topology.cells) cellDashboard(topology, cell, subjects);
  regionsDashboard(topology, subjects);
}

/** The dashboard of the cell in `region`. */
export function cellDashboardName(serviceName: string, region: string): string {
  return `${serviceName}-${region}`;
}

/** The dashboard of every region side by side, in the primary cell. */
export function regionsDashboardName(serviceName: string): string {
  return `${serviceName}-regions`;
}

const PERIOD = Duration.minutes(1);
const GRAPH = { width: 6, height: 6 };
const ALARMS_PER_WIDGET = 100;
/** Route 53 publishes health-check metrics in us-east-1 only. */
const ROUTE53_METRICS_REGION = 'us-east-1';

interface FunctionSubject { readonly name: string; readonly alias: string; readonly regions: string[] }
interface TableSubject { readonly name: string; readonly regions: string[] }
/** A state machine by its path inside the cells, with its literal name in each region that has it. */
interface StateMachineSubject { readonly path: string; readonly names: Map<string, string> }
interface Subjects {
  readonly functions: FunctionSubject[];
  readonly tables: TableSubject[];
  readonly stateMachines: StateMachineSubject[];
  /** The names DNS fails over, and the regions each routes to. */
  readonly routes: { readonly name: string; readonly regions: string[] }[];
}

function collectSubjects(topology: MultiRegionTopology, contributions: ReportContribution[]): Subjects {
  const functions = new Map<string, FunctionSubject>();
  for (const part of contributions) {
    for (const cell of part.cells ?? []) {
      for (const fn of cell.functions ?? []) {
        const subject = functions.get(fn.name) ?? { name: fn.name, alias: fn.alias, regions: [] };
        subject.regions.push(cell.region);
        functions.set(fn.name, subject);
      }
    }
  }
  const stateMachines = new Map<string, StateMachineSubject>();
  for (const cell of topology.cells) {
    for (const resource of cell.node.findAll()) {
      if (!(resource instanceof CfnStateMachine) || Stack.of(resource) !== cell) continue;
      const name = resource.stateMachineName;
      if (name === undefined || Token.isUnresolved(name)) continue;
      const path = resource.node.path.slice(cell.node.path.length + 1).replace(/\/Resource$/, '');
      const subject = stateMachines.get(path) ?? { path, names: new Map() };
      subject.names.set(cell.region, name);
      stateMachines.set(path, subject);
    }
  }
  return {
    functions: [...functions.values()],
    tables: contributions.flatMap((part) => part.stores ?? []).map((store) => ({ name: store.tableName, regions: store.regions })),
    stateMachines: [...stateMachines.values()],
    routes: contributions.flatMap((part) => part.routing ?? []).map((route) => ({ name: route.recordName, regions: route.regions })),
  };
}

function cellDashboard(topology: MultiRegionTopology, cell: RegionalCell, subjects: Subjects): void {
  const region = cell.region;
  const alarms = cell.node.findAll().filter((c): c is Alarm => c instanceof Alarm && Stack.of(c) === cell);
  const watch = (title: string, metrics: IMetric[]) => graph(cell, alarms, title, metrics);
  // A metric math alarm (an error rate, reads plus writes) has no one metric to draw its threshold on: it gets its own widget.
  const withMathAlarms = (row: GraphWidget[], metrics: IMetric[]): IWidget[] => [...row, ...alarms
    .filter((alarm) => watchesOneOf(cell, Object.values(alarm.metric.toMetricConfig().mathExpression?.usingMetrics ?? {}), metricKeys(cell, metrics)))
    .map((alarm) => new AlarmWidget({ title: `alarm ${alarm.node.id}`, alarm, ...GRAPH }))];
  const rows: IWidget[][] = [[new TextWidget({
    markdown: `# ${topology.serviceName} in ${region}\n${cell.isPrimary ? 'Primary' : 'Secondary'} cell. Each graph shows the ` +
      'thresholds of the alarms that watch it. Every region side by side: dashboard ' +
      `\`${regionsDashboardName(topology.serviceName)}\` in ${topology.primaryRegion}.`,
    width: 24,
    height: 2,
  })]];
  // An alarm status widget lists at most 100 alarms.
  for (let i = 0; i < alarms.length; i += ALARMS_PER_WIDGET) {
    const some = alarms.slice(i, i + ALARMS_PER_WIDGET);
    rows.push([new AlarmStatusWidget({ title: `Alarms in ${region}`, alarms: some, width: 24, height: alarmRows(some.length) })]);
  }

  for (const fn of subjects.functions.filter((f) => f.regions.includes(region))) {
    const m = functionMetrics(fn, region);
    rows.push(withMathAlarms([
      watch(`${fn.name}: invocations`, [m.invocations]),
      watch(`${fn.name}: errors`, [m.errors]),
      watch(`${fn.name}: throttles`, [m.throttles]),
      watch(`${fn.name}: p99 duration (ms)`, [m.duration]),
    ], Object.values(m)));
  }
  for (const table of subjects.tables.filter((t) => t.regions.includes(region))) {
    const m = tableMetrics(table.name, region);
    const receiving = table.regions.filter((r) => r !== region);
    rows.push(withMathAlarms([
      watch(`${table.name}: throttled requests`, [m.readThrottles, m.writeThrottles]),
      watch(`${table.name}: replication latency from ${region} (ms)`, receiving.map((to) => replicationLatency(table.name, region, to))),
    ], [m.readThrottles, m.writeThrottles]));
  }
  for (const machine of subjects.stateMachines.filter((s) => s.names.has(region))) {
    rows.push([watch(`${machine.names.get(region)}: executions`, executionMetrics(topology, machine.names.get(region)!, region))]);
  }
  const routes = subjects.routes.filter((r) => r.regions.includes(region));
  if (routes.length > 0) rows.push([healthWidget(routes.map((r) => r.name))]);

  new RenderedDashboard(cell, 'Dashboard', { dashboardName: cellDashboardName(topology.serviceName, region), widgets: rows });
}

function regionsDashboard(topology: MultiRegionTopology, subjects: Subjects): void {
  const primary = topology.primaryCell;
  const alarms = primary.node.findAll().filter((c): c is Alarm => c instanceof Alarm && Stack.of(c) === primary);
  // Thresholds are the same in every cell: the primary's alarms give them.
  const sideBySide = (title: string, perRegion: (region: string) => IMetric[], regions: string[]) =>
    graph(primary, alarms, title, regions.flatMap(perRegion));
  const rows: IWidget[][] = [[new TextWidget({
    markdown: `# ${topology.serviceName}: every region\nOne line per region (${topology.regions.join(', ')}). Each region's own ` +
      `dashboard is \`${cellDashboardName(topology.serviceName, '<region>')}\`.`,
    width: 24,
    height: 2,
  })]];
  for (const fn of subjects.functions) {
    const of = (region: string) => functionMetrics(fn, region);
    rows.push([
      sideBySide(`${fn.name}: invocations`, (r) => [of(r).invocations], fn.regions),
      sideBySide(`${fn.name}: errors`, (r) => [of(r).errors], fn.regions),
      sideBySide(`${fn.name}: throttles`, (r) => [of(r).throttles], fn.regions),
      sideBySide(`${fn.name}: p99 duration (ms)`, (r) => [of(r).duration], fn.regions),
    ]);
  }
  for (const table of subjects.tables) {
    rows.push([
      sideBySide(`${table.name}: throttled requests`, (r) => {
        const m = tableMetrics(table.name, r);
        return [m.readThrottles, m.writeThrottles];
      }, table.regions),
      sideBySide(`${table.name}: replication latency (ms)`,
        (from) => table.regions.filter((to) => to !== from).map((to) => replicationLatency(table.name, from, to)), table.regions),
    ]);
  }
  for (const machine of subjects.stateMachines) {
    const regions = [...machine.names.keys()];
    rows.push([
      sideBySide(`${machine.path}: executions succeeded`, (r) => [executionMetric(topology, machine.names.get(r)!, r, 'ExecutionsSucceeded')], regions),
      sideBySide(`${machine.path}: executions failed or timed out`, (r) => [
        executionMetric(topology, machine.names.get(r)!, r, 'ExecutionsFailed', `failed ${r}`),
        executionMetric(topology, machine.names.get(r)!, r, 'ExecutionsTimedOut', `timed out ${r}`),
      ], regions),
    ]);
  }
  if (subjects.routes.length > 0) rows.push([healthWidget(subjects.routes.map((r) => r.name))]);
  new RenderedDashboard(primary, 'RegionsDashboard', { dashboardName: regionsDashboardName(topology.serviceName), widgets: rows });
}

/** A graph of `metrics` with a line at the threshold of each alarm of `cell` that watches one of them. */
function graph(cell: RegionalCell, alarms: Alarm[], title: string, metrics: IMetric[]): GraphWidget {
  const annotations: HorizontalAnnotation[] = [];
  const keys = metricKeys(cell, metrics);
  for (const alarm of alarms) {
    const threshold = (alarm.node.defaultChild as CfnResource & { threshold?: number }).threshold;
    if (threshold === undefined || !watchesOneOf(cell, [alarm.metric], keys)) continue;
    if (annotations.some((a) => a.value === threshold)) continue;
    annotations.push({ value: threshold, label: `alarm ${alarm.node.id}` });
  }
  return new GraphWidget({ title, left: metrics, leftAnnotations: annotations, ...GRAPH });
}

function functionMetrics(fn: FunctionSubject, region: string): Record<'invocations' | 'errors' | 'throttles' | 'duration', Metric> {
  // The alias's metrics: the version that serves, as the function's alarms watch it.
  const metric = (metricName: string, statistic: string) => new Metric({
    namespace: 'AWS/Lambda',
    metricName,
    dimensionsMap: { FunctionName: fn.name, Resource: `${fn.name}:${fn.alias}` },
    statistic,
    period: PERIOD,
    region,
    label: region,
  });
  return {
    invocations: metric('Invocations', 'Sum'),
    errors: metric('Errors', 'Sum'),
    throttles: metric('Throttles', 'Sum'),
    duration: metric('Duration', 'p99'),
  };
}

function tableMetrics(tableName: string, region: string): Record<'readThrottles' | 'writeThrottles', Metric> {
  const metric = (metricName: string, label: string) => new Metric({
    namespace: 'AWS/DynamoDB', metricName, dimensionsMap: { TableName: tableName }, statistic: 'Sum', period: PERIOD, region, label: `${label} ${region}`,
  });
  return { readThrottles: metric('ReadThrottleEvents', 'reads'), writeThrottles: metric('WriteThrottleEvents', 'writes') };
}

/** Replication latency from `from` to `to`: DynamoDB publishes it in the sending region, per receiving region. */
function replicationLatency(tableName: string, from: string, to: string): Metric {
  return new Metric({
    namespace: 'AWS/DynamoDB',
    metricName: 'ReplicationLatency',
    dimensionsMap: { TableName: tableName, ReceivingRegion: to },
    statistic: 'Average',
    period: PERIOD,
    region: from,
    label: `${from} → ${to}`,
  });
}

function executionMetrics(topology: MultiRegionTopology, name: string, region: string): Metric[] {
  return [['ExecutionsSucceeded', 'succeeded'], ['ExecutionsFailed', 'failed'], ['ExecutionsTimedOut', 'timed out'], ['ExecutionsAborted', 'aborted']]
    .map(([metricName, label]) => executionMetric(topology, name, region, metricName, label));
}

function executionMetric(topology: MultiRegionTopology, name: string, region: string, metricName: string, label = region): Metric {
  return new Metric({
    namespace: 'AWS/States',
    metricName,
    dimensionsMap: { StateMachineArn: `arn:${topology.partition}:states:${region}:${topology.account}:stateMachine:${name}` },
    statistic: 'Sum',
    period: PERIOD,
    region,
    label,
  });
}

/**
 * Route 53 health-check status (1 healthy, 0 not). Health checks get their ids at deploy time, in the routing stack: a
 * cell cannot name them without a cross-stack reference, so the graph searches the account's health checks.
 */
function healthWidget(names: string[]): GraphWidget {
  return new GraphWidget({
    title: `Route 53 health checks (1 = healthy) of ${names.join(', ')}`,
    region: ROUTE53_METRICS_REGION,
    left: [new MathExpression({
      expression: 'SEARCH(\'{AWS/Route53,HealthCheckId} MetricName="HealthCheckStatus"\', \'Minimum\', 60)',
      period: PERIOD,
      searchRegion: ROUTE53_METRICS_REGION,
    })],
    leftYAxis: { min: 0, max: 1 },
    width: 24,
    height: 6,
  });
}

/** Rows of an alarm status widget: 4 alarms fit a row of the full width. */
function alarmRows(count: number): number {
  return 1 + Math.ceil(count / 4);
}
