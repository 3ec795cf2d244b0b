import { Duration } from 'aws-cdk-lib';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { GlobalTableStore, MultiRegionTopology, Saga, SagaProps, SagaStep, SagaTask, StepRetry } from '../../src';
import { TEST_ACCOUNT, testApp } from '../harness';

/** Every configuration error has one shape: the value as given, the problem, what is allowed and the fix. */
const SHAPE = /^\[Shop\/us-east-1\/Checkout\] invalid \S+ .+: .+\. Allowed: .+\. Fix: .+\.$/s;

function topology(serviceName = 'Shop'): MultiRegionTopology {
  return new MultiRegionTopology(testApp(), serviceName, { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: ['us-east-1', 'eu-west-1'] });
}

function task(t: MultiRegionTopology, id: string): SagaTask {
  return SagaTask.lambda(new LambdaFunction(t.primaryCell, id, {
    runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => ({});'),
  }));
}

/** A one-step saga with a compensation in the primary cell, its step and props changed as given. */
function saga(step: Partial<SagaStep> = {}, props: Partial<SagaProps> = {}, t: MultiRegionTopology = topology(), id = 'Checkout'): Saga {
  return new Saga(t.primaryCell, id, {
    steps: [{ name: 'Pay', action: task(t, 'PayFn'), compensation: task(t, 'RefundFn'), ...step }],
    ...props,
  });
}

function store(t: MultiRegionTopology, keys: Partial<ConstructorParameters<typeof GlobalTableStore>[2]>): GlobalTableStore {
  return new GlobalTableStore(t, 'SagaLog', { partitionKey: { name: 'id', type: AttributeType.STRING }, backup: { enabled: false }, ...keys });
}

const retryCases: Array<[string, StepRetry, RegExp]> = [
  ['maxAttempts is NaN', { maxAttempts: NaN }, /invalid steps\[0\]\.retry\.maxAttempts NaN: Step Functions would reject this retrier\. Allowed: a whole number from 0 to 99\. Fix: set maxAttempts/],
  ['maxAttempts is negative', { maxAttempts: -1 }, /invalid steps\[0\]\.retry\.maxAttempts -1: Step Functions would reject this retrier\. Allowed: a whole number from 0 to 99/],
  ['maxAttempts is a fraction', { maxAttempts: 2.5 }, /invalid steps\[0\]\.retry\.maxAttempts 2\.5: Step Functions would reject this retrier\. Allowed: a whole number from 0 to 99/],
  ['backoffRate is NaN', { backoffRate: NaN }, /invalid steps\[0\]\.retry\.backoffRate NaN: Step Functions would reject this retrier\. Allowed: a number from 1 to 10/],
  ['backoffRate is negative', { backoffRate: -2 }, /invalid steps\[0\]\.retry\.backoffRate -2: Step Functions would reject this retrier\. Allowed: a number from 1 to 10/],
  ['backoffRate is above 10', { backoffRate: 10.5 }, /invalid steps\[0\]\.retry\.backoffRate 10\.5: Step Functions would reject this retrier\. Allowed: a number from 1 to 10/],
  ['the interval is a fraction of a second', { interval: Duration.millis(1500) },
    /invalid steps\[0\]\.retry\.interval Duration\.millis\(1500\): the service counts whole seconds, and this is 1\.5 seconds \(Step Functions would reject this retrier\)\. Allowed: a whole number of seconds/],
  ['the interval is NaN', { interval: Duration.seconds(NaN) },
    /invalid steps\[0\]\.retry\.interval Duration\.seconds\(NaN\): the duration must be finite \(Step Functions would reject this retrier\)\. Allowed: a whole number of seconds/],
  ['the interval is zero', { interval: Duration.seconds(0) },
    /invalid steps\[0\]\.retry\.interval Duration\.seconds\(0\): the duration is shorter than 1 second .*Allowed: a whole number of seconds from 1 second/],
  ['maxDelay is a fraction of a second', { maxDelay: Duration.millis(2500) },
    /invalid steps\[0\]\.retry\.maxDelay Duration\.millis\(2500\): the service counts whole seconds.*Allowed: a whole number of seconds from 1 second to 366 days/],
  ['maxDelay is over a year', { maxDelay: Duration.days(400) },
    /invalid steps\[0\]\.retry\.maxDelay Duration\.days\(400\): the duration is longer than 366 days/],
  ['the error list is empty', { errors: [] },
    /invalid steps\[0\]\.retry\.errors \[\]: the list has 0 items \(a Step Functions retrier names at least one error, each once\)\. Allowed: 1 to any number of items\. Fix: give steps\[0\]\.retry\.errors at least 1 item/],
  ['States.ALL is mixed with other errors', { errors: ['Payment.Declined', 'States.ALL'] },
    /invalid steps\[0\]\.retry\.errors \['Payment\.Declined', 'States\.ALL'\]: Step Functions requires 'States\.ALL' alone in a retrier's error list.*Allowed: \['States\.ALL'\] alone.*Fix: keep only 'States\.ALL'/],
  ['an error appears twice', { errors: ['States.Timeout', 'States.Timeout'] },
    /invalid steps\[0\]\.retry\.errors \['States\.Timeout', 'States\.Timeout'\]: States\.Timeout appears more than once/],
  ['an error name is empty', { errors: ['States.Timeout', ''] },
    /invalid steps\[0\]\.retry\.errors\[1\] '': an error name is required/],
];

describe('Saga bad input: retries', () => {
  test.each(retryCases)('fails when %s', (_, retry, message) => {
    expect(() => saga({ retry })).toThrow(message);
    expect(() => saga({ retry })).toThrow(SHAPE);
  });

  test.each(retryCases)('fails when %s, in a compensation retry too', (_, compensationRetry, message) => {
    const setting = new RegExp(message.source.replace(/\\\.retry\\\./g, '\\.compensationRetry\\.').replace(/\\\.retry\\\.errors/g, '\\.compensationRetry\\.errors'));
    expect(() => saga({ compensationRetry })).toThrow(setting);
  });

  test('accepts retries at the edges of what Step Functions takes, with unset fields from the defaults', () => {
    expect(() => saga({ retry: { maxAttempts: 0, backoffRate: 1, interval: Duration.seconds(1), errors: ['States.ALL'] } })).not.toThrow();
    expect(() => saga({ retry: { maxAttempts: 99, backoffRate: 10, maxDelay: Duration.seconds(31_622_400) } })).not.toThrow();
    expect(() => saga({ compensationRetry: { errors: ['Refund.Pending', 'States.Timeout'], backoffRate: 1.5 } })).not.toThrow();
  });
});

describe('Saga bad input: names', () => {
  const t80 = 'S'.repeat(80);
  test.each<[string, Partial<SagaStep>, boolean, RegExp]>([
    ['a step name is longer than 80 characters', { name: 'S'.repeat(81), compensation: undefined }, false,
      /invalid steps\[0\]\.name 'S{81}': the name has 81 characters\. Allowed: letters, digits, hyphens and underscores, 1 to 80 characters\. Fix: shorten steps\[0\]\.name to 80 characters or fewer/],
    ['a step name leaves no room for the compensation\'s state name', { name: 'S'.repeat(70) }, false,
      /invalid steps\[0\]\.name 'S{70}': the state name 'S{70}-Compensate' would have 81 characters, over its limit of 80\. Allowed: .* 1 to 69 characters\. Fix: shorten steps\[0\]\.name to 69 characters or fewer/],
    ['a step name leaves no room for the saga log\'s state names', { name: 'S'.repeat(65) }, true,
      /invalid steps\[0\]\.name 'S{65}': the state name 'S{65}-Log-COMPENSATED' would have 81 characters.*1 to 64 characters/],
    ['a step name has a character Step Functions refuses in a state name here', { name: 'Pay now' }, false,
      /invalid steps\[0\]\.name 'Pay now': the name may only contain letters, digits, hyphens and underscores.*Fix: remove the other characters/],
    ['a step name is empty', { name: '' }, false, /invalid steps\[0\]\.name '': a name is required/],
    ['a step without a compensation leaves no room for the saga log\'s FAILED write', { name: 'S'.repeat(70), compensation: undefined }, true,
      /invalid steps\[0\]\.name 'S{70}': the state name 'S{70}-Log-FAILED' would have 81 characters.*1 to 69 characters/],
    ['a step is named like the saga log\'s last write', { name: 'SagaLogSucceeded' }, false,
      /invalid steps\[0\]\.name 'SagaLogSucceeded': 'SagaLogSucceeded' collides with a state the saga creates itself.*Fix: rename the step 'SagaLogSucceeded'/],
    ['a step is named like one of the saga\'s own states', { name: 'SagaFailed' }, false,
      /invalid steps\[0\]\.name 'SagaFailed': 'SagaFailed' collides with a state the saga creates itself.*Fix: rename the step 'SagaFailed'/],
    ['a step is named like the Pass that builds the state after the first step failed', { name: 'SagaFirstStepFailed' }, false,
      /invalid steps\[0\]\.name 'SagaFirstStepFailed': 'SagaFirstStepFailed' collides with a state the saga creates itself.*Fix: rename the step 'SagaFirstStepFailed'/],
    ['a step is named like the Pass that builds the state after the first primary failed', { name: 'SagaFirstPrimaryFailed' }, false,
      /invalid steps\[0\]\.name 'SagaFirstPrimaryFailed': 'SagaFirstPrimaryFailed' collides with a state the saga creates itself/],
  ])('fails when %s', (_, step, logged, message) => {
    const make = () => {
      const t = topology();
      return saga(step, logged ? { log: store(t, {}) } : {}, t);
    };
    expect(make).toThrow(message);
    expect(make).toThrow(SHAPE);
  });

  test('accepts the longest step names each shape of step allows', () => {
    expect(() => saga({ name: t80, compensation: undefined })).not.toThrow();
    expect(() => saga({ name: 'S'.repeat(69) })).not.toThrow();
    const t = topology();
    expect(() => saga({ name: 'S'.repeat(64) }, { log: store(t, {}) }, t)).not.toThrow();
    const t2 = topology();
    expect(() => saga({ name: 'S'.repeat(69), compensation: undefined }, { log: store(t2, {}) }, t2)).not.toThrow();
  });

  test('fails when the state machine name made of serviceName, id and region would pass 80 characters', () => {
    const make = () => saga({}, {}, topology('S'.repeat(62)));
    expect(make).toThrow(/invalid id 'Checkout': it names the state machine in each cell \('S{62}-Checkout-us-east-1'\).*at most 80 characters.*Fix: give the saga a shorter id .*or the topology a shorter serviceName/);
  });

  test.each<[string, string, RegExp]>([
    ['its parents\' ids, in the state machine name, make it pass 80 characters', 'T'.repeat(60),
      /^\[Shop\/us-east-1\/T{60}\/Checkout\] invalid id 'Checkout': it names the state machine in each cell \('Shop-T{60}-Checkout-us-east-1'\).*Allowed: .*at most 4 characters here\. Fix: give the saga a shorter id .*, or its parents \('T{60}' in the name\) shorter ids of those characters\)\.$/s],
    ['a parent id has a character a state machine name refuses', 'Team A',
      /^\[Shop\/us-east-1\/Team A\/Checkout\] invalid id 'Checkout': it names the state machine in each cell \('Shop-Team A-Checkout-us-east-1'\), which must be letters, digits, hyphens and underscores.*\('Team A' in the name\)/s],
  ])('fails when a saga nested in a cell: %s', (_, parent, message) => {
    const make = () => {
      const t = topology('Shop');
      return new Saga(new Construct(t.primaryCell, parent), 'Checkout', { steps: [{ name: 'Pay', action: task(t, 'PayFn') }] });
    };
    expect(make).toThrow(message);
    expect(make).toThrow(/^\[[^\]]+\] invalid \S+ .+: .+\. Allowed: .+\. Fix: .+\.$/s);
  });

  test('accepts a nested saga whose state machine name, with its parents\' ids, is exactly 80 characters', () => {
    // 'Shop-' + 'Team-' + id + '-us-east-1' is 80 characters with an id of 60.
    const t = topology();
    const nested = new Saga(new Construct(t.primaryCell, 'Team'), 'C'.repeat(60), { steps: [{ name: 'Pay', action: task(t, 'PayFn') }] });
    expect(nested.replicas.map((r) => r.node.path)).toEqual([`Shop/us-east-1/Team/${'C'.repeat(60)}/Resource`]);
  });

  test('accepts a state machine name of exactly 80 characters', () => {
    // 'Shop-' + id + '-us-east-1' is 80 characters with an id of 65.
    expect(() => saga({}, {}, topology(), 'C'.repeat(65))).not.toThrow();
  });
});

describe('Saga bad input: the saga log, durations and tasks', () => {
  test.each<[string, () => Saga, RegExp]>([
    ['the log\'s partition key is not a string (every log write would fail, and the catch would hide it)', () => {
      const t = topology();
      return saga({}, { log: store(t, { partitionKey: { name: 'id', type: AttributeType.NUMBER } }) }, t);
    }, /invalid log 'Shop\/SagaLog': its partition key 'id' is of type N, and the saga writes the execution name, a string.*Allowed: a GlobalTableStore whose partition key is AttributeType\.STRING, without a sort key/],
    ['the log has a sort key the writes do not name', () => {
      const t = topology();
      return saga({}, { log: store(t, { sortKey: { name: 'at', type: AttributeType.STRING } }) }, t);
    }, /invalid log 'Shop\/SagaLog': it has a sort key 'at', and the saga's writes name the partition key only.*Fix: give the saga log its own store/],
    ['a step is named like the log\'s partition key (an update cannot change a key attribute, and the catch would hide it)', () => {
      const t = topology();
      return saga({ name: 'id' }, { log: store(t, {}) }, t);
    }, /invalid steps\[0\]\.name 'id': the saga log records each step's outcome in an attribute named after the step, and 'id' is the log's partition key, which an update cannot change.*Allowed: a step name other than the log's partition key name 'id'\. Fix: rename the step, or key the saga log on another attribute name/],
    ['the saga timeout is a fraction of a second', () => saga({}, { timeout: Duration.millis(1500) }),
      /invalid timeout Duration\.millis\(1500\): the service counts whole seconds/],
    ['the saga timeout is longer than a Standard workflow runs', () => saga({}, { timeout: Duration.days(400) }),
      /invalid timeout Duration\.days\(400\): the duration is longer than 365 days \(a Standard workflow runs at most a year/],
    ['a step timeout is a fraction of a second', () => saga({ timeout: Duration.millis(500) }),
      /invalid steps\[0\]\.timeout Duration\.millis\(500\): the service counts whole seconds/],
    ['a step has no action', () => saga({ action: undefined as any }),
      /invalid steps\[0\]\.action undefined: every step needs an action\. Allowed: a SagaTask/],
    ['a compensation is not a SagaTask', () => saga({ compensation: {} as any }),
      /invalid steps\[0\]\.compensation \{\}: it is not a SagaTask/],
    ['a step without a compensation has a compensation retry (it would retry nothing)', () => saga({ compensation: undefined, compensationRetry: { maxAttempts: 2 } }),
      /invalid steps\[0\]\.compensationRetry \{ maxAttempts: 2 \}: it does nothing: the step 'Pay' has no compensation to retry\. Allowed: compensationRetry only on a step with a compensation\. Fix: remove steps\[0\]\.compensationRetry, or give the step a compensation\./],
    ['a step timeout is longer than the saga\'s (the saga times out first)', () => saga({ timeout: Duration.minutes(5) }, { timeout: Duration.minutes(1) }),
      /invalid steps\[0\]\.timeout Duration\.minutes\(5\): it does nothing: the saga's own timeout \(1 minute\) ends the execution first\. Allowed: a step timeout up to the saga's timeout \(1 minute\)\. Fix: shorten steps\[0\]\.timeout, or lengthen the saga's timeout\./],
    ['encryption is not a boolean (a string used to be taken as true)', () => saga({}, { encryption: 'no' as any }),
      /invalid encryption 'no': the setting is a boolean\. Allowed: one of true, false/],
  ])('fails when %s', (_, make, message) => {
    expect(make).toThrow(message);
    expect(make).toThrow(SHAPE);
  });

  test('accepts a string-keyed log, and timeouts at their edges', () => {
    const t = topology();
    expect(() => saga({ timeout: Duration.seconds(1) }, { log: store(t, {}), timeout: Duration.days(365) }, t)).not.toThrow();
    // Without a log, a step may take any name, the one a log's key would have included.
    expect(() => saga({ name: 'id' })).not.toThrow();
  });
});
