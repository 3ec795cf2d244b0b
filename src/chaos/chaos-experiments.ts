import { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ChaosExperiment } from './chaos-experiment';
import { DrillFault } from './drill-fault';
import { FisLambdaExtensionOptions } from './lambda-extension-options';
import { RegionalDrill } from './regional-drill';
import { validateChaosProps } from './validation';
import { GlobalTableStore } from '../global-table-store/global-table-store';
import { HealthCheckedFailover } from '../health-checked-failover/health-checked-failover';
import { ReplicatedFunction } from '../replicated-function/replicated-function';
import { partInRegion } from '../topology/membership';
import { MultiRegionTopology } from '../topology/multi-region-topology';

/**
 * Properties of `ChaosExperiments`.
 */
export interface ChaosExperimentsProps {
  /**
   * The replicated functions the drill fails (Lambda faults target their replicas' alias in each drilled region) and
   * watches (their throttles, errors and duration alarms are stop conditions where the fault does not trip them on
   * purpose).
   *
   * @default - none
   */
  readonly functions?: ReplicatedFunction[];

  /**
   * The global tables whose local replica the drill cuts off (`DrillFault.pauseReplication`) and watches (their
   * throttles and system errors alarms are stop conditions).
   *
   * @default - none
   */
  readonly stores?: GlobalTableStore[];

  /**
   * The faults, one experiment template per fault in every drilled region. Each action may appear once.
   *
   * @default - `lambdaInvocationError()` and `lambdaInvocationDelay()` when `functions` and `lambdaExtension` are set;
   * `pauseReplication()` when `stores` are set
   */
  readonly faults?: DrillFault[];

  /**
   * Wires the AWS FIS Lambda extension into the replicas of `functions` in the drilled regions: a layer (its ARN read
   * from AWS's public SSM parameter in each region), `AWS_LAMBDA_EXEC_WRAPPER` and `AWS_FIS_*` environment variables,
   * and read access to a configuration bucket per cell. The Lambda faults need it. It changes the functions, so it is
   * opt-in: each wired replica publishes a new version.
   *
   * @default - not wired; Lambda faults are refused
   */
  readonly lambdaExtension?: FisLambdaExtensionOptions;

  /**
   * A `HealthCheckedFailover` of the same topology whose health checks the drill fails too, so that a drill fails the
   * region as Route 53 sees it. In every drilled region the failover routes to, the Lambda faults also target that
   * cell's deep health handler (`FailoverCell.healthFunction`, qualified by its alias `healthAlias`, named like the
   * service's), and `lambdaExtension` is wired into it as into the replicas: the layer, the `AWS_FIS_*` variables and
   * read access to the configuration bucket (but no wait for an in-flight poll, which would eat into Route 53's
   * 2-second response limit; its checkers call the handler every few seconds anyway). An invocation-error drill then
   * fails `GET /health` in that region, Route 53 marks the cell unhealthy, and DNS routes around it: to the next
   * region in failover order, within `failover.failoverTime` plus up to 60 s for the extension to pick up the fault.
   *
   * The failover needs HTTPS health checks (a probe-alarm check has no health handler: leave this unset and drill
   * the failover's service in `functions`, whose probe invokes the faulted alias), at least one Lambda fault, and a
   * drilled region it routes to. Guardrails are unchanged: the failover's health alarms (`failover.healthAlarm(region)`)
   * live in the routing stack in us-east-1, where FIS cannot use them as stop conditions of another region's
   * experiment, and in us-east-1 they are what the drill trips on purpose. Watch them fire instead.
   *
   * @default - no failover: the drill fails the replicas and tables only, and Route 53 sees the region fail only if
   * its health check depends on them
   */
  readonly failover?: HealthCheckedFailover;

  /**
   * The regions to drill: each gets its own experiment templates, which fail that region only.
   *
   * @default - every region of the topology
   */
  readonly regions?: string[];

  /**
   * Your own stop conditions: alarms in the drilled regions (at most five per region), each used by every experiment
   * of its region, before the drill's own guardrails. FIS stops an experiment when any of its stop alarms fires.
   *
   * @default - the guardrails the drill chooses from the targeted functions' and stores' alarms
   */
  readonly stopAlarms?: IAlarm[];

  /**
   * How long the experiment logs are kept.
   *
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: RetentionDays;
}

/**
 * Region-failure drills for a topology: AWS FIS experiment templates in every cell that fail that region's replicas
 * (Lambda invocation errors, added latency, HTTP error responses) or cut its global-table replica off (paused
 * replication), so you can prove that the other regions take over.
 *
 * Each experiment has its own least-privilege role, scoped to its cell's targets; logs to an encrypted log group in
 * the cell; and stops on the cell's alarms that the fault must not trip (throttling, the table's errors, ...), never
 * on the alarm it trips on purpose. Faults come from an allow-list with range-checked parameters (`DrillFault`).
 * With a `failover`, the Lambda faults also fail each drilled cell's deep health handler, so that Route 53 moves the
 * name to the next region. Nothing runs until you start an experiment (`aws fis start-experiment`).
 */
export class ChaosExperiments extends Construct {
  /** The topology the drill belongs to. */
  public readonly topology: MultiRegionTopology;

  /** The drilled regions. */
  public readonly regions: string[];

  /** The drill's part in each drilled region, in the order of `regions`. */
  public readonly drills: RegionalDrill[];

  constructor(scope: Construct, id: string, props: ChaosExperimentsProps = {}) {
    super(scope, id);
    this.topology = MultiRegionTopology.of(this);
    const settings = validateChaosProps(this, id, this.topology, props);
    this.regions = settings.regions;
    this.topology._claimPhysicalName('drill name', settings.name, this, settings.regions);
    this.drills = settings.regions.map((region) => RegionalDrill._create(this.topology.cell(region), this.topology._replicaId(this), settings));
    this.topology._contributeToReport(() => ({
      cells: this.drills.map((drill) => ({
        region: drill.region,
        drills: drill.experiments.map((e) => ({
          action: e.actionId,
          stopConditions: e.stopAlarms.map((alarm) => alarm.node.path),
          alsoWatch: e.alsoWatch,
        })),
      })),
    }));
  }

  /**
   * The drill's part in `regionName`.
   *
   * @throws if `regionName` is not a drilled region
   */
  public drill(regionName: string): RegionalDrill {
    return partInRegion(this, this.topology, this.drills, regionName, {
      problem: 'the drill does not cover this region',
      fix: 'add the region to `regions`, or leave `regions` unset to drill every cell',
    });
  }

  /**
   * The experiment of `actionId` (e.g. `aws:lambda:invocation-error`) in `regionName`.
   */
  public experiment(regionName: string, actionId: string): ChaosExperiment {
    return this.drill(regionName).experiment(actionId);
  }
}
