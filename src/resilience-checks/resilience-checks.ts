import { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport, Token, Validations } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { RenderedResource, lazyRender, withStackLookups } from './cfn';
import { GLOBAL_TABLE, globalTableDeletionProtection, globalTablePitr, globalTableRetained } from './dynamodb';
import { EXPERIMENT_TEMPLATE, alarmStopCondition } from './fis';
import { FUNCTION, asyncFailureDestination } from './lambda';
import { NagMessageLevel, NagPack, NagPackProps, NagRuleCompliance, NagRuleResult } from './nag';
import {
  HEALTH_CHECK, MAX_FAILOVER_TTL_SECONDS, RECORD_SET, RECORD_SET_GROUP, failoverRecordTtl, healthCheckDetectionTime,
  routingRecordHealthCheck,
} from './route53';
import { STATE_MACHINE, compensationRetryCatch, sagaStandard, taskRetry } from './stepfunctions';
import { configError } from '../private/errors';

/**
 * Options of the ResilienceChecks rule pack.
 */
export interface ResilienceChecksProps extends NagPackProps {
  /**
   * The longest time, in seconds, a Route 53 endpoint health check may take to declare an endpoint
   * unhealthy (FailureThreshold x (RequestInterval + 6 s HTTP(S) or 10 s TCP request timeout)) before
   * `Resilience-R53HealthCheckDetectionTime` warns.
   *
   * @default ResilienceChecks.DEFAULT_MAX_HEALTH_CHECK_DETECTION_SECONDS (60 seconds)
   */
  readonly maxHealthCheckDetectionSeconds?: number;
}

/** One rule of the pack: which resource types it reads, how it judges them, and what to tell the user. */
interface RuleSpec {
  readonly id: string;
  readonly types: readonly string[];
  readonly level: NagMessageLevel;
  readonly info: string;
  readonly explanation: string;
  /** Compliance, or one finding per offending part (cdk-nag reports each as `<id>[<finding>]`). */
  readonly rule: (resource: RenderedResource, node: CfnResource) => NagRuleResult;
}

const PACK_NAME = 'Resilience';

/**
 * A cdk-nag rule pack for multi-region resilience: global tables that survive mistakes, DNS that fails
 * over quickly, Lambda and Step Functions failures that are caught, and fault-injection experiments that
 * can stop themselves.
 *
 * It judges the synthesized CloudFormation resources (CfnResource L1s, tokens resolved), so it works on
 * any CDK app. Finding ids are `Resilience-<Rule>`, e.g. `Resilience-DDBGlobalTablePITR`; acknowledge one
 * with `Validations.of(construct).acknowledge({ id, reason })` on the resource or an ancestor.
 *
 * @example
 * declare const app: App;
 * const { violations } = new ResilienceChecks().validateScope(app);
 */
export class ResilienceChecks extends NagPack {
  /**
   * Default bound on a Route 53 endpoint health check's worst-case detection time, in seconds. Route 53's own
   * defaults (30 s interval, 3 failures) give 3 x (30 + 6) = 108 s for HTTPS; 10 s x 3 (48 s) stays within it.
   */
  public static readonly DEFAULT_MAX_HEALTH_CHECK_DETECTION_SECONDS = 60;

  /** The longest TTL, in seconds, a failover record set may have (`Resilience-R53FailoverTTL`). */
  public static readonly MAX_FAILOVER_TTL_SECONDS = MAX_FAILOVER_TTL_SECONDS;

  /** The name of the pack, which prefixes every finding id. */
  public readonly name: string = PACK_NAME;

  /** The ids of the rules in this pack, e.g. `Resilience-DDBGlobalTablePITR`. */
  public readonly ruleIds?: string[];

  private readonly rules: RuleSpec[];

  /**
   * @param scope when given together with `writeSuppressionsToCloudFormation`, the scope whose resources get
   *   their acknowledgements written to template metadata (see cdk-nag's NagPack).
   * @param props options of the pack.
   */
  constructor(scope?: IConstruct, props: ResilienceChecksProps = {}) {
    super(scope, props);
    this.packName = PACK_NAME;
    const maxDetection = props.maxHealthCheckDetectionSeconds ?? ResilienceChecks.DEFAULT_MAX_HEALTH_CHECK_DETECTION_SECONDS;
    if (Token.isUnresolved(maxDetection) || typeof maxDetection !== 'number' || !Number.isFinite(maxDetection) || maxDetection <= 0) {
      // The pack is no construct (its scope is optional): its errors carry its own name where a construct's carry a path.
      throw configError({ node: { path: 'ResilienceChecks' } } as IConstruct, {
        setting: 'maxHealthCheckDetectionSeconds',
        value: Token.isUnresolved(maxDetection) ? '<a token>' : maxDetection,
        problem: 'the bound is compared at synth time, with a positive, finite number of seconds',
        allowed: 'a positive number of seconds',
        fix: 'pass e.g. 60, or leave it unset',
      });
    }
    this.rules = ruleSpecs(maxDetection);
    this.ruleIds = this.rules.map((r) => `${PACK_NAME}-${r.id}`);
  }

  /**
   * Checks every resource under `scope` and reports the findings that are not acknowledged.
   *
   * A finding is acknowledged on its resource or an ancestor by its id (`Resilience-DDBGlobalTablePITR`), or by the
   * id aws-cdk-lib's validation-plugin report uses (`Resilience::Resilience-DDBGlobalTablePITR`), so one
   * acknowledgement serves both ways of running the pack.
   * @param scope the app, stage, stack or construct to check.
   */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    const report = withStackLookups(() => super.validateScope(scope));
    return withoutPluginAcknowledged(scope, report);
  }

  /**
   * The entry point of aws-cdk-lib's validation plugins (`Validations.of(app).addPlugins(new ResilienceChecks())`).
   *
   * The pack judges constructs, so it needs the construct tree on the context (`appConstruct`), which aws-cdk-lib
   * passes from 2.258 on. An aws-cdk-lib that passes template paths only (2.257) is refused with an error that names
   * the fix, rather than left to report a success it never checked.
   * @param context what aws-cdk-lib gives the plugin.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const appConstruct: unknown = (context as { readonly appConstruct?: unknown } | undefined)?.appConstruct;
    if (!Construct.isConstruct(appConstruct)) {
      const templates = context?.templatePaths?.length ?? 0;
      throw new Error(`[ResilienceChecks] invalid validation context { templatePaths: [${templates} path(s)], appConstruct: ` +
        `${appConstruct === undefined ? 'undefined' : String(appConstruct)} }: this aws-cdk-lib runs validation plugins without the ` +
        'construct tree (appConstruct, passed from aws-cdk-lib 2.258 on), and ResilienceChecks judges constructs, so as a plugin ' +
        'it would check nothing. Allowed: new ResilienceChecks().validateScope(app) with any aws-cdk-lib; ' +
        'Validations.of(app).addPlugins(new ResilienceChecks()) with aws-cdk-lib 2.258 or newer. ' +
        'Fix: remove the plugin and call new ResilienceChecks().validateScope(app) in a test or a CI step (failing on its ' +
        'violations), or upgrade aws-cdk-lib to 2.258 or newer.');
    }
    return this.validateScope(appConstruct);
  }

  /**
   * Applies the rules that concern the resource's type.
   * @param node the CfnResource to check.
   */
  protected checkResource(node: CfnResource): void {
    const render = lazyRender(node);
    for (const spec of this.rules) {
      if (!spec.types.includes(node.cfnResourceType)) continue;
      this.applyRule({
        ruleSuffixOverride: spec.id,
        info: spec.info,
        explanation: spec.explanation,
        level: spec.level,
        node,
        rule: () => {
          const resource = render();
          return resource ? spec.rule(resource, node) : NagRuleCompliance.NOT_APPLICABLE;
        },
      });
    }
  }
}

/**
 * Drops the findings acknowledged with the id aws-cdk-lib's plugin report gives them, `Resilience::<finding id>`, on
 * the resource or an ancestor. cdk-nag honours only the plain id (`Resilience-<Rule>`, stored as `annotation::...`);
 * aws-cdk-lib's plugin loop honours only `<plugin name>::<finding id>`.
 */
function withoutPluginAcknowledged(scope: IConstruct, report: PolicyValidationPluginReport): PolicyValidationPluginReport {
  if (report.violations.length === 0) return report;
  const constructs = new Map(scope.node.findAll().map((c) => [c.node.path, c] as const));
  const violations = report.violations
    .map((violation) => ({
      ...violation,
      violatingResources: violation.violatingResources.filter((resource) => {
        const construct = resource.constructPath === undefined ? undefined : constructs.get(resource.constructPath);
        return !construct || !acknowledgedAsPlugin(construct, `${PACK_NAME}::${violation.ruleName}`);
      }),
    }))
    .filter((violation) => violation.violatingResources.length > 0);
  return { ...report, success: violations.length === 0, violations };
}

function acknowledgedAsPlugin(construct: IConstruct, id: string): boolean {
  for (let current: IConstruct | undefined = construct; current; current = current.node.scope) {
    const acknowledged = current.node.metadata.some((entry) =>
      entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data && Object.keys(entry.data).includes(id));
    if (acknowledged) return true;
  }
  return false;
}

function ruleSpecs(maxDetection: number): RuleSpec[] {
  return [
    {
      id: 'DDBGlobalTablePITR',
      types: [GLOBAL_TABLE],
      // Error: a bad write or delete replicates to every region within a second; point-in-time recovery is the
      // only way back, and it cannot be turned on after the fact for the lost window.
      level: NagMessageLevel.ERROR,
      info: 'A replica of the DynamoDB global table does not have point-in-time recovery enabled. ' +
        'Fix: set pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true } on the TableV2 (and on no replica turn it off), ' +
        'or Replicas[].PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true on every replica.',
      explanation: 'Replication protects against the loss of a region, not against bad data: a corrupting write or a mass delete ' +
        'is copied to every replica. Point-in-time recovery on every replica lets any region restore the table to a second before the mistake.',
      rule: globalTablePitr,
    },
    {
      id: 'DDBGlobalTableDeletionProtection',
      types: [GLOBAL_TABLE],
      // Error: deleting a replica (console, SDK, or a stack change) destroys that region's copy at once.
      level: NagMessageLevel.ERROR,
      info: 'A replica of the DynamoDB global table does not have deletion protection enabled. ' +
        'Fix: set deletionProtection: true on the TableV2 (and on each replica that overrides it), or Replicas[].DeletionProtectionEnabled: true.',
      explanation: 'Without deletion protection a single DeleteTable call, or a stack update that drops a replica, removes that region\'s ' +
        'data and capacity immediately; regional failover then has nowhere to go.',
      rule: globalTableDeletionProtection,
    },
    {
      id: 'DDBGlobalTableRetain',
      types: [GLOBAL_TABLE],
      // Error: stack deletion or a replacing update (e.g. a renamed key) would delete every replica's data.
      level: NagMessageLevel.ERROR,
      info: 'The DynamoDB global table is not retained on stack deletion and replacement (DeletionPolicy and UpdateReplacePolicy Retain). ' +
        'Fix: removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE (GlobalTableStore\'s default) or RETAIN, or applyRemovalPolicy() on the CfnGlobalTable.',
      explanation: 'With DeletionPolicy Delete, deleting the stack deletes the table in every region; with UpdateReplacePolicy Delete, an update ' +
        'that replaces the table (a new key schema or table name) deletes the old one with its data. RetainExceptOnCreate is accepted as a DeletionPolicy.',
      rule: globalTableRetained,
    },
    {
      id: 'R53RoutingHealthCheck',
      types: [RECORD_SET, RECORD_SET_GROUP],
      // Error: without a health check Route 53 keeps answering with the failed endpoint; failover never happens.
      level: NagMessageLevel.ERROR,
      info: 'A failover PRIMARY, latency or weighted Route 53 record has no health check. ' +
        'Fix: pass healthCheck to the record (HealthCheckId), or make it an alias record with EvaluateTargetHealth: true.',
      explanation: 'Route 53 only takes a record out of its answers when the record is associated with a failing health check, or is an ' +
        'alias that evaluates its target\'s health. Otherwise the routing policy keeps sending clients to a dead region.',
      rule: routingRecordHealthCheck,
    },
    {
      id: 'R53FailoverTTL',
      types: [RECORD_SET, RECORD_SET_GROUP],
      // Error: resolvers cache the failed answer for the whole TTL, which adds directly to the failover time.
      level: NagMessageLevel.ERROR,
      info: `A Route 53 failover record has a TTL above ${MAX_FAILOVER_TTL_SECONDS} seconds. ` +
        `Fix: set ttl: Duration.seconds(${MAX_FAILOVER_TTL_SECONDS}) or less on the PRIMARY and SECONDARY records (TTL property), or use alias records.`,
      explanation: 'After Route 53 switches to the secondary, resolvers and clients keep using the cached primary answer until its TTL ' +
        'expires, so the TTL is added to the health check\'s detection time in every failover.',
      rule: failoverRecordTtl,
    },
    {
      id: 'R53HealthCheckDetectionTime',
      types: [HEALTH_CHECK],
      // Warning: slow detection delays failover but does not prevent it, and some workloads accept a slower,
      // less flappy check; the bound is configurable.
      level: NagMessageLevel.WARN,
      info: `A Route 53 endpoint health check can take more than ${maxDetection} seconds to detect a failure ` +
        '(FailureThreshold x (RequestInterval + request timeout: 6 s for HTTP(S), 10 s for TCP)). ' +
        'Fix: use a 10 second request interval (fast check) or lower the failure threshold, e.g. 3 x (10 s + 6 s) = 48 s.',
      explanation: 'An endpoint is declared unhealthy only after FailureThreshold consecutive failed checks; a checker waits RequestInterval ' +
        'seconds after each response, and a request to a dead endpoint fails only at the timeout. Route 53\'s defaults (30 s, 3 failures) ' +
        'take up to 108 s, all of it added to every regional failover. Calculated, CloudWatch metric and recovery control checks are not judged.',
      rule: healthCheckDetectionTime(maxDetection),
    },
    {
      id: 'LambdaAsyncFailureDestination',
      types: [FUNCTION],
      // Warning: only asynchronous invocations (S3, SNS, EventBridge, InvocationType Event) lose events silently;
      // a function that is only invoked synchronously returns its errors to the caller and needs none.
      level: NagMessageLevel.WARN,
      info: 'The Lambda function has no failure destination for asynchronous invocations. ' +
        'Fix: set onFailure (a destination) or deadLetterQueue on the Function, or add an EventInvokeConfig for it (or its alias/version) ' +
        'with DestinationConfig.OnFailure.Destination. Acknowledge the finding if the function is only invoked synchronously.',
      explanation: 'An asynchronous event that still fails after Lambda\'s retries is dropped unless the function has a dead-letter queue ' +
        'or an on-failure destination, and during a regional incident that is exactly when events fail.',
      rule: (resource, node) => asyncFailureDestination(node, resource),
    },
    {
      id: 'SFNTaskRetry',
      types: [STATE_MACHINE],
      // Warning: transient errors (throttling, Lambda service exceptions) fail the execution without a Retry,
      // but a non-idempotent task may deliberately not retry.
      level: NagMessageLevel.WARN,
      info: 'A Task state of the state machine has no Retry (or only retriers with MaxAttempts 0); the finding names it, [State::<path>]. ' +
        'Fix: call addRetry({ errors: [...], maxAttempts, backoffRate }) on every task, including those inside Parallel branches and Map processors.',
      explanation: 'Calls to other services fail transiently, most of all while a region is degraded. A Retry with backoff absorbs those errors; ' +
        'without it one throttled call fails the whole execution.',
      rule: taskRetry,
    },
    {
      id: 'SFNCompensationRetryCatch',
      types: [STATE_MACHINE],
      // Error: a compensation that fails leaves the saga half-applied, with nothing left to undo it.
      level: NagMessageLevel.ERROR,
      info: 'A compensation Task (reachable only from a Catch) of the state machine does not have both Retry and Catch; the finding ' +
        'names it, [State::<path>]. ' +
        'Fix: addRetry(...) and addCatch(...) on every task of the error path; catch to a state that parks the failure for an operator.',
      explanation: 'Compensations run when something already went wrong, often because a dependency is failing. If a compensation fails ' +
        'without retrying, or fails without being caught, the saga stops half undone and nobody is told what is left to clean up.',
      rule: compensationRetryCatch,
    },
    {
      id: 'SFNSagaStandard',
      types: [STATE_MACHINE],
      // Error: Express runs at-least-once and stops after 5 minutes, so a saga can apply a step twice or be cut mid-compensation.
      level: NagMessageLevel.ERROR,
      info: 'A state machine with a compensation path (a Catch leading to a Task) is an EXPRESS workflow. ' +
        'Fix: stateMachineType: StateMachineType.STANDARD (StateMachineType: STANDARD, the default).',
      explanation: 'Express workflows have at-least-once execution semantics and a 5 minute limit: a saga step may run twice, and a long ' +
        'compensation is killed without trace. Standard workflows run exactly once, for up to a year, with a full execution history.',
      rule: sagaStandard,
    },
    {
      id: 'FISAlarmStopCondition',
      types: [EXPERIMENT_TEMPLATE],
      // Error: an experiment without an alarm stop condition keeps injecting faults while customers are hurt.
      level: NagMessageLevel.ERROR,
      info: 'The FIS experiment template has no stop condition on a CloudWatch alarm. ' +
        'Fix: add stopConditions: [{ source: \'aws:cloudwatch:alarm\', value: alarm.alarmArn }] watching a customer-facing metric.',
      explanation: 'Fault injection must stop itself when the blast radius grows beyond what was planned. A stop condition with Source ' +
        '"aws:cloudwatch:alarm" ends the experiment, and rolls back its actions, as soon as the alarm fires.',
      rule: alarmStopCondition,
    },
  ];
}
