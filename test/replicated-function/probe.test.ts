import { createRequire } from 'node:module';
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { MultiRegionTopology, ReplicatedCode, ReplicatedFunction, ReplicatedFunctionProps } from '../../src';
import { PROBE_HANDLER_SOURCE } from '../../src/replicated-function/probe-source';
import { Behaviour, LoopbackLambda, TEST_ACCOUNT, expectNoUnacknowledgedFindings, refusingEndpoint, testApp } from '../harness';

function probed(props: Partial<ReplicatedFunctionProps> = {}, app = testApp()): ReplicatedFunction {
  const t = new MultiRegionTopology(app, 'Orders', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: ['us-east-1', 'eu-west-1'] });
  return new ReplicatedFunction(t, 'Api', {
    runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('x'), probe: {}, ...props,
  });
}

describe('ReplicatedFunction regional probe', () => {
  test('each cell: a scheduled probe of its own alias, and an alarm when it fails or goes silent', () => {
    const fn = probed();

    for (const replica of fn.replicas) {
      const template = Template.fromStack(replica.cell);
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: 'Orders-Api-probe',
        Runtime: 'nodejs24.x',
        Environment: { Variables: { TARGET: { Ref: Match.stringLikeRegexp('^ApiAlias') }, PAYLOAD: '{"probe":true}', FUNCTION_NAME: 'Orders-Api' } },
      });
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(1 minute)',
        Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0 } })],
      });
      // Lambda's own asynchronous retries (2 by default) are off too: the next scheduled probe is the retry.
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: Match.stringLikeRegexp('^ApiProbe') },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 0,
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'CdkResilientServerless/Probe',
        MetricName: 'ProbeSuccess',
        Statistic: 'Minimum',
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        EvaluationPeriods: 2,
        TreatMissingData: 'breaching',
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^ApiProbeRole') }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: { Ref: Match.stringLikeRegexp('^ApiAlias') } })]) },
      });
      expect(replica.probeAlarm).toBeDefined();
    }
  });

  test('no probe unless asked for', () => {
    const fn = probed({ probe: undefined });
    Template.fromStack(fn.replica('us-east-1').cell).resourceCountIs('AWS::Events::Rule', 0);
    expect(fn.replica('us-east-1').probeAlarm).toBeUndefined();
  });

  test('passes cdk-nag, the Control Tower guard rules and aws-cdk-lib validation', () => {
    const app = testApp();
    probed({ probe: { interval: Duration.minutes(5), payload: '{"ping":1}' } }, app);
    expectNoUnacknowledgedFindings(app);
  });

  test('fails when the interval is not whole minutes or the payload is not JSON', () => {
    expect(() => probed({ probe: { interval: Duration.seconds(30) } })).toThrow(/\[Orders\/Api\] invalid probe\.interval Duration\.seconds\(30\): .*\(EventBridge schedules run in whole minutes/);
    expect(() => probed({ probe: { payload: 'ping' } })).toThrow(/invalid probe\.payload 'ping': the probe sends its payload as the invocation's JSON event/);
  });
});

describe('the probe handler, run with the real SDK against a loopback Lambda', () => {
  let server: LoopbackLambda;
  const saved = { ...process.env };

  beforeEach(async () => {
    server = await LoopbackLambda.start('eu-west-1');
  });

  afterEach(async () => {
    process.env = { ...saved };
    await server.stop();
  });

  /** Evaluates the inline source as Lambda would load index.js, with Node's own require (the SDK from node_modules). */
  function loadHandler(): () => Promise<any> {
    const module = { exports: {} as any };
    new Function('require', 'module', 'exports', PROBE_HANDLER_SOURCE)(createRequire(__filename), module, module.exports);
    return module.exports.handler;
  }

  async function probe(endpoint: string): Promise<{ result: any; metrics: any }> {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_LAMBDA: endpoint,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'loopback',
      AWS_SECRET_ACCESS_KEY: 'loopback',
      TARGET: 'arn:aws:lambda:eu-west-1:123456789012:function:Orders-Api:live',
      PAYLOAD: '{"probe":true}',
      NAMESPACE: 'CdkResilientServerless/Probe',
      FUNCTION_NAME: 'Orders-Api',
    });
    const logged: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void logged.push(line));
    try {
      const result = await loadHandler()();
      return { result, metrics: JSON.parse(logged[0]) };
    } finally {
      log.mockRestore();
    }
  }

  test('a healthy replica: ProbeSuccess 1 in the Embedded Metric Format, after one invocation of the alias', async () => {
    const { result, metrics } = await probe(server.endpoint);

    expect(result).toMatchObject({ success: 1 });
    expect(server.requests).toEqual([{ functionName: 'arn:aws:lambda:eu-west-1:123456789012:function:Orders-Api:live', payload: { probe: true } }]);
    expect(metrics).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: 'CdkResilientServerless/Probe', Dimensions: [['FunctionName']] }] },
      FunctionName: 'Orders-Api',
      ProbeSuccess: 1,
      ProbeLatency: expect.any(Number),
    });
  });

  test.each<[string, Behaviour]>([
    ['a function error', { kind: 'function-error' }],
    ['a 500', { kind: 'server-error' }],
    ['a throttle', { kind: 'throttle' }],
  ])('an unhealthy replica (%s): ProbeSuccess 0', async (_, behaviour) => {
    server.behave(behaviour);
    const { metrics } = await probe(server.endpoint);
    expect(metrics).toMatchObject({ ProbeSuccess: 0, error: expect.any(String) });
  });

  test('an unreachable Lambda endpoint: ProbeSuccess 0', async () => {
    const { metrics } = await probe(await refusingEndpoint());
    expect(metrics).toMatchObject({ ProbeSuccess: 0, error: expect.stringMatching(/ECONNREFUSED/) });
  });
});
