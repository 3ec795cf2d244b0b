import { Duration, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { DEFAULT_MIN_DELAY_BETWEEN_EXECUTIONS, TRAFFIC_STEP_NAME } from './defaults';
import { RegionSwitchStep, RegionSwitchStepConfig, RegionSwitchTriggerOptions } from './options';
import type { RegionSwitchPlanProps } from './region-switch-plan';
import { HealthCheckedFailover } from '../health-checked-failover/health-checked-failover';
import { configError } from '../private/errors';
import { checkDuration, checkInstance, checkList, checkName } from '../private/validate';
import { requireSameTopology } from '../topology/membership';
import { MultiRegionTopology } from '../topology/multi-region-topology';

/**
 * A plan has exactly two Regions: "Array Members: Fixed number of 2 items"
 * (https://docs.aws.amazon.com/arc-region-switch/latest/api/API_Plan.html).
 */
export const PLAN_REGIONS = 2;
/** RecoveryTimeObjectiveMinutes: 1 to 10080 (a week), the AWS::ARCRegionSwitch::Plan schema. */
const MAX_RTO = Duration.minutes(10080);
/** Plan names: https://docs.aws.amazon.com/arc-region-switch/latest/api/API_Plan.html (name). */
const PLAN_NAME = {
  maxLength: 32,
  // The length is checked on its own (maxLength), so that a long name is told so.
  pattern: /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/,
  characters: 'letters, digits and hyphens, starting and ending with a letter or digit',
};

/** Everything the construct needs, validated, with every default applied: it never sees props. */
export interface RegionSwitchSettings {
  readonly failover: HealthCheckedFailover;
  readonly planName: string;
  /** The plan's two Regions, the primary first. */
  readonly regions: string[];
  readonly primaryRegion: string;
  readonly recoveryApproach: 'activePassive' | 'activeActive';
  readonly recoveryTimeObjectiveMinutes: number;
  /** How the objective was arrived at, for the plan's description. */
  readonly recoveryTimeObjectiveSource: string;
  /** The steps before the traffic moves, rendered, in order. */
  readonly steps: RegionSwitchStepConfig[];
  /** Automatic execution, when configured. */
  readonly trigger?: { readonly minDelayMinutes: number };
  /**
   * The regions whose records the plan's health checks gate: the primary (active/passive: the secondary's check starts
   * unhealthy), or every region (active/active: every check starts healthy).
   */
  readonly gatedRegions: string[];
  /** What the Route 53 health check step switches. */
  readonly route53: {
    readonly hostedZoneId: string;
    readonly recordName: string;
    readonly recordSets: { readonly recordSetIdentifier: string; readonly region: string }[];
  };
}

/**
 * Claims `failover` for the plan at `scope`: the plan that gates a failover's records is unique, since a second one would
 * gate them twice. Called once the plan's name is claimed, so that a repeated name is reported as such.
 */
const PLANNED = new WeakMap<HealthCheckedFailover, string>();

export function claimPlannedFailover(scope: IConstruct, failover: HealthCheckedFailover): void {
  const other = PLANNED.get(failover);
  if (other !== undefined) {
    throw configError(scope, {
      setting: 'failover',
      value: failover.node.path,
      problem: `the plan ${other} already switches this failover, and its records take one plan's health checks`,
      allowed: 'a HealthCheckedFailover no other RegionSwitchPlan switches',
      fix: `add your steps to ${other} instead, or remove it`,
    });
  }
  PLANNED.set(failover, scope.node.path);
}

/** Checks the props of a RegionSwitchPlan and applies every default. */
export function validateRegionSwitchPlan(scope: IConstruct, topology: MultiRegionTopology, planStack: Stack,
  props: RegionSwitchPlanProps): RegionSwitchSettings {
  if (!props || typeof props !== 'object') {
    throw configError(scope, { setting: 'props', value: props, problem: 'props are required', allowed: 'an object with at least failover', fix: 'pass { failover }' });
  }
  const failover = checkInstance(scope, 'failover', props.failover, HealthCheckedFailover, 'a HealthCheckedFailover of the topology');
  requireSameTopology(scope, topology, 'failover', failover, MultiRegionTopology.of(failover), {
    who: 'a Region switch plan', allowed: 'a HealthCheckedFailover of the plan\'s topology', fix: 'create the plan in the failover\'s topology',
  });
  const regions = failover.regions;
  if (regions.length !== PLAN_REGIONS) {
    throw configError(scope, {
      setting: 'failover',
      value: failover.node.path,
      problem: `it routes to ${regions.length} regions (${regions.join(', ')}), and a Region switch plan has exactly ${PLAN_REGIONS} ` +
        '(https://docs.aws.amazon.com/arc-region-switch/latest/api/API_Plan.html)',
      allowed: `a HealthCheckedFailover whose regions are exactly ${PLAN_REGIONS} cells`,
      fix: `give the failover regions: [primary, one secondary] (e.g. ['${regions[0]}', '${regions[1] ?? regions[0]}'])`,
    });
  }

  const defaultedName = props.planName === undefined;
  const planName = checkName(scope, 'planName', props.planName ?? topology.serviceName, {
    ...PLAN_NAME,
    fix: defaultedName ? `set planName: the default, the topology's serviceName '${topology.serviceName}', does not fit` : undefined,
  });

  const worstCaseSeconds = failover.failoverTime.totalSeconds;
  let recoveryTimeObjectiveMinutes: number;
  let recoveryTimeObjectiveSource: string;
  if (props.recoveryTimeObjective !== undefined) {
    recoveryTimeObjectiveMinutes = checkDuration(scope, 'recoveryTimeObjective', props.recoveryTimeObjective, {
      unit: 'minutes', max: MAX_RTO, why: 'Region switch takes a whole number of minutes, up to a week',
    });
    if (recoveryTimeObjectiveMinutes * 60 < worstCaseSeconds) {
      throw configError(scope, {
        setting: 'recoveryTimeObjective',
        value: props.recoveryTimeObjective,
        problem: `the failover's worst case is ${worstCaseSeconds} s (${failover.failoverTime.formula}), longer than the objective`,
        allowed: `at least Duration.minutes(${Math.ceil(worstCaseSeconds / 60)})`,
        fix: `raise recoveryTimeObjective to Duration.minutes(${Math.ceil(worstCaseSeconds / 60)}), or shorten the failover's detection or TTL`,
      });
    }
    recoveryTimeObjectiveSource = 'declared';
  } else if (failover.recoveryTimeObjective !== undefined) {
    recoveryTimeObjectiveMinutes = Math.ceil(failover.recoveryTimeObjective.toSeconds() / 60);
    recoveryTimeObjectiveSource = `the failover's objective of ${failover.recoveryTimeObjective.toSeconds()} s`;
  } else {
    recoveryTimeObjectiveMinutes = Math.max(1, Math.ceil(worstCaseSeconds / 60));
    recoveryTimeObjectiveSource = `the failover's worst case of ${worstCaseSeconds} s`;
  }

  const given = checkList(scope, 'stepsBeforeTrafficShift', props.stepsBeforeTrafficShift, {});
  const steps = given.map((step, i) => {
    const setting = `stepsBeforeTrafficShift[${i}]`;
    return checkInstance(scope, setting, step, RegionSwitchStep, 'RegionSwitchStep.lambda() or RegionSwitchStep.manualApproval()')
      ._bind({ scope, setting, topology, regions, planStack });
  });
  const names = [...steps.map((s) => s.step.name), TRAFFIC_STEP_NAME];
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) {
    throw configError(scope, {
      setting: 'stepsBeforeTrafficShift',
      value: steps.map((s) => s.step.name),
      problem: `the step name '${repeated}' appears twice in the workflow` +
        (repeated === TRAFFIC_STEP_NAME ? ` ('${TRAFFIC_STEP_NAME}' is the plan's own traffic step)` : ''),
      allowed: `distinct step names, other than '${TRAFFIC_STEP_NAME}'`,
      fix: 'give the step a name of its own with its options\' name',
    });
  }

  let trigger: RegionSwitchSettings['trigger'];
  if (props.trigger !== undefined) {
    const options: RegionSwitchTriggerOptions = props.trigger ?? {};
    trigger = {
      minDelayMinutes: checkDuration(scope, 'trigger.minDelayBetweenExecutions', options.minDelayBetweenExecutions ?? DEFAULT_MIN_DELAY_BETWEEN_EXECUTIONS, {
        unit: 'minutes', why: 'Region switch counts whole minutes between executions',
      }),
    };
  }

  // Failover records serve from the first healthy cell (active-passive); latency and weighted records from every
  // healthy cell (active-active).
  const recoveryApproach = failover.routing.name === 'active-passive' ? 'activePassive' : 'activeActive';
  return {
    failover,
    planName,
    regions,
    primaryRegion: regions[0],
    recoveryApproach,
    // https://docs.aws.amazon.com/r53recovery/latest/dg/route53-health-check-block.html: "For active/passive: the
    // primary Region's health check starts healthy; the passive Region starts unhealthy"; "For active/active: all
    // health checks start healthy". A SECONDARY record gated by an unhealthy check would stop DNS failover: Route 53
    // answers with the primary "when the secondary resource record set is unhealthy"
    // (https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html, Failover).
    gatedRegions: recoveryApproach === 'activePassive' ? [regions[0]] : [...regions],
    recoveryTimeObjectiveMinutes,
    recoveryTimeObjectiveSource,
    steps,
    trigger,
    route53: failover._regionSwitchTarget(),
  };
}
