import { Stack, Token } from 'aws-cdk-lib';
import { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { RegionalCell } from './regional-cell';

/**
 * Which alarm watches which graph's metric, for the dashboards: two metrics are the same CloudWatch metric when they have
 * the same namespace, name and dimensions once resolved in `cell`, a dimension that names a resource of the cell (`Ref`)
 * standing for that resource's physical name, and the same statistic and period. A metric math alarm watches no single
 * metric of a graph.
 */

/**
 * The identities of those of `metrics` (a graph's) that an alarm of `cell` can watch: metric math and metrics of another
 * region are left out. A graph's set is computed once and each alarm of the cell looked up in it.
 */
export function metricKeys(cell: RegionalCell, metrics: IMetric[]): Set<string> {
  const keys = new Set<string>();
  for (const metric of metrics) {
    const region = metric.toMetricConfig().metricStat?.region;
    if (region !== undefined && region !== cell.region) continue;
    const key = metricKey(cell, metric);
    if (key !== undefined) keys.add(key);
  }
  return keys;
}

/** Whether one of `alarmMetrics` (an alarm's metric, or the inputs of its metric math) is one of a graph's `keys`. */
export function watchesOneOf(cell: RegionalCell, alarmMetrics: IMetric[], keys: ReadonlySet<string>): boolean {
  return alarmMetrics.some((metric) => {
    const key = metricKey(cell, metric);
    return key !== undefined && keys.has(key);
  });
}

/** Each metric's identity in a cell, computed once: a dashboard compares every alarm of the cell with every graph's metric. */
const METRIC_KEYS = new WeakMap<RegionalCell, WeakMap<IMetric, string | undefined>>();

/** A metric's namespace, name, statistic, period and resolved dimensions; undefined for metric math. */
function metricKey(cell: RegionalCell, metric: IMetric): string | undefined {
  let keys = METRIC_KEYS.get(cell);
  if (!keys) METRIC_KEYS.set(cell, keys = new WeakMap());
  if (keys.has(metric)) return keys.get(metric);
  const stat = metric.toMetricConfig().metricStat;
  const key = stat === undefined ? undefined : JSON.stringify([stat.namespace, stat.metricName, stat.statistic, stat.period.toSeconds(),
    (stat.dimensions ?? []).map((d) => [d.name, dimensionLiteral(cell, d.value)]).sort()]);
  keys.set(metric, key);
  return key;
}

const DIMENSION_LITERALS = new WeakMap<RegionalCell, Map<unknown, unknown>>();

/**
 * A dimension value as the literal it stands for in `cell` (see `literal`), resolved once per distinct value: the alarms
 * of one function share its name's token. A string without a token is its own literal.
 */
function dimensionLiteral(cell: RegionalCell, value: unknown): unknown {
  if (typeof value === 'string' && !Token.isUnresolved(value)) return value;
  let known = DIMENSION_LITERALS.get(cell);
  if (!known) DIMENSION_LITERALS.set(cell, known = new Map());
  if (!known.has(value)) known.set(value, literal(cell, cell.resolve(value)));
  return known.get(value);
}

const NAMED = new WeakMap<RegionalCell, Map<string, CfnFunction | CfnStateMachine>>();

/**
 * The cell's functions and state machines by logical ID: the only resources whose `Ref` `literal` turns into a name (a
 * logical ID costs an md5 of the path to compute, so the cell's other resources are left out).
 */
function namedResourcesByLogicalId(cell: RegionalCell): Map<string, CfnFunction | CfnStateMachine> {
  let found = NAMED.get(cell);
  if (!found) {
    found = new Map(cell.node.findAll()
      .filter((c): c is CfnFunction | CfnStateMachine => (c instanceof CfnFunction || c instanceof CfnStateMachine) && Stack.of(c) === cell)
      .map((resource) => [cell.resolve(resource.logicalId) as string, resource]));
    NAMED.set(cell, found);
  }
  return found;
}

/** A resolved template value as the literal it stands for in `cell`: a `Ref` to a function or state machine named at synth. */
function literal(cell: RegionalCell, value: any): unknown {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof value.Ref === 'string') {
    const resource = namedResourcesByLogicalId(cell).get(value.Ref);
    if (resource instanceof CfnFunction && typeof resource.functionName === 'string') return resource.functionName;
    if (resource instanceof CfnStateMachine && typeof resource.stateMachineName === 'string') {
      return `arn:${cell.topology.partition}:states:${cell.region}:${cell.account}:stateMachine:${resource.stateMachineName}`;
    }
    return value;
  }
  if (value && typeof value === 'object' && Array.isArray(value['Fn::Join'])) {
    const [separator, parts] = value['Fn::Join'];
    const literals = (parts as unknown[]).map((part) => literal(cell, part));
    return literals.every((part) => typeof part === 'string') ? literals.join(separator) : value;
  }
  return value;
}
