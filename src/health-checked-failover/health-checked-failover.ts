import { Annotations, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, MetricOptions, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnHealthCheck, CfnRecordSet, CnameRecord, HealthCheck, HealthCheckType, HostedZone, IHostedZone, InsufficientDataHealthStatusEnum } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { FailoverRecordSpec, failbackAlarmName, regionalName } from './binding';
import { HEALTH_FUNCTION_MEMORY_MB } from './defaults';
import { recoveryTime, strategyRecovery } from './failover-time';
import { FailoverCell } from './health-checked-failover-replica';
import { FailoverHealthCheck, FailoverRouting, FailoverTimeEstimate, RecoveryTimeEstimate } from './options';
import { regionSwitchDuringRoutingChange } from './routing-migration';
import { CHECKER_REGIONS, FailoverSettings, claimFailover, validateFailoverProps } from './validation';
import { GlobalTableStore } from '../global-table-store/global-table-store';
import { notifyingAlarm } from '../private/alarm';
import { ReplicatedFunction } from '../replicated-function/replicated-function';
import type { StrategyRecoveryEntry } from '../report/model';
import { acceptDrillExtension, DrillExtensionWiring, DrillTargetPart } from '../topology/drill-target';
import { partInRegion } from '../topology/membership';
import { MultiRegionTopology } from '../topology/multi-region-topology';
import type { StrategySettings } from '../topology/strategy-settings';

/**
 * Properties of a `HealthCheckedFailover`.
 */
export interface HealthCheckedFailoverProps {
  /** The replicated function whose regional endpoints serve the name: the failover has them created (its endpoint must not be disabled). */
  readonly service: ReplicatedFunction;

  /**
   * The public Route 53 hosted zone that holds the name, with its id and name known at synth: every cell and the
   * routing stack write records in it, so import it, e.g.
   * `HostedZone.fromHostedZoneAttributes(scope, 'Zone', { hostedZoneId, zoneName })` or `HostedZone.fromLookup`.
   */
  readonly hostedZone: IHostedZone;

  /**
   * The fully qualified name clients call, below the zone (not its apex), e.g. `api.example.com`: up to 64
   * characters, since it is the domain name of each cell's ACM certificate. Each cell also gets its own name,
   * `<region>.<recordName>`, which its health check requests.
   */
  readonly recordName: string;

  /**
   * How the name answers across the cells. The topology's disaster-recovery strategy decides which routings work:
   * active-active takes latency or weighted routing; warm standby and pilot light take active-passive only.
   *
   * @default - the strategy's: FailoverRouting.activePassive() (DEFAULT_ROUTING), or FailoverRouting.latency() with DisasterRecoveryStrategy.activeActive()
   */
  readonly routing?: FailoverRouting;

  /**
   * How Route 53 decides that a cell is healthy.
   *
   * @default FailoverHealthCheck.https() (DEFAULT_HEALTH_CHECK) - the deep health endpoint, every 10 s, failing after 2 checks
   */
  readonly healthCheck?: FailoverHealthCheck;

  /**
   * The global tables the deep health endpoint reads in its own region: a cell whose replica does not answer within
   * the dependency timeout is unhealthy. HTTPS health checks only: a probe-alarm health check with dependencies fails
   * synth, since it would never read them. Each table once.
   *
   * @default - none: the endpoint proves the cell's API Gateway and Lambda answer
   */
  readonly dependencies?: GlobalTableStore[];

  /**
   * The cells the name routes to, in failover order. Active-passive routing starts with the topology's primary region.
   *
   * @default - every cell of the topology, in its order
   */
  readonly regions?: string[];

  /**
   * How long resolvers may cache an answer (whole seconds, 0–60). It adds directly to the failover time.
   *
   * @default Duration.seconds(5) (DEFAULT_TTL)
   */
  readonly ttl?: Duration;

  /**
   * The longest acceptable time from a cell's failure until every client resolves a healthy cell (whole seconds, at
   * least one). Synth fails, naming
   * the settings to change, when the worst case of this configuration (`failoverTime`) is longer, or when the
   * topology's strategy makes the recovery (`recoveryTime`: the failover plus scaling a standby up) longer.
   *
   * @default - no objective is checked; `failoverTime` still reports the worst case
   */
  readonly recoveryTimeObjective?: Duration;

  /**
   * How long a cell that failed must stay healthy before DNS sends it traffic again (whole minutes, 1 minute to 1 day),
   * so a flapping cell does not flap its traffic. Route 53 has no healthy threshold of its own (`failureThreshold`
   * counts passing checks as well as failing ones), so each record's health check becomes a CALCULATED check of the
   * cell's check and a hold-down alarm on it, whose one datapoint is the lowest status over this whole duration: in ALARM
   * while any minute of it was unhealthy, OK only after this many healthy minutes in a row. Detection is unchanged: the
   * cell's own check still fails the record at once.
   *
   * @default - no hold-down: traffic returns once Route 53 sees the cell healthy (`failureThreshold` passing checks)
   */
  readonly failbackHoldDown?: Duration;

  /**
   * Step 1 of moving a deployed name to another routing (failover ↔ latency ↔ weighted): the routing of the records
   * deployed now (`FailoverRouting.name`: 'active-passive', 'latency' or 'weighted'), with `routing` set to the new
   * one. Route 53 refuses records of different routing policies for one name, and CloudFormation creates new records
   * before deleting old ones, so a deployment that only changes `routing` fails and rolls back. With this set, the
   * routing stack holds no record of the name, and deploying it deletes the old records: the name does not resolve
   * until step 2, which removes this prop and deploys the new records. Health checks and alarms stay throughout.
   *
   * @default - no routing change under way: the records of `routing` are deployed
   */
  readonly replacedRouting?: string;
}

/**
 * DNS failover between the cells of a topology, with a failover time known before deploy.
 *
 * Each cell serves the name through its endpoint's custom domain (an ACM certificate per region) and a name of its own
 * (`<region>.<recordName>`); with HTTPS health checks, it also answers a deep health path. In the topology's routing
 * stack (us-east-1): a Route 53 health check per cell, an alarm on each health check's status, and health-checked
 * failover (PRIMARY/SECONDARY, chained through every cell) or latency records with a short TTL.
 */
export class HealthCheckedFailover extends Construct {
  /** The worst case from a cell's failure until every client resolves a healthy cell, and how it is made up. */
  public readonly failoverTime: FailoverTimeEstimate;

  /**
   * The worst case from a cell's failure until a healthy cell carries the whole load: `failoverTime`, then what the
   * topology's disaster-recovery strategy adds (Lambda scaling a standby up, a cold start). Checked against
   * `recoveryTimeObjective`.
   */
  public readonly recoveryTime: RecoveryTimeEstimate;

  /** The replicated function whose regional endpoints serve the name. */
  public readonly service: ReplicatedFunction;

  /** The name clients call. */
  public readonly recordName: string;

  /** The regions the name routes to, in failover order. */
  public readonly regions: string[];

  /** The routing between the cells. */
  public readonly routing: FailoverRouting;

  /** The declared recovery time objective, checked against `failoverTime` at synth, if any. */
  public readonly recoveryTimeObjective?: Duration;

  /** The kind of health check. */
  public readonly healthCheckKind: FailoverHealthCheck;

  /**
   * The path Route 53's checkers request on each cell's own name (`<path>/<token>`), with HTTPS health checks: for
   * runbooks, e.g. `curl https://<region>.<recordName><healthCheckPath>`.
   */
  public readonly healthCheckPath?: string;

  /** What this construct creates in each cell, in failover order. */
  public readonly cells: FailoverCell[];

  private readonly topology: MultiRegionTopology;
  private readonly hostedZoneId: string;
  /** The deployed routing this deployment deletes the records of (step 1 of a routing change), if any. */
  private readonly replacedRouting?: string;
  /** The record sets of the name itself that a cell answers, by set identifier. */
  private readonly answeringRecords: { recordSetIdentifier: string; region: string }[];
  /** The health check and its alarm of each routed cell, and the check its records carry, in failover order. */
  private readonly routes: { region: string; healthCheck: HealthCheck; healthAlarm: Alarm; recordCheck: HealthCheck }[] = [];
  /** Where the routing's health checks and records are (the routing stack). */
  private readonly routingScope: Construct;
  /** The record sets each cell answers, by region: `_gateRecords` retargets them. */
  private readonly answering = new Map<string, CfnRecordSet[]>();
  /** The drill that wired the FIS Lambda extension into each region's health handler (IDrillTarget). */
  private readonly drillExtensions = new Map<string, string>();

  constructor(scope: Construct, id: string, props: HealthCheckedFailoverProps) {
    super(scope, id);
    this.topology = MultiRegionTopology.of(this);
    const settings = validateFailoverProps(this, this.topology, props);
    claimFailover(this, settings.service, settings.recordName);
    this.failoverTime = settings.failoverTime;
    this.recoveryTime = settings.recoveryTime;
    this.service = settings.service;
    this.recordName = settings.recordName;
    this.regions = settings.regions;
    this.routing = settings.routing;
    this.recoveryTimeObjective = settings.recoveryTimeObjective;
    this.healthCheckKind = settings.healthCheck;
    this.healthCheckPath = settings.check.https?.resourcePath;
    this.hostedZoneId = settings.hostedZoneId;
    this.replacedRouting = settings.replacedRouting;
    this.answeringRecords = settings.records.filter((r) => r.name === settings.recordName && r.answeredBy)
      .map((r) => ({ recordSetIdentifier: r.setIdentifier, region: r.answeredBy! }));
    this.cells = settings.regions.map((region) => FailoverCell._create(this.topology.cell(region), this.topology._replicaId(this), settings));

    const routing = new Construct(this.topology.routingStack, this.topology._replicaId(this));
    this.routingScope = routing;
    const zone = HostedZone.fromHostedZoneAttributes(routing, 'Zone', { hostedZoneId: settings.hostedZoneId, zoneName: settings.zoneName });
    for (const region of settings.regions) {
      const healthCheck = new HealthCheck(routing, `${region}HealthCheck`,
        settings.check.healthCheckProps(region, regionalName(region, settings.recordName)));
      const healthAlarm = this.createHealthAlarm(routing, region, healthCheck);
      const recordCheck = settings.failbackHoldDownMinutes === undefined ? healthCheck
        : this.createHoldDown(routing, region, healthCheck, settings.failbackHoldDownMinutes);
      this.routes.push({ region, healthCheck, healthAlarm, recordCheck });
    }
    for (const record of settings.records) this.createRecord(routing, zone, settings, record);
    if (settings.replacedRouting !== undefined) {
      Annotations.of(this).addInfo(`${settings.recordName}: step 1 of moving from ${settings.replacedRouting} to ${settings.routing.name} ` +
        'routing: this deployment deletes the name\'s records, and the name does not resolve until step 2 (remove replacedRouting and deploy)');
    }
    new CfnOutput(routing, 'FailoverTimeSeconds', {
      description: `Worst-case failover of ${settings.recordName}: ${settings.failoverTime.formula}`,
      value: String(settings.failoverTime.totalSeconds),
    });
    this.topology._contributeToReport(() => ({
      routing: [{
        recordName: this.recordName,
        service: this.service.functionName,
        routing: this.routing.name,
        healthCheck: this.healthCheckKind.name,
        regions: this.regions,
        failoverTime: { ...this.failoverTime },
        recoveryTimeObjectiveSeconds: this.recoveryTimeObjective?.toSeconds() ?? null,
      }],
      recovery: [{
        recordName: this.recordName,
        ...this.recoveryTime,
        recoveryTimeObjectiveSeconds: this.recoveryTimeObjective?.toSeconds() ?? null,
      }],
      strategyRecoveries: strategyRecoveries(this.recordName, this.failoverTime, this.topology._strategy),
      healthLoads: settings.check.https ? [{
        recordName: this.recordName,
        regions: this.regions,
        checkerRegions: settings.check.https.checkerRegions?.length ?? CHECKER_REGIONS.length,
        intervalSeconds: settings.check.https.intervalSeconds,
        cacheMs: settings.check.https.cacheMs,
        handlerMemoryMb: HEALTH_FUNCTION_MEMORY_MB,
        dependencies: settings.dependencies.length,
        serviceMemoryMb: settings.check.https.serviceEvent ? this.service._settings.memorySize : undefined,
      }] : [],
    }));
  }

  /**
   * The Route 53 health check of the cell in `regionName`.
   *
   * @throws if the name does not route to `regionName`
   */
  public healthCheck(regionName: string): HealthCheck {
    return this.route(regionName).healthCheck;
  }

  /**
   * The alarm (in the routing stack) that fires when the cell in `regionName` is unhealthy to Route 53.
   *
   * @throws if the name does not route to `regionName`
   */
  public healthAlarm(regionName: string): Alarm {
    return this.route(regionName).healthAlarm;
  }

  /**
   * What an ARC Region switch plan's Route 53 health check step switches: the zone, the name, and the record set of each
   * routed cell (its set identifier).
   * @internal
   */
  public _regionSwitchTarget(): { hostedZoneId: string; recordName: string; recordSets: { recordSetIdentifier: string; region: string }[] } {
    if (this.replacedRouting !== undefined) throw regionSwitchDuringRoutingChange(this, this.replacedRouting);
    return { hostedZoneId: this.hostedZoneId, recordName: this.recordName, recordSets: this.answeringRecords.map((r) => ({ ...r })) };
  }

  /**
   * Makes the records the cell in `region` answers healthy only while the health check `gateId` is healthy too (an
   * ARC Region switch plan's): their check becomes, or extends, the cell's CALCULATED check `<region>RoutedCheck`,
   * healthy only while every child is. The cell's own check, its alarm and the failover time are unchanged: a
   * calculated check's status follows its children's, with no interval of its own.
   * @internal
   */
  public _gateRecords(region: string, gateId: string): HealthCheck {
    const route = this.route(region) as { healthCheck: HealthCheck; recordCheck: HealthCheck };
    if (route.recordCheck === route.healthCheck) {
      route.recordCheck = new HealthCheck(this.routingScope, `${region}RoutedCheck`, {
        type: HealthCheckType.CALCULATED,
        childHealthChecks: [route.healthCheck, HealthCheck.fromHealthCheckId(this.routingScope, `${region}Gate`, gateId)],
        healthThreshold: 2,
      });
    } else {
      // The hold-down's calculated check gets one more child (the L2 takes children only at construction): all must be healthy.
      const cfn = route.recordCheck.node.defaultChild as CfnHealthCheck;
      const config = cfn.healthCheckConfig as CfnHealthCheck.HealthCheckConfigProperty;
      const children = [...(config.childHealthChecks ?? []), gateId];
      cfn.healthCheckConfig = { ...config, childHealthChecks: children, healthThreshold: children.length };
    }
    for (const record of this.answering.get(region) ?? []) record.healthCheckId = route.recordCheck.healthCheckId;
    return route.recordCheck;
  }

  /** The route to the cell in `regionName`, when the name routes to it. */
  private route(regionName: string): { healthCheck: HealthCheck; healthAlarm: Alarm; recordCheck: HealthCheck } {
    return partInRegion(this, this.topology, this.routes, regionName, {
      setting: 'regionName',
      problem: 'the name does not route to this region, so it has no health check',
      fix: 'ask for a routed region, or add the region to `regions`',
    });
  }

  /**
   * `HealthCheckStatus` of the cell in `regionName` (1 healthy, 0 unhealthy; Minimum per minute by default), published
   * by Route 53 in us-east-1.
   */
  public metricHealthCheckStatus(regionName: string, options?: MetricOptions): Metric {
    return statusMetric(this.healthCheck(regionName), { region: 'us-east-1', ...options });
  }

  private createHealthAlarm(scope: Construct, region: string, healthCheck: HealthCheck): Alarm {
    return notifyingAlarm(scope, `${region}HealthAlarm`, this.topology.routingStack.alarmTopic, {
      alarmDescription: `${this.recordName}: the cell in ${region} is unhealthy to Route 53, so DNS routes around it`,
      metric: statusMetric(healthCheck),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      // A health check always reports; silence means it is gone.
      treatMissingData: TreatMissingData.BREACHING,
    });
  }

  /**
   * The failback hold-down of the cell in `region`: an alarm on its health check's status whose one datapoint is the
   * lowest status of the last `minutes` minutes, so it is in ALARM while any of them was unhealthy; an alarm-based
   * health check on it; and a CALCULATED check, healthy only while both are, for the records.
   *
   * One period of `minutes`, not `minutes` one-minute periods of which one breaching suffices: Route 53 "monitors the
   * data stream for the corresponding alarm instead of monitoring the alarm state"
   * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html#dns-failover-determining-health-of-endpoints-cloudwatch),
   * and does not document applying an alarm's evaluation periods or DatapointsToAlarm to that stream. A single
   * datapoint whose statistic spans the whole hold-down means the same under either reading, and under CloudWatch's
   * default sliding evaluation window (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation-window.html)
   * it covers the last `minutes` minutes.
   */
  private createHoldDown(scope: Construct, region: string, healthCheck: HealthCheck, minutes: number): HealthCheck {
    const alarmName = failbackAlarmName(this.recordName, region);
    const alarm = notifyingAlarm(scope, `${region}FailbackHoldDownAlarm`, this.topology.routingStack.alarmTopic, {
      alarmName,
      alarmDescription: `${this.recordName}: the cell in ${region} was unhealthy within the last ${minutes} minute(s); DNS keeps ` +
        `routing around it until it has been healthy for ${minutes} minute(s) (failback hold-down)`,
      // Minimum over the whole hold-down: 0 if the cell was unhealthy in any minute of it.
      metric: statusMetric(healthCheck, { period: Duration.minutes(minutes) }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      // Missing status data holds nothing down: the cell's own check, the other child, still decides.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    // Route 53 copies an alarm's settings into the health check when it creates it, and an alarm-based check is not
    // updated when its alarm changes ("Updating health checks when you change CloudWatch alarm settings",
    // https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-deleting.html): the hold-down is
    // in the check's id, so a changed hold-down (or the one-period alarm of this release) makes a new check after the
    // alarm is updated; the calculated check takes it in place and the old one goes in cleanup.
    const holdDown = new HealthCheck(scope, `${region}FailbackHoldDownCheck${minutes}m`, {
      type: HealthCheckType.CLOUDWATCH_METRIC,
      alarmIdentifier: { region: Stack.of(scope).region, name: alarmName },
      insufficientDataHealthStatus: InsufficientDataHealthStatusEnum.HEALTHY,
    });
    holdDown.node.addDependency(alarm);
    return new HealthCheck(scope, `${region}RoutedCheck`, {
      type: HealthCheckType.CALCULATED,
      childHealthChecks: [healthCheck, holdDown],
      healthThreshold: 2,
    });
  }

  /** A record set of the routing: health-checked when a cell answers it, a plain link of the chain otherwise. */
  private createRecord(scope: Construct, zone: IHostedZone, settings: FailoverSettings, record: FailoverRecordSpec): void {
    const created = new CnameRecord(scope, record.id, {
      zone,
      recordName: record.name,
      domainName: record.domainName,
      ttl: Duration.seconds(settings.ttlSeconds),
      healthCheck: record.answeredBy ? this.route(record.answeredBy).recordCheck : undefined,
      setIdentifier: record.setIdentifier,
      comment: record.comment,
      failover: record.failover,
      region: record.latencyRegion,
      weight: record.weight,
    });
    if (record.answeredBy) {
      this.answering.set(record.answeredBy, [...(this.answering.get(record.answeredBy) ?? []), created.node.defaultChild as CfnRecordSet]);
    }
  }

  /**
   * What a region-failure drill faults in `region` (IDrillTarget): the cell's deep health handler, qualified by its
   * alias (named like the service's), so that Route 53 sees the region fail; undefined when the failover has no
   * handler there (probe-alarm checks, or a region it does not route to).
   * @internal
   */
  public _drillTargetIn(region: string): DrillTargetPart | undefined {
    const cell = this.cells.find((c) => c.region === region);
    const fn = cell?.healthFunction;
    if (!cell || !fn || !cell.healthAlias || !fn.role) return undefined;
    return {
      name: this.node.id,
      region,
      function: {
        functionArn: fn.functionArn,
        resource: fn.node.defaultChild!,
        path: fn.node.path,
        aliasName: cell.healthAlias.aliasName,
        role: fn.role,
        architecture: fn.architecture,
        timeout: fn.timeout,
        healthCheck: true,
      },
      alarms: {},
    };
  }

  /**
   * Wires the FIS Lambda extension into the health handler in `region` for one drill (IDrillTarget).
   * @internal
   */
  public _acceptDrillExtension(region: string, wiring: DrillExtensionWiring): string | undefined {
    const fn = this.cells.find((c) => c.region === region)?.healthFunction;
    if (!fn) throw new Error(`no health handler in ${region} to wire`);
    return acceptDrillExtension(this.drillExtensions, region, wiring, fn);
  }
}

/**
 * The recovery time of `recordName` under each of the four strategies (the report's side-by-side comparison): the same
 * DNS failover, then each strategy's scale-up with the topology's peak concurrency.
 */
function strategyRecoveries(recordName: string, failover: FailoverTimeEstimate, strategy: StrategySettings): StrategyRecoveryEntry[] {
  return strategy.alternatives.map((alternative) => {
    const recovery = recoveryTime(failover, strategyRecovery(alternative.name, alternative.standbyCapacity, strategy.peakConcurrency));
    return {
      recordName,
      strategy: alternative.name,
      failoverSeconds: recovery.failoverSeconds,
      strategySeconds: recovery.strategySeconds,
      totalSeconds: recovery.totalSeconds,
    };
  });
}

/** Route 53's `HealthCheckStatus` of `healthCheck`: 1 healthy, 0 unhealthy (Minimum per minute by default). */
function statusMetric(healthCheck: HealthCheck, options?: MetricOptions): Metric {
  return new Metric({
    namespace: 'AWS/Route53',
    metricName: 'HealthCheckStatus',
    dimensionsMap: { HealthCheckId: healthCheck.healthCheckId },
    statistic: 'Minimum',
    period: Duration.minutes(1),
    ...options,
  });
}
