import { createRequire } from 'node:module';
import { HEALTH_HANDLER_SOURCE, HEALTHY_MARKER, defaultServiceEvent } from '../../src/health-checked-failover/health-source';
import { LoopbackDynamoDb, LoopbackLambda, refusingEndpoint } from '../harness';

/** Route 53 gives a health check 2 s to answer once connected. */
const ROUTE53_RESPONSE_LIMIT_MS = 2000;
const CHECKS: { table: string; key: Record<string, string> }[] = [
  { table: 'Orders-OrdersTable', key: { pk: 'S' } },
  { table: 'Orders-Ledger', key: { id: 'N', at: 'B' } },
];
/** The tables the loopback DynamoDB has: a GetItem must name a table's whole key, with its types, as DynamoDB demands. */
const TABLES = Object.fromEntries(CHECKS.map((c) => [c.table, c.key]));
const SERVICE = 'arn:aws:lambda:eu-west-1:123456789012:function:Orders-Api:live';
const SERVICE_EVENT = defaultServiceEvent('/health');

interface HealthAnswer {
  readonly statusCode: number;
  readonly body: any;
  readonly rawBody: string;
}

describe('the deep health handler, run with the real SDK against a loopback DynamoDB and Lambda', () => {
  let dynamo: LoopbackDynamoDb;
  let lambda: LoopbackLambda;
  const saved = { ...process.env };

  beforeEach(async () => {
    dynamo = await LoopbackDynamoDb.start(TABLES);
    lambda = await LoopbackLambda.start('eu-west-1');
  });

  afterEach(async () => {
    jest.useRealTimers();
    process.env = { ...saved };
    await dynamo.stop();
    await lambda.stop();
  });

  /**
   * Loads the inline source as Lambda would load index.js (the SDK from node_modules) with the cell's environment,
   * and starts one request; `variables` overrides that environment.
   */
  function startHealth(variables: Record<string, string | undefined> = {}): Promise<HealthAnswer> {
    return loadHealth(variables).request();
  }

  /** Loads the handler once (one Lambda instance): `request` starts one request, `logged` holds what it logged. */
  function loadHealth(variables: Record<string, string | undefined> = {}): { request: () => Promise<HealthAnswer>; logged: string[] } {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'loopback',
      AWS_SECRET_ACCESS_KEY: 'loopback',
      CHECKS: JSON.stringify(CHECKS),
      TIMEOUT_MS: '1000',
      SERVICE,
      SERVICE_NAME: 'Orders-Api:live',
      SERVICE_EVENT,
    });
    for (const [name, value] of Object.entries(variables)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    const module = { exports: {} as any };
    new Function('require', 'module', 'exports', HEALTH_HANDLER_SOURCE)(createRequire(__filename), module, module.exports);
    const logged: string[] = [];
    const request = () => {
      const log = jest.spyOn(console, 'log').mockImplementation((line: string) => { logged.push(line); });
      return (module.exports.handler({ rawPath: '/health/token' }) as Promise<any>)
        .then((response) => ({ statusCode: response.statusCode, body: JSON.parse(response.body), rawBody: response.body }))
        .finally(() => log.mockRestore());
    };
    return { request, logged };
  }

  const serviceCheck = (body: any) => body.checks.find((c: any) => c.name === 'Orders-Api:live');

  test('healthy: 200 with the marker Route 53 matches, after one GetItem of each local replica and one invocation of the service', async () => {
    const { statusCode, body, rawBody } = await startHealth();

    expect(statusCode).toBe(200);
    expect(rawBody).toContain(HEALTHY_MARKER);
    expect(body).toMatchObject({
      status: 'healthy',
      region: 'eu-west-1',
      checks: [{ name: 'Orders-OrdersTable', ok: true }, { name: 'Orders-Ledger', ok: true }, { name: 'Orders-Api:live', ok: true }],
    });
    expect(dynamo.requests).toEqual(expect.arrayContaining([
      { target: 'DynamoDB_20120810.GetItem', body: { TableName: 'Orders-OrdersTable', Key: { pk: { S: 'health' } } } },
      { target: 'DynamoDB_20120810.GetItem', body: { TableName: 'Orders-Ledger', Key: { id: { N: '0' }, at: { B: Buffer.from('health').toString('base64') } } } },
    ]));
    expect(dynamo.requests).toHaveLength(2);
    expect(lambda.requests).toEqual([{ functionName: SERVICE, payload: JSON.parse(SERVICE_EVENT), traceHeader: expect.any(String) }]);
  });

  test('the service invocation carries an unsampled X-Ray trace header: health checks record no traces of the service', async () => {
    await startHealth();
    await startHealth();
    const [first, second] = lambda.requests.map((r) => r.traceHeader);
    expect(first).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=0$/);
    expect(second).toMatch(/;Sampled=0$/);
    expect(second).not.toBe(first);
  });

  test.each<[string, Parameters<LoopbackLambda['behave']>[0], RegExp]>([
    ['throws (a function error)', { kind: 'function-error', message: 'boom' }, /^FunctionError: .*boom/],
    ['answers HTTP 503 (as FIS\'s HTTP integration response fault makes it)', { kind: 'ok', payload: { statusCode: 503, body: 'fault' } }, /^ServiceUnavailable: answered HTTP 503$/],
    ['cannot be run by Lambda (500)', { kind: 'server-error' }, /^ServiceException/],
    ['is missing in this region', { kind: 'not-found' }, /^ResourceNotFoundException/],
  ])('unhealthy when the tables answer but the service %s: 503 without the marker, naming the service', async (_, behaviour, error) => {
    lambda.behave(behaviour);
    const { statusCode, body, rawBody } = await startHealth();

    expect(statusCode).toBe(503);
    expect(rawBody).not.toContain(HEALTHY_MARKER);
    expect(body.checks.filter((c: any) => c.ok).map((c: any) => c.name)).toEqual(['Orders-OrdersTable', 'Orders-Ledger']);
    expect(serviceCheck(body)).toMatchObject({ ok: false, error: expect.stringMatching(error) });
    expect(lambda.requests).toHaveLength(1);
  });

  test('healthy when the service answers HTTP 404 or any other non-HTTP answer: it ran and did not fail', async () => {
    lambda.behave({ kind: 'ok', payload: { statusCode: 404 } });
    expect((await startHealth()).statusCode).toBe(200);
    lambda.behave({ kind: 'ok', payload: 'pong' });
    expect((await startHealth()).statusCode).toBe(200);
  });

  test('healthy when the service is throttled: a busy replica is alive, and failing over would move its load', async () => {
    lambda.behave({ kind: 'throttle' });
    const { statusCode, body } = await startHealth();

    expect(statusCode).toBe(200);
    expect(serviceCheck(body)).toMatchObject({ ok: true, throttled: true });
  });

  test('without SERVICE (checkService: false) the service is not invoked', async () => {
    const { statusCode, body } = await startHealth({ SERVICE: undefined });
    expect(statusCode).toBe(200);
    expect(body.checks).toHaveLength(2);
    expect(lambda.requests).toHaveLength(0);
  });

  test.each<[string, Parameters<LoopbackDynamoDb['behave']>[0], RegExp]>([
    ['the replica answers 500', { kind: 'server-error' }, /InternalServerError/],
    ['the table does not exist in this region', { kind: 'not-found' }, /ResourceNotFoundException/],
  ])('unhealthy when %s: 503 without the marker, naming the failure, no retry', async (_, behaviour, error) => {
    dynamo.behave(behaviour);
    const { statusCode, body, rawBody } = await startHealth();

    expect(statusCode).toBe(503);
    expect(rawBody).not.toContain(HEALTHY_MARKER);
    expect(body.checks[0]).toMatchObject({ ok: false, error: expect.stringMatching(error) });
    expect(dynamo.requests).toHaveLength(2);
  });

  test('unhealthy when a check names a key that is not the table\'s: DynamoDB\'s ValidationException, named', async () => {
    const { statusCode, body } = await startHealth({ CHECKS: JSON.stringify([{ table: 'Orders-Ledger', key: { id: 'N' } }]) });

    expect(statusCode).toBe(503);
    expect(body.checks[0]).toMatchObject({ name: 'Orders-Ledger', ok: false, error: expect.stringMatching(/^ValidationException: The provided key element does not match the schema/) });
  });

  test('healthy when its role may not GetItem but may Query (the policy of the version before, in a rollback): one Query', async () => {
    dynamo.behave({ kind: 'access-denied' }, { kind: 'ok' });
    const { statusCode, body } = await startHealth({ CHECKS: JSON.stringify([CHECKS[1]]), SERVICE: undefined });

    expect(statusCode).toBe(200);
    expect(body.checks).toEqual([expect.objectContaining({ name: 'Orders-Ledger', ok: true })]);
    expect(dynamo.requests.map((r) => r.target)).toEqual(['DynamoDB_20120810.GetItem', 'DynamoDB_20120810.Query']);
    expect(dynamo.requests[1].body).toEqual({
      TableName: 'Orders-Ledger', KeyConditionExpression: '#k = :v', ExpressionAttributeNames: { '#k': 'id' }, ExpressionAttributeValues: { ':v': { N: '0' } }, Limit: 1,
    });
  });

  test('unhealthy when both reads are denied: 503 naming the Query\'s AccessDeniedException', async () => {
    dynamo.behave({ kind: 'access-denied' });
    const { statusCode, body } = await startHealth({ CHECKS: JSON.stringify([CHECKS[0]]), SERVICE: undefined });

    expect(statusCode).toBe(503);
    expect(body.checks[0]).toMatchObject({ ok: false, error: expect.stringMatching(/^AccessDeniedException: not authorized to perform: dynamodb:Query/) });
  });

  test('unhealthy when DynamoDB and Lambda are unreachable: 503', async () => {
    const refused = await refusingEndpoint();
    const { statusCode, body } = await startHealth({ AWS_ENDPOINT_URL_DYNAMODB: refused, AWS_ENDPOINT_URL_LAMBDA: refused });
    expect(statusCode).toBe(503);
    expect(body.checks.every((c: any) => !c.ok)).toBe(true);
  });

  describe('a dependency that does not answer is cut off at its deadline, on a fake clock', () => {
    /** Runs the jest clock forward, leaving real I/O (sockets, nextTick, setImmediate) alone. */
    beforeEach(() => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask'] });
    });

    /** Waits (on real I/O, not on time) until `condition` holds. */
    async function until(condition: () => boolean): Promise<void> {
      while (!condition()) await new Promise((resolve) => setImmediate(resolve));
    }

    /** Starts a request, waits until every call is in flight, and answers how long the fake clock ran until the answer. */
    async function answerAfter(timeoutMs: number, inFlight: () => boolean): Promise<{ answer: HealthAnswer; clockMs: number; earlier: boolean }> {
      const started = Date.now();
      let settled = false;
      const pending = startHealth({ TIMEOUT_MS: String(timeoutMs) }).finally(() => { settled = true; });
      await until(inFlight);
      await jest.advanceTimersByTimeAsync(timeoutMs - 1);
      const earlier = settled;
      await jest.advanceTimersByTimeAsync(1);
      const answer = await pending;
      return { answer, clockMs: Date.now() - started, earlier };
    }

    test('the service hangs: 503 exactly at the deadline, inside Route 53\'s response limit', async () => {
      lambda.behave({ kind: 'hang' });
      const { answer, clockMs, earlier } = await answerAfter(1000, () => lambda.requests.length === 1 && dynamo.requests.length === 2);

      expect(earlier).toBe(false);
      expect(answer.statusCode).toBe(503);
      expect(serviceCheck(answer.body)).toMatchObject({ ok: false, error: 'no answer within 1000 ms', ms: 1000 });
      expect(answer.body.checks.slice(0, 2).every((c: any) => c.ok)).toBe(true);
      expect(clockMs).toBeLessThan(ROUTE53_RESPONSE_LIMIT_MS);
    });

    test('a table replica hangs: 503 exactly at the deadline, inside Route 53\'s response limit', async () => {
      dynamo.behave({ kind: 'ok', delayMs: 60_000 });
      const { answer, clockMs, earlier } = await answerAfter(1500, () => lambda.requests.length === 1 && dynamo.requests.length === 2);

      expect(earlier).toBe(false);
      expect(answer.statusCode).toBe(503);
      expect(answer.body.checks[0]).toMatchObject({ ok: false, error: 'no answer within 1500 ms', ms: 1500 });
      expect(serviceCheck(answer.body)).toMatchObject({ ok: true });
      expect(clockMs).toBeLessThan(ROUTE53_RESPONSE_LIMIT_MS);
    });
  });

  describe('one check answers for CACHE_MS from its start (the clock is jest\'s, so no test depends on speed)', () => {
    beforeEach(() => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask'] });
    });

    test('requests inside the window, concurrent or not, share one round of reads and one invocation', async () => {
      const health = loadHealth({ CACHE_MS: '1000' });
      const [first, second] = await Promise.all([health.request(), health.request()]);
      jest.advanceTimersByTime(999);
      const third = await health.request();

      for (const answer of [first, second, third]) expect(answer.statusCode).toBe(200);
      expect(dynamo.requests).toHaveLength(2);
      expect(lambda.requests).toHaveLength(1);
      expect([first.body.ageMs, second.body.ageMs, third.body.ageMs]).toEqual([0, 0, 999]);
    });

    test('a request at the end of the window checks again, and sees a failure that came after the cached check', async () => {
      const health = loadHealth({ CACHE_MS: '1000' });
      expect((await health.request()).statusCode).toBe(200);
      lambda.behave({ kind: 'function-error', message: 'boom' });
      jest.advanceTimersByTime(1000);
      const { statusCode, body, rawBody } = await health.request();

      expect(statusCode).toBe(503);
      expect(rawBody).not.toContain(HEALTHY_MARKER);
      expect(body.ageMs).toBe(0);
      expect(lambda.requests).toHaveLength(2);
      expect(dynamo.requests).toHaveLength(4);
    });

    test('a failed check is answered 503 to every request of its window and logged once', async () => {
      dynamo.behave({ kind: 'server-error' });
      const health = loadHealth({ CACHE_MS: '5000' });
      const answers = [await health.request(), await health.request(), await health.request()];

      expect(answers.map((a) => a.statusCode)).toEqual([503, 503, 503]);
      expect(health.logged).toHaveLength(1);
      expect(JSON.parse(health.logged[0]).unhealthy[0]).toMatchObject({ name: 'Orders-OrdersTable', ok: false });
      expect(dynamo.requests).toHaveLength(2);
    });

    test.each([['CACHE_MS 0', '0'], ['no CACHE_MS', undefined]])('%s: every request checks', async (_, cacheMs) => {
      const health = loadHealth({ CACHE_MS: cacheMs });
      await health.request();
      await health.request();
      expect(lambda.requests).toHaveLength(2);
      expect(dynamo.requests).toHaveLength(4);
    });
  });

  test('no dependencies and no service: healthy (the endpoint itself proves API Gateway and Lambda answer)', async () => {
    const { statusCode } = await startHealth({ CHECKS: '[]', SERVICE: undefined });
    expect(statusCode).toBe(200);
    expect(dynamo.requests).toHaveLength(0);
  });

  test('the inline source fits CloudFormation\'s inline ZipFile limit (4,096 characters)', () => {
    expect(HEALTH_HANDLER_SOURCE.length).toBeLessThanOrEqual(4096);
  });
});
