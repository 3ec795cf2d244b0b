import { buildOrdersService, ORDERS_REGIONS } from '../../example/orders-service';
import { TEST_ACCOUNT, expectNoUnacknowledgedFindings, snapshotOf, templates, testApp } from '../harness';

// The example app behind cdk.json, as `npx cdk synth` builds it.
describe('example orders app', () => {
  test('writes one template per region', () => {
    const app = testApp();
    buildOrdersService(app, { account: TEST_ACCOUNT });

    expect(Object.keys(templates(app)).sort()).toEqual(ORDERS_REGIONS.map((r) => `Orders-${r}`).sort());
  });

  test('passes every checker with no unacknowledged finding and no warning', () => {
    const app = testApp();
    buildOrdersService(app, { account: TEST_ACCOUNT });

    expectNoUnacknowledgedFindings(app);
  });

  test('serves the orders API from an identical function in every region', () => {
    const app = testApp();
    const { api } = buildOrdersService(app, { account: TEST_ACCOUNT });

    expect(api.replicas.map((r) => r.region)).toEqual(ORDERS_REGIONS);
    for (const [name, template] of Object.entries(templates(app))) {
      expect([name, Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function').length]).toEqual([name, 1]);
    }
  });

  test('matches the snapshot', () => {
    const app = testApp();
    buildOrdersService(app, { account: TEST_ACCOUNT });

    expect(snapshotOf(app)).toMatchSnapshot();
  });
});
