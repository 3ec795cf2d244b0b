import { App } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { MultiRegionTopology, ReplicatedCode, ReplicatedFunction } from '../src';
function types(n: number, props: any = {}): Record<string, number> {
  const app = new App({ outdir: `/tmp/fp/out${n}` });
  const t = new MultiRegionTopology(app, 'Shop', { account: '123456789012', primaryRegion: 'us-east-1', regions: ['us-east-1', 'us-west-2'] });
  for (let i = 0; i < n; i++) new ReplicatedFunction(t, `Fn${i}`, { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({});'), ...props });
  const tpl = app.synth().getStackByName('Shop-us-east-1').template;
  const out: Record<string, number> = {};
  for (const r of Object.values<any>(tpl.Resources)) out[r.Type] = (out[r.Type] ?? 0) + 1;
  out.TOTAL = Object.keys(tpl.Resources).length;
  return out;
}
const n = Number(process.argv[2] ?? 1);
const a = types(n), b = types(n + 1, JSON.parse(process.argv[3] ?? '{}'));
const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
for (const k of [...keys].sort()) if ((b[k] ?? 0) !== (a[k] ?? 0)) console.log(k, a[k] ?? 0, '->', b[k] ?? 0);
console.log('with', n, ':', a.TOTAL, 'with', n + 1, ':', b.TOTAL);
