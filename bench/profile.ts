// Where a synth's CPU goes: sums a V8 CPU profile by source file (self time) and by function (inclusive time, each
// sample counted once per function on its stack), keeping the functions of files that match a pattern. Usage:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof -r ts-node/register/transpile-only bench/synth-app.ts library 12
//   npx ts-node --transpile-only bench/profile.ts /tmp/prof/<file>.cpuprofile '^lib/'
// The profiler samples wall time: on a loaded machine read the shares, not the milliseconds.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: number[];
}
interface Profile { readonly nodes: ProfileNode[]; readonly samples: number[]; readonly timeDeltas: number[] }

const [file, pattern = '^lib/'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf-8')) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parents = new Map<number, number>();
for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);

/** A frame's file: from `node_modules/` for a dependency, else relative to the working directory (`lib/...`). */
function where(n: ProfileNode): string {
  const path = n.callFrame.url.replace(/^file:\/\//, '');
  const dependency = path.lastIndexOf('/node_modules/');
  if (dependency >= 0) return path.slice(dependency + 1);
  return path.replace(`${process.cwd()}/`, '') || '(native)';
}
const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${where(n)}:${n.callFrame.lineNumber + 1}`;
const selfByFile = new Map<string, number>();
const inclusive = new Map<string, number>();
const add = (m: Map<string, number>, key: string, us: number) => m.set(key, (m.get(key) ?? 0) + us);
let total = 0;
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  total += us;
  add(selfByFile, where(nodes.get(id)!), us);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
    const n = nodes.get(at)!;
    const key = name(n);
    if (!new RegExp(pattern).test(where(n)) || seen.has(key)) continue;
    seen.add(key);
    add(inclusive, key, us);
  }
});

const top = (m: Map<string, number>, count: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, count)
  .map(([key, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${(100 * us / total).toFixed(1).padStart(5)}%  ${key}`).join('\n');
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled\n\nSelf time by file\n${top(selfByFile, 20)}`);
console.log(`\nInclusive time by function, files matching ${pattern}\n${top(inclusive, 40)}`);
