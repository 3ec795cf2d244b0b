import { Agent } from 'node:http';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { FailoverInvoker, FailoverInvokerOptions, InvokeResult, RoutingMode, regionsForKey } from '../../src/runtime';
import { LoopbackLambda } from '../harness/lambda-server';

// Active-active load spreading (`routing: 'round-robin' | 'least-outstanding'`) with the real @aws-sdk/client-lambda
// against loopback servers, one per "region". Time is jest's fake clock, moved only by the tests, and a slow region is
// one whose answers the test holds: no outcome depends on how fast or busy the machine is.

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const [PRIMARY, SECONDARY, THIRD] = REGIONS;
const SPREADING: RoutingMode[] = ['round-robin', 'least-outstanding'];
/** Calls in flight at once when a test drives many: enough that least-outstanding sees unequal loads. */
const CONCURRENCY = 12;
/** For the tests that make thousands of real calls: on a loaded shared machine they take minutes, not seconds. */
const MANY_CALLS_TIMEOUT_MS = 15 * 60_000;
let servers: Record<string, LoopbackLambda>;
let agents: Agent[];

beforeEach(async () => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask'] });
  servers = {};
  agents = [];
  for (const region of REGIONS) servers[region] = await LoopbackLambda.start(region);
});

afterEach(async () => {
  jest.useRealTimers();
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  for (const agent of agents) agent.destroy();
});

function invoker(routing: RoutingMode, options: Partial<FailoverInvokerOptions> = {}): FailoverInvoker {
  return new FailoverInvoker({
    targets: REGIONS.map((region) => ({ region, functionName: 'Orders-Api:live' })),
    clientForRegion: (region) => {
      const agent = new Agent({ keepAlive: true });
      agents.push(agent);
      return new LambdaClient({
        region,
        endpoint: servers[region].endpoint,
        credentials: { accessKeyId: 'loopback', secretAccessKey: 'loopback' },
        maxAttempts: 1,
        requestHandler: { httpAgent: agent },
      });
    },
    routing,
    random: () => 0, // no backoff wait
    ...options,
  });
}

const calls = (region: string) => servers[region].requests.length;

/** Runs `count` calls, `concurrency` at a time, and counts the regions that served them. */
async function drive(target: FailoverInvoker, count: number, concurrency = CONCURRENCY): Promise<Record<string, number>> {
  const served: Record<string, number> = Object.fromEntries(REGIONS.map((r) => [r, 0]));
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++;
      served[(await target.invoke({})).region]++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return served;
}

/** Each region's share of `served`, against the ideal even share of `regions`: within `tolerance` (a fraction). */
function expectEvenOver(served: Record<string, number>, regions: string[], tolerance = 0.03): void {
  const total = Object.values(served).reduce((a, b) => a + b, 0);
  for (const region of REGIONS) {
    const ideal = regions.includes(region) ? total / regions.length : 0;
    expect({ region, off: Math.abs(served[region] - ideal) / total <= tolerance }).toEqual({ region, off: true });
  }
}

/** Waits, on real I/O and never on time, until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let turns = 0; !condition(); turns++) {
    if (turns > 100_000) throw new Error('the condition never held');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('FailoverInvoker: active-active load spreading', () => {
  test.each(SPREADING)('%s spreads 10,000 calls evenly over the regions (within 3% of a third each)', async (routing) => {
    const served = await drive(invoker(routing), 10_000);

    expect(Object.values(served).reduce((a, b) => a + b, 0)).toBe(10_000);
    expectEvenOver(served, REGIONS);
    if (routing === 'round-robin') expect(Math.max(...Object.values(served)) - Math.min(...Object.values(served))).toBeLessThanOrEqual(1);
  }, MANY_CALLS_TIMEOUT_MS);

  test('ordered (the default) sends every call to the primary while it answers', async () => {
    const served = await drive(invoker('ordered'), 60);

    expect(served).toEqual({ [PRIMARY]: 60, [SECONDARY]: 0, [THIRD]: 0 });
  });

  test.each(SPREADING)('%s: a region whose breaker opens leaves the set, and only its share moves (evenly); it returns after the probe',
    async (routing) => {
      const target = invoker(routing, { retriesPerRegion: 0, breakerFailureThreshold: 1, breakerOpenMs: 30_000 });
      expectEvenOver(await drive(target, 1200), REGIONS);

      // The secondary fails: the call that starts there fails over to the next region in its order, and opens the breaker.
      servers[SECONDARY].behave({ kind: 'server-error' });
      const sentBefore = calls(SECONDARY);
      const whileOpen = await drive(target, 1200);

      expect(target.breakerState(SECONDARY)).toBe('open');
      expect(calls(SECONDARY) - sentBefore).toBeLessThanOrEqual(CONCURRENCY); // the calls already on their way when it failed
      expect(whileOpen[SECONDARY]).toBe(0);
      expectEvenOver(whileOpen, [PRIMARY, THIRD]);

      // Its breaker lets a probe through when its turn comes; the probe's success brings it back to its share.
      servers[SECONDARY].behave({ kind: 'ok' });
      await jest.advanceTimersByTimeAsync(30_000);
      const after = await drive(target, 1200);

      expect(target.breakerState(SECONDARY)).toBe('closed');
      expectEvenOver(after, REGIONS);
    }, MANY_CALLS_TIMEOUT_MS);

  test.each(SPREADING)('%s: a call that starts at a failing region fails over to the next region of its order', async (routing) => {
    servers[PRIMARY].behave({ kind: 'server-error' });
    const target = invoker(routing, { retriesPerRegion: 0, breakerFailureThreshold: 100 });

    const results: InvokeResult[] = [];
    for (let i = 0; i < 6; i++) results.push(await target.invoke({}));

    expect(results.every((r) => r.region !== PRIMARY)).toBe(true);
    const started = results.map((r) => r.attempts[0].region);
    expect(started.filter((r) => r === PRIMARY)).toHaveLength(2); // its turns: every third call
    for (const result of results.filter((r) => r.attempts[0].region === PRIMARY)) {
      expect(result.attempts.map((a) => a.outcome)).toEqual(['retryable', 'success']);
    }
  });

  test('least-outstanding sends nothing to a region whose calls are still running while the others are idle; round-robin does', async () => {
    servers[PRIMARY].behave({ kind: 'held' });
    const spreading = invoker('least-outstanding');
    const slow = spreading.invoke({}); // turn 0, every region idle: the primary, which holds it
    await until(() => servers[PRIMARY].held === 1);

    const served = await drive(spreading, 100, 1); // one at a time: the others are idle at every call

    expect(served).toEqual({ [PRIMARY]: 0, [SECONDARY]: 50, [THIRD]: 50 });
    expect(calls(PRIMARY)).toBe(1);
    servers[PRIMARY].release();
    expect((await slow).region).toBe(PRIMARY);

    // Round-robin keeps giving the held region its turn: a third of the calls wait there.
    const turning = invoker('round-robin');
    const pending = Array.from({ length: 99 }, () => turning.invoke({}));
    await until(() => servers[PRIMARY].held === 33);
    servers[PRIMARY].release();
    const regions = (await Promise.all(pending)).map((r) => r.region);
    expect(regions.filter((r) => r === PRIMARY)).toHaveLength(33);
  });

  test('least-outstanding tries the busiest region last, equally busy ones in turn', async () => {
    for (const region of REGIONS) servers[region].behave({ kind: 'held' });
    const target = invoker('least-outstanding', { retriesPerRegion: 0, breakerFailureThreshold: 100 });
    // Turns 0 to 3: every region idle, then one each; the fourth call goes to the primary's turn: primary 2, others 1.
    const held = Array.from({ length: 4 }, () => target.invoke({}));
    await until(() => servers[PRIMARY].held === 2 && servers[SECONDARY].held === 1 && servers[THIRD].held === 1);

    for (const region of REGIONS) servers[region].behave({ kind: 'server-error' });
    const orders = [];
    for (let i = 0; i < 2; i++) orders.push((await target.invoke({}).catch((e) => e)).attempts.map((a: { region: string }) => a.region));

    expect(orders).toEqual([[SECONDARY, THIRD, PRIMARY], [THIRD, SECONDARY, PRIMARY]]);
    for (const region of REGIONS) servers[region].release();
    await Promise.all(held);
  });

  test.each(SPREADING)('%s leaves a call with a routing key at the key\'s home region', async (routing) => {
    const key = 'customer-42';
    const target = invoker(routing);

    const regions = [];
    for (let i = 0; i < 6; i++) regions.push((await target.invoke({}, { routingKey: key })).region);

    expect(regions).toEqual(Array(6).fill(regionsForKey(key, REGIONS)[0]));
  });

  test.each(SPREADING)('%s skips a region that asked (Retry-After) not to be called yet', async (routing) => {
    servers[SECONDARY].behave({ kind: 'throttle', retryAfterSeconds: 5 }, { kind: 'ok' });
    const target = invoker(routing, { retriesPerRegion: 0, backoffCapMs: 1000 });
    await target.invoke({});
    const throttled = await target.invoke({}); // turn 1: the secondary throttles, the call fails over

    expect(throttled.attempts[0]).toMatchObject({ region: SECONDARY, outcome: 'throttled' });
    const served = await drive(target, 60);
    expect(served[SECONDARY]).toBe(0);
    expectEvenOver(served, [PRIMARY, THIRD]);
  });
});
