// `npm run bench`: synth CPU time and peak memory of a topology with 5 replicated functions in 3, 6 and 12 regions, and
// the footprint per function. Four variants (bench/synth-app.ts): the library; `user-intent`, what a careful user
// writes by hand for the same intent; the library with `dashboards: false`; `hand-written`, a hand copy of every
// resource the library emits but its dashboards (against the library without dashboards, it isolates the library's own
// overhead from the resources it creates). Each figure is the median of several fresh processes (process CPU time,
// module loading and synthesis included), the variants measured interleaved (run 1 of each, then run 2 of each, ...)
// so a change in the machine's load affects them alike.
// Goals: library <= 1.3x user-intent at 3 and 12 regions (stretch 1.2x); library without dashboards <= 1.2x its hand copy;
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
console.log('| regions | library | user-intent | library / user-intent (goal <= 1.3, stretch 1.2) |');
console.log('|---|---|---|---|');
const cell = (f: ReturnType<typeof figure>) => `${f.cpu.toFixed(2)} s / ${f.mb.toFixed(0)} MB / ${f.resources}`;
for (const regions of SIZES) {
  const [lib, intent] = ['library', 'user-intent'].map((v) => figure(v, regions));
  console.log(`| ${regions} | ${cell(lib)} | ${cell(intent)} | ${(lib.cpu / intent.cpu).toFixed(2)}x |`);
}
const growth = (variant: string) => (figure(variant, 12).cpu / figure(variant, 3).cpu).toFixed(2);
// The hand copy writes every resource the library emits but its dashboards (a feature the user-intent baseline does not
// write either): the library's own overhead is the library with `dashboards: false` against it, resource for resource.
console.log('\nThe library\'s own overhead: the library with `dashboards: false` against a hand copy of the same resources, and what its dashboards add:\n');
console.log('| regions | library, no dashboards | hand copy | / hand copy (goal <= 1.2) | no dashboards / user-intent | dashboards\' share of the library\'s CPU |');
console.log('|---|---|---|---|---|---|');
for (const regions of SIZES) {
  const [lib, intent, copy, bare] = ['library', 'user-intent', 'hand-written', 'library-no-dashboards'].map((v) => figure(v, regions));
  if (bare.resources !== copy.resources) throw new Error(`${regions} regions: the hand copy has ${copy.resources} resources, the library without dashboards ${bare.resources}`);
  console.log(`| ${regions} | ${cell(bare)} | ${cell(copy)} | ${(bare.cpu / copy.cpu).toFixed(2)}x | ${(bare.cpu / intent.cpu).toFixed(2)}x | ` +
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
