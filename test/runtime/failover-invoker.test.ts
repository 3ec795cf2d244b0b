import { Agent } from 'node:http';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SSMClient } from '@aws-sdk/client-ssm';
import { BreakerEvent, FailoverInvoker, FailoverInvokerOptions, InvokeOptions, idempotencyKeyOf, regionsForKey } from '../../src/runtime';
import { Behaviour, LoopbackLambda, LoopbackSsm, refusingEndpoint } from '../harness/lambda-server';

// The real @aws-sdk/client-lambda against loopback servers that speak the Lambda Invoke API, one per "region".
// Time is jest's fake clock, moved only by the tests: no outcome depends on how fast or busy the machine is.

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const [PRIMARY, SECONDARY, THIRD] = REGIONS;
const TIMEOUT_MS = 3000;
let servers: Record<string, LoopbackLambda>;
let endpoints: Record<string, string>;
let agents: Agent[];

beforeEach(async () => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask'] });
  servers = {};
  agents = [];
  for (const region of REGIONS) servers[region] = await LoopbackLambda.start(region);
  endpoints = Object.fromEntries(REGIONS.map((r) => [r, servers[r].endpoint]));
});

afterEach(async () => {
  jest.useRealTimers();
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  for (const agent of agents) agent.destroy();
});

function client(region: string, maxSockets?: number): LambdaClient {
  const agent = new Agent({ keepAlive: true, maxSockets });
  agents.push(agent);
  return new LambdaClient({
    region,
    endpoint: endpoints[region],
    credentials: { accessKeyId: 'loopback', secretAccessKey: 'loopback' },
    maxAttempts: 1,
    requestHandler: { httpAgent: agent },
  });
}

function invoker(options: Partial<FailoverInvokerOptions> = {}): FailoverInvoker {
  return new FailoverInvoker({
    targets: REGIONS.map((region) => ({ region, functionName: 'Orders-Api:live' })),
    clientForRegion: (region) => client(region),
    attemptTimeoutMs: TIMEOUT_MS,
    random: () => 0, // no backoff wait
    ...options,
  });
}

const calls = (region: string) => servers[region].requests.length;
const keysSeen = (region: string) => servers[region].requests.map((r) => (r.clientContext as any)?.custom?.idempotencyKey);

/** Waits, on real I/O and never on time, until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let turns = 0; !condition(); turns++) {
    if (turns > 100_000) throw new Error('the condition never held');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Starts a call and records how it settles, so a test can look at it while it is pending. */
function start(target: FailoverInvoker, options?: InvokeOptions) {
  const state: { settled: boolean; error?: any } = { settled: false };
  const promise = target.invoke({ orderId: 'o-1' }, options);
  promise.then(() => { state.settled = true; }, (error) => { state.settled = true; state.error = error; });
  return { promise, state };
}

describe('FailoverInvoker: routing and retries', () => {
  test('calls the primary with one idempotency key in the client context and returns its answer', async () => {
    const result = await invoker().invoke({ orderId: 'o-1' });

    expect(result).toMatchObject({ region: PRIMARY, payload: { servedBy: PRIMARY } });
    expect(servers[PRIMARY].requests).toEqual([{
      functionName: 'Orders-Api:live',
      payload: { orderId: 'o-1' },
      clientContext: { custom: { idempotencyKey: result.idempotencyKey } },
    }]);
    expect(result.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect([calls(SECONDARY), calls(THIRD)]).toEqual([0, 0]);
    expect(jest.getTimerCount()).toBe(0);
  });

  test.each<[string, Behaviour]>([
    ['500s', { kind: 'server-error' }],
    ['503s', { kind: 'server-error', status: 503 }],
    ['429 throttles', { kind: 'throttle' }],
    ['404 (function missing in that region)', { kind: 'not-found' }],
  ])('retries the primary once on %s, then fails over to the next region, with the same key every time', async (_, behaviour) => {
    servers[PRIMARY].behave(behaviour);

    const result = await invoker().invoke({});

    expect(result.region).toBe(SECONDARY);
    expect(result.attempts.map((a) => [a.region, a.outcome])).toEqual([
      [PRIMARY, behaviour.kind === 'throttle' ? 'throttled' : 'retryable'],
      [PRIMARY, behaviour.kind === 'throttle' ? 'throttled' : 'retryable'],
      [SECONDARY, 'success'],
    ]);
    expect([...keysSeen(PRIMARY), ...keysSeen(SECONDARY)]).toEqual(Array(3).fill(result.idempotencyKey));
  });

  test('sends a request that may have run (timeout) again only when the call is declared idempotent', async () => {
    servers[PRIMARY].behave({ kind: 'hang' });
    const target = invoker({ retriesPerRegion: 0, idempotent: true });

    const { promise } = start(target);
    await until(() => calls(PRIMARY) === 1);
    await jest.advanceTimersByTimeAsync(TIMEOUT_MS);
    const result = await promise;

    expect(result.region).toBe(SECONDARY);
    expect(result.attempts[0]).toMatchObject({ region: PRIMARY, outcome: 'timeout', error: `no answer within ${TIMEOUT_MS} ms` });
    expect(keysSeen(SECONDARY)).toEqual(keysSeen(PRIMARY));
  });

  test('fails, sending nothing elsewhere, when a call not declared idempotent times out: it may have run', async () => {
    servers[PRIMARY].behave({ kind: 'hang' });

    const { promise, state } = start(invoker());
    await until(() => calls(PRIMARY) === 1);
    await jest.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
    expect(state.settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);

    await expect(promise).rejects.toMatchObject({
      kind: 'ambiguous',
      message: expect.stringMatching(/no answer within 3000 ms in us-east-1: the request may have run there.*idempotent: true/),
    });
    expect([calls(PRIMARY), calls(SECONDARY), calls(THIRD)]).toEqual([1, 0, 0]);
  });

  test('fails over when the primary refuses connections: nothing ran there, so any call may go elsewhere', async () => {
    endpoints[PRIMARY] = await refusingEndpoint();

    const result = await invoker().invoke({});

    expect(result.region).toBe(SECONDARY);
    expect(result.attempts.filter((a) => a.region === PRIMARY).map((a) => a.outcome)).toEqual(['retryable', 'retryable']);
    expect(result.attempts[0].error).toMatch(/ECONNREFUSED/);
  });

  test('fails at once on a caller error: never retried elsewhere', async () => {
    servers[PRIMARY].behave({ kind: 'bad-request' });

    await expect(invoker().invoke({})).rejects.toMatchObject({
      name: 'FailoverInvokerError',
      kind: 'caller-error',
      attempts: [expect.objectContaining({ region: PRIMARY, outcome: 'caller-error' })],
    });
    expect([calls(PRIMARY), calls(SECONDARY), calls(THIRD)]).toEqual([1, 0, 0]);
  });

  test('fails at once on a function error: the same code fails the same way in every region', async () => {
    servers[PRIMARY].behave({ kind: 'function-error', message: 'order o-1 is invalid' });

    await expect(invoker().invoke({})).rejects.toMatchObject({
      kind: 'function-error',
      message: expect.stringMatching(/the function failed in us-east-1 \(Unhandled\).*order o-1 is invalid/),
    });
    expect([calls(PRIMARY), calls(SECONDARY)]).toEqual([1, 0]);
    expect(invoker().breakerState(PRIMARY)).toBe('closed');
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
    const raw = await client(PRIMARY).send(new InvokeCommand({ FunctionName: 'Orders-Api:live', Payload: new TextEncoder().encode('{}') }));
    const through = await invoker().invoke({});

    expect(JSON.parse(new TextDecoder().decode(raw.Payload))).toEqual(through.payload);
  });
});

describe('FailoverInvoker: idempotency keys and hedging', () => {
  test('sends the caller\'s own key, which a handler reads with idempotencyKeyOf', async () => {
    await invoker().invoke({}, { idempotencyKey: 'order-o-1' });

    const [request] = servers[PRIMARY].requests;
    expect(idempotencyKeyOf({ clientContext: request.clientContext })).toBe('order-o-1');
    expect(idempotencyKeyOf({ clientContext: { Custom: { idempotencyKey: 'k' } } })).toBe('k');
    expect(idempotencyKeyOf({})).toBeUndefined();
  });

  test('fails on a key the client context cannot carry', async () => {
    await expect(invoker().invoke({}, { idempotencyKey: 'k'.repeat(257) })).rejects.toThrow(/invalid idempotencyKey 'k+': it has 257 characters. Allowed: 1 to 256/);
    await expect(invoker().invoke({}, { idempotencyKey: '' })).rejects.toThrow(/invalid idempotencyKey '': it has 0 characters/);
  });

  test('hedges a slow first attempt of an idempotent call to the next region: the first answer wins, with one key', async () => {
    servers[PRIMARY].behave({ kind: 'held' });

    const { promise } = start(invoker({ hedgeAfterMs: 50 }), { idempotent: true });
    await until(() => servers[PRIMARY].held === 1);
    await jest.advanceTimersByTimeAsync(50);
    const result = await promise;

    expect(result.region).toBe(SECONDARY);
    expect(result.attempts.map((a) => [a.region, a.outcome])).toEqual([[SECONDARY, 'success'], [PRIMARY, 'cancelled']]);
    expect(keysSeen(SECONDARY)).toEqual(keysSeen(PRIMARY));
  });

  test('never hedges a call not declared idempotent', async () => {
    servers[PRIMARY].behave({ kind: 'held' });

    const { promise } = start(invoker({ hedgeAfterMs: 50 }));
    await until(() => servers[PRIMARY].held === 1);
    await jest.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
    servers[PRIMARY].release();

    expect((await promise).region).toBe(PRIMARY);
    expect(calls(SECONDARY)).toBe(0);
  });

  test('fails with a function error that arrives while a hedge is in flight, though the hedge would succeed', async () => {
    servers[PRIMARY].behave({ kind: 'held', then: { kind: 'function-error', message: 'order o-1 is invalid' } });
    servers[SECONDARY].behave({ kind: 'held' });

    const { promise } = start(invoker({ hedgeAfterMs: 50 }), { idempotent: true });
    await until(() => servers[PRIMARY].held === 1);
    await jest.advanceTimersByTimeAsync(50);
    await until(() => servers[SECONDARY].held === 1);
    servers[PRIMARY].release();

    await expect(promise).rejects.toMatchObject({
      kind: 'function-error',
      attempts: [expect.objectContaining({ region: PRIMARY, outcome: 'function-error' }), expect.objectContaining({ region: SECONDARY, outcome: 'cancelled' })],
    });
  });
});

describe('FailoverInvoker: circuit breakers', () => {
  test('opens a region\'s breaker after repeated failures: no call reaches it until the probe; the probe closes it', async () => {
    servers[PRIMARY].behave({ kind: 'server-error' });
    const target = invoker({ retriesPerRegion: 0, breakerFailureThreshold: 3, breakerOpenMs: 30_000 });
    const events: BreakerEvent[] = [];
    target.on('breaker', (event) => events.push(event));

    for (let i = 0; i < 3; i++) expect((await target.invoke({})).region).toBe(SECONDARY);
    expect(target.breakerState(PRIMARY)).toBe('open');
    const openUntil = new Date(Date.now() + 30_000);
    for (let i = 0; i < 5; i++) expect((await target.invoke({})).region).toBe(SECONDARY);
    expect(calls(PRIMARY)).toBe(3);

    servers[PRIMARY].behave({ kind: 'ok' });
    await jest.advanceTimersByTimeAsync(29_999);
    expect(target.breakerState(PRIMARY)).toBe('open');
    await jest.advanceTimersByTimeAsync(1);
    expect(target.breakerState(PRIMARY)).toBe('half-open');
    expect((await target.invoke({})).region).toBe(PRIMARY);

    expect(target.breakerState(PRIMARY)).toBe('closed');
    expect(calls(PRIMARY)).toBe(4);
    expect(events.map((e) => [e.region, e.from, e.to])).toEqual([
      [PRIMARY, 'closed', 'open'], [PRIMARY, 'open', 'half-open'], [PRIMARY, 'half-open', 'closed'],
    ]);
    expect(events.map((e) => e.openUntil)).toEqual([openUntil, undefined, undefined]);
  });

  test('a failed probe opens the breaker again', async () => {
    servers[PRIMARY].behave({ kind: 'server-error' });
    const target = invoker({ retriesPerRegion: 0, breakerFailureThreshold: 1, breakerOpenMs: 1000 });
    await target.invoke({});
    await jest.advanceTimersByTimeAsync(1000);

    await target.invoke({});

    expect(target.breakerState(PRIMARY)).toBe('open');
    expect(calls(PRIMARY)).toBe(2);
  });

  test('a success from a call sent before the breaker opened does not close it: only the probe may', async () => {
    servers[PRIMARY].behave({ kind: 'held' }, { kind: 'server-error' });
    const target = invoker({ retriesPerRegion: 0, breakerFailureThreshold: 1 });
    const slow = start(target);
    await until(() => servers[PRIMARY].held === 1);
    expect((await target.invoke({})).region).toBe(SECONDARY);
    expect(target.breakerState(PRIMARY)).toBe('open');

    servers[PRIMARY].release();
    expect((await slow.promise).region).toBe(PRIMARY);

    expect(target.breakerState(PRIMARY)).toBe('open');
    expect((await target.invoke({})).region).toBe(SECONDARY);
    expect(calls(PRIMARY)).toBe(2);
  });

  test('fails static: timeouts alone never open the last closed breaker; errors do', async () => {
    for (const region of REGIONS) servers[region].behave({ kind: 'hang' });
    const target = invoker({ retriesPerRegion: 0, breakerFailureThreshold: 1, idempotent: true });

    const { promise } = start(target);
    for (const region of REGIONS) {
      await until(() => calls(region) === 1);
      await jest.advanceTimersByTimeAsync(TIMEOUT_MS);
    }
    await expect(promise).rejects.toMatchObject({ kind: 'exhausted' });
    expect(REGIONS.map((r) => target.breakerState(r))).toEqual(['open', 'open', 'closed']);

    servers[THIRD].behave({ kind: 'server-error' });
    await expect(target.invoke({})).rejects.toMatchObject({ kind: 'exhausted' });
    expect(target.breakerState(THIRD)).toBe('open');
  });
});

describe('FailoverInvoker: errors that explain', () => {
  test('fails naming each region\'s failure when every region fails', async () => {
    servers[PRIMARY].behave({ kind: 'server-error', status: 503 });
    servers[SECONDARY].behave({ kind: 'not-found' });
    endpoints[THIRD] = await refusingEndpoint();

    const error = await invoker().invoke({}).catch((e) => e);

    expect(error.kind).toBe('exhausted');
    expect(error.message).toMatch(new RegExp(
      `^every region failed \\(call ${error.idempotencyKey}\\): ` +
      'us-east-1: 2 attempts, last retryable: ServiceException: internal failure; ' +
      'us-west-2: 2 attempts, last retryable: ResourceNotFoundException: Function not found; ' +
      'eu-west-1: 2 attempts, last retryable: .*ECONNREFUSED'));
    expect(REGIONS.map(calls).slice(0, 2)).toEqual([2, 2]);
  });

  test('fails with no attempt when every breaker is open, saying which and until when', async () => {
    for (const region of REGIONS) servers[region].behave({ kind: 'server-error' });
    const target = invoker({ retriesPerRegion: 0, breakerFailureThreshold: 1, breakerOpenMs: 30_000 });
    await target.invoke({}).catch(() => undefined);
    const until_ = new Date(Date.now() + 30_000).toISOString();

    const error = await target.invoke({}).catch((e) => e);

    expect(error).toMatchObject({ kind: 'exhausted', attempts: [] });
    expect(error.message).toBe(`every region's circuit breaker is open (call ${error.idempotencyKey}): ` +
      REGIONS.map((r) => `${r}: circuit breaker open until ${until_}`).join('; '));
  });
});

describe('FailoverInvoker: overload', () => {
  test('an attempt waiting for one of the client\'s sockets is not timed against the region', async () => {
    servers[PRIMARY].behave({ kind: 'held' });
    const target = invoker({ clientForRegion: (region) => client(region, 1), breakerFailureThreshold: 1 });
    const warmUp = start(target);
    await until(() => servers[PRIMARY].held === 1);
    servers[PRIMARY].release();
    await warmUp.promise; // the invoker now knows the client's maxSockets: 1

    const pending = [start(target), start(target), start(target)];
    for (let answered = 0; answered < 3; answered++) {
      await until(() => servers[PRIMARY].held === 1);
      // Each answer takes most of an attempt's time: the third call waited two of them before it was sent.
      await jest.advanceTimersByTimeAsync(TIMEOUT_MS - 100);
      servers[PRIMARY].release();
    }
    const results = await Promise.all(pending.map((p) => p.promise));

    expect(results.map((r) => r.region)).toEqual([PRIMARY, PRIMARY, PRIMARY]);
    expect(results[2].attempts[0].queuedMs).toBe(2 * (TIMEOUT_MS - 100));
    expect(target.breakerState(PRIMARY)).toBe('closed');
  });

  test('a call whose deadline passes while it waits for a slot fails, and the region is not blamed', async () => {
    servers[PRIMARY].behave({ kind: 'held' });
    const target = invoker({ maxInFlightPerRegion: 1, breakerFailureThreshold: 1 });
    const first = start(target);
    await until(() => servers[PRIMARY].held === 1);

    const waiting = start(target, { deadlineMs: 1000 });
    await jest.advanceTimersByTimeAsync(1000);

    await expect(waiting.promise).rejects.toMatchObject({
      kind: 'deadline',
      attempts: [expect.objectContaining({ outcome: 'cancelled', queuedMs: 1000, error: expect.stringMatching(/local saturation, not counted against the region/) })],
    });
    expect(target.breakerState(PRIMARY)).toBe('closed');
    expect(calls(PRIMARY)).toBe(1);
    servers[PRIMARY].release();
    expect((await first.promise).region).toBe(PRIMARY);
  });

  test('stops retrying when the retry budget is empty: an overload does not become a retry storm', async () => {
    for (const region of REGIONS) servers[region].behave({ kind: 'server-error' });
    const target = invoker({ retryBudget: 12, breakerFailureThreshold: 100 });

    await expect(target.invoke({})).rejects.toMatchObject({ kind: 'exhausted' });
    const error = await target.invoke({}).catch((e) => e);

    expect(REGIONS.map(calls)).toEqual([2 + 1, 1, 0]); // 12 tokens: two retries of 5, then one first attempt
    expect(error.message).toMatch(/retry budget is empty.*us-east-1: 1 attempt, last retryable: .*; then not tried: the retry budget is empty/);
  });

  test('honours Retry-After on a 429: waits that long before the retry', async () => {
    servers[PRIMARY].behave({ kind: 'throttle', retryAfterSeconds: 1 }, { kind: 'ok' });
    const target = invoker({ backoffCapMs: 2000 });

    const { promise } = start(target);
    await until(() => calls(PRIMARY) === 1);
    await jest.advanceTimersByTimeAsync(999);
    expect(calls(PRIMARY)).toBe(1);
    await jest.advanceTimersByTimeAsync(1);

    expect((await promise).region).toBe(PRIMARY);
    expect(calls(PRIMARY)).toBe(2);
  });

  test('a Retry-After longer than the backoff cap moves calls to the next region until it has passed', async () => {
    servers[PRIMARY].behave({ kind: 'throttle', retryAfterSeconds: 5 });
    const target = invoker({ backoffCapMs: 1000 });

    expect((await target.invoke({})).region).toBe(SECONDARY);
    expect((await target.invoke({})).region).toBe(SECONDARY);
    expect(calls(PRIMARY)).toBe(1);

    servers[PRIMARY].behave({ kind: 'ok' });
    await jest.advanceTimersByTimeAsync(5000);
    expect((await target.invoke({})).region).toBe(PRIMARY);
  });
});

describe('FailoverInvoker: deadline, cancellation and events', () => {
  test('fails when the call\'s deadline passes, however many attempts are left', async () => {
    for (const region of REGIONS) servers[region].behave({ kind: 'hang' });

    const { promise, state } = start(invoker({ idempotent: true, deadlineMs: 4000 }));
    await until(() => calls(PRIMARY) === 1);
    await jest.advanceTimersByTimeAsync(TIMEOUT_MS);
    await until(() => calls(PRIMARY) === 2);
    await jest.advanceTimersByTimeAsync(999);
    expect(state.settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);

    await expect(promise).rejects.toMatchObject({
      kind: 'deadline',
      message: expect.stringMatching(/^the call's deadline of 4000 ms passed .*us-east-1: 2 attempts, last cancelled: the call's deadline passed; us-west-2: not tried/),
    });
    expect(calls(SECONDARY)).toBe(0);
  });

  test('the caller\'s signal aborts the attempt in flight and ends the call', async () => {
    servers[PRIMARY].behave({ kind: 'hang' });
    const abort = new AbortController();

    const { promise } = start(invoker({ idempotent: true }), { signal: abort.signal });
    await until(() => calls(PRIMARY) === 1);
    abort.abort();

    await expect(promise).rejects.toMatchObject({ kind: 'aborted', attempts: [expect.objectContaining({ outcome: 'cancelled' })] });
    expect(calls(SECONDARY)).toBe(0);
    await expect(invoker().invoke({}, { signal: abort.signal })).rejects.toMatchObject({ kind: 'aborted', attempts: [] });
  });

  test('emits an event per attempt; a listener that throws is a warning, never a failed call', async () => {
    servers[PRIMARY].behave({ kind: 'server-error' });
    const target = invoker({ retriesPerRegion: 0 });
    const seen: string[] = [];
    const stop = target.on('attempt', (e) => seen.push(`${e.attempt.region} ${e.attempt.outcome} ${e.idempotencyKey}`));
    target.on('attempt', () => { throw new Error('listener bug'); });
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);

    const result = await target.invoke({});
    stop();
    await target.invoke({});

    expect(seen).toEqual([`${PRIMARY} retryable ${result.idempotencyKey}`, `${SECONDARY} success ${result.idempotencyKey}`]);
    expect(warn).toHaveBeenCalledWith('FailoverInvoker: an event listener threw: Error: listener bug');
    warn.mockRestore();
  });
});

describe('FailoverInvoker: construction', () => {
  test('builds itself from the discovery parameters of the caller\'s own region', async () => {
    const ssm = await LoopbackSsm.start({
      '/cdk-resilient-serverless/Orders/topology': JSON.stringify({ serviceName: 'Orders', primaryRegion: PRIMARY, regions: REGIONS }),
      '/cdk-resilient-serverless/Orders/functions/Api/alias-arn': 'arn:aws:lambda:eu-west-1:123456789012:function:Orders-Api:live',
    });
    try {
      const discovered = await FailoverInvoker.fromDiscovery({
        serviceName: 'Orders',
        functionId: 'Api',
        region: THIRD,
        ssmClient: new SSMClient({ region: THIRD, endpoint: ssm.endpoint, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }),
        clientForRegion: client,
      });

      expect(discovered.regionOrder()).toEqual(REGIONS);
      const result = await discovered.invoke({});
      expect(result.region).toBe(PRIMARY);
      expect(servers[PRIMARY].requests[0].functionName).toBe('arn:aws:lambda:us-east-1:123456789012:function:Orders-Api:live');
      expect(ssm.requested).toEqual(['/cdk-resilient-serverless/Orders/topology', '/cdk-resilient-serverless/Orders/functions/Api/alias-arn']);
    } finally {
      await ssm.stop();
    }
  });

  test('fails when given no targets, a region twice, or a bad number', () => {
    expect(() => new FailoverInvoker({ targets: [] })).toThrow(/invalid targets \[\]: at least one region is required/);
    expect(() => new FailoverInvoker({ targets: [{ region: PRIMARY, functionName: 'f' }, { region: PRIMARY, functionName: 'g' }] }))
      .toThrow(/region 'us-east-1' is listed twice/);
    expect(() => invoker({ attemptTimeoutMs: 0 })).toThrow(/invalid attemptTimeoutMs 0: it must be a finite number >= 1/);
    expect(() => invoker({ retriesPerRegion: 1.5 })).toThrow(/invalid retriesPerRegion 1.5: it must be a finite integer >= 0/);
    expect(() => invoker().breakerState('ap-south-1')).toThrow(/unknown region 'ap-south-1'. Allowed: us-east-1, us-west-2, eu-west-1/);
  });
});
