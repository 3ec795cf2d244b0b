import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SSMClient } from '@aws-sdk/client-ssm';
import * as fc from 'fast-check';
import { FailoverInvoker, FailoverInvokerOptions, regionsForKey } from '../../src/runtime';
import { Behaviour, LoopbackLambda, LoopbackSsm, refusingEndpoint } from '../harness/lambda-server';

// The real @aws-sdk/client-lambda against loopback servers that speak the Lambda Invoke API, one per "region".

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
let servers: Record<string, LoopbackLambda>;
let endpoints: Record<string, string>;

beforeEach(async () => {
  servers = {};
  for (const region of REGIONS) servers[region] = await LoopbackLambda.start(region);
  endpoints = Object.fromEntries(REGIONS.map((r) => [r, servers[r].endpoint]));
});

afterEach(async () => {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
});

function client(region: string): LambdaClient {
  return new LambdaClient({
    region,
    endpoint: endpoints[region],
    credentials: { accessKeyId: 'loopback', secretAccessKey: 'loopback' },
    maxAttempts: 1,
  });
}

function invoker(options: Partial<FailoverInvokerOptions> = {}): FailoverInvoker {
  return new FailoverInvoker({
    targets: REGIONS.map((region) => ({ region, functionName: 'Orders-Api:live' })),
    clientForRegion: client,
    attemptTimeoutMs: 300,
    backoffBaseMs: 5,
    backoffCapMs: 20,
    ...options,
  });
}

const calls = (region: string) => servers[region].requests.length;

describe('FailoverInvoker', () => {
  test('calls the primary and returns its answer', async () => {
    const result = await invoker().invoke({ orderId: 'o-1' });

    expect(result.region).toBe('us-east-1');
    expect(result.payload).toEqual({ servedBy: 'us-east-1' });
    expect(servers['us-east-1'].requests).toEqual([{ functionName: 'Orders-Api:live', payload: { orderId: 'o-1' } }]);
    expect([calls('us-west-2'), calls('eu-west-1')]).toEqual([0, 0]);
  });

  test.each<[string, Behaviour]>([
    ['500s', { kind: 'server-error' }],
    ['503s', { kind: 'server-error', status: 503 }],
    ['429 throttles', { kind: 'throttle' }],
    ['404 (function missing in that region)', { kind: 'not-found' }],
  ])('retries the primary once on %s, then fails over to the next region', async (_, behaviour) => {
    servers['us-east-1'].behave(behaviour);

    const result = await invoker().invoke({});

    expect(result.region).toBe('us-west-2');
    expect(result.attempts.map((a) => [a.region, a.outcome])).toEqual([
      ['us-east-1', 'retryable'], ['us-east-1', 'retryable'], ['us-west-2', 'success'],
    ]);
    expect(calls('us-east-1')).toBe(2);
  });

  test('abandons a slow answer after the attempt timeout and fails over', async () => {
    servers['us-east-1'].behave({ kind: 'ok', delayMs: 2000 });

    const started = Date.now();
    const result = await invoker({ retriesPerRegion: 0 }).invoke({});

    expect(result.region).toBe('us-west-2');
    expect(result.attempts[0]).toMatchObject({ region: 'us-east-1', outcome: 'retryable', error: 'no answer within 300 ms' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('fails over when the primary refuses connections', async () => {
    endpoints['us-east-1'] = await refusingEndpoint();

    const result = await invoker().invoke({});

    expect(result.region).toBe('us-west-2');
    expect(result.attempts.filter((a) => a.region === 'us-east-1').map((a) => a.outcome)).toEqual(['retryable', 'retryable']);
    expect(result.attempts[0].error).toMatch(/ECONNREFUSED/);
  });

  test('never retries a caller error elsewhere', async () => {
    servers['us-east-1'].behave({ kind: 'bad-request' });

    await expect(invoker().invoke({})).rejects.toMatchObject({
      name: 'FailoverInvokerError',
      kind: 'caller-error',
      attempts: [expect.objectContaining({ region: 'us-east-1', outcome: 'caller-error' })],
    });
    expect([calls('us-east-1'), calls('us-west-2'), calls('eu-west-1')]).toEqual([1, 0, 0]);
  });

  test('never retries a function error elsewhere: the same code fails the same way in every region', async () => {
    servers['us-east-1'].behave({ kind: 'function-error', message: 'order o-1 is invalid' });

    await expect(invoker().invoke({})).rejects.toMatchObject({
      kind: 'function-error',
      message: expect.stringMatching(/the function failed in us-east-1 \(Unhandled\).*order o-1 is invalid/),
    });
    expect([calls('us-east-1'), calls('us-west-2')]).toEqual([1, 0]);
  });

  test('reports every attempt when every region fails', async () => {
    for (const region of REGIONS) servers[region].behave({ kind: 'server-error' });

    await expect(invoker().invoke({})).rejects.toMatchObject({ kind: 'exhausted', attempts: expect.arrayContaining([expect.anything()]) });
    expect(REGIONS.map(calls)).toEqual([2, 2, 2]);
  });

  test('opens a region\'s breaker after repeated failures: no call reaches it until the probe; the probe closes it', async () => {
    servers['us-east-1'].behave({ kind: 'server-error' });
    const client_ = invoker({ retriesPerRegion: 0, breakerFailureThreshold: 3, breakerOpenMs: 200 });

    for (let i = 0; i < 3; i++) expect((await client_.invoke({})).region).toBe('us-west-2');
    expect(client_.breakerState('us-east-1')).toBe('open');
    expect(calls('us-east-1')).toBe(3);

    // While open: the primary receives nothing.
    for (let i = 0; i < 5; i++) expect((await client_.invoke({})).region).toBe('us-west-2');
    expect(calls('us-east-1')).toBe(3);

    // After the open period: one probe; the primary has recovered, so the breaker closes.
    servers['us-east-1'].behave({ kind: 'ok' });
    await new Promise((resolve) => setTimeout(resolve, 220));
    expect(client_.breakerState('us-east-1')).toBe('half-open');
    expect((await client_.invoke({})).region).toBe('us-east-1');
    expect(client_.breakerState('us-east-1')).toBe('closed');
    expect(calls('us-east-1')).toBe(4);
  });

  test('a failed probe opens the breaker again', async () => {
    servers['us-east-1'].behave({ kind: 'server-error' });
    const client_ = invoker({ retriesPerRegion: 0, breakerFailureThreshold: 1, breakerOpenMs: 100 });
    await client_.invoke({});
    await new Promise((resolve) => setTimeout(resolve, 120));

    await client_.invoke({});

    expect(client_.breakerState('us-east-1')).toBe('open');
    expect(calls('us-east-1')).toBe(2);
  });

  test('hedges a slow first attempt to the next region and takes the first answer', async () => {
    servers['us-east-1'].behave({ kind: 'ok', delayMs: 250 });

    const result = await invoker({ hedgeAfterMs: 30, attemptTimeoutMs: 1000 }).invoke({});

    expect(result.region).toBe('us-west-2');
    expect([calls('us-east-1'), calls('us-west-2')]).toEqual([1, 1]);
  });

  test('routes a key to its home region, and fails over in the key\'s own order', async () => {
    const key = 'customer-42';
    const order = regionsForKey(key, REGIONS);

    const home = await invoker().invoke({}, { routingKey: key });
    expect(home.region).toBe(order[0]);

    servers[order[0]].behave({ kind: 'server-error' });
    const failover = await invoker({ retriesPerRegion: 0 }).invoke({}, { routingKey: key });
    expect(failover.region).toBe(order[1]);
  });

  test('matches a raw InvokeCommand on the happy path', async () => {
    const raw = await client('us-east-1').send(new InvokeCommand({ FunctionName: 'Orders-Api:live', Payload: new TextEncoder().encode('{}') }));
    const through = await invoker().invoke({});

    expect(JSON.parse(new TextDecoder().decode(raw.Payload))).toEqual(through.payload);
  });

  test('builds itself from the discovery parameters of the caller\'s own region', async () => {
    const ssm = await LoopbackSsm.start({
      '/cdk-resilient-serverless/Orders/topology': JSON.stringify({ serviceName: 'Orders', primaryRegion: 'us-east-1', regions: REGIONS }),
      '/cdk-resilient-serverless/Orders/functions/Api/alias-arn': 'arn:aws:lambda:eu-west-1:123456789012:function:Orders-Api:live',
    });
    try {
      const discovered = await FailoverInvoker.fromDiscovery({
        serviceName: 'Orders',
        functionId: 'Api',
        region: 'eu-west-1',
        ssmClient: new SSMClient({ region: 'eu-west-1', endpoint: ssm.endpoint, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }),
        clientForRegion: client,
      });

      expect(discovered.regionOrder()).toEqual(REGIONS);
      const result = await discovered.invoke({});
      expect(result.region).toBe('us-east-1');
      expect(servers['us-east-1'].requests[0].functionName).toBe('arn:aws:lambda:us-east-1:123456789012:function:Orders-Api:live');
      expect(ssm.requested).toEqual(['/cdk-resilient-serverless/Orders/topology', '/cdk-resilient-serverless/Orders/functions/Api/alias-arn']);
    } finally {
      await ssm.stop();
    }
  });

  test('fails when given no targets or a region twice', () => {
    expect(() => new FailoverInvoker({ targets: [] })).toThrow(/invalid targets \[\]: at least one region is required/);
    expect(() => new FailoverInvoker({ targets: [{ region: 'us-east-1', functionName: 'f' }, { region: 'us-east-1', functionName: 'g' }] }))
      .toThrow(/region 'us-east-1' is listed twice/);
  });
});

describe('regionsForKey (rendezvous hashing)', () => {
  test('removing one of N regions remaps only that region\'s keys: about 1/N of all keys, none of a surviving region', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.constantFrom(...REGIONS, 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1', 'ca-central-1'), { minLength: 2, maxLength: 8 }),
      fc.nat(),
      (regions, pick) => {
        const removed = regions[pick % regions.length];
        const remaining = regions.filter((r) => r !== removed);
        const keys = Array.from({ length: 2000 }, (_, i) => `key-${i}`);
        let moved = 0;
        for (const key of keys) {
          const before = regionsForKey(key, regions)[0];
          const after = regionsForKey(key, remaining)[0];
          if (before !== removed) expect(after).toBe(before);
          else moved++;
        }
        // About 1/N move: within a generous binomial bound for 2000 keys.
        const expected = keys.length / regions.length;
        expect(Math.abs(moved - expected)).toBeLessThan(5 * Math.sqrt(expected) + 10);
      },
    ), { numRuns: 25 });
  });
});
