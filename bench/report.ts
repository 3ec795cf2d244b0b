// `npm run bench`: what the resilience report adds to every synth. For the benchmark topology (5 replicated functions)
// in 3, 6 and 12 regions: the ResilienceChecks run over the topology and the whole report (collect, render, write),
// each the median of several runs on an already-synthesized app; and the cost of loading cdk-nag through its index
// (every pack it ships) against the two modules the pack imports.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { BENCH_REGIONS, library } from './synth-app';

const RUNS = 7;

function median(run: () => void): number {
  const samples = Array.from({ length: RUNS }, () => {
    const started = process.hrtime.bigint();
    run();
    return Number(process.hrtime.bigint() - started) / 1e6;
  }).sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

function loadMs(modules: string[]): number {
  const script = `require('aws-cdk-lib'); const t = process.hrtime.bigint(); ${modules.map((m) => `require('${m}');`).join(' ')} ` +
    'process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));';
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf-8', cwd: join(__dirname, '..') }));
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require('../lib') as typeof import('../src');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const report = require('../lib/report/write') as typeof import('../src/report/write');

console.log(`\nResilience report cost per synth, 5 functions, median of ${RUNS} runs after a first synth\n`);
console.log('| regions | resources | ResilienceChecks run | whole report (collect, render, write) |');
console.log('|---|---|---|---|');
for (const regions of [3, 6, 12]) {
  const outdir = mkdtempSync(join(tmpdir(), 'crs-bench-report-'));
  const app = new App({ outdir, context: { 'cdk-resilient-serverless:printSummary': false } });
  const topology = library(app, BENCH_REGIONS.slice(0, regions));
  const assembly = app.synth();
  const resources = assembly.stacks.reduce((n, s) => n + Object.keys(s.template.Resources ?? {}).length, 0);
  const pack = median(() => new lib.ResilienceChecks().validateScope(topology));
  const whole = median(() => report.writeReport(topology._reportInput(), outdir));
  console.log(`| ${regions} | ${resources} | ${pack.toFixed(0)} ms | ${whole.toFixed(0)} ms |`);
  rmSync(outdir, { recursive: true, force: true });
}
console.log(`\nLoading cdk-nag: index (every pack) ${loadMs(['cdk-nag']).toFixed(0)} ms; ` +
  `the pack's two modules ${loadMs(['cdk-nag/lib/nag-pack', 'cdk-nag/lib/nag-rules']).toFixed(0)} ms`);

// The example app's fixed monthly cost, as its resilience report computes it from the synthesized templates (the
// report's own model, src/report/cost.ts, at the list prices of src/report/prices.ts), beside issue 16's goals.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const example = require('../example/orders-service') as typeof import('../example/orders-service');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const collect = require('../src/report/collect') as typeof import('../src/report/collect');
const FEES_GOAL_USD = 20;
/** The example written by hand in aws-cdk-lib with no traffic, as measured in issue 16. */
const HAND_WRITTEN_USD = '55-62';
{
  const outdir = mkdtempSync(join(tmpdir(), 'crs-bench-cost-'));
  const app = new App({ outdir, context: { 'cdk-resilient-serverless:printSummary': false } });
  const { topology } = example.buildOrdersService(app, { account: '123456789012', hostedZoneId: 'Z0EXAMPLE0ORDERS0ZONE', zoneName: 'orders.example.com' });
  app.synth();
  const model = collect.collectReport(topology._reportInput(), app.outdir);
  const cost = model.cost;
  console.log(`\nFixed monthly cost of the example app (3 regions), ${cost.region} list prices read ${cost.pricesRead}, no free tiers\n`);
  console.log('| item | per month |');
  console.log('|---|---|');
  for (const line of cost.lines) console.log(`| ${line.item} | $${line.monthlyUsd.toFixed(2)} |`);
  console.log('\n| figure | now | goal | met |');
  console.log('|---|---|---|---|');
  console.log(`| health checks + alarms + keys | $${cost.fixedFeesUsd.toFixed(2)} | <= $${FEES_GOAL_USD} | ${cost.fixedFeesUsd <= FEES_GOAL_USD ? 'yes' : 'no'} |`);
  console.log(`| whole no-traffic cost (fees, probes, provisioned concurrency, health-check requests) | $${cost.monthlyUsd.toFixed(2)} | ` +
    `below the hand-written $${HAND_WRITTEN_USD} | ${cost.monthlyUsd < 55 ? 'yes' : 'no'} |`);
  // The same topology under each disaster-recovery strategy: only the standby cells' provisioned concurrency differs.
  const strategies = model.strategyComparison;
  console.log('\nThe example app under each disaster-recovery strategy (standing monthly cost, worst-case recovery of each name)\n');
  console.log('| strategy | standby provisioned concurrency | per month | difference | recovery |');
  console.log('|---|---|---|---|---|');
  for (const s of strategies) {
    console.log(`| ${s.strategy}${s.current ? ' (chosen)' : ''} | $${s.provisionedConcurrencyUsd.toFixed(2)} | $${s.monthlyUsd.toFixed(2)} | ` +
      `${s.differenceUsd >= 0 ? '+' : '-'}$${Math.abs(s.differenceUsd).toFixed(2)} | ${s.recovery.map((r) => `${r.recordName} ${r.totalSeconds} s`).join(', ')} |`);
  }
  rmSync(outdir, { recursive: true, force: true });
}
