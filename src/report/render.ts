import { ReportModel, StoreEntry, StrategyComparisonEntry } from './model';

/** The report as Markdown: the figures, the single points of failure, the checks, and a Mermaid diagram. */
export function renderMarkdown(model: ReportModel): string {
  const lines: string[] = [
    `# Resilience report: ${model.service}`,
    '',
    `Account ${model.account}; ${model.regions.length} regional cells, primary ${model.primaryRegion}. ` +
    'Generated at synth by cdk-resilient-serverless from the synthesized topology.',
    '',
    `Disaster-recovery strategy: **${model.strategy.name}**` + (model.strategy.standbyRegions.length === 0 ? ' (every cell serves).'
      : `, standby cells ${model.strategy.standbyRegions.join(', ')} at ${Math.round(model.strategy.standbyCapacity * 100)}% ` +
        'of the provisioned concurrency floor.'),
    '',
    '## Regions and what runs in each',
    '',
    '| region | stack | functions | global tables | sagas | drills |',
    '|---|---|---|---|---|---|',
    ...model.cells.map((cell) => `| ${cell.region}${cell.primary ? ' (primary)' : ''} | ${cell.stackName} | ` +
      `${list(cell.functions.map((f) => `${f.name}:${f.alias}${f.endpoint ? ' (endpoint)' : ''}${f.probe ? ' (probe)' : ''}`))} | ` +
      `${list(cell.stores)} | ${list(cell.sagas)} | ${list(cell.drills.map((d) => d.action))} |`),
    '',
    '## Recovery time: DNS failover',
    '',
  ];
  if (model.routing.length === 0) {
    lines.push('No HealthCheckedFailover: nothing moves traffic between regions automatically.', '');
  } else {
    lines.push('| name | routing | health check | regions | detection | DNS cache | worst case | objective |', '|---|---|---|---|---|---|---|---|');
    for (const r of model.routing) {
      lines.push(`| ${r.recordName} | ${r.routing} | ${r.healthCheck} | ${r.regions.join(' → ')} | ${r.failoverTime.detectionSeconds} s | ` +
        `${r.failoverTime.dnsCacheSeconds} s | **${r.failoverTime.totalSeconds} s** | ` +
        `${r.recoveryTimeObjectiveSeconds === null ? 'none declared' : `${r.recoveryTimeObjectiveSeconds} s`} |`);
    }
    lines.push('', ...model.routing.map((r) => `- ${r.recordName}: ${r.failoverTime.formula}`), '');
  }
  if (model.regionSwitchPlans) {
    lines.push('## Region switch plans (ARC)', '', '| plan | name | regions | approach | steps | triggers | records gated | RTO |',
      '|---|---|---|---|---|---|---|---|',
      ...model.regionSwitchPlans.map((p) => `| ${p.planName} | ${p.recordName} | ${p.regions.join(' ↔ ')} | ${p.approach} | ` +
        `${p.steps.join(' → ')} | ${p.triggers.length === 0 ? 'none: operators execute it' : p.triggers.join('; ')} | ` +
        `${p.gatedRegions.join(', ')} | ${p.recoveryTimeObjectiveMinutes} min |`), '');
  }
  if (model.strategy.recovery.length > 0) {
    lines.push(`## Recovery time: strategy (${model.strategy.name})`, '', '| name | DNS failover | strategy adds | recovery time | objective |',
      '|---|---|---|---|---|',
      ...model.strategy.recovery.map((r) => `| ${r.recordName} | ${r.failoverSeconds} s | ${r.strategySeconds} s | **${r.totalSeconds} s** | ` +
        `${r.recoveryTimeObjectiveSeconds === null ? 'none declared' : `${r.recoveryTimeObjectiveSeconds} s`} |`),
      '', ...model.strategy.recovery.map((r) => `- ${r.recordName}: ${r.formula}`), '');
  }
  lines.push('## Recovery point: global tables', '');
  if (model.stores.length === 0) {
    lines.push('No GlobalTableStore.', '');
  } else {
    lines.push('| table | consistency | RPO when a region is lost | objective | replicas |', '|---|---|---|---|---|',
      ...model.stores.map((s) => `| ${s.tableName} | ${s.consistency} | ${s.recoveryPointObjective} | ${rpoObjective(s)} | ${s.regions.join(', ')} |`), '');
  }
  lines.push('## Single points of failure', '');
  if (model.singlePointsOfFailure.length === 0) {
    lines.push('None: every runtime resource of the cells exists in every region.', '');
  } else {
    lines.push('| resource | type | regions | why |', '|---|---|---|---|',
      ...model.singlePointsOfFailure.map((s) => `| ${s.path} | ${s.type} | ${s.regions.join(', ')} | ${s.reason} |`), '');
  }
  lines.push(...renderCost(model), '');
  lines.push(...renderStrategyComparison(model), '');
  const drills = model.cells.flatMap((cell) => cell.drills.map((d) => ({ region: cell.region, ...d })));
  if (drills.length > 0) {
    lines.push('## Drills (AWS FIS)', '', '| region | action | stops on | also watch |', '|---|---|---|---|',
      ...drills.map((d) => `| ${d.region} | ${d.action} | ${d.stopConditions.join(', ')} | ${list(d.alsoWatch)} |`), '');
  }
  lines.push('## ResilienceChecks', '', `${model.checks.errors} error(s), ${model.checks.warnings} finding(s) to review ` +
    '(acknowledged findings are not counted).', '');
  if (model.checks.findings.length > 0) {
    lines.push('| rule | level | resource |', '|---|---|---|', ...model.checks.findings.map((f) => `| ${f.id} | ${f.level} | ${f.path} |`), '');
  }
  lines.push('## Topology', '', '```mermaid', renderMermaid(model), '```', '');
  return lines.join('\n');
}

/** A Mermaid flowchart: each cell with its functions, table replicas and sagas; DNS records and health checks. */
export function renderMermaid(model: ReportModel): string {
  const id = (...parts: string[]) => parts.join('_').replace(/[^A-Za-z0-9_]/g, '_');
  const out: string[] = ['flowchart TB'];
  for (const [i, r] of model.routing.entries()) {
    out.push(`  ${id('dns', String(i))}(["${r.recordName}<br/>${r.routing}, worst case ${r.failoverTime.totalSeconds} s"])`);
  }
  for (const cell of model.cells) {
    const c = id(cell.region);
    out.push(`  subgraph ${c}["${cell.region}${cell.primary ? ' (primary)' : ''}"]`);
    for (const fn of cell.functions) out.push(`    ${id(c, fn.name)}["λ ${fn.name}:${fn.alias}${fn.endpoint ? '<br/>HTTPS endpoint' : ''}"]`);
    for (const table of cell.stores) out.push(`    ${id(c, table)}[("${table}")]`);
    for (const saga of cell.sagas) out.push(`    ${id(c, 'saga', saga)}[["saga ${saga}"]]`);
    for (const [i, r] of model.routing.entries()) {
      if (r.regions.includes(cell.region)) out.push(`    ${id(c, 'hc', String(i))}{{"health check<br/>${r.healthCheck}"}}`);
    }
    out.push('  end');
  }
  for (const [i, r] of model.routing.entries()) {
    for (const [k, region] of r.regions.entries()) {
      const target = id(region, r.service);
      const label = r.routing === 'latency' ? 'latency' : k === 0 ? 'primary' : `failover ${k}`;
      out.push(`  ${id('dns', String(i))} ${k === 0 || r.routing === 'latency' ? '-->' : '-.->'}|${label}| ${target}`);
      out.push(`  ${id(region, 'hc', String(i))} -.- ${target}`);
    }
  }
  for (const store of model.stores) {
    for (const region of store.regions.slice(1)) {
      out.push(`  ${id(store.regions[0], store.tableName)} <-.->|replication| ${id(region, store.tableName)}`);
    }
  }
  return out.join('\n');
}

/** The few lines printed at synth. */
export function renderSummary(model: ReportModel, reportPath: string): string {
  const lines = [
    `cdk-resilient-serverless: ${model.service}, ${model.regions.length} regions (primary ${model.primaryRegion}), strategy ${model.strategy.name}`,
    ...model.routing.map((r) => `  ${r.recordName}: ${r.routing}, worst-case failover ${r.failoverTime.totalSeconds} s` +
      (r.recoveryTimeObjectiveSeconds === null ? ' (no objective declared)' : ` (objective ${r.recoveryTimeObjectiveSeconds} s)`)),
    ...(model.regionSwitchPlans ?? []).map((p) => `  ${p.recordName}: Region switch plan ${p.planName} (${p.approach}, ` +
      `${p.triggers.length === 0 ? 'no trigger' : `${p.triggers.length} trigger(s)`}, RTO ${p.recoveryTimeObjectiveMinutes} min)`),
    ...model.strategy.recovery.filter((r) => r.strategySeconds > 0).map((r) =>
      `  ${r.recordName}: recovery time ${r.totalSeconds} s with ${model.strategy.name} (${r.failoverSeconds} s failover + ${r.strategySeconds} s scale-up)`),
    ...model.stores.map((s) => `  ${s.tableName}: RPO ${s.recoveryPointObjective}` +
      (s.declaredRecoveryPointObjectiveSeconds === null ? '' : ` (objective ${rpoObjective(s)})`)),
    `  single points of failure: ${model.singlePointsOfFailure.length === 0 ? 'none' :
      model.singlePointsOfFailure.map((s) => `${s.path} (${s.regions.join(', ')})`).join('; ')}; ` +
      `fixed monthly cost ${money(model.cost.monthlyUsd)} (health checks, alarms and keys ${money(model.cost.fixedFeesUsd)}; ` +
      `${model.cost.region} list prices read ${model.cost.pricesRead})`,
    ...(model.strategyComparison.length === 0 ? [] : [`  per strategy, fixed monthly cost and worst recovery: ${model.strategyComparison.map((s) =>
      `${s.strategy}${s.current ? ' (chosen)' : ''} ${money(s.monthlyUsd)}${worstRecovery(s)}`).join('; ')}`]),
    `  ResilienceChecks: ${model.checks.errors} error(s), ${model.checks.warnings} to review`,
    `  report: ${reportPath}`,
  ];
  return lines.join('\n') + '\n';
}

function rpoObjective(store: StoreEntry): string {
  return store.declaredRecoveryPointObjectiveSeconds === null ? 'none declared' : `${store.declaredRecoveryPointObjectiveSeconds} s`;
}

/** The fixed monthly cost: each line, the totals, and the prices assumed with where and when they were read. */
export function renderCost(model: ReportModel): string[] {
  const cost = model.cost;
  return [
    '## Fixed monthly cost',
    '',
    `What the topology costs a month with no traffic at all, at ${cost.region} list prices in ${cost.currency} read ` +
    `${cost.pricesRead}, without free tiers. Requests your users make, storage and data transfer come on top.`,
    '',
    '| item | quantity | per month | how |',
    '|---|---|---|---|',
    ...cost.lines.map((l) => `| ${l.item} | ${l.quantity} ${l.unit}${l.quantity === 1 ? '' : 's'} | ${money(l.monthlyUsd)} | ${l.detail} |`),
    `| **health checks, alarms and keys** | | **${money(cost.fixedFeesUsd)}** | |`,
    `| **total** | | **${money(cost.monthlyUsd)}** | |`,
    '',
    '| price assumed | USD | per | source |',
    '|---|---|---|---|',
    ...cost.prices.map((p) => `| ${p.name} | ${p.usd < 0.01 ? p.usd.toPrecision(3) : p.usd.toFixed(2)} | ${p.unit} | ${p.source} |`),
  ];
}

/**
 * The strategies side by side: each one's standing monthly cost for this topology (only the standby cells'
 * provisioned concurrency differs) and each name's recovery time under it.
 */
export function renderStrategyComparison(model: ReportModel): string[] {
  const entries = model.strategyComparison;
  if (entries.length === 0) return [];
  const names = [...new Set(entries.flatMap((e) => e.recovery.map((r) => r.recordName)))];
  const recoveryOf = (e: StrategyComparisonEntry, name: string) => {
    const r = e.recovery.find((x) => x.recordName === name);
    return r === undefined ? '-' : `${r.totalSeconds} s${r.strategySeconds > 0 ? ` (${r.failoverSeconds} + ${r.strategySeconds})` : ''}`;
  };
  return [
    '## Strategies side by side',
    '',
    'The fixed monthly cost above under each disaster-recovery strategy, for this topology as configured, and the ' +
    'recovery time of each name under it. Only the provisioned concurrency of the standby cells differs: every cell ' +
    'keeps its health checks, alarms, keys, probes and health endpoint under each strategy. The warm standby keeps ' +
    `${Math.round((entries.find((e) => e.strategy === 'warm-standby')?.standbyCapacity ?? 0) * 100)}% of the floor.`,
    '',
    `| strategy | standby cells | provisioned concurrency | per month | difference | ${names.map((n) => `recovery ${n}`).join(' | ')}${names.length > 0 ? ' | ' : ''}routing |`,
    `|---|---|---|---|---|${names.map(() => '---|').join('')}---|`,
    ...entries.map((e) => `| ${e.current ? `**${e.strategy}** (chosen)` : e.strategy} | ${list(e.standbyRegions)} | ` +
      `${e.provisionedConcurrency.length === 0 ? 'none declared' : floors(e)} (${money(e.provisionedConcurrencyUsd)}) | ` +
      `${money(e.monthlyUsd)} | ${e.current ? '-' : `${e.differenceUsd >= 0 ? '+' : '-'}${money(Math.abs(e.differenceUsd))}`} | ` +
      `${names.map((n) => `${recoveryOf(e, n)} | `).join('')}` +
      `${e.routingChanges.length === 0 ? e.routings.join(' or ') : `${e.routings.join(' or ')}: change ${e.routingChanges.map((c) => `${c.recordName} (${c.routing})`).join(', ')}`} |`),
  ];
}

/** Each function's floor per region, e.g. `Orders-Api 20/5/5`. */
function floors(entry: StrategyComparisonEntry): string {
  const byFunction = new Map<string, number[]>();
  for (const p of entry.provisionedConcurrency) byFunction.set(p.functionName, [...(byFunction.get(p.functionName) ?? []), p.concurrentExecutions]);
  return [...byFunction.entries()].map(([fn, counts]) => `${fn} ${counts.join('/')}`).join(', ');
}

function worstRecovery(entry: StrategyComparisonEntry): string {
  return entry.recovery.length === 0 ? '' : `, ${Math.max(...entry.recovery.map((r) => r.totalSeconds))} s`;
}

function money(usd: number): string {
  return `$${usd.toFixed(2)}`;
}

function list(items: string[]): string {
  return items.length === 0 ? '-' : items.join(', ');
}
