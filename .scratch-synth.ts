import { writeFileSync } from 'node:fs';
import { buildOrdersService } from './example/orders-service';
import { testApp, templates } from './test/harness/app';
const app = testApp();
buildOrdersService(app, { account: '123456789012', hostedZoneId: 'Z0', zoneName: 'orders.example.com' });
const t = templates(app);
writeFileSync('/tmp/wiring-scratch/templates.json', JSON.stringify(t, null, 1));
for (const [name, tpl] of Object.entries<any>(t)) {
  const types: Record<string, number> = {};
  for (const r of Object.values<any>(tpl.Resources)) types[r.Type] = (types[r.Type] ?? 0) + 1;
  console.log(name, JSON.stringify(types));
}
