import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role } from 'aws-cdk-lib/aws-iam';
import { FailoverRouting, HealthCheckedFailoverProps, RegionSwitchPlan, RegionSwitchPlanProps, RegionSwitchStep, RegionToRun } from '../../src';
import { TEST_ACCOUNT, expectNoUnacknowledgedFindings } from '../harness';
import { runtimeWiringRequests } from '../harness/wiring';
import { Built, ZONE, build } from '../health-checked-failover/fixtures';

const TWO_REGIONS = ['us-east-1', 'us-west-2'];

/** A two-region failover and a plan for it. */
function planOf(props: Partial<RegionSwitchPlanProps> = {}, failoverProps: Partial<HealthCheckedFailoverProps> = {}):
Built & { plan: RegionSwitchPlan; template: Template } {
  const built = build(failoverProps, {}, TWO_REGIONS);
  const plan = new RegionSwitchPlan(built.topology, 'Switch', { failover: built.failover, ...props });
  return { ...built, plan, template: Template.fromStack(built.topology.routingStack) };
}

describe('RegionSwitchPlan', () => {
  test('an active/passive plan of the failover\'s two regions, with its records, alarms and RTO, in the routing stack', () => {
    const { plan, template, failover, topology } = planOf();

    expect(plan.regions).toEqual(TWO_REGIONS);
    expect(topology.routingStack.region).toBe('us-east-1');
    // 2 × (10 s + 6 s) + 5 s TTL = 37 s: one minute.
    expect(failover.failoverTime.totalSeconds).toBe(37);
    template.resourceCountIs('AWS::ARCRegionSwitch::Plan', 1);
    template.hasResourceProperties('AWS::ARCRegionSwitch::Plan', {
      Name: 'Orders',
      RecoveryApproach: 'activePassive',
      Regions: TWO_REGIONS,
      PrimaryRegion: 'us-east-1',
      RecoveryTimeObjectiveMinutes: 1,
      ExecutionRole: { 'Fn::GetAtt': [Match.stringLikeRegexp('ExecutionRole'), 'Arn'] },
      AssociatedAlarms: {
        'us-east-1-health': { AlarmType: 'applicationHealth', ResourceIdentifier: { 'Fn::GetAtt': [Match.stringLikeRegexp('useast1HealthAlarm'), 'Arn'] } },
        'us-west-2-health': { AlarmType: 'applicationHealth', ResourceIdentifier: { 'Fn::GetAtt': [Match.stringLikeRegexp('uswest2HealthAlarm'), 'Arn'] } },
      },
      Triggers: Match.absent(),
      Workflows: [{
        WorkflowTargetAction: 'activate',
        WorkflowTargetRegion: Match.absent(),
        Steps: [{
          Name: 'shift-traffic',
          ExecutionBlockType: 'Route53HealthCheck',
          ExecutionBlockConfiguration: {
            Route53HealthCheckConfig: {
              HostedZoneId: ZONE.hostedZoneId,
              RecordName: ZONE.recordName,
              RecordSets: [{ RecordSetIdentifier: 'us-east-1', Region: 'us-east-1' }, { RecordSetIdentifier: 'us-west-2', Region: 'us-west-2' }],
            },
          },
        }],
      }],
    });
  });

  test('the execution role trusts Region switch only and may list the zone and read the two health alarms, nothing else', () => {
    const { template } = planOf();

    const [planResource] = Object.values(template.findResources('AWS::ARCRegionSwitch::Plan')) as any[];
    expect(planResource.DependsOn).toEqual([expect.stringMatching(/^SwitchExecutionRoleDefaultPolicy/)]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'arc-region-switch.amazonaws.com' } }] },
    });
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('ExecutionRole') }] } });
    const statements = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      { Action: 'route53:ListResourceRecordSets', Effect: 'Allow', Resource: `arn:aws:route53:::hostedzone/${ZONE.hostedZoneId}` },
      {
        Action: ['cloudwatch:DescribeAlarmHistory', 'cloudwatch:DescribeAlarms'],
        Effect: 'Allow',
        Resource: [
          { 'Fn::GetAtt': [expect.stringMatching(/useast1HealthAlarm/), 'Arn'] },
          { 'Fn::GetAtt': [expect.stringMatching(/uswest2HealthAlarm/), 'Arn'] },
        ],
      },
    ]);
    expect(JSON.stringify(statements)).not.toMatch(/"\*"/);
  });

  test('steps run before the traffic moves: approval, then a custom action on the function\'s alias in both regions', () => {
    const approvers = (topology: any) => Role.fromRoleArn(topology.routingStack, 'Approvers', `arn:aws:iam::${TEST_ACCOUNT}:role/approvers`);
    const built = build({}, {}, TWO_REGIONS);
    new RegionSwitchPlan(built.topology, 'Switch', {
      failover: built.failover,
      stepsBeforeTrafficShift: [
        RegionSwitchStep.manualApproval(approvers(built.topology), { timeout: Duration.minutes(30) }),
        RegionSwitchStep.lambda(built.api, { name: 'warm-up', runIn: RegionToRun.ACTIVATING, timeout: Duration.minutes(10), retryInterval: Duration.minutes(2) }),
      ],
    });
    const template = Template.fromStack(built.topology.routingStack);
    const arns = TWO_REGIONS.map((r) => `arn:aws:lambda:${r}:${TEST_ACCOUNT}:function:${built.api.functionName}:${built.api.aliasName}`);

    template.hasResourceProperties('AWS::ARCRegionSwitch::Plan', {
      Workflows: [{
        WorkflowTargetAction: 'activate',
        Steps: [
          { Name: 'approve', ExecutionBlockType: 'ManualApproval', ExecutionBlockConfiguration: { ExecutionApprovalConfig: { ApprovalRole: `arn:aws:iam::${TEST_ACCOUNT}:role/approvers`, TimeoutMinutes: 30 } } },
          {
            Name: 'warm-up',
            ExecutionBlockType: 'CustomActionLambda',
            ExecutionBlockConfiguration: {
              CustomActionLambdaConfig: { Lambdas: arns.map((Arn) => ({ Arn })), RegionToRun: 'activatingRegion', TimeoutMinutes: 10, RetryIntervalMinutes: 2 },
            },
          },
          Match.objectLike({ Name: 'shift-traffic' }),
        ],
      }],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: ['lambda:GetFunction', 'lambda:InvokeFunction'], Effect: 'Allow', Resource: arns }]) },
    });
  });

  test('with a trigger, the primary\'s health alarm activates the secondary at most once per delay', () => {
    const { template } = planOf({ trigger: { minDelayBetweenExecutions: Duration.minutes(120) } });

    template.hasResourceProperties('AWS::ARCRegionSwitch::Plan', {
      AssociatedAlarms: Match.objectLike({
        'us-east-1-trigger': { AlarmType: 'trigger', ResourceIdentifier: { 'Fn::GetAtt': [Match.stringLikeRegexp('useast1HealthAlarm'), 'Arn'] } },
      }),
      Triggers: [{
        Action: 'activate',
        TargetRegion: 'us-west-2',
        Conditions: [{ AssociatedAlarmName: 'us-east-1-trigger', Condition: 'red' }],
        MinDelayMinutesBetweenExecutions: 120,
        Description: Match.anyValue(),
      }],
    });
  });

  test.each([
    ['latency', () => FailoverRouting.latency()],
    ['weighted', () => FailoverRouting.weighted({ weights: { 'us-east-1': 1, 'us-west-2': 1 } })],
  ])('%s routing makes an active/active plan with activate and deactivate workflows', (_, routing) => {
    const { template } = planOf({ trigger: {} }, { routing: routing() });

    template.hasResourceProperties('AWS::ARCRegionSwitch::Plan', {
      RecoveryApproach: 'activeActive',
      PrimaryRegion: Match.absent(),
      Workflows: [Match.objectLike({ WorkflowTargetAction: 'activate' }), Match.objectLike({ WorkflowTargetAction: 'deactivate' })],
      Triggers: TWO_REGIONS.map((r) => Match.objectLike({ Action: 'deactivate', TargetRegion: r, MinDelayMinutesBetweenExecutions: 60 })),
    });
  });

  test('the RTO: the failover\'s declared objective rounded up, or a declared one at least the worst case', () => {
    expect(planOf({}, { recoveryTimeObjective: Duration.seconds(90) }).plan.recoveryTimeObjectiveMinutes).toBe(2);
    expect(planOf({ recoveryTimeObjective: Duration.minutes(15) }).plan.recoveryTimeObjectiveMinutes).toBe(15);
  });

  test('passes the checkers and the runtime-wiring proof', () => {
    const built = build({}, {}, TWO_REGIONS);
    new RegionSwitchPlan(built.topology, 'Switch', {
      failover: built.failover,
      trigger: {},
      stepsBeforeTrafficShift: [RegionSwitchStep.lambda(built.api)],
    });
    expectNoUnacknowledgedFindings(built.app);
    // The proof covered what the plan does with its role.
    const role = `arn:aws:iam::${TEST_ACCOUNT}:role/`;
    const calls = runtimeWiringRequests(built.app).filter((r) => typeof r.principal === 'string' && r.principal.startsWith(role) &&
      r.principal.includes('ExecutionRole') && Object.keys(r.identityPolicies).length > 0 && !r.principal.includes('210987654321'));
    const proved = new Set(calls.map((r) => `${r.action} ${r.resource.replace(/:alarm:.*/, ':alarm:*')}`));
    expect([...proved].sort()).toEqual([
      'cloudwatch:DescribeAlarmHistory arn:aws:cloudwatch:us-east-1:123456789012:alarm:*',
      'cloudwatch:DescribeAlarms arn:aws:cloudwatch:us-east-1:123456789012:alarm:*',
      ...TWO_REGIONS.flatMap((r) => ['GetFunction', 'InvokeFunction'].map((a) => `lambda:${a} arn:aws:lambda:${r}:${TEST_ACCOUNT}:function:Orders-Api:live`)),
      `route53:ListResourceRecordSets arn:aws:route53:::hostedzone/${ZONE.hostedZoneId}`,
    ].sort());
  });
});
