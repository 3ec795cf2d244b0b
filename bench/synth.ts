// `npm run bench`: synth CPU time and peak memory of a topology with 5 replicated functions in 3, 6 and 12 regions, and
// the footprint per function. Four variants (bench/synth-app.ts): the library; `user-intent`, what a careful user
// writes by hand for the same intent; `hand-written`, a hand copy of what the library emits (isolates the library's
// own overhead from the resources it creates); for context, the library with `dashboards: false` (what its
// dashboards cost). Each figure is the median of several fresh processes (process CPU time,
// module loading and synthesis included), the variants measured interleaved (run 1 of each, then run 2 of each, ...)
// so a change in the machine's load affects them alike.
// Goals: library <= 1.3x user-intent at 3 and 12 regions (stretch 1.2x); library <= 1.2x its hand copy;
// <= 12 resources per additional function per cell; >= 40 functions per cell under CloudFormation's 500. The growth from 3
// to 12 regions is printed for context beside the user-intent baseline's, not as a goal.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = [3, 6, 12];
const VARIANTS = ['library', 'user-intent', 'hand-written', 'library-no-dashboards'];
interface Sample { readonly cpuSeconds: number; readonly peakMemoryMb: number; readonly resources: number }

function sample(variant: string, regions: number, functions = 5): Sample {
  return JSON.parse(execFileSync(process.execPath, [
    '-r', 'ts-node/register/transpile-only', join(__dirname, 'synth-app.ts'), variant, String(regions), String(functions),
  ], { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, JSII_DEPRECATED: 'quiet' } }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples: Record<string, Sample[]> = {};
for (let run = 0; run < RUNS; run++) {
  for (const regions of SIZES) {
    for (const variant of VARIANTS) (samples[`${variant}/${regions}`] ??= []).push(sample(variant, regions));
  }
}
const figure = (variant: string, regions: number) => {
  const s = samples[`${variant}/${regions}`];
  return { cpu: median(s.map((x) => x.cpuSeconds)), mb: median(s.map((x) => x.peakMemoryMb)), resources: s[0].resources };
};

console.log(`Synth of 5 replicated functions, median of ${RUNS} interleaved runs (CPU s / peak MB / resources)\n`);
console.log('| regions | library | user-intent | library / user-intent (goal <= 1.3, stretch 1.2) | hand copy | library / hand copy (goal <= 1.2) |');
console.log('|---|---|---|---|---|---|');
for (const regions of SIZES) {
  const [lib, intent, copy] = ['library', 'user-intent', 'hand-written'].map((v) => figure(v, regions));
  const cell = (f: typeof lib) => `${f.cpu.toFixed(2)} s / ${f.mb.toFixed(0)} MB / ${f.resources}`;
  console.log(`| ${regions} | ${cell(lib)} | ${cell(intent)} | ${(lib.cpu / intent.cpu).toFixed(2)}x | ${cell(copy)} | ${(lib.cpu / copy.cpu).toFixed(2)}x |`);
}
const growth = (variant: string) => (figure(variant, 12).cpu / figure(variant, 3).cpu).toFixed(2);
console.log('\nFor context, the library with `dashboards: false` (the dashboards are a feature the user-intent baseline does not write):\n');
console.log('| regions | library, no dashboards | / user-intent | dashboards\' share of the library\'s CPU |');
console.log('|---|---|---|---|');
for (const regions of SIZES) {
  const [lib, intent, bare] = ['library', 'user-intent', 'library-no-dashboards'].map((v) => figure(v, regions));
  console.log(`| ${regions} | ${bare.cpu.toFixed(2)} s / ${bare.mb.toFixed(0)} MB / ${bare.resources} | ${(bare.cpu / intent.cpu).toFixed(2)}x | ` +
    `${(100 * (1 - bare.cpu / lib.cpu)).toFixed(0)}% |`);
}
console.log(`\n12-region / 3-region: library ${growth('library')}, user-intent ${growth('user-intent')} (for context)`);

// Footprint: resources of one cell with 5 and with 6 functions (a 2-region topology, halved).
console.log('\n| footprint per cell | resources per additional function | fixed | functions under 500 |');
console.log('|---|---|---|---|');
for (const variant of ['library', 'user-intent']) {
  const [five, six] = [5, 6].map((n) => sample(variant, 2, n).resources / 2);
  const perFunction = six - five;
  const fixed = five - 5 * perFunction;
  const goal = variant === 'library' ? ' (goal <= 12)' : '';
  const fitGoal = variant === 'library' ? ' (goal >= 40)' : '';
  console.log(`| ${variant} | ${perFunction}${goal} | ${fixed} | ${Math.floor((500 - fixed) / perFunction)}${fitGoal} |`);
}
