import { CfnOutput, Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, MetricOptions, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { CnameRecord, Failover, HealthCheck, HealthCheckType, HostedZone, IHostedZone, InsufficientDataHealthStatusEnum } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { FailoverCell } from './failover-cell';
import { FailoverHealthCheck, FailoverRouting, FailoverTimeEstimate } from './options';
import { FailoverSettings, claimFailover, regionalName, validateFailoverProps } from './validation';
import { GlobalTableStore } from '../global-table-store/global-table-store';
import { notifyingAlarm } from '../private/alarm';
import { probeAlarmName } from '../replicated-function/probe';
import { ReplicatedFunction } from '../replicated-function/replicated-function';
import { partInRegion } from '../topology/membership';
import { MultiRegionTopology } from '../topology/multi-region-topology';

/**
 * Properties of a `HealthCheckedFailover`.
 */
export interface HealthCheckedFailoverProps {
  /** The replicated function whose regional endpoints serve the name. Its endpoint must be enabled. */
  readonly service: ReplicatedFunction;

  /** The id of the public Route 53 hosted zone that holds the name. */
  readonly hostedZoneId: string;

  /** The domain name of the hosted zone, e.g. `example.com`. */
  readonly zoneName: string;

  /**
   * The fully qualified name clients call, below the zone (not its apex), e.g. `api.example.com`. Each cell also
   * gets its own name, `<region>.<recordName>`, which its health check requests.
   */
  readonly recordName: string;

  /**
   * How the name answers across the cells.
   *
   * @default FailoverRouting.activePassive()
   */
  readonly routing?: FailoverRouting;

  /**
   * How Route 53 decides that a cell is healthy.
   *
   * @default FailoverHealthCheck.https() - the deep health endpoint, every 10 s, failing after 2 checks
   */
  readonly healthCheck?: FailoverHealthCheck;

  /**
   * The global tables the deep health endpoint reads in its own region: a cell whose replica does not answer within
   * the dependency timeout is unhealthy. HTTPS health checks only.
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
   * How long resolvers may cache an answer (0–60 s). It adds directly to the failover time.
   *
   * @default Duration.seconds(5)
   */
  readonly ttl?: Duration;

  /**
   * The longest acceptable time from a cell's failure until every client resolves a healthy cell. Synth fails, naming
   * the settings to change, when the worst case of this configuration (`failoverTime`) is longer.
   *
   * @default - no objective is checked; `failoverTime` still reports the worst case
   */
  readonly recoveryTimeObjective?: Duration;
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
  /** The health check and its alarm of each routed cell, in failover order. */
  private readonly routes: { region: string; healthCheck: HealthCheck; healthAlarm: Alarm }[] = [];

  constructor(scope: Construct, id: string, props: HealthCheckedFailoverProps) {
    super(scope, id);
    this.topology = MultiRegionTopology.of(this);
    const settings = validateFailoverProps(this, this.topology, props);
    claimFailover(this, props.service, settings.recordName);
    this.failoverTime = settings.failoverTime;
    this.service = props.service;
    this.recordName = settings.recordName;
    this.regions = settings.regions;
    this.routing = props.routing ?? FailoverRouting.activePassive();
    this.recoveryTimeObjective = props.recoveryTimeObjective;
    this.healthCheckKind = props.healthCheck ?? FailoverHealthCheck.https();
    this.healthCheckPath = settings.https?.resourcePath;
    this.cells = settings.regions.map((region) => FailoverCell._create(this.topology.cell(region), this.topology._replicaId(this), props, settings));

    const routing = new Construct(this.topology.routingStack, this.topology._replicaId(this));
    const zone = HostedZone.fromHostedZoneAttributes(routing, 'Zone', { hostedZoneId: props.hostedZoneId, zoneName: settings.zoneName });
    for (const region of settings.regions) {
      const healthCheck = this.createHealthCheck(routing, region, props, settings);
      this.routes.push({ region, healthCheck, healthAlarm: this.createHealthAlarm(routing, region, healthCheck) });
    }
    if (this.routing._activePassive) {
      this.createFailoverChain(routing, zone, settings);
    } else {
      this.createLatencyRecords(routing, zone, settings);
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

  /** The route to the cell in `regionName`, when the name routes to it. */
  private route(regionName: string): { healthCheck: HealthCheck; healthAlarm: Alarm } {
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
  public metricHealthCheckStatus(regionName: string, props?: MetricOptions): Metric {
    return statusMetric(this.healthCheck(regionName), { region: 'us-east-1', ...props });
  }

  private createHealthCheck(scope: Construct, region: string, props: HealthCheckedFailoverProps, settings: FailoverSettings): HealthCheck {
    const https = settings.https;
    if (!https) {
      return new HealthCheck(scope, `${region}HealthCheck`, {
        type: HealthCheckType.CLOUDWATCH_METRIC,
        alarmIdentifier: { region, name: probeAlarmName(props.service.functionName) },
        // No probe data means no proof the cell serves: unhealthy, like the probe alarm itself.
        insufficientDataHealthStatus: InsufficientDataHealthStatusEnum.UNHEALTHY,
      });
    }
    return new HealthCheck(scope, `${region}HealthCheck`, {
      type: https.searchString ? HealthCheckType.HTTPS_STR_MATCH : HealthCheckType.HTTPS,
      fqdn: regionalName(region, settings.recordName),
      port: 443,
      resourcePath: https.resourcePath,
      searchString: https.searchString,
      requestInterval: Duration.seconds(https.intervalSeconds),
      failureThreshold: https.failureThreshold,
      regions: https.checkerRegions,
      enableSNI: true,
    });
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
   * Failover records, PRIMARY on the first region; each SECONDARY points to the next link of the chain
   * (`failover-<n>.<recordName>`: PRIMARY the next region, SECONDARY the rest), the last one to the last region.
   */
  private createFailoverChain(scope: Construct, zone: IHostedZone, settings: FailoverSettings): void {
    const regions = settings.regions;
    for (let level = 0; level < regions.length - 1; level++) {
      const name = level === 0 ? settings.recordName : `failover-${level}.${settings.recordName}`;
      const last = level === regions.length - 2;
      this.record(scope, zone, settings, `Primary${level}`, name, regions[level], { failover: Failover.PRIMARY });
      if (last) {
        this.record(scope, zone, settings, `Secondary${level}`, name, regions[level + 1], { failover: Failover.SECONDARY });
      } else {
        new CnameRecord(scope, `Secondary${level}`, {
          zone,
          recordName: name,
          domainName: `failover-${level + 1}.${settings.recordName}`,
          ttl: Duration.seconds(settings.ttlSeconds),
          failover: Failover.SECONDARY,
          setIdentifier: `failover-${level + 1}`,
          comment: `${regions[level]} is unhealthy: the next link of the failover chain`,
        });
      }
    }
  }

  private createLatencyRecords(scope: Construct, zone: IHostedZone, settings: FailoverSettings): void {
    for (const region of settings.regions) {
      this.record(scope, zone, settings, `${region}Latency`, settings.recordName, region, { region });
    }
  }

  /** A health-checked record of `name` answering with the cell of `region`. */
  private record(scope: Construct, zone: IHostedZone, settings: FailoverSettings, id: string, name: string, region: string,
    routing: { failover?: Failover; region?: string }): void {
    new CnameRecord(scope, id, {
      zone,
      recordName: name,
      domainName: regionalName(region, settings.recordName),
      ttl: Duration.seconds(settings.ttlSeconds),
      healthCheck: this.route(region).healthCheck,
      setIdentifier: region,
      comment: `${region} while healthy (cdk-resilient-serverless)`,
      ...routing,
    });
  }
}

/** Route 53's `HealthCheckStatus` of `healthCheck`: 1 healthy, 0 unhealthy (Minimum per minute by default). */
function statusMetric(healthCheck: HealthCheck, props?: MetricOptions): Metric {
  return new Metric({
    namespace: 'AWS/Route53',
    metricName: 'HealthCheckStatus',
    dimensionsMap: { HealthCheckId: healthCheck.healthCheckId },
    statistic: 'Minimum',
    period: Duration.minutes(1),
    ...props,
  });
}
