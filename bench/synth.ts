// `npm run bench`: synth CPU time of a topology with 5 replicated functions in 3, 6 and 12 regions, through the
// library and hand-written in plain aws-cdk-lib. Each figure is the median of several fresh processes (process CPU
// time, module loading and synthesis included). Goals: library <= 1.2x hand-written at every size; 12/3 <= 1.6.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = [3, 6, 12];

function measure(variant: string, regions: number): { cpuSeconds: number; resources: number } {
  const samples = Array.from({ length: RUNS }, () => JSON.parse(execFileSync(process.execPath, [
    '-r', 'ts-node/register/transpile-only', join(__dirname, 'synth-app.ts'), variant, String(regions),
  ], { encoding: 'utf-8', env: { ...process.env, JSII_DEPRECATED: 'quiet' } })));
  const sorted = samples.map((s) => s.cpuSeconds).sort((a, b) => a - b);
  return { cpuSeconds: sorted[Math.floor(sorted.length / 2)], resources: samples[0].resources };
}

const rows: string[] = [];
const library: Record<number, number> = {};
for (const regions of SIZES) {
  const ours = measure('library', regions);
  const baseline = measure('hand-written', regions);
  library[regions] = ours.cpuSeconds;
  rows.push(`| ${regions} | ${ours.resources} | ${ours.cpuSeconds.toFixed(2)} s | ${baseline.resources} | ` +
    `${baseline.cpuSeconds.toFixed(2)} s | ${(ours.cpuSeconds / baseline.cpuSeconds).toFixed(2)}x |`);
}
console.log(`ReplicatedFunction synth CPU time, 5 functions, median of ${RUNS} runs (goal: ratio <= 1.2x)\n`);
console.log('| regions | library resources | library CPU | hand-written resources | hand-written CPU | ratio |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(`\n12-region / 3-region (library): ${(library[12] / library[3]).toFixed(2)} (goal: <= 1.6)`);
