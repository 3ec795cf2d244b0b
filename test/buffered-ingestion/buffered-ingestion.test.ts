import { Duration, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { REGIONS, consumer, ingestion, topology } from './fixtures';
import { BufferedIngestion } from '../../src';
import { expectNoUnacknowledgedFindings, snapshotOf } from '../harness';

describe('BufferedIngestion resources', () => {
  test('an SSE-SQS queue in every cell, drained into the replica\'s alias at the leak rate, with partial batch failures', () => {
    const intake = ingestion({ maxConcurrency: 5 });

    expect(intake.replicas.map((r) => r.region)).toEqual(REGIONS);
    for (const replica of intake.replicas) {
      const template = Template.fromStack(replica.queue.stack);
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: 'Orders-Intake',
        SqsManagedSseEnabled: true,
        // Six times the function's 10-second timeout, as AWS advises, plus no batching window.
        VisibilityTimeout: 60,
        MessageRetentionPeriod: 4 * 86400,
        RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
      });
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: 'Orders-Intake-dlq',
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86400,
        RedriveAllowPolicy: { redrivePermission: 'byQueue', sourceQueueArns: [`arn:aws:sqs:${replica.region}:123456789012:Orders-Intake`] },
      });
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { 'Fn::Join': ['', [Match.anyValue(), ':live']] },
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: 0,
        ScalingConfig: { MaximumConcurrency: 5 },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      template.hasResourceProperties('AWS::SSM::Parameter', {
        Name: '/cdk-resilient-serverless/Orders/queues/Intake/queue-url',
        Value: { Ref: Match.stringLikeRegexp('Queue') },
      });
    }
  });

  test('alarms on the age of the oldest message and on dead letters, to the cell\'s alarm topic', () => {
    const intake = ingestion({ oldestMessageAgeThreshold: Duration.minutes(10) });
    const replica = intake.replica('eu-west-1');
    const template = Template.fromStack(replica.queue.stack);

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Namespace: 'AWS/SQS',
      Statistic: 'Maximum',
      Threshold: 600,
      EvaluationPeriods: 3,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'QueueName'] } }],
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
    });
  });

  test('the function\'s role consumes its own region\'s queue, and the mapping waits for that permission', () => {
    const intake = ingestion();
    const replica = intake.replica('us-east-1');
    const template = Template.fromStack(replica.queue.stack);
    const mapping = Object.values<any>(template.findResources('AWS::Lambda::EventSourceMapping'))[0];

    expect(mapping.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/ServiceRoleDefaultPolicy/)]));
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: Match.arrayWith(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage']),
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('IntakeQueue'), 'Arn'] },
        })]),
      },
    });
  });

  test('producers: a replicated producer sends to its own region\'s queue; a failover producer to every region\'s', () => {
    const t = topology();
    const intake = ingestion({}, t);
    const producer = consumer(t, {}, 'Api');
    intake.grantSendMessages(producer);
    const outside = new Role(t.primaryCell, 'Sender', { assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com') });
    intake.grantSendMessagesToEveryRegion(outside);
    Validations.of(outside).acknowledge(...['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) => ({
      id: `${pack}-IAMNoInlinePolicy`, reason: 'A test role standing in for a producer outside the topology, granted one statement',
    })));

    const statements = (region: string) => Template.fromStack(t.cell(region)).findResources('AWS::IAM::Policy');
    const sends = JSON.stringify(statements('eu-west-1'));
    expect(sends).toContain('sqs:SendMessage');
    // ... and may read its own region's queue-url parameter, where it finds the queue.
    expect(sends).toContain('ssm:GetParameter');
    expect(sends).toMatch(/"arn:aws:ssm:eu-west-1:123456789012:parameter",\{"Ref":"IntakeQueueUrlParameter/);
    const primary = Template.fromStack(t.primaryCell);
    primary.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('Sender') }],
      PolicyDocument: {
        Statement: [Match.objectLike({
          Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
          Resource: Match.arrayWith(REGIONS.map((region) => `arn:aws:sqs:${region}:123456789012:Orders-Intake`).sort()),
        })],
      },
    });
    expectNoUnacknowledgedFindings(t.node.root as any);
  });

  test('passes cdk-nag, the Control Tower guard rules, aws-cdk-lib validation and the runtime-wiring proof', () => {
    const intake = ingestion();

    expectNoUnacknowledgedFindings(intake.node.root as any);
  });

  test('matches the snapshot', () => {
    const intake: BufferedIngestion = ingestion();

    expect(snapshotOf(intake.node.root as any)).toMatchSnapshot();
  });
});
