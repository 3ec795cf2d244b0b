import { mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, App, CfnOutput, CfnResource, RemovalPolicy, Stack, Stage, Validations } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { TEST_RUN_DIR_VARIABLE, expectNoUnacknowledgedFindings, runCheckers, testApp } from '.';
import { cfnLintInstalled } from './cfn-lint';
import { finishTestRun, startTestRun } from './test-run';

// The harness is only worth something if it fails: every test here starts from a fixture with known findings.

function unsafeQueue(app: App): { stack: Stack; queue: Queue } {
  const stack = new Stack(app, 'Fixture', { env: { account: '123456789012', region: 'us-east-1' } });
  const group = new Construct(stack, 'Group');
  const queue = new Queue(group, 'Queue');
  return { stack, queue };
}

const QUEUE_FINDINGS = [
  'AwsSolutions-SQS3',
  'AwsSolutions-SQS4',
  'Serverless-SQSRedrivePolicy',
  'cdk-validator-cfnguard::sqs_dlq_check',
  'cdk-validator-cfnguard::sqs_queue_encrypted_check',
];

const REASON = 'fixture: this queue exists only to trigger the checkers';

describe('checkers', () => {
  test('report what cdk-nag, cfn-guard and aws-cdk-lib find, at the resource\'s construct path', () => {
    // GIVEN a queue with no DLQ, no TLS policy and no encryption, and a warning annotation
    const app = testApp();
    const { queue } = unsafeQueue(app);
    Annotations.of(queue).addWarningV2('fixture:warning', 'a warning the app should not ship with');

    // WHEN
    const report = runCheckers(app);

    // THEN
    expect(report.unacknowledged.map((f) => `${f.checker} ${f.id} ${f.path}`).sort()).toEqual([
      'cdk-nag AwsSolutions-SQS3 Fixture/Group/Queue/Resource',
      'cdk-nag AwsSolutions-SQS4 Fixture/Group/Queue/Resource',
      'cdk-nag Serverless-SQSRedrivePolicy Fixture/Group/Queue/Resource',
      'cfn-guard cdk-validator-cfnguard::sqs_dlq_check Fixture/Group/Queue/Resource',
      'cfn-guard cdk-validator-cfnguard::sqs_queue_encrypted_check Fixture/Group/Queue/Resource',
      'cloudformation annotation::fixture:warning Fixture/Group/Queue',
    ]);
    expect(() => expectNoUnacknowledgedFindings(app)).toThrow(/6 checker problem\(s\):\n {2}\[cdk-nag error\] AwsSolutions-SQS3 at Fixture\/Group\/Queue\/Resource: The SQS queue is not used as a dead-letter queue/);
  });

  test('report the regulated packs\' findings: NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1', () => {
    // GIVEN a log group without a KMS key, which AwsSolutions and Serverless accept and all three regulated packs refuse
    const app = testApp();
    const stack = new Stack(app, 'Fixture', { env: { account: '123456789012', region: 'us-east-1' } });
    new LogGroup(stack, 'Logs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.DESTROY });

    // WHEN
    const report = runCheckers(app);

    // THEN
    expect(report.unacknowledged.filter((f) => f.checker === 'cdk-nag').map((f) => `${f.id} ${f.path}`).sort()).toEqual([
      'HIPAA.Security-CloudWatchLogGroupEncrypted Fixture/Logs/Resource',
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted Fixture/Logs/Resource',
      'PCI.DSS.321-CloudWatchLogGroupEncrypted Fixture/Logs/Resource',
    ]);
  });

  test('pass once every exact finding is acknowledged with a reason, on the resource or an ancestor', () => {
    const app = testApp();
    const { stack, queue } = unsafeQueue(app);
    Validations.of(queue).acknowledge(...QUEUE_FINDINGS.slice(0, 3).map((id) => ({ id, reason: REASON })));
    Validations.of(stack).acknowledge(...QUEUE_FINDINGS.slice(3).map((id) => ({ id, reason: REASON })));

    const report = expectNoUnacknowledgedFindings(app);

    expect(report.findings).toHaveLength(5);
    expect(report.unacknowledged).toEqual([]);
  });

  test('fail when an acknowledgement sits on a sibling instead of the resource or an ancestor', () => {
    const app = testApp();
    const { stack, queue } = unsafeQueue(app);
    Validations.of(queue).acknowledge(...QUEUE_FINDINGS.slice(1).map((id) => ({ id, reason: REASON })));
    const sibling = new Construct(stack, 'Sibling');
    Validations.of(sibling).acknowledge({ id: 'AwsSolutions-SQS3', reason: REASON });

    const report = runCheckers(app);

    expect(report.unacknowledged.map((f) => f.id)).toEqual(['AwsSolutions-SQS3']);
    expect(report.stale).toEqual(['Fixture/Sibling: annotation::AwsSolutions-SQS3']);
  });

  test('fail on a stale acknowledgement that matches no finding', () => {
    const app = testApp();
    const { queue } = unsafeQueue(app);
    Validations.of(queue).acknowledge(...[...QUEUE_FINDINGS, 'AwsSolutions-L1'].map((id) => ({ id, reason: REASON })));

    expect(() => expectNoUnacknowledgedFindings(app)).toThrow(
      /\[stale acknowledgement\] Fixture\/Group\/Queue: annotation::AwsSolutions-L1 matches no finding: remove it/,
    );
  });

  test('fail on an acknowledgement without a real reason', () => {
    const app = testApp();
    const { queue } = unsafeQueue(app);
    Validations.of(queue).acknowledge(...QUEUE_FINDINGS.map((id) => ({ id, reason: id === 'AwsSolutions-SQS4' ? 'ok' : REASON })));

    expect(() => expectNoUnacknowledgedFindings(app)).toThrow(
      /\[acknowledgement without a reason\] Fixture\/Group\/Queue: annotation::AwsSolutions-SQS4 \(reason: 'ok'\)/,
    );
  });

  test('report an error annotation as an aws-cdk-lib finding', () => {
    const app = testApp();
    const stack = new Stack(app, 'Fixture', { env: { account: '123456789012', region: 'us-east-1' } });
    Annotations.of(stack).addError('this stack cannot deploy');

    expect(runCheckers(app).unacknowledged).toEqual([
      expect.objectContaining({ checker: 'cloudformation', level: 'error', path: 'Fixture', message: 'this stack cannot deploy' }),
    ]);
  });

  test('report a template past a CloudFormation limit', () => {
    const app = testApp();
    const stack = new Stack(app, 'Fixture', { env: { account: '123456789012', region: 'us-east-1' } });
    for (let i = 0; i < 201; i++) new CfnOutput(stack, `Output${i}`, { value: `${i}` });

    expect(runCheckers(app).unacknowledged).toEqual([
      expect.objectContaining({
        id: 'CloudFormation-Outputs',
        path: 'Fixture',
        message: '201 Outputs in stack Fixture; CloudFormation accepts at most 200',
      }),
    ]);
  });

  test('tell apart stacks of the same name in two stages', () => {
    const app = testApp();
    for (const [stage, outputs] of [['Beta', 1], ['Prod', 201]] as const) {
      const stack = new Stack(new Stage(app, stage), 'Service', { stackName: 'Service', env: { account: '123456789012', region: 'us-east-1' } });
      for (let i = 0; i < outputs; i++) new CfnOutput(stack, `Output${i}`, { value: `${i}` });
    }

    expect(runCheckers(app).unacknowledged.map((f) => `${f.id} ${f.path}`)).toEqual(['CloudFormation-Outputs Prod/Service']);
  });

  test('report a template whose resources depend on each other in a cycle', () => {
    const app = testApp();
    const stack = new Stack(app, 'Fixture', { env: { account: '123456789012', region: 'us-east-1' } });
    const a = new CfnResource(stack, 'A', { type: 'AWS::SNS::Topic' });
    const b = new CfnResource(stack, 'B', { type: 'AWS::SNS::Topic' });
    a.addDependency(b);
    b.addDependency(a);

    expect(runCheckers(app).unacknowledged).toEqual([
      expect.objectContaining({ id: 'CloudFormation-DependencyCycle', path: 'Fixture', message: expect.stringMatching(/dependency cycle/) }),
    ]);
  });

  test('report a named resource that a rolled-back creation would keep (Retain, not RetainExceptOnCreate)', () => {
    // GIVEN named log groups retained always and retained except on create, and an unnamed retained one
    const app = testApp();
    const stack = new Stack(app, 'Fixture', { env: { account: '123456789012', region: 'us-east-1' } });
    new LogGroup(stack, 'Kept', { logGroupName: 'kept', removalPolicy: RemovalPolicy.RETAIN });
    new LogGroup(stack, 'KeptExceptOnCreate', { logGroupName: 'kept-except-on-create', removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE });
    new LogGroup(stack, 'Unnamed', { removalPolicy: RemovalPolicy.RETAIN });

    // WHEN
    const findings = runCheckers(app).unacknowledged.filter((f) => f.checker === 'cloudformation');

    // THEN only the named, always-retained one is reported
    expect(findings).toEqual([expect.objectContaining({
      id: 'Lifecycle-NamedRetain', path: 'Fixture/Kept/Resource', message: expect.stringMatching(/LogGroupName="kept" is DeletionPolicy Retain/),
    })]);
  });
});

// cfn-lint runs once per jest run, in the global teardown; these tests start and finish a run of their own, in a folder
// they own, through the same functions. In CI cfn-lint must be installed, so there they always run.
const withCfnLint = cfnLintInstalled() || process.env.CI === 'true' ? test : test.skip;

describe('cfn-lint over a test run', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'run-root-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A stack whose one resource passes cdk-nag, cfn-guard and aws-cdk-lib, with `tier` as its parameter tier. */
  function parameterStack(app: App, tier: string): Stack {
    const stack = new Stack(app, 'Fixture', { env: { account: '123456789012', region: 'us-east-1' } });
    new CfnResource(new Construct(stack, 'Group'), 'Parameter', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: 'x', Tier: tier } });
    return stack;
  }

  test('points temporary files at the jest run\'s folder: an App without an outdir synthesizes there', () => {
    const app = new App();
    new StringParameter(new Stack(app, 'Scratch'), 'Parameter', { stringValue: 'x' });

    expect(app.synth().directory.startsWith(realpathSync(process.env[TEST_RUN_DIR_VARIABLE]!))).toBe(true);
  });

  withCfnLint('fails the run on a cfn-lint error, naming the test, the stack and the construct, and still cleans up', () => {
    // GIVEN a run in which a checked template holds a value CloudFormation rejects ('Basic' is no parameter tier)
    const run = startTestRun(root);
    const app = testApp();
    parameterStack(app, 'Basic');
    expectNoUnacknowledgedFindings(app);

    // WHEN the run finishes THEN cfn-lint's error fails it, mapped back to where it came from
    expect(() => finishTestRun(run)).toThrow(
      /^cfn-lint: 1 unacknowledged finding\(s\) in 1 template\(s\):\n {2}\[cfn-lint E\d+\] Fixture\/Group\/Parameter in stack Fixture \(test 'test\/harness\/checkers\.test\.ts › cfn-lint over a test run fails the run on a cfn-lint error[^']*'\): .*Basic/);
    expect(readdirSync(root)).toEqual([]);
  });

  withCfnLint('lints each checked template once, and leaves nothing behind: apps, records and temporary files', () => {
    // GIVEN a run in which two tests check the same clean template, and a temporary file
    const run = startTestRun(root);
    for (let i = 0; i < 2; i++) {
      const app = testApp();
      parameterStack(app, 'Standard');
      expectNoUnacknowledgedFindings(app);
    }
    writeFileSync(join(mkdtempSync(join(tmpdir(), 'scratch-')), 'file.txt'), 'x');

    // WHEN
    const result = finishTestRun(run);

    // THEN
    expect(result).toEqual({ linted: 1, problems: [] });
    expect(readdirSync(root)).toEqual([]);
  });
});
