import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Alarm, CfnAlarm, IMetric } from 'aws-cdk-lib/aws-cloudwatch';

/**
 * Makes `alarm` watch `metric()` as it is when the template is rendered, rather than the metric it was created with:
 * for an alarm that must exist from the start (drills and dashboards name it) but whose metric depends on what the app
 * declares later (the grants on a table, made after the table). `alarm.metric` reads `metric()` too, so dashboards,
 * which are built once every construct is complete, graph what the alarm watches.
 *
 * The metric is rendered by aws-cdk-lib's own `Alarm`, in a scratch app of the same environment that is never
 * synthesized, so the queries are exactly what an alarm created with that metric would have.
 */
export function watchLateMetric(alarm: Alarm, metric: () => IMetric): void {
  const cfn = alarm.node.defaultChild as CfnAlarm;
  const { region, account } = Stack.of(alarm);
  // Not cached: a template rendered before the last grant (a test's) must not freeze the list.
  cfn.metrics = Lazy.uncachedAny({ produce: () => renderedQueries(metric(), { region, account }) });
  Object.defineProperty(alarm, 'metric', { get: metric, enumerable: true, configurable: true });
}

function renderedQueries(metric: IMetric, env: { region: string; account: string }): CfnAlarm.MetricDataQueryProperty[] | undefined {
  const scratch = new Stack(new App({ autoSynth: false }), 'Render', { env });
  const rendered = new Alarm(scratch, 'Alarm', { metric, threshold: 0, evaluationPeriods: 1 }).node.defaultChild as CfnAlarm;
  if (!Array.isArray(rendered.metrics)) {
    // Only metric math renders as a query list; the alarms made with this helper watch metric math only.
    throw new Error(`watchLateMetric: ${metric} renders no metric queries`);
  }
  return rendered.metrics as CfnAlarm.MetricDataQueryProperty[];
}
