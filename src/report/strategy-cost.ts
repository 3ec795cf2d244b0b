import { TemplateResource, provisionedFloors, provisionedMonthlyUsd } from './cost';
import { ReportInput, RoutingEntry, StrategyComparisonEntry, StrategyFloorEntry, StrategyRecoveryEntry } from './model';
import { standbyFloor } from '../private/standby-floor';

/**
 * The four disaster-recovery strategies side by side for the topology as configured: the standing monthly cost of
 * each and the recovery time of each name under it, so the trade shows before the choice.
 *
 * What differs between the strategies' templates is the provisioned concurrency of the standby cells (the README's
 * strategy table): the same floor as the primary under active-active and hot standby, `ceil(floor × standbyCapacity)`
 * (at least 1) under a warm standby, none under a pilot light. Everything else the cost counts stays in every cell
 * under each strategy (health checks and their alarms per routed cell, whatever the routing; the cells' alarms, keys,
 * dashboards and probes; the health endpoints' request load); drills differ in where they run, and an experiment
 * template costs nothing until it runs. The declared floor of a function is the primary cell's, which no strategy
 * reduces.
 */
export function compareStrategies(input: ReportInput, resources: TemplateResource[], monthlyUsd: number,
  recoveries: StrategyRecoveryEntry[], routing: RoutingEntry[]): StrategyComparisonEntry[] {
  const floors = provisionedFloors(resources);
  const primary = input.cells.find((c) => c.primary);
  const declared = floors.filter((f) => f.stack === primary?.stackName);
  const stacks = new Set(input.cells.map((c) => c.stackName));
  // The cells that have a function of that name (a replicated function has one in every cell).
  const named = new Set(resources.filter((r) => r.type === 'AWS::Lambda::Function').map((r) => `${r.stack}/${r.properties.FunctionName}`));
  // The provisioned concurrency the report's total counts in the cells now.
  const currentUsd = sum(floors.filter((f) => stacks.has(f.stack)).map((f) => provisionedMonthlyUsd(f.concurrentExecutions, f.memoryMb, f.arm)));
  const entries = input.strategy.alternatives.map((alternative) => {
    const provisionedConcurrency: StrategyFloorEntry[] = declared.flatMap((floor) => input.cells.filter((cell) =>
      cell.primary || named.has(`${cell.stackName}/${floor.functionName}`)).map((cell) => {
      const count = cell.primary || !alternative.standbyRegions.includes(cell.region)
        ? floor.concurrentExecutions : standbyFloor(floor.concurrentExecutions, alternative.standbyCapacity);
      const monthly = provisionedMonthlyUsd(count, floor.memoryMb, floor.arm);
      return { functionName: floor.functionName, region: cell.region, concurrentExecutions: count, monthlyUsd: monthly };
    }));
    const provisionedConcurrencyUsd = sum(provisionedConcurrency.map((p) => p.monthlyUsd));
    return {
      strategy: alternative.name,
      current: alternative.name === input.strategy.name,
      standbyRegions: alternative.standbyRegions,
      standbyCapacity: alternative.standbyCapacity,
      routings: alternative.routings,
      routingChanges: routing.filter((r) => !alternative.routings.includes(r.routing)).map((r) => ({ recordName: r.recordName, routing: r.routing })),
      provisionedConcurrency,
      provisionedConcurrencyUsd,
      monthlyUsd: round(monthlyUsd - currentUsd + provisionedConcurrencyUsd),
      recovery: recoveries.filter((r) => r.strategy === alternative.name),
    };
  });
  const current = entries.find((e) => e.current)?.monthlyUsd ?? monthlyUsd;
  return entries.map((e) => ({ ...e, differenceUsd: round(e.monthlyUsd - current) }));
}

function sum(values: number[]): number {
  return round(values.reduce((n, v) => n + v, 0));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
