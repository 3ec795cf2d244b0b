import { buildOrdersService, ORDERS_REGIONS } from '../../example/orders-service';
import { TEST_ACCOUNT, expectNoUnacknowledgedFindings, renderDefinition, runLocally, snapshotOf, templates, testApp } from '../harness';
import { asFunction } from '../saga/lambda-integration';

// The example app behind cdk.json, as `npx cdk synth` builds it.
const EXAMPLE = { account: TEST_ACCOUNT, hostedZoneId: 'Z0EXAMPLE0ORDERS0ZONE', zoneName: 'orders.example.com' };

describe('example orders app', () => {
  test('writes one template per region, the routing stack, and the prerequisites of the backup copy region', () => {
    const app = testApp();
    buildOrdersService(app, EXAMPLE);

    // The orders table's backups copy to the first secondary region, into a vault that deploys before the primary.
    expect(Object.keys(templates(app)).sort()).toEqual(
      [...ORDERS_REGIONS.map((r) => `Orders-${r}`), 'Orders-routing', `Orders-${ORDERS_REGIONS[1]}-prerequisites`].sort());
  });

  test('serves the API at api.orders.example.com, failing over within its 40 s objective', () => {
    const app = testApp();
    const { failover } = buildOrdersService(app, EXAMPLE);

    expect(failover.recordName).toBe('api.orders.example.com');
    expect(failover.regions).toEqual(ORDERS_REGIONS);
    expect(failover.failoverTime.totalSeconds).toBeLessThanOrEqual(40);
  });

  test('passes every checker with no unacknowledged finding and no warning', () => {
    const app = testApp();
    buildOrdersService(app, EXAMPLE);

    expectNoUnacknowledgedFindings(app);
  });

  test('serves the orders API from an identical function in every region', () => {
    const app = testApp();
    const { api } = buildOrdersService(app, EXAMPLE);

    expect(api.replicas.map((r) => r.region)).toEqual(ORDERS_REGIONS);
    const cells = ORDERS_REGIONS.map((r) => `Orders-${r}`);
    for (const [name, template] of Object.entries(templates(app)).filter(([n]) => cells.includes(n))) {
      const apis = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === 'Orders-Api');
      expect([name, apis.length]).toEqual([name, 1]);
    }
  });

  test.each([
    [{ orderId: 'o-1', total: 120 }, 'SUCCEEDED', ['ReserveStock', 'Charge']],
    [{ orderId: 'o-2', total: 50_000 }, 'FAILED', ['ReserveStock', 'Charge', 'Charge-Compensate', 'ReserveStock-Compensate']],
  ])('checkout saga with the example\'s own handler: %j ends %s', async (input, status, sequence) => {
    const app = testApp();
    const { checkout } = buildOrdersService(app, EXAMPLE);
    // The real handler file behind every step, run by the real definition.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require('../../example/handlers/checkout');
    const definition = renderDefinition(checkout.replica('eu-west-1').stateMachine);
    const called: string[] = [];
    // The saga log's writes (UpdateItem states) succeed; every other task runs the handler.
    const handlers = Object.fromEntries(Object.entries<any>(definition.States).filter(([, s]) => s.Type === 'Task').map(([name, s]) => [name,
      s.Resource.endsWith(':dynamodb:updateItem') ? () => ({}) : asFunction(s, async (event: any) => {
        called.push(name);
        return handler(event);
      })]));

    const execution = await runLocally(definition, input, { handlers });

    expect(execution.status).toBe(status);
    expect(called.filter((n, i) => called[i - 1] !== n)).toEqual(sequence);
  });

  test('queues fulfilment in every region, drained 10 at a time by the example\'s own handler, which reports only failed messages', async () => {
    const app = testApp();
    const { fulfilment, api } = buildOrdersService(app, EXAMPLE);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require('../../example/handlers/fulfilment');

    expect(fulfilment.replicas.map((r) => r.region)).toEqual(ORDERS_REGIONS);
    expect(api.replicas.every((r) => r.function.node.tryFindChild('Resource') !== undefined)).toBe(true);
    const result = await handler({
      Records: [
        { messageId: 'm-1', body: JSON.stringify({ orderId: 'o-1' }), messageAttributes: { 'idempotency-key': { stringValue: 'o-1' } } },
        { messageId: 'm-2', body: 'not json' },
      ],
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
  });

  test('matches the snapshot', () => {
    const app = testApp();
    buildOrdersService(app, EXAMPLE);

    expect(snapshotOf(app)).toMatchSnapshot();
  });
});
