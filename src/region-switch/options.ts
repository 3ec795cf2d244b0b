import { Duration, Stack, Token, aws_arcregionswitch as arc } from 'aws-cdk-lib';
import { IRole } from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { DEFAULT_APPROVAL_TIMEOUT, DEFAULT_LAMBDA_RETRY_INTERVAL, DEFAULT_LAMBDA_RUN_IN, DEFAULT_LAMBDA_TIMEOUT } from './defaults';
import { RegionToRun } from './region-to-run';
import { configError } from '../private/errors';
import { checkDuration, checkName } from '../private/validate';
import { ReplicatedFunction } from '../replicated-function/replicated-function';
import type { MultiRegionTopology } from '../topology/multi-region-topology';

/**
 * Options of a custom action step (`RegionSwitchStep.lambda`).
 */
export interface LambdaStepOptions {
  /**
   * The step's name, unique in the plan.
   *
   * @default - the function's name
   */
  readonly name?: string;

  /**
   * Where the function runs.
   *
   * @default RegionToRun.ACTIVATING (DEFAULT_LAMBDA_RUN_IN)
   */
  readonly runIn?: RegionToRun;

  /**
   * How long the step may take, retries included (whole minutes, at least one).
   *
   * @default Duration.minutes(60) (DEFAULT_LAMBDA_TIMEOUT)
   */
  readonly timeout?: Duration;

  /**
   * How long Region switch waits before invoking the function again after a failed invocation (whole minutes, at
   * least one, not longer than `timeout`).
   *
   * @default Duration.minutes(1) (DEFAULT_LAMBDA_RETRY_INTERVAL)
   */
  readonly retryInterval?: Duration;
}

/**
 * Options of a manual approval step (`RegionSwitchStep.manualApproval`).
 */
export interface ApprovalStepOptions {
  /**
   * The step's name, unique in the plan.
   *
   * @default 'approve'
   */
  readonly name?: string;

  /**
   * How long the execution waits for the approval before the step fails (whole minutes, at least one).
   *
   * @default Duration.minutes(60) (DEFAULT_APPROVAL_TIMEOUT)
   */
  readonly timeout?: Duration;
}

/**
 * What a step needs from the plan to render itself.
 * @internal
 */
export interface RegionSwitchStepBinding {
  /** Where errors point. */
  readonly scope: IConstruct;
  /** The setting the step was given in, e.g. `stepsBeforeTrafficShift[1]`. */
  readonly setting: string;
  readonly topology: MultiRegionTopology;
  /** The plan's two Regions. */
  readonly regions: string[];
  /** The stack the plan lives in. */
  readonly planStack: Stack;
}

/**
 * A step, rendered: the plan's step and what the execution role must be allowed to do for it.
 * @internal
 */
export interface RegionSwitchStepConfig {
  readonly step: arc.CfnPlan.StepProperty;
  /** The functions (ARNs, one per Region) the execution role invokes. */
  readonly invokes: string[];
}

/**
 * A step of the plan's workflow that runs before the traffic moves: a custom action (a replicated function) or a
 * manual approval.
 */
export abstract class RegionSwitchStep {
  /**
   * A custom action: Region switch invokes the replica of `fn` (its alias) in one of the plan's Regions, with the plan's
   * execution role. The function must be replicated in both Regions of the plan.
   */
  public static lambda(fn: ReplicatedFunction, options: LambdaStepOptions = {}): RegionSwitchStep {
    return new LambdaStep(fn, options);
  }

  /**
   * A manual approval: the execution waits until a principal allowed to assume `approvalRole` approves the step
   * (`arc-region-switch:ApprovePlanExecutionStep`). The role must be in the plan's stack, in a stack of the routing
   * stack's Region, or imported.
   */
  public static manualApproval(approvalRole: IRole, options: ApprovalStepOptions = {}): RegionSwitchStep {
    return new ApprovalStep(approvalRole, options);
  }

  /**
   * The step, validated, with every default applied.
   * @internal
   */
  public abstract _bind(binding: RegionSwitchStepBinding): RegionSwitchStepConfig;
}

/** Region switch step names: what its console and API accept (letters, digits, hyphens and underscores). */
const STEP_NAME = { maxLength: 64, pattern: /^[A-Za-z0-9_-]+$/, characters: 'letters, digits, hyphens and underscores' };

function stepName(binding: RegionSwitchStepBinding, name: string, defaulted: boolean): string {
  return checkName(binding.scope, `${binding.setting}.name`, name, {
    ...STEP_NAME,
    fix: defaulted ? `set ${binding.setting}.name: the default '${name}' does not fit` : undefined,
  });
}

function minutes(binding: RegionSwitchStepBinding, option: string, value: Duration, max?: Duration): number {
  return checkDuration(binding.scope, `${binding.setting}.${option}`, value, {
    unit: 'minutes', max, why: max ? `Region switch counts whole minutes, up to the step's timeout of ${max.toHumanString()}` : 'Region switch counts whole minutes',
  });
}

class LambdaStep extends RegionSwitchStep {
  constructor(private readonly fn: ReplicatedFunction, private readonly options: LambdaStepOptions) {
    super();
  }

  public _bind(binding: RegionSwitchStepBinding): RegionSwitchStepConfig {
    const fn = this.fn;
    if (!(fn instanceof ReplicatedFunction)) {
      throw configError(binding.scope, {
        setting: `${binding.setting}.fn`,
        value: fn,
        problem: 'it is not a ReplicatedFunction',
        allowed: 'a ReplicatedFunction of the plan\'s topology',
        fix: 'pass a ReplicatedFunction of the topology',
      });
    }
    const missing = binding.regions.filter((region) => !fn.replicas.some((replica) => replica.region === region));
    if (fn.topology !== binding.topology || missing.length > 0) {
      throw configError(binding.scope, {
        setting: `${binding.setting}.fn`,
        value: fn.node.path,
        problem: fn.topology !== binding.topology
          ? 'it belongs to another topology, and the plan invokes functions of its own cells only'
          : `it has no replica in ${missing.join(', ')}, and a custom action runs a function in each of the plan's Regions`,
        allowed: `a ReplicatedFunction of the plan's topology with replicas in ${binding.regions.join(' and ')}`,
        fix: 'replicate the function in both Regions of the plan, or choose another function',
      });
    }
    const name = stepName(binding, this.options.name ?? fn.functionName, this.options.name === undefined);
    const timeout = this.options.timeout ?? DEFAULT_LAMBDA_TIMEOUT;
    const timeoutMinutes = minutes(binding, 'timeout', timeout);
    const retryIntervalMinutes = minutes(binding, 'retryInterval', this.options.retryInterval ?? DEFAULT_LAMBDA_RETRY_INTERVAL, timeout);
    const runIn: RegionToRun = this.options.runIn ?? DEFAULT_LAMBDA_RUN_IN;
    if (!Object.values(RegionToRun).includes(runIn)) {
      throw configError(binding.scope, {
        setting: `${binding.setting}.runIn`,
        value: runIn,
        problem: 'Region switch runs a custom action in the activating or the deactivating Region only',
        allowed: 'RegionToRun.ACTIVATING or RegionToRun.DEACTIVATING',
        fix: `set ${binding.setting}.runIn to a RegionToRun`,
      });
    }
    // Deterministic ARNs of the aliases (never references: the plan's stack is in another Region than the cells).
    const account = binding.topology.account;
    const arns = binding.regions.map((region) =>
      `arn:${binding.topology.partition}:lambda:${region}:${account}:function:${fn.functionName}:${fn.aliasName}`);
    return {
      step: {
        name,
        description: `Invokes ${fn.functionName}:${fn.aliasName} in the ${runIn === RegionToRun.ACTIVATING ? 'activating' : 'deactivating'} Region`,
        executionBlockType: 'CustomActionLambda',
        executionBlockConfiguration: {
          customActionLambdaConfig: { lambdas: arns.map((arn) => ({ arn })), regionToRun: runIn, timeoutMinutes, retryIntervalMinutes },
        },
      },
      invokes: arns,
    };
  }
}

class ApprovalStep extends RegionSwitchStep {
  constructor(private readonly role: IRole, private readonly options: ApprovalStepOptions) {
    super();
  }

  public _bind(binding: RegionSwitchStepBinding): RegionSwitchStepConfig {
    const role = this.role;
    if (!role || typeof role.roleArn !== 'string') {
      throw configError(binding.scope, {
        setting: `${binding.setting}.approvalRole`,
        value: role,
        problem: 'it is not an IAM role',
        allowed: 'an IRole (a Role, or Role.fromRoleArn)',
        fix: 'pass the role your approvers assume',
      });
    }
    const owner = Stack.of(role);
    const otherRegion = !Token.isUnresolved(owner.region) && owner.region !== binding.planStack.region;
    if (Token.isUnresolved(role.roleArn) && owner !== binding.planStack && otherRegion) {
      throw configError(binding.scope, {
        setting: `${binding.setting}.approvalRole`,
        value: role.node.path,
        problem: `it is defined in a stack of ${owner.region}, and the plan's stack (${binding.planStack.region}) refers to no other Region's resources`,
        allowed: `a role of a stack in ${binding.planStack.region}, or an imported role (Role.fromRoleArn)`,
        fix: 'import the role by its ARN, e.g. Role.fromRoleArn(scope, \'Approvers\', arn)',
      });
    }
    const name = stepName(binding, this.options.name ?? 'approve', this.options.name === undefined);
    return {
      step: {
        name,
        description: 'Waits for an operator to approve the Region switch',
        executionBlockType: 'ManualApproval',
        executionBlockConfiguration: {
          executionApprovalConfig: { approvalRole: role.roleArn, timeoutMinutes: minutes(binding, 'timeout', this.options.timeout ?? DEFAULT_APPROVAL_TIMEOUT) },
        },
      },
      invokes: [],
    };
  }
}

/**
 * Automatic execution of the plan when a failover's health alarm is red.
 */
export interface RegionSwitchTriggerOptions {
  /**
   * The least time between two executions the trigger starts (whole minutes, at least one).
   *
   * @default Duration.minutes(60) (DEFAULT_MIN_DELAY_BETWEEN_EXECUTIONS)
   */
  readonly minDelayBetweenExecutions?: Duration;
}
