import { LambdaClient } from '@aws-sdk/client-lambda';
import { DiscoveryOptions, FailoverInvoker, FailoverInvokerOptions, InvokeOptions } from '../../src/runtime';

// Bad options fail at construction (or, for per-call options, when the call starts) with one message shape:
// `[FailoverInvoker] invalid <option> <value as given>: <problem>. Allowed: ... Fix: ...`. Nothing here sends a request.

const TARGETS = [
  { region: 'us-east-1', functionName: 'Orders-Api:live' },
  { region: 'us-west-2', functionName: 'Orders-Api:live' },
];
const ARN = (region: string) => `arn:aws:lambda:${region}:123456789012:function:Orders-Api:live`;

function options(overrides: Record<string, unknown> = {}): FailoverInvokerOptions {
  return { targets: TARGETS, ...overrides } as FailoverInvokerOptions;
}

/** The whole message: option, value as given, problem, then Allowed and Fix. */
function message(option: string, value: string, problem: string): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\[FailoverInvoker\\] invalid ${escape(option)} ${escape(value)}: ${problem}\\. Allowed: .+\\. Fix: .+\\.$`, 's');
}

describe('FailoverInvoker options', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    // attemptTimeoutMs: outside 1..2^31-1 Node fires the attempt timer at once, and every call fails.
    ['attemptTimeoutMs is 0', { attemptTimeoutMs: 0 }, message('attemptTimeoutMs', '0', 'it must be a finite number >= 1 .*every call fails.*')],
    ['attemptTimeoutMs is negative', { attemptTimeoutMs: -5 }, message('attemptTimeoutMs', '-5', 'it must be a finite number >= 1 .*')],
    ['attemptTimeoutMs is NaN', { attemptTimeoutMs: NaN }, message('attemptTimeoutMs', 'NaN', 'it must be a finite number >= 1 .*')],
    ['attemptTimeoutMs is Infinity', { attemptTimeoutMs: Infinity }, message('attemptTimeoutMs', 'Infinity', 'it must be a finite number .*')],
    ['attemptTimeoutMs is past Node\'s longest timer', { attemptTimeoutMs: 2 ** 31 }, message('attemptTimeoutMs', '2147483648', '.*<= 2147483647.*')],
    ['attemptTimeoutMs is a string', { attemptTimeoutMs: '3000' }, message('attemptTimeoutMs', '\'3000\'', 'it must be a finite number .*')],
    // deadlineMs
    ['deadlineMs is 0', { deadlineMs: 0 }, message('deadlineMs', '0', 'it must be a finite number >= 1 .*')],
    ['deadlineMs is negative', { deadlineMs: -1 }, message('deadlineMs', '-1', 'it must be a finite number >= 1 .*')],
    ['deadlineMs is NaN', { deadlineMs: NaN }, message('deadlineMs', 'NaN', 'it must be a finite number .*')],
    ['deadlineMs is Infinity', { deadlineMs: Infinity }, message('deadlineMs', 'Infinity', 'it must be a finite number .*')],
    // retriesPerRegion: -1 sends no call at all.
    ['retriesPerRegion is -1', { retriesPerRegion: -1 }, message('retriesPerRegion', '-1', 'it must be a finite integer >= 0 .*sends no call at all.*')],
    ['retriesPerRegion is a fraction', { retriesPerRegion: 1.5 }, message('retriesPerRegion', '1.5', 'it must be a finite integer >= 0 .*')],
    ['retriesPerRegion is NaN', { retriesPerRegion: NaN }, message('retriesPerRegion', 'NaN', 'it must be a finite integer .*')],
    ['retriesPerRegion is Infinity', { retriesPerRegion: Infinity }, message('retriesPerRegion', 'Infinity', 'it must be a finite integer .*')],
    // backoff
    ['backoffBaseMs is negative', { backoffBaseMs: -1 }, message('backoffBaseMs', '-1', 'it must be a finite number >= 0 .*')],
    ['backoffBaseMs is NaN', { backoffBaseMs: NaN }, message('backoffBaseMs', 'NaN', 'it must be a finite number .*')],
    ['backoffBaseMs is Infinity', { backoffBaseMs: Infinity }, message('backoffBaseMs', 'Infinity', 'it must be a finite number .*')],
    ['backoffCapMs is negative', { backoffCapMs: -0.5 }, message('backoffCapMs', '-0.5', 'it must be a finite number >= 0 .*')],
    ['backoffCapMs is NaN', { backoffCapMs: NaN }, message('backoffCapMs', 'NaN', 'it must be a finite number .*')],
    ['backoffCapMs is Infinity', { backoffCapMs: Infinity }, message('backoffCapMs', 'Infinity', 'it must be a finite number .*')],
    ['backoffBaseMs is above backoffCapMs, which caps every backoff', { backoffBaseMs: 100, backoffCapMs: 10 },
      message('backoffBaseMs', '100', 'it does nothing: every backoff is capped at backoffCapMs \\(10\\), below this base')],
    // hedgeAfterMs: Infinity and 0 would hedge every call.
    ['hedgeAfterMs is Infinity', { hedgeAfterMs: Infinity }, message('hedgeAfterMs', 'Infinity', 'it must be a finite number .*every call is sent to two regions.*')],
    ['hedgeAfterMs is 0', { hedgeAfterMs: 0 }, message('hedgeAfterMs', '0', 'it must be a finite number >= 1 .*')],
    ['hedgeAfterMs is negative', { hedgeAfterMs: -50 }, message('hedgeAfterMs', '-50', 'it must be a finite number >= 1 .*')],
    ['hedgeAfterMs is NaN', { hedgeAfterMs: NaN }, message('hedgeAfterMs', 'NaN', 'it must be a finite number .*')],
    ['hedgeAfterMs is not shorter than the attempt timeout', { hedgeAfterMs: 3000 },
      message('hedgeAfterMs', '3000', 'it is not shorter than attemptTimeoutMs \\(3000\\).*')],
    // circuit breaker
    ['breakerFailureThreshold is 0', { breakerFailureThreshold: 0 }, message('breakerFailureThreshold', '0', 'it must be a finite integer >= 1 .*')],
    ['breakerFailureThreshold is a fraction', { breakerFailureThreshold: 2.5 }, message('breakerFailureThreshold', '2.5', 'it must be a finite integer >= 1 .*')],
    ['breakerFailureThreshold is NaN', { breakerFailureThreshold: NaN }, message('breakerFailureThreshold', 'NaN', '.*NaN never opens the breaker.*')],
    ['breakerFailureThreshold is Infinity', { breakerFailureThreshold: Infinity }, message('breakerFailureThreshold', 'Infinity', 'it must be a finite integer .*')],
    ['breakerOpenMs is negative', { breakerOpenMs: -1 }, message('breakerOpenMs', '-1', 'it must be a finite number >= 0 .*')],
    ['breakerOpenMs is NaN', { breakerOpenMs: NaN }, message('breakerOpenMs', 'NaN', '.*the region is lost for good.*')],
    ['breakerOpenMs is Infinity', { breakerOpenMs: Infinity }, message('breakerOpenMs', 'Infinity', 'it must be a finite number .*')],
    // retry budget
    ['retryBudget is negative', { retryBudget: -1 }, message('retryBudget', '-1', 'it must be a finite integer >= 0 .*')],
    ['retryBudget is a fraction', { retryBudget: 0.5 }, message('retryBudget', '0.5', 'it must be a finite integer >= 0 .*')],
    ['retryBudget is NaN', { retryBudget: NaN }, message('retryBudget', 'NaN', '.*retry storm.*')],
    ['retryBudget is Infinity', { retryBudget: Infinity }, message('retryBudget', 'Infinity', 'it must be a finite integer .*')],
    // slots
    ['maxInFlightPerRegion is 0', { maxInFlightPerRegion: 0 }, message('maxInFlightPerRegion', '0', 'it must be a finite integer >= 1 .*')],
    ['maxInFlightPerRegion is negative', { maxInFlightPerRegion: -1 }, message('maxInFlightPerRegion', '-1', 'it must be a finite integer >= 1 .*')],
    ['maxInFlightPerRegion is a fraction', { maxInFlightPerRegion: 1.5 }, message('maxInFlightPerRegion', '1.5', 'it must be a finite integer >= 1 .*')],
    ['maxInFlightPerRegion is NaN', { maxInFlightPerRegion: NaN }, message('maxInFlightPerRegion', 'NaN', 'it must be a finite integer .*')],
    ['maxInFlightPerRegion is Infinity', { maxInFlightPerRegion: Infinity }, message('maxInFlightPerRegion', 'Infinity', 'it must be a finite integer .*')],
    // functions and flags
    ['clientForRegion is not a function', { clientForRegion: {} }, message('clientForRegion', '{}', 'a function is required')],
    ['random is not a function', { random: 0.5 }, message('random', '0.5', 'a function is required')],
    ['idempotent is not a boolean', { idempotent: 'yes' }, message('idempotent', '\'yes\'', 'a boolean is required')],
    // routing: an unknown mode would otherwise fall back to some order silently.
    ['routing is not a routing mode', { routing: 'random' }, message('routing', '\'random\'', 'it is not a routing mode')],
    ['routing is empty', { routing: '' }, message('routing', '\'\'', 'it is not a routing mode')],
    ['routing is spelt in capitals', { routing: 'Round-Robin' },
      /^\[FailoverInvoker\] invalid routing 'Round-Robin': it is not a routing mode\. Allowed: 'ordered' \(primary first\), 'round-robin' \(.+\), 'least-outstanding' \(.+\)\. Fix: write it 'round-robin'\.$/],
    ['routing is spelt with an underscore', { routing: 'least_outstanding' }, /invalid routing 'least_outstanding': .*Fix: write it 'least-outstanding'\.$/],
    ['routing is a number', { routing: 1 }, message('routing', '1', 'a routing mode \\(a string\\) is required')],
    ['routing is null', { routing: null }, message('routing', 'null', 'a routing mode \\(a string\\) is required')],
    ['routing names a prototype property', { routing: 'toString' }, message('routing', '\'toString\'', 'it is not a routing mode')],
  ])('fails when %s', (_, overrides, expected) => {
    expect(() => new FailoverInvoker(options(overrides))).toThrow(expected);
  });

  test.each<[string, unknown, RegExp]>([
    ['no options are given', undefined, message('options', 'undefined', 'the options are required')],
    ['the options are null', null, message('options', 'null', 'an object is required')],
    ['there are no targets', { targets: [] }, message('targets', '[]', 'at least one region is required')],
    ['targets is missing', {}, message('targets', 'undefined', 'a list of the replicas is required')],
    ['a target is not an object', { targets: [TARGETS[0], 'us-west-2'] }, message('targets[1]', '\'us-west-2\'', 'an object is required')],
    ['a target has no region', { targets: [{ functionName: 'f' }] }, message('targets[0].region', 'undefined', 'a region name is required.*')],
    ['a region is not a region name', { targets: [{ region: 'US-East-1', functionName: 'f' }] },
      message('targets[0].region', '\'US-East-1\'', 'it is not a region name')],
    ['a function name is empty', { targets: [{ region: 'us-east-1', functionName: '' }] },
      message('targets[0].functionName', '\'\'', 'a function name is required')],
    ['a function name is missing', { targets: [{ region: 'us-east-1' }] }, message('targets[0].functionName', 'undefined', 'a function name is required')],
    ['a function name has characters Lambda refuses', { targets: [{ region: 'us-east-1', functionName: 'Orders Api' }] },
      message('targets[0].functionName', '\'Orders Api\'', 'Lambda refuses this name.*')],
    ['a function name is longer than Lambda allows', { targets: [{ region: 'us-east-1', functionName: 'f'.repeat(65) }] },
      message('targets[0].functionName', `'${'f'.repeat(65)}'`, 'the function name .* has 65 characters, over Lambda\'s limit of 64')],
    ['a target\'s ARN names another region than the one it is listed under',
      { targets: [{ region: 'us-east-1', functionName: ARN('us-east-1') }, { region: 'us-west-2', functionName: ARN('us-east-1') }] },
      message('targets[1].functionName', `'${ARN('us-east-1')}'`,
        'the ARN names region us-east-1, but the target is listed under us-west-2: every call meant for us-west-2 would go to us-east-1')],
    ['a target\'s partial ARN names another region',
      { targets: [{ region: 'us-west-2', functionName: 'us-east-1:123456789012:function:Orders-Api' }] },
      message('targets[0].functionName', '\'us-east-1:123456789012:function:Orders-Api\'', 'the ARN names region us-east-1.*')],
    ['a region is listed twice', { targets: [TARGETS[0], { region: 'us-east-1', functionName: 'Other:live' }] },
      message('targets', '[{ region: \'us-east-1\', functionName: \'Orders-Api:live\' }, { region: \'us-east-1\', functionName: \'Other:live\' }]',
        'region \'us-east-1\' is listed twice')],
  ])('fails when %s', (_, given, expected) => {
    expect(() => new FailoverInvoker(given as FailoverInvokerOptions)).toThrow(expected);
  });

  test.each<[string, Record<string, unknown>]>([
    ['the smallest attempt timeout and deadline', { attemptTimeoutMs: 1, deadlineMs: 1 }],
    ['the longest timers Node keeps', { attemptTimeoutMs: 2 ** 31 - 1, deadlineMs: 2 ** 31 - 1, breakerOpenMs: 2 ** 31 - 1, backoffCapMs: 2 ** 31 - 1 }],
    ['fractions of a millisecond', { attemptTimeoutMs: 2.5, backoffBaseMs: 0.5, hedgeAfterMs: 1.5 }],
    ['no retries, no backoff, no retry budget', { retriesPerRegion: 0, backoffBaseMs: 0, backoffCapMs: 0, retryBudget: 0 }],
    ['a backoff base equal to its cap', { backoffBaseMs: 50, backoffCapMs: 50 }],
    ['a breaker that opens at the first failure and probes at once', { breakerFailureThreshold: 1, breakerOpenMs: 0 }],
    ['a hedge 1 ms before the attempt times out', { attemptTimeoutMs: 100, hedgeAfterMs: 99 }],
    ['the earliest hedge', { hedgeAfterMs: 1 }],
    ['one attempt in flight per region', { maxInFlightPerRegion: 1 }],
    ['a single target', { targets: [TARGETS[0]] }],
    ['ordered routing', { routing: 'ordered' }],
    ['round-robin routing', { routing: 'round-robin' }],
    ['least-outstanding routing over a single target', { routing: 'least-outstanding', targets: [TARGETS[0]] }],
    ['alias ARNs of each region, and a function named like a region', {
      targets: [{ region: 'us-east-1', functionName: ARN('us-east-1') }, { region: 'us-west-2', functionName: 'us-east-1:live' },
        { region: 'us-gov-west-1', functionName: 'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:Orders-Api:$LATEST' }],
    }],
    ['a partial ARN and a version', { targets: [{ region: 'us-east-1', functionName: '123456789012:function:Orders-Api:7' }] }],
    ['the longest function name Lambda allows', { targets: [{ region: 'us-east-1', functionName: 'f'.repeat(64) }] }],
    ['a client factory, a random source and an explicit idempotent flag',
      { clientForRegion: (region: string) => new LambdaClient({ region }), random: () => 0, idempotent: true }],
  ])('accepts %s', (_, overrides) => {
    expect(() => new FailoverInvoker(options(overrides))).not.toThrow();
  });
});

describe('FailoverInvoker.fromDiscovery options', () => {
  const discovery = (overrides: Record<string, unknown>) =>
    ({ serviceName: 'Orders', functionId: 'Api', region: 'us-east-1', ...overrides }) as DiscoveryOptions;
  // An SSM client that fails the test if anything is read: every check runs before the first parameter is read.
  const ssmClient = { send: () => { throw new Error('a parameter was read'); } };

  test.each<[string, unknown, RegExp]>([
    ['no options are given', undefined, message('options', 'undefined', 'the options are required')],
    ['serviceName is missing', discovery({ serviceName: undefined }), message('serviceName', 'undefined', 'the topology\'s service name is required.*')],
    ['serviceName is empty', discovery({ serviceName: '' }), message('serviceName', '\'\'', 'the topology\'s service name is required.*')],
    ['serviceName is one a topology refuses', discovery({ serviceName: 'orders/prod' }),
      message('serviceName', '\'orders/prod\'', 'a topology refuses this name, so no discovery parameters carry it')],
    ['serviceName is too long', discovery({ serviceName: 'O'.repeat(65) }), message('serviceName', `'${'O'.repeat(65)}'`, 'a topology refuses this name.*')],
    ['functionId is empty', discovery({ functionId: '' }), message('functionId', '\'\'', 'the ReplicatedFunction\'s construct id is required.*')],
    ['functionId has a slash', discovery({ functionId: 'Api/Fn' }), message('functionId', '\'Api/Fn\'', 'the ReplicatedFunction\'s construct id is required.*')],
    ['region is missing', discovery({ region: undefined }), message('region', 'undefined', 'a region name is required.*')],
    ['region is not a region name', discovery({ region: 'virginia' }), message('region', '\'virginia\'', 'it is not a region name')],
    ['ssmClient is not an SSM client', discovery({ ssmClient: {} }), message('ssmClient', '{}', 'it is not an SSM client .*')],
    ['an invoker option is bad', discovery({ ssmClient, attemptTimeoutMs: NaN }), message('attemptTimeoutMs', 'NaN', 'it must be a finite number .*')],
    ['the routing mode is unknown', discovery({ ssmClient, routing: 'nearest' }), message('routing', '\'nearest\'', 'it is not a routing mode')],
  ])('fails when %s', async (_, given, expected) => {
    await expect(FailoverInvoker.fromDiscovery(given as DiscoveryOptions)).rejects.toThrow(expected);
  });
});

describe('FailoverInvoker.invoke options', () => {
  test.each<[string, InvokeOptions, RegExp]>([
    ['the idempotency key is empty', { idempotencyKey: '' }, message('idempotencyKey', '\'\'', 'it has 0 characters')],
    ['the idempotency key is too long', { idempotencyKey: 'k'.repeat(257) }, message('idempotencyKey', `'${'k'.repeat(257)}'`, 'it has 257 characters')],
    ['the idempotency key is not a string', { idempotencyKey: 42 as unknown as string }, message('idempotencyKey', '42', 'a string is required')],
    ['the call\'s deadline is 0', { deadlineMs: 0 }, message('deadlineMs', '0', 'it must be a finite number >= 1 .*')],
    ['the call\'s deadline is NaN', { deadlineMs: NaN }, message('deadlineMs', 'NaN', 'it must be a finite number .*')],
    ['the call\'s deadline is Infinity', { deadlineMs: Infinity }, message('deadlineMs', 'Infinity', 'it must be a finite number .*')],
    ['the routing key is not a string', { routingKey: 7 as unknown as string }, message('routingKey', '7', 'a string is required.*')],
    // These used to reach the call: a string `idempotent` counted as true, and a non-signal failed with a TypeError.
    ['the call\'s idempotent is not a boolean', { idempotent: 'no' as unknown as boolean }, message('idempotent', '\'no\'', 'a boolean is required')],
    ['the signal is not an AbortSignal', { signal: 'stop' as unknown as AbortSignal }, message('signal', '\'stop\'', 'it is not an AbortSignal .*')],
  ])('fails when %s', async (_, given, expected) => {
    const invoker = new FailoverInvoker(options({ clientForRegion: () => { throw new Error('a request was sent'); } }));
    await expect(invoker.invoke({}, given)).rejects.toThrow(expected);
  });

  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  test.each<[string, unknown, RegExp]>([
    ['the payload has a cycle', cyclic, message('payload', '\'<object JSON cannot serialize>\'', 'JSON cannot carry it \\(Converting circular structure to JSON.*\\)')],
    ['the payload is a BigInt', BigInt(1), message('payload', '1', 'JSON cannot carry it .*')],
    ['the payload is a function', () => 1, message('payload', '[function]', 'JSON has no form for a function')],
  ])('fails when %s', async (_, payload, expected) => {
    const invoker = new FailoverInvoker(options({ clientForRegion: () => { throw new Error('a request was sent'); } }));
    await expect(invoker.invoke(payload)).rejects.toThrow(expected);
  });
});
