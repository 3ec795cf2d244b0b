import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { FailoverSender, FailoverSenderError, FailoverSenderOptions, SendResult } from '../../src/runtime';
import { LoopbackSqs, LoopbackSsm, SqsBehaviour, refusingEndpoint } from '../harness';

// The real @aws-sdk/client-sqs against loopback servers that speak SQS's JSON protocol, one per "region". No outcome
// depends on the machine's speed: a hanging region never answers, so its attempt always ends by the timeout.

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const [LOCAL, NEXT, THIRD] = REGIONS;
const url = (region: string) => `https://sqs.${region}.amazonaws.com/123456789012/Orders-Intake`;
let servers: Record<string, LoopbackSqs>;
let endpoints: Record<string, string>;
const clients: SQSClient[] = [];

beforeEach(async () => {
  servers = {};
  for (const region of REGIONS) servers[region] = await LoopbackSqs.start(region);
  endpoints = Object.fromEntries(REGIONS.map((r) => [r, servers[r].endpoint]));
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(Object.values(servers).map((s) => s.stop()));
});

function client(region: string): SQSClient {
  const c = new SQSClient({
    region,
    endpoint: endpoints[region],
    credentials: { accessKeyId: 'loopback', secretAccessKey: 'loopback' },
    maxAttempts: 1,
    // The queue URLs name AWS's hosts; the loopback endpoint stands in for each region.
    useQueueUrlAsEndpoint: false,
  });
  clients.push(c);
  return c;
}

function sender(options: Partial<FailoverSenderOptions> = {}): FailoverSender {
  return new FailoverSender({ targets: REGIONS.map((region) => ({ region, queueUrl: url(region) })), clientForRegion: client, ...options });
}

describe('FailoverSender sends to the local queue, and to the next region\'s when the local one refuses', () => {
  test('a healthy local region takes the message, with its attributes and the idempotency key', async () => {
    const result = await sender().send('{"orderId":"o-1"}', { idempotencyKey: 'o-1', attributes: { kind: 'order' }, delaySeconds: 5 });

    expect(result).toMatchObject({ region: LOCAL, messageId: `${LOCAL}-1`, idempotencyKey: 'o-1', attempts: [{ region: LOCAL, outcome: 'success' }] });
    expect(servers[LOCAL].requests[0].body).toEqual({
      QueueUrl: url(LOCAL),
      MessageBody: '{"orderId":"o-1"}',
      DelaySeconds: 5,
      MessageAttributes: {
        'kind': { DataType: 'String', StringValue: 'order' },
        'idempotency-key': { DataType: 'String', StringValue: 'o-1' },
      },
    });
    expect(servers[NEXT].requests).toHaveLength(0);
  });

  test.each<[string, SqsBehaviour, string]>([
    ['throttles', { kind: 'throttle' }, 'throttled'],
    ['fails with a 500', { kind: 'server-error' }, 'retryable'],
    ['fails with a 503', { kind: 'server-error', status: 503 }, 'retryable'],
    ['has no such queue (its cell is not deployed)', { kind: 'missing-queue' }, 'retryable'],
    ['denies access', { kind: 'access-denied' }, 'retryable'],
  ])('fails over when the local region %s, with the same idempotency key', async (_, behaviour, outcome) => {
    servers[LOCAL].behave(behaviour);

    const result = await sender().send('m', { idempotencyKey: 'k-1' });

    expect(result.region).toBe(NEXT);
    expect(result.attempts.map((a) => [a.region, a.outcome])).toEqual([[LOCAL, outcome], [NEXT, 'success']]);
    const keys = [servers[LOCAL], servers[NEXT]].map((s) => s.requests[0].body.MessageAttributes['idempotency-key'].StringValue);
    expect(keys).toEqual(['k-1', 'k-1']);
    expect(servers[NEXT].requests[0].body.QueueUrl).toBe(url(NEXT));
  });

  test('fails over when the local region refuses the connection', async () => {
    endpoints[LOCAL] = await refusingEndpoint();

    const result = await sender().send('m');

    expect(result.attempts.map((a) => [a.region, a.outcome])).toEqual([[LOCAL, 'retryable'], [NEXT, 'success']]);
  });

  test('fails over when the local region does not answer within the attempt timeout (the message may be in both)', async () => {
    servers[LOCAL].behave({ kind: 'hang' });
    // The attempt timer runs on jest's fake clock, moved once the hanging region has the request: the next region's
    // attempt then has all the time it needs.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask'] });
    let result: SendResult;
    try {
      const sending = sender({ attemptTimeoutMs: 100 }).send('m');
      while (servers[LOCAL].requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
      jest.advanceTimersByTime(100);
      result = await sending;
    } finally {
      jest.useRealTimers();
    }

    expect(result.region).toBe(NEXT);
    expect(result.attempts[0]).toMatchObject({ region: LOCAL, outcome: 'ambiguous', error: 'no answer within 100 ms' });
  });

  test('never fails over on a caller error: SQS would refuse the message everywhere', async () => {
    servers[LOCAL].behave({ kind: 'invalid-message' });

    const failure = await sender().send('m').catch((e) => e);

    expect(failure).toBeInstanceOf(FailoverSenderError);
    expect(failure).toMatchObject({ kind: 'caller-error', attempts: [{ region: LOCAL, outcome: 'caller-error' }] });
    expect(failure.message).toMatch(/SQS refused the message in us-east-1 .*InvalidMessageContents/);
    expect(servers[NEXT].requests).toHaveLength(0);
  });

  test('fails, naming every region, when every region refuses', async () => {
    for (const region of REGIONS) servers[region].behave({ kind: 'server-error' });

    const failure = await sender().send('m').catch((e) => e);

    expect(failure).toMatchObject({ kind: 'exhausted' });
    expect(failure.attempts.map((a: any) => a.region)).toEqual(REGIONS);
    expect(failure.message).toMatch(/every region refused the message .*us-east-1: retryable.*us-west-2: retryable.*eu-west-1: retryable/);
  });

  test('a region that keeps refusing opens its breaker and is skipped until it may be probed again', async () => {
    servers[LOCAL].behave({ kind: 'server-error' });
    const s = sender({ breakerFailureThreshold: 2, breakerOpenMs: 60_000 });

    await s.send('a');
    await s.send('b');
    expect(s.breakerState(LOCAL)).toBe('open');
    const third = await s.send('c');

    expect(third.attempts.map((a) => [a.region, a.outcome])).toEqual([[LOCAL, 'skipped'], [NEXT, 'success']]);
    expect(servers[LOCAL].requests).toHaveLength(2);
  });

  test('fromDiscovery reads the topology and the queue URL in its own region only, and tries that region first', async () => {
    const ssm = await LoopbackSsm.start({
      '/cdk-resilient-serverless/Orders/topology': JSON.stringify({ serviceName: 'Orders', primaryRegion: LOCAL, regions: REGIONS }),
      '/cdk-resilient-serverless/Orders/queues/Intake/queue-url': url(THIRD),
    });
    try {
      const ssmClient = new SSMClient({ region: THIRD, endpoint: ssm.endpoint, credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, maxAttempts: 1 });
      const s = await FailoverSender.fromDiscovery({ serviceName: 'Orders', ingestionId: 'Intake', region: THIRD, ssmClient, clientForRegion: client });
      ssmClient.destroy();
      servers[THIRD].behave({ kind: 'throttle' });

      const result = await s.send('m');

      expect(s.regionOrder).toEqual([THIRD, LOCAL, NEXT]);
      expect(result.region).toBe(LOCAL);
      expect(servers[LOCAL].requests[0].body.QueueUrl).toBe(url(LOCAL));
      expect(ssm.requested).toEqual(['/cdk-resilient-serverless/Orders/topology', '/cdk-resilient-serverless/Orders/queues/Intake/queue-url']);
    } finally {
      await ssm.stop();
    }
  });
});

describe('FailoverSender refuses bad options and sends, in its own words', () => {
  const SHAPE = /^\[FailoverSender\] invalid .+: .+\. Allowed: .+\. Fix: .+\.$/s;

  test.each<[string, () => unknown, RegExp]>([
    ['there are no targets', () => new FailoverSender({ targets: [] }), /invalid targets \[\]: at least one region is required/],
    ['a queue URL is not one', () => new FailoverSender({ targets: [{ region: LOCAL, queueUrl: 'Orders-Intake' }] }),
      /invalid targets\[0\]\.queueUrl 'Orders-Intake': it is not a queue URL\. Allowed: https:\/\/sqs\.us-east-1\.amazonaws\.com\/<12-digit account>/],
    ['a region is listed twice', () => new FailoverSender({ targets: [{ region: LOCAL, queueUrl: url(LOCAL) }, { region: LOCAL, queueUrl: url(LOCAL) }] }),
      /region 'us-east-1' is listed twice/],
    ['a region is not a region name', () => new FailoverSender({ targets: [{ region: 'US East', queueUrl: url(LOCAL) }] }),
      /invalid targets\[0\]\.region 'US East': it is not a region name/],
    ['the attempt timeout is 0', () => sender({ attemptTimeoutMs: 0 }), /invalid attemptTimeoutMs 0: it must be a finite number >= 1/],
    ['the breaker threshold is a fraction', () => sender({ breakerFailureThreshold: 1.5 }), /invalid breakerFailureThreshold 1\.5: it must be a finite integer >= 1/],
  ])('fails when %s', (_, build, message) => {
    expect(build).toThrow(message);
    expect(build).toThrow(SHAPE);
  });

  test.each<[string, unknown, object | undefined, RegExp]>([
    ['the body is empty', '', undefined, /invalid body '': SQS refuses an empty message/],
    ['the body is not a string', { orderId: 'o-1' }, undefined, /invalid body \{ orderId: 'o-1' \}: a string is required\. Allowed: a string of 1 byte to 1 MiB/],
    ['the body is over 1 MiB', 'x'.repeat(1_048_577), undefined, /invalid body '<1048577 bytes>': it is larger than SQS's 1 MiB/],
    ['there are 10 attributes (the key takes one of SQS\'s 10)', 'm', { attributes: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, 'v'])) },
      /invalid attributes .*: SQS carries 10 attributes and the idempotency key takes one/],
    ['an attribute takes the sender\'s own name', 'm', { attributes: { 'idempotency-key': 'x' } }, /'idempotency-key' is the sender's own attribute/],
    ['the delay is over 15 minutes', 'm', { delaySeconds: 901 }, /invalid delaySeconds 901: it must be a finite integer >= 0 and <= 900/],
    ['the idempotency key is too long', 'm', { idempotencyKey: 'k'.repeat(257) }, /invalid idempotencyKey 'k{257}': it has 257 characters/],
  ])('a send fails when %s, sending nothing', async (_, body, options, message) => {
    const failure = await sender().send(body as string, options).catch((e) => e);
    expect(failure.message).toMatch(message);
    expect(failure.message).toMatch(SHAPE);
    expect(servers[LOCAL].requests).toHaveLength(0);
  });

  test('accepts the valid edges: a 1 MiB body, 9 attributes, a 900-second delay, a 256-character key', async () => {
    const result = await sender().send('x'.repeat(1_048_576), {
      attributes: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`a${i}`, 'v'])), delaySeconds: 900, idempotencyKey: 'k'.repeat(256),
    });
    expect(result.region).toBe(LOCAL);
  });

  test('fromDiscovery fails without a network call on a bad ingestion id', async () => {
    await expect(FailoverSender.fromDiscovery({ serviceName: 'Orders', ingestionId: 'a/b', region: LOCAL }))
      .rejects.toThrow(/^\[FailoverSender\] invalid ingestionId 'a\/b': the BufferedIngestion's construct id is required/);
  });
});
