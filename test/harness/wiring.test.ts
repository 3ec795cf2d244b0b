import { App } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OTHER_ACCOUNT, TEST_ACCOUNT, expectRuntimeWiring, proveRuntimeWiring, runtimeWiringRequests, testApp } from '.';
import { simulate, simulatorStats } from './simulator';
import { MultiRegionTopology, ReplicatedCode, ReplicatedFunction } from '../../src';
import { declareServiceManaged } from '../../src/private/interactions';

/** A two-region topology with one replicated function (its alarms notify each cell's encrypted topic). */
function functionApp(regions = ['us-east-1', 'eu-west-1']): App {
  const app = testApp();
  const t = new MultiRegionTopology(app, 'Wired', { account: TEST_ACCOUNT, primaryRegion: regions[0], regions });
  new ReplicatedFunction(t, 'Fn', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({});') });
  return app;
}

/** Every statement of every resource of `type` in `template` that `keep` refuses, removed. */
function removeStatements(template: any, type: string, keep: (statement: any) => boolean): void {
  for (const resource of Object.values<any>(template.Resources)) {
    if (resource.Type !== type) continue;
    const document = resource.Properties.PolicyDocument ?? resource.Properties.KeyPolicy;
    document.Statement = document.Statement.filter(keep);
  }
}

const isCloudWatch = (statement: any) => statement.Principal?.Service === 'cloudwatch.amazonaws.com';

describe('runtime wiring proof', () => {
  test('proves every declared interaction of a topology allowed, and the negative cases denied', () => {
    // GIVEN
    const app = functionApp();

    // WHEN
    const report = expectRuntimeWiring(app);

    // THEN: per region, the alarms' publishes, log writes and key use, dead-letter sends, CodeDeploy, the endpoint
    expect(report.proved).toBeGreaterThan(20);
    expect(report.denied).toBeGreaterThan(report.proved);
  });

  test('fails when the topic policy does not let CloudWatch publish (the policy SNS replaces its default with)', () => {
    // GIVEN
    const app = functionApp();

    // WHEN
    const report = proveRuntimeWiring(app, {
      editTemplates: (templates) => removeStatements(templates['Wired-eu-west-1'], 'AWS::SNS::TopicPolicy', (s) => !isCloudWatch(s)),
    });

    // THEN
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.problems.every((p) => p.includes('cloudwatch.amazonaws.com sns:Publish') && p.includes('ImplicitlyDenied, but the construct relies on it'))).toBe(true);
    expect(report.problems.some((p) => p.startsWith('Wired/eu-west-1/Fn/ErrorsAlarm'))).toBe(true);
  });

  test('fails when the key does not let CloudWatch encrypt for the encrypted topic, evaluating the encryption context itself', () => {
    const app = functionApp();

    const report = proveRuntimeWiring(app, {
      editTemplates: (templates) => removeStatements(templates['Wired-us-east-1'], 'AWS::KMS::Key', (s) => !isCloudWatch(s)),
    });

    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.problems.every((p) => p.includes('cloudwatch.amazonaws.com kms:'))).toBe(true);
  });

  test('fails when CloudWatch Logs may use the key for another log group than the one it encrypts', () => {
    // GIVEN: the key's logs statement narrowed to a log group that is not the function's
    const app = functionApp();

    const report = proveRuntimeWiring(app, {
      editTemplates: (templates) => {
        for (const resource of Object.values<any>(templates['Wired-us-east-1'].Resources)) {
          if (resource.Type !== 'AWS::KMS::Key') continue;
          for (const statement of resource.Properties.KeyPolicy.Statement) {
            if (statement.Condition?.ArnLike?.['kms:EncryptionContext:aws:logs:arn']) {
              statement.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'] = `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:/other`;
            }
          }
        }
      },
    });

    // THEN
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.problems.every((p) => p.includes('logs.us-east-1.amazonaws.com kms:'))).toBe(true);
  });

  test('fails when a policy is wrongly broad: a negative case gets Allowed', () => {
    // GIVEN: a topic policy that lets anyone, from any account, publish
    const app = functionApp();

    const report = proveRuntimeWiring(app, {
      editTemplates: (templates) => {
        for (const resource of Object.values<any>(templates['Wired-us-east-1'].Resources)) {
          if (resource.Type !== 'AWS::SNS::TopicPolicy') continue;
          resource.Properties.PolicyDocument.Statement.push({ Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: '*' });
        }
      },
    });

    // THEN
    expect(report.problems.some((p) => p.includes('by an anonymous caller: Allowed, but must be denied'))).toBe(true);
    expect(report.problems.some((p) => p.includes('acting for another account: Allowed, but must be denied'))).toBe(true);
    expect(OTHER_ACCOUNT).not.toBe(TEST_ACCOUNT);
  });

  test('fails when a library construct owns a queue that no declaration names', () => {
    // GIVEN: a queue inside a replica, used by nothing the construct declares
    const app = functionApp();
    const replica = (app.node.findAll().find((c) => c instanceof ReplicatedFunction) as ReplicatedFunction).replicas[0];
    new Queue(replica as Construct, 'Forgotten');

    // WHEN
    const report = proveRuntimeWiring(app);

    // THEN
    expect(report.problems).toEqual([expect.stringMatching(/^Wired\/us-east-1\/Fn\/Forgotten\/Resource \(AWS::SQS::Queue\) of Wired\/us-east-1\/Fn: no declared interaction names it/)]);
  });

  test.each([
    ['accepts', 'SQS moves dead letters into this queue itself; no principal of the app writes to it', []],
    ['still reports', 'too short', [expect.stringMatching(/Forgotten\/Resource \(AWS::SQS::Queue\) .*no declared interaction names it/)]],
  ])('%s a queue declared service-managed with a reason of %s', (_, reason, problems) => {
    // GIVEN: a queue only the service itself writes to (a redrive target), declared so
    const app = functionApp();
    const replica = (app.node.findAll().find((c) => c instanceof ReplicatedFunction) as ReplicatedFunction).replicas[0];
    declareServiceManaged(new Queue(replica as Construct, 'Forgotten'), reason as string);

    // WHEN
    const report = proveRuntimeWiring(app);

    // THEN
    expect(report.problems).toEqual(problems);
  });

  test('evaluates each request as runSimulation does (validated on every call), by its fast path', () => {
    // GIVEN: every request the proof makes of a topology no other test proves (none answered from the cache)
    const requests = runtimeWiringRequests(functionApp(['us-west-2', 'eu-central-1']));
    const before = simulatorStats();

    // WHEN
    const fast = simulate(requests);
    const after = simulatorStats();
    const checked = simulate(requests, { checked: true });

    // THEN: the same outcome for each, and the fast path answered every request it evaluated
    expect(fast).toEqual(checked);
    expect(after.evaluated - before.evaluated).toBeGreaterThan(100);
    expect(after.fast - before.fast).toBe(after.evaluated - before.evaluated);
    expect(new Set(checked)).toEqual(new Set(['Allowed', 'ImplicitlyDenied']));
  });
});
