import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role } from 'aws-cdk-lib/aws-iam';
import { FailoverRouting, HealthCheckedFailoverProps, RegionSwitchPlan, RegionSwitchPlanProps, RegionSwitchStep, RegionToRun } from '../../src';
import { TEST_ACCOUNT, expectNoUnacknowledgedFindings, synthesize } from '../harness';
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

  /** The record set of `region` and the ids of the checks of the health check it carries. */
  function recordCheck(template: Template, region: string): { record: any; check: any } {
    const resources = template.toJSON().Resources;
    const [record] = Object.values(resources).filter((r: any) => r.Type === 'AWS::Route53::RecordSet' && r.Properties.SetIdentifier === region &&
      r.Properties.Name === `${ZONE.recordName}.`) as any[];
    return { record, check: resources[record.Properties.HealthCheckId.Ref] };
  }
  const endpointCheck = (region: string) => ({ Ref: expect.stringMatching(new RegExp(`^Failover${region.replace(/-/g, '')}HealthCheck`)) });
  const planCheck = (i: number) => ({ 'Fn::GetAtt': [expect.stringMatching(/^SwitchPlanHealthChecks/), `HealthCheckId${i}`] });

  test('active/passive: the primary\'s record carries a CALCULATED check of its own check and the plan\'s check for its region; the secondary\'s keeps its own', () => {
    const { template, plan, failover } = planOf();

    expect(plan.gatedRegions).toEqual(['us-east-1']);
    const primary = recordCheck(template, 'us-east-1');
    expect(primary.record.Properties.Failover).toBe('PRIMARY');
    expect(primary.check.Properties.HealthCheckConfig).toEqual({
      Type: 'CALCULATED', HealthThreshold: 2, Inverted: false, ChildHealthChecks: [endpointCheck('us-east-1'), planCheck(0)],
    });
    // The plan's check of the secondary starts unhealthy: on the SECONDARY record it would stop DNS failover.
    const secondary = recordCheck(template, 'us-west-2');
    expect(secondary.record.Properties.HealthCheckId).toEqual(endpointCheck('us-west-2'));
    // The lookup reads the plan's checks by Region, in the plan's region order, again at each plan version.
    template.hasResourceProperties('Custom::PlanHealthChecks', {
      PlanArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SwitchPlan'), 'Arn'] },
      PlanVersion: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SwitchPlan'), 'Version'] },
      HostedZoneId: ZONE.hostedZoneId,
      RecordName: ZONE.recordName,
      Regions: TWO_REGIONS,
    });
    // Alarms, the failover model and the public health checks still name the cells' own checks.
    expect(failover.failoverTime.totalSeconds).toBe(37);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'HealthCheckId', Value: { Ref: Match.stringLikeRegexp('^Failoveruseast1HealthCheck') } }],
    });
  });

  test.each([
    ['latency', () => FailoverRouting.latency()],
    ['weighted', () => FailoverRouting.weighted({ weights: { 'us-east-1': 1, 'us-west-2': 1 } })],
  ])('active/active (%s): every region\'s record carries its own check and the plan\'s check for the same region', (_, routing) => {
    const { template, plan } = planOf({}, { routing: routing() });

    expect(plan.gatedRegions).toEqual(TWO_REGIONS);
    TWO_REGIONS.forEach((region, i) => {
      expect(recordCheck(template, region).check.Properties.HealthCheckConfig).toEqual({
        Type: 'CALCULATED', HealthThreshold: 2, Inverted: false, ChildHealthChecks: [endpointCheck(region), planCheck(i)],
      });
    });
  });

  test('with a failback hold-down, the plan\'s check joins the hold-down\'s calculated check: healthy only while all three are', () => {
    const { template } = planOf({}, { failbackHoldDown: Duration.minutes(5) });

    const primary = recordCheck(template, 'us-east-1').check.Properties.HealthCheckConfig;
    expect(primary).toEqual(expect.objectContaining({ Type: 'CALCULATED', HealthThreshold: 3 }));
    expect(primary.ChildHealthChecks).toEqual([endpointCheck('us-east-1'), { Ref: expect.stringMatching(/FailbackHoldDownCheck/) }, planCheck(0)]);
    expect(recordCheck(template, 'us-west-2').check.Properties.HealthCheckConfig).toEqual(expect.objectContaining({ HealthThreshold: 2 }));
    template.resourceCountIs('AWS::Route53::HealthCheck', 6);
  });

  test('a trigger starts the execution as the execution role: StartPlanExecution on plans of its name only', () => {
    const { template } = planOf({ trigger: {} });

    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('ExecutionRole') }],
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'arc-region-switch:StartPlanExecution', Effect: 'Allow', Resource: `arn:aws:arc-region-switch::${TEST_ACCOUNT}:plan/Orders:*` }]) },
    });
  });

  test('passes the checkers on active/active routing with a hold-down, and proves the lookup\'s and the trigger\'s calls', () => {
    const built = build({ routing: FailoverRouting.latency(), failbackHoldDown: Duration.minutes(5) }, {}, TWO_REGIONS);
    new RegionSwitchPlan(built.topology, 'Switch', { failover: built.failover, trigger: {} });
    expectNoUnacknowledgedFindings(built.app);
    const proved = runtimeWiringRequests(built.app).filter((r) => r.action.startsWith('arc-region-switch:') && Object.keys(r.identityPolicies).length > 0 &&
      !String(r.principal).includes('210987654321')).map((r) => `${r.action} ${String(r.principal).replace(/.*(ExecutionRole|HealthCheckLookupRole).*/, '$1')}`);
    expect([...new Set(proved)].sort()).toEqual([
      'arc-region-switch:ListRoute53HealthChecks HealthCheckLookupRole',
      'arc-region-switch:StartPlanExecution ExecutionRole',
    ]);
  });

  test('the resilience report lists the plan beside the failover: regions, approach, steps, triggers, gated records, RTO', () => {
    const built = build({}, {}, TWO_REGIONS);
    new RegionSwitchPlan(built.topology, 'Switch', {
      failover: built.failover, trigger: {}, stepsBeforeTrafficShift: [RegionSwitchStep.lambda(built.api, { name: 'warm-up' })],
    });
    const outdir = synthesize(built.app).directory;
    const json = JSON.parse(readFileSync(join(outdir, 'Orders.resilience.json'), 'utf-8'));
    const markdown = readFileSync(join(outdir, 'Orders.resilience.md'), 'utf-8');

    expect(json.regionSwitchPlans).toEqual([{
      planName: 'Orders',
      recordName: ZONE.recordName,
      regions: TWO_REGIONS,
      approach: 'activePassive',
      steps: ['warm-up (custom action)', 'shift-traffic (Route 53 health checks)'],
      triggers: ['activate us-west-2 when us-east-1-trigger is red, at most once per 60 min'],
      gatedRegions: ['us-east-1'],
      recoveryTimeObjectiveMinutes: 1,
    }]);
    // The failover's own figures stay as they were.
    expect(json.routing.map((r: any) => [r.recordName, r.failoverTime.totalSeconds])).toEqual([[ZONE.recordName, 37]]);
    expect(markdown).toContain('## Region switch plans (ARC)');
    expect(markdown).toContain(`| Orders | ${ZONE.recordName} | us-east-1 ↔ us-west-2 | activePassive | warm-up (custom action) → ` +
      'shift-traffic (Route 53 health checks) | activate us-west-2 when us-east-1-trigger is red, at most once per 60 min | us-east-1 | 1 min |');
  });

  test('a topology without a plan keeps its report\'s shape: no plan key, no plan section', () => {
    const built = build({}, {}, TWO_REGIONS);
    const outdir = synthesize(built.app).directory;
    expect(JSON.parse(readFileSync(join(outdir, 'Orders.resilience.json'), 'utf-8'))).not.toHaveProperty('regionSwitchPlans');
    expect(readFileSync(join(outdir, 'Orders.resilience.md'), 'utf-8')).not.toContain('Region switch plans');
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
    const proved = new Set(calls.map((r) => `${r.action} ${r.resource.replace(/:alarm:.*/, ':alarm:*').replace(/(:plan\/[^:]+):\w+$/, '$1:*')}`));
    expect([...proved].sort()).toEqual([
      'cloudwatch:DescribeAlarmHistory arn:aws:cloudwatch:us-east-1:123456789012:alarm:*',
      'cloudwatch:DescribeAlarms arn:aws:cloudwatch:us-east-1:123456789012:alarm:*',
      // The trigger starts the plan as this role.
      `arc-region-switch:StartPlanExecution arn:aws:arc-region-switch::${TEST_ACCOUNT}:plan/Orders:*`,
      ...TWO_REGIONS.flatMap((r) => ['GetFunction', 'InvokeFunction'].map((a) => `lambda:${a} arn:aws:lambda:${r}:${TEST_ACCOUNT}:function:Orders-Api:live`)),
      `route53:ListResourceRecordSets arn:aws:route53:::hostedzone/${ZONE.hostedZoneId}`,
    ].sort());
  });
});
