// How long the runtime-wiring proof takes on the example app, beside the synth it follows: printed, never asserted.
// Run: npx ts-node --transpile-only --project test/tsconfig.json bench/wiring-proof.ts
import { buildOrdersService } from '../example/orders-service';
import { testApp, synthesize } from '../test/harness/app';
import { proveRuntimeWiring } from '../test/harness/wiring';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const rows: string[] = [];
for (let i = 0; i < RUNS; i++) {
  const app = testApp();
  buildOrdersService(app, { account: '123456789012', hostedZoneId: 'Z0EXAMPLE0ORDERS0ZONE', zoneName: 'orders.example.com' });
  let t = process.hrtime.bigint();
  synthesize(app);
  const synth = ms(t);
  t = process.hrtime.bigint();
  const report = proveRuntimeWiring(app);
  const proof = ms(t);
  rows.push(`| ${i + 1} | ${synth.toFixed(0)} ms | ${proof.toFixed(0)} ms | ${report.proved} | ${report.denied} | ${report.problems.length} |`);
}
console.log('\nRuntime-wiring proof on the example app (goal: under the synth time it follows)\n');
console.log('| run | synth | wiring proof | interactions proved | negative cases denied | problems |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
process.exit(0);
