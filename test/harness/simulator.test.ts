import { SimulationRequest, simulate, simulatorStats } from './simulator';

const ACCOUNT = '123456789012';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:alarms`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/publisher`;

function publish(statement: any, overrides: Partial<SimulationRequest> = {}): SimulationRequest {
  return {
    principal: ROLE,
    action: 'sns:Publish',
    resource: TOPIC,
    resourceAccount: ACCOUNT,
    context: { 'aws:SecureTransport': 'true', 'aws:PrincipalArn': ROLE },
    identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: TOPIC, ...statement }] }],
    ...overrides,
  };
}

/** Requests where a shortcut around runSimulation's checks could answer differently, and runSimulation's answer. */
const EDGE_CASES: Record<string, [SimulationRequest, string]> = {
  'a plain allow': [publish({}), 'Allowed'],
  'a condition on a context key the action does not allow (runSimulation drops the key)': [publish(
    { Condition: { StringEquals: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } } },
    { context: { 'aws:SecureTransport': 'true', 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } }), 'ImplicitlyDenied'],
  'an array-typed context key given as one string': [publish(
    { Condition: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': 'cloudformation.amazonaws.com' } } },
    { context: { 'aws:CalledVia': 'cloudformation.amazonaws.com' } }), 'Allowed'],
  'an invalid identity policy': [publish({ Effect: 'Maybe' }), 'error: {"identityPolicyErrors"'],
  'an invalid resource policy': [publish({}, { resourcePolicy: { Version: '2012-10-17', Statement: [{ Principal: '*', Action: 'sns:Publish', Resource: TOPIC }] } }),
    'error: {"resourcePolicyErrors"'],
  'an action that does not exist': [publish({ Action: 'sns:Shout' }, { action: 'sns:Shout' }), 'error: {"message":"invalid.action"}'],
  'a wildcard resource': [publish({ Resource: '*' }, { resource: `arn:aws:sns:us-east-1:${ACCOUNT}:*` }), 'Allowed'],
  'an anonymous caller with identity policies': [publish({}, { principal: { type: 'Anonymous' } }), 'error: {"anonymousRequestErrors"'],
  'an anonymous caller and a resource policy': [publish({}, {
    principal: { type: 'Anonymous' },
    identityPolicies: [],
    resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: TOPIC }] },
  }), 'Allowed'],
};

describe('IAM policy simulator', () => {
  test('answers as runSimulation itself does, where a shortcut around its checks could not', () => {
    // GIVEN
    const names = Object.keys(EDGE_CASES);
    const requests = names.map((name) => EDGE_CASES[name][0]);

    // WHEN: the fast path one request at a time, so later requests to the same topic bring context keys it has not seen
    const checked = simulate(requests, { checked: true });
    const fast = requests.map((request) => simulate([request])[0]);

    // THEN: the same answers, and they are runSimulation's
    const byName = (outcomes: string[]) => Object.fromEntries(names.map((name, i) => [name, outcomes[i]]));
    expect(byName(fast)).toEqual(byName(checked));
    expect(names.filter((name, i) => !checked[i].startsWith(EDGE_CASES[name][1]))).toEqual([]);
  });

  test('answers a repeated request from its cache, and a changed policy anew', () => {
    // GIVEN
    const allow = publish({ Sid: 'Cached' });
    const deny = publish({ Sid: 'Cached', Effect: 'Deny' });
    const first = simulate([allow]);
    const before = simulatorStats();

    // WHEN
    const again = simulate([allow, allow]);
    const afterRepeat = simulatorStats();
    const changed = simulate([deny]);

    // THEN
    expect([first, again, changed]).toEqual([['Allowed'], ['Allowed', 'Allowed'], ['ExplicitlyDenied']]);
    expect(afterRepeat).toEqual({ ...before, reused: before.reused + 2 });
    expect(simulatorStats().evaluated).toBe(before.evaluated + 1);
  });
});
