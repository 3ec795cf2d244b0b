import { createRequire } from 'node:module';
import { HEALTH_HANDLER_SOURCE, HEALTHY_MARKER } from '../../src/health-checked-failover/health-source';
import { LoopbackDynamoDb, refusingEndpoint } from '../harness';

/** Route 53 gives a health check 2 s to answer once connected. */
const ROUTE53_RESPONSE_LIMIT_MS = 2000;
const CHECKS = [
  { table: 'Orders-OrdersTable', key: 'pk', type: 'S' },
  { table: 'Orders-Ledger', key: 'id', type: 'N' },
];

describe('the deep health handler, run with the real SDK against a loopback DynamoDB', () => {
  let dynamo: LoopbackDynamoDb;
  const saved = { ...process.env };

  beforeEach(async () => {
    dynamo = await LoopbackDynamoDb.start();
  });

  afterEach(async () => {
    process.env = { ...saved };
    await dynamo.stop();
  });

  /** Loads the inline source as Lambda would load index.js (the SDK from node_modules), then answers one request. */
  async function health(endpoint: string, timeoutMs = 1000): Promise<{ statusCode: number; body: any; rawBody: string; elapsedMs: number }> {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'loopback',
      AWS_SECRET_ACCESS_KEY: 'loopback',
      CHECKS: JSON.stringify(CHECKS),
      TIMEOUT_MS: String(timeoutMs),
    });
    const module = { exports: {} as any };
    new Function('require', 'module', 'exports', HEALTH_HANDLER_SOURCE)(createRequire(__filename), module, module.exports);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const started = Date.now();
      const response = await module.exports.handler({ rawPath: '/health' });
      return { statusCode: response.statusCode, body: JSON.parse(response.body), rawBody: response.body, elapsedMs: Date.now() - started };
    } finally {
      log.mockRestore();
    }
  }

  test('healthy: 200 with the marker Route 53 matches, after one Query of each local replica', async () => {
    const { statusCode, body, rawBody } = await health(dynamo.endpoint);

    expect(statusCode).toBe(200);
    expect(rawBody).toContain(HEALTHY_MARKER);
    expect(body).toMatchObject({ status: 'healthy', region: 'eu-west-1', checks: [{ name: 'Orders-OrdersTable', ok: true }, { name: 'Orders-Ledger', ok: true }] });
    expect(dynamo.requests).toEqual(expect.arrayContaining([
      { target: 'DynamoDB_20120810.Query', body: expect.objectContaining({ TableName: 'Orders-OrdersTable', Limit: 1, ExpressionAttributeNames: { '#k': 'pk' }, ExpressionAttributeValues: { ':v': { S: 'health' } } }) },
      { target: 'DynamoDB_20120810.Query', body: expect.objectContaining({ TableName: 'Orders-Ledger', ExpressionAttributeValues: { ':v': { N: '0' } } }) },
    ]));
    expect(dynamo.requests).toHaveLength(2);
  });

  test.each<[string, Parameters<LoopbackDynamoDb['behave']>[0], RegExp]>([
    ['the replica answers 500', { kind: 'server-error' }, /InternalServerError/],
    ['the table does not exist in this region', { kind: 'not-found' }, /ResourceNotFoundException/],
  ])('unhealthy when %s: 503 without the marker, naming the failure, no retry', async (_, behaviour, error) => {
    dynamo.behave(behaviour);
    const { statusCode, body, rawBody } = await health(dynamo.endpoint);

    expect(statusCode).toBe(503);
    expect(rawBody).not.toContain(HEALTHY_MARKER);
    expect(body.checks[0]).toMatchObject({ ok: false, error: expect.stringMatching(error) });
    expect(dynamo.requests).toHaveLength(2);
  });

  test('unhealthy when DynamoDB is unreachable: 503', async () => {
    const { statusCode, body } = await health(await refusingEndpoint());
    expect(statusCode).toBe(503);
    expect(body.checks.every((c: any) => !c.ok)).toBe(true);
  });

  test('a slow dependency is cut off at its deadline: 503 inside Route 53\'s response limit', async () => {
    dynamo.behave({ kind: 'ok', delayMs: 5000 });
    const { statusCode, body, elapsedMs } = await health(dynamo.endpoint, 300);

    expect(statusCode).toBe(503);
    expect(body.checks[0]).toMatchObject({ ok: false, error: 'no answer within 300 ms' });
    expect(elapsedMs).toBeGreaterThanOrEqual(290);
    expect(elapsedMs).toBeLessThan(ROUTE53_RESPONSE_LIMIT_MS);
  });

  test('no dependencies: healthy (the endpoint itself proves API Gateway and Lambda answer)', async () => {
    process.env.CHECKS = '[]';
    const module = { exports: {} as any };
    Object.assign(process.env, { TIMEOUT_MS: '1000', AWS_REGION: 'eu-west-1' });
    new Function('require', 'module', 'exports', HEALTH_HANDLER_SOURCE)(createRequire(__filename), module, module.exports);
    const response = await module.exports.handler({});
    expect(response.statusCode).toBe(200);
    expect(dynamo.requests).toHaveLength(0);
  });
});
