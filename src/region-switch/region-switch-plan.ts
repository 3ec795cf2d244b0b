import { CfnOutput, Duration, Stack, aws_arcregionswitch as arc } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TRAFFIC_STEP_NAME } from './defaults';
import { RegionSwitchStep, RegionSwitchTriggerOptions } from './options';
import { planHealthCheckIds } from './plan-health-checks';
import { RegionSwitchSettings, claimPlannedFailover, validateRegionSwitchPlan } from './validation';
import { HealthCheckedFailover } from '../health-checked-failover/health-checked-failover';
import { acknowledge, acknowledgeInlinePolicy, nagPartition } from '../private/acknowledge';
import { declareInteractions } from '../private/interactions';
import { MultiRegionTopology } from '../topology/multi-region-topology';

/** How the report names each kind of step. */
const STEP_KINDS: Record<string, string> = {
  CustomActionLambda: 'custom action', ManualApproval: 'manual approval', Route53HealthCheck: 'Route 53 health checks',
};

/**
 * Properties of a `RegionSwitchPlan`.
 */
export interface RegionSwitchPlanProps {
  /**
   * The failover whose Regions, DNS records and health alarms the plan switches. It must route to exactly two cells: a
   * Region switch plan has two Regions (https://docs.aws.amazon.com/arc-region-switch/latest/api/API_Plan.html).
   * Active-passive routing makes an active/passive plan with the failover's first region as its primary; latency
   * routing an active/active plan.
   */
  readonly failover: HealthCheckedFailover;

  /**
   * The plan's name, unique in the account: 1 to 32 letters, digits and hyphens.
   *
   * @default - the topology's serviceName
   */
  readonly planName?: string;

  /**
   * Steps that run, in order, before the traffic moves: custom actions (replicated functions) and manual approvals.
   *
   * @default - none: the plan only moves the traffic
   */
  readonly stepsBeforeTrafficShift?: RegionSwitchStep[];

  /**
   * Starts the plan automatically when a failover health alarm is red: activates the secondary when the primary's is
   * (active/passive), or deactivates the Region whose alarm is red (active/active).
   *
   * @default - no trigger: an operator executes the plan (DNS failover on the health checks stays automatic)
   */
  readonly trigger?: RegionSwitchTriggerOptions;

  /**
   * The plan's recovery time objective (whole minutes, up to a week). Synth fails when the failover's worst case
   * (`failover.failoverTime`) is longer.
   *
   * @default - the failover's recoveryTimeObjective if it declares one, else its worst-case failover time, rounded up to whole minutes
   */
  readonly recoveryTimeObjective?: Duration;
}

/**
 * An ARC Region switch plan for a `HealthCheckedFailover` of two cells: a workflow of the given steps, then a
 * Route 53 health check step on the failover's record name (one record set per Region, identified by its set
 * identifier, the Region's name); the failover's health alarms as application health alarms (and, with `trigger`,
 * as triggers); the recovery time objective from the failover model; and an execution role allowed exactly what the
 * plan does (list the zone's record sets, read those alarms, invoke the custom actions' aliases, start itself on a
 * trigger).
 *
 * It lives in the topology's routing stack (us-east-1): the plan switches the Route 53 records, health checks and
 * alarms of that stack, which it names there without cross-Region references. A plan is not regional (its ARN has no
 * Region); only changes to the stack need us-east-1.
 *
 * Region switch creates a Route 53 health check per Region for the traffic step and flips them when the plan runs
 * (https://docs.aws.amazon.com/r53recovery/latest/dg/route53-health-check-block.html); the plan reads their ids at
 * deploy (a custom resource) and gates the failover's records with them: each gated record carries a CALCULATED check,
 * healthy only while the cell's own check and the plan's check for its Region both are. Active/passive gates the
 * primary's record (the secondary's plan check starts unhealthy, and a SECONDARY record serves only while the PRIMARY
 * is unhealthy anyway); active/active gates every Region's.
 */
export class RegionSwitchPlan extends Construct {
  /** The plan. */
  public readonly plan: arc.CfnPlan;
  /** The role Region switch assumes to evaluate and execute the plan. */
  public readonly executionRole: Role;
  /** The plan's name. */
  public readonly planName: string;
  /** The plan's two Regions, the primary first. */
  public readonly regions: string[];
  /** The plan's recovery time objective, in whole minutes. */
  public readonly recoveryTimeObjectiveMinutes: number;
  /** The regions whose records the plan's health checks gate. */
  public readonly gatedRegions: string[];

  constructor(scope: Construct, id: string, props: RegionSwitchPlanProps) {
    super(scope, id);
    const topology = MultiRegionTopology.of(this);
    const routing = topology.routingStack;
    const settings = validateRegionSwitchPlan(this, topology, routing, props);
    topology._claimPhysicalName('planName', settings.planName, this, ['global']);
    claimPlannedFailover(this, settings.failover);
    this.planName = settings.planName;
    this.regions = settings.regions;
    this.recoveryTimeObjectiveMinutes = settings.recoveryTimeObjectiveMinutes;
    this.gatedRegions = settings.gatedRegions;

    const where = new Construct(routing, topology._replicaId(this));
    this.executionRole = new Role(where, 'ExecutionRole', {
      // https://docs.aws.amazon.com/r53recovery/latest/dg/security_iam_region_switch_trust_policy.html
      assumedBy: new ServicePrincipal('arc-region-switch.amazonaws.com'),
      description: `Region switch plan ${settings.planName}: evaluates and executes the plan`,
    });
    const alarms = this.associatedAlarms(settings);
    this.grantExecution(where, settings, alarms.map((a) => a.arn));
    acknowledgeInlinePolicy(this.executionRole);

    const steps: arc.CfnPlan.StepProperty[] = [...settings.steps.map((s) => s.step), {
      name: TRAFFIC_STEP_NAME,
      description: `Moves ${settings.route53.recordName} with the plan's Route 53 health checks`,
      executionBlockType: 'Route53HealthCheck',
      executionBlockConfiguration: { route53HealthCheckConfig: settings.route53 },
    }];
    const workflows: arc.CfnPlan.WorkflowProperty[] = settings.recoveryApproach === 'activePassive'
      // One activation workflow serves both Regions.
      ? [{ workflowTargetAction: 'activate', workflowDescription: 'Activates either Region', steps }]
      : [
        { workflowTargetAction: 'activate', workflowDescription: 'Brings a Region back into service', steps },
        { workflowTargetAction: 'deactivate', workflowDescription: 'Takes a Region out of service', steps },
      ];

    this.plan = new arc.CfnPlan(where, 'Plan', {
      name: settings.planName,
      description: `${settings.failover.recordName} between ${settings.regions.join(' and ')} (cdk-resilient-serverless); ` +
        `RTO from ${settings.recoveryTimeObjectiveSource}`,
      executionRole: this.executionRole.roleArn,
      recoveryApproach: settings.recoveryApproach,
      regions: settings.regions,
      primaryRegion: settings.recoveryApproach === 'activePassive' ? settings.primaryRegion : undefined,
      recoveryTimeObjectiveMinutes: settings.recoveryTimeObjectiveMinutes,
      associatedAlarms: Object.fromEntries(alarms.map((a) => [a.key, { alarmType: a.type, resourceIdentifier: a.arn }])),
      triggers: settings.trigger ? this.triggers(settings, settings.trigger.minDelayMinutes) : undefined,
      workflows,
    });
    // Plan evaluation runs as soon as the plan exists: give the role its permissions first (the role itself is
    // already a dependency, through ExecutionRole).
    const policy = this.executionRole.node.tryFindChild('DefaultPolicy');
    if (policy) this.plan.node.addDependency(policy);
    if (settings.trigger) this.grantTriggeredExecution(where, settings);

    // The records follow the plan: each gated record's check also needs the plan's check for its Region.
    const ids = planHealthCheckIds(where, this.plan, { ...settings.route53, regions: settings.regions });
    for (const region of settings.gatedRegions) settings.failover._gateRecords(region, ids[settings.regions.indexOf(region)]);
    topology._contributeToReport(() => ({
      regionSwitchPlans: [{
        planName: settings.planName,
        recordName: settings.failover.recordName,
        regions: [...settings.regions],
        approach: settings.recoveryApproach,
        steps: steps.map((s) => `${s.name} (${STEP_KINDS[s.executionBlockType] ?? s.executionBlockType})`),
        triggers: (settings.trigger ? this.triggers(settings, settings.trigger.minDelayMinutes) : []).map((t) =>
          `${t.action} ${t.targetRegion} when ${(t.conditions as arc.CfnPlan.TriggerConditionProperty[]).map((c) => `${c.associatedAlarmName} is ${c.condition}`).join(' and ')}` +
          `, at most once per ${t.minDelayMinutesBetweenExecutions} min`),
        gatedRegions: [...settings.gatedRegions],
        recoveryTimeObjectiveMinutes: settings.recoveryTimeObjectiveMinutes,
      }],
    }));
    new CfnOutput(where, 'PlanArn', { description: `Region switch plan of ${settings.failover.recordName}`, value: this.plan.attrArn });
  }

  /** The failover's health alarms: application health alarms always, trigger alarms with a trigger. */
  private associatedAlarms(settings: RegionSwitchSettings): { key: string; type: string; arn: string }[] {
    return settings.regions.flatMap((region) => {
      const arn = settings.failover.healthAlarm(region).alarmArn;
      return [
        { key: `${region}-health`, type: 'applicationHealth', arn },
        ...(settings.trigger ? [{ key: `${region}-trigger`, type: 'trigger', arn }] : []),
      ];
    });
  }

  private triggers(settings: RegionSwitchSettings, minDelayMinutesBetweenExecutions: number): arc.CfnPlan.TriggerProperty[] {
    const [primary, secondary] = settings.regions;
    if (settings.recoveryApproach === 'activePassive') {
      return [{
        description: `Activates ${secondary} when ${primary} is unhealthy to Route 53`,
        action: 'activate',
        targetRegion: secondary,
        conditions: [{ associatedAlarmName: `${primary}-trigger`, condition: 'red' }],
        minDelayMinutesBetweenExecutions,
      }];
    }
    return settings.regions.map((region) => ({
      description: `Deactivates ${region} when it is unhealthy to Route 53`,
      action: 'deactivate',
      targetRegion: region,
      conditions: [{ associatedAlarmName: `${region}-trigger`, condition: 'red' }],
      minDelayMinutesBetweenExecutions,
    }));
  }

  /**
   * A trigger starts the execution as the plan's execution role: "Region switch assumes the execution role to read the
   * CloudWatch alarms that the triggers use and to start the plan execution when the trigger conditions are met"
   * (https://docs.aws.amazon.com/r53recovery/latest/dg/security_iam_region_switch_trust_policy.html). The policy names
   * the plan by its name (its ARN ends in a suffix Region switch picks, and the plan depends on this policy), the
   * declaration by its ARN.
   */
  private grantTriggeredExecution(where: Construct, settings: RegionSwitchSettings): void {
    const topology = settings.failover.service.topology;
    const action = 'arc-region-switch:StartPlanExecution';
    const plan = `arn:${topology.partition}:arc-region-switch::${topology.account}:plan/${settings.planName}:*`;
    this.executionRole.addToPolicy(new PolicyStatement({
      actions: [action],
      // https://docs.aws.amazon.com/service-authorization/latest/reference/list_arc-region-switch.html (plan)
      resources: [plan],
    }));
    acknowledge(this.executionRole, [`AwsSolutions-IAM5[Resource::${plan.replace(topology.partition, nagPartition(Stack.of(where)))}]`],
      'The wildcard is the suffix Region switch appends to this plan\'s name when it creates the plan ' +
      '(https://docs.aws.amazon.com/arc-region-switch/latest/api/API_Plan.html, arn), so the role may start plans of this name in this account only, and the topology claims the name for this plan');
    declareInteractions(where, {
      principal: this.executionRole, actions: [action], resource: this.plan.attrArn, purpose: 'a trigger starts the plan when its alarm is red',
    });
  }

  /**
   * What the plan does with its role, granted and declared: https://docs.aws.amazon.com/r53recovery/latest/dg/
   * security_iam_region_switch_route53.html, security_iam_region_switch_cloudwatch.html and
   * security_iam_region_switch_lambda.html.
   */
  private grantExecution(where: Construct, settings: RegionSwitchSettings, alarmArns: string[]): void {
    const role = this.executionRole;
    const topology = settings.failover.service.topology;
    const zoneArn = `arn:${topology.partition}:route53:::hostedzone/${settings.route53.hostedZoneId}`;
    const uniqueAlarms = [...new Set(alarmArns)];
    const functions = [...new Set(settings.steps.flatMap((s) => s.invokes))];
    const grants: { actions: string[]; resources: string[]; purpose: string }[] = [
      { actions: ['route53:ListResourceRecordSets'], resources: [zoneArn], purpose: 'Region switch maps the record sets of the traffic step to the Regions' },
      { actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory'], resources: uniqueAlarms, purpose: 'Region switch reads the health alarms (recovery time, triggers)' },
      ...(functions.length > 0 ? [{ actions: ['lambda:GetFunction', 'lambda:InvokeFunction'], resources: functions, purpose: 'Region switch runs the custom actions' }] : []),
    ];
    for (const grant of grants) {
      role.addToPolicy(new PolicyStatement({ actions: grant.actions, resources: grant.resources }));
      // Declared where the role is: the proof resolves each declaration in its owner's stack.
      declareInteractions(where, ...grant.resources.map((resource) => ({
        principal: role, actions: grant.actions, resource, purpose: grant.purpose,
      })));
    }
  }
}
