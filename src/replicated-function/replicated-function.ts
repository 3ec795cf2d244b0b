import { MetricOptions, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Grant, IPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ReplicatedFunctionProps } from './options';
import { FunctionReplica } from './replicated-function-replica';
import { ReplicatedFunctionSettings, validateReplicatedFunctionProps } from './validation';
import { checkEnvironmentKey } from './validation-lambda';
import { acceptDrillExtension, DrillExtensionWiring, DrillTargetPart } from '../topology/drill-target';
import { partInRegion } from '../topology/membership';
import { MultiRegionTopology } from '../topology/multi-region-topology';
import { IReplicatedGrantable } from '../topology/replicated-grantable';

/**
 * One Lambda function, identical in every regional cell of a topology, deployed safely.
 *
 * Each replica gets a published version behind a stable alias, a least-privilege role, an explicit log group,
 * active tracing, asynchronous retries into an encrypted dead-letter queue, alarms, a CodeDeploy deployment group that
 * rolls back on them, and a deterministic SSM parameter (`<namespace>/functions/<id>/alias-arn`) so callers find it
 * without cross-region references: 12 resources per cell. The cell's functions share one CodeDeploy application,
 * deployment role and dead-letter queue (with one alarm). A replica fronted by a `HealthCheckedFailover` (or with
 * `endpoint.enabled: true`) also gets a regional HTTPS endpoint with a token-bucket throttle and its
 * `.../endpoint-url` parameter: 7 more resources per cell.
 */
export class ReplicatedFunction extends Construct implements IReplicatedGrantable {
  /** The topology this function is replicated across. */
  public readonly topology: MultiRegionTopology;

  /** The function name, the same in every region. */
  public readonly functionName: string;

  /** The alias name, the same in every region. */
  public readonly aliasName: string;

  /** One replica per region, in the topology's region order. */
  public readonly replicas: FunctionReplica[];

  /**
   * The settled configuration, every default applied: what other constructs read (whether replicas have an
   * endpoint, the probe's period) instead of the props.
   * @internal
   */
  public readonly _settings: ReplicatedFunctionSettings;
  /** The drill that wired the FIS Lambda extension into each region's replica (IDrillTarget). */
  private readonly drillExtensions = new Map<string, string>();

  constructor(scope: Construct, id: string, props: ReplicatedFunctionProps) {
    super(scope, id);
    this.topology = MultiRegionTopology.of(this);
    this._settings = validateReplicatedFunctionProps(this, id, props);
    this.functionName = this._settings.functionName;
    this.aliasName = this._settings.aliasName;
    this.topology._claimPhysicalName('functionName', this._settings.functionName, this);
    this.replicas = this.topology.cells.map((cell) => FunctionReplica._create(cell, this.topology._replicaId(this), this._settings));
    this.topology._contributeToReport(() => ({
      cells: this.replicas.map((replica) => ({
        region: replica.region,
        functions: [{
          name: this.functionName,
          alias: this.aliasName,
          endpoint: replica.endpoint !== undefined,
          probe: replica.probeAlarm !== undefined,
        }],
      })),
    }));
  }

  /**
   * The replica in `region`.
   *
   * @throws if the topology has no cell in `region`
   */
  public replica(region: string): FunctionReplica {
    return partInRegion(this, this.topology, this.replicas, region);
  }

  /** The role of the replica in `region`. */
  public grantPrincipalIn(region: string): IPrincipal {
    return this.replica(region).role;
  }

  /**
   * Lets a replicated grantee invoke this function's alias in its own region, in every region.
   *
   * @returns one grant combining every region's (each replica's alias to the grantee's principal in that region)
   */
  public grantInvoke(grantee: IReplicatedGrantable): Grant {
    return this.replicas
      .map((replica) => replica.alias.grantInvoke(grantee.grantPrincipalIn(replica.region)))
      .reduce((combined, grant) => combined.combine(grant));
  }

  /**
   * Adds a statement to every replica's role. Write region-independent resources (names, wildcards on the
   * region), or use grants, which reach each replica's local resources.
   */
  public addToRolePolicy(statement: PolicyStatement): void {
    for (const replica of this.replicas) replica.function.addToRolePolicy(statement);
  }

  /**
   * Adds an environment variable to every replica.
   */
  public addEnvironment(key: string, value: string): void {
    checkEnvironmentKey(this, key, 'addEnvironment key');
    for (const replica of this.replicas) replica.function.addEnvironment(key, value);
  }

  /** Errors of the alias in `regionName` (Sum per minute by default). */
  public metricErrors(regionName: string, props?: MetricOptions): Metric {
    return this.replica(regionName).metricErrors(props);
  }

  /** Throttles of the alias in `regionName` (Sum per minute by default). */
  public metricThrottles(regionName: string, props?: MetricOptions): Metric {
    return this.replica(regionName).metricThrottles(props);
  }

  /** Invocations of the alias in `regionName` (Sum per minute by default). */
  public metricInvocations(regionName: string, props?: MetricOptions): Metric {
    return this.replica(regionName).metricInvocations(props);
  }

  /** Duration of the alias in `regionName` (p99 per minute by default). */
  public metricDuration(regionName: string, props?: MetricOptions): Metric {
    return this.replica(regionName).metricDuration(props);
  }

  /**
   * What a region-failure drill faults in `region` (IDrillTarget): the replica behind its alias, and its alarms.
   * @internal
   */
  public _drillTargetIn(region: string): DrillTargetPart {
    const replica = this.replica(region);
    const fn = replica.function;
    return {
      name: this.node.id,
      region: replica.region,
      function: {
        functionArn: fn.functionArn,
        resource: fn.node.defaultChild!,
        path: fn.node.path,
        aliasName: replica.alias.aliasName,
        role: replica.role,
        architecture: fn.architecture,
        timeout: fn.timeout,
        healthCheck: false,
      },
      alarms: {
        errors: replica.errorsAlarm,
        throttles: replica.throttlesAlarm,
        duration: replica.durationAlarm,
        deadLetter: replica.deadLetterAlarm,
        probe: replica.probeAlarm,
      },
    };
  }

  /**
   * Wires the FIS Lambda extension into the replica in `region` for one drill (IDrillTarget).
   * @internal
   */
  public _acceptDrillExtension(region: string, wiring: DrillExtensionWiring): string | undefined {
    return acceptDrillExtension(this.drillExtensions, region, wiring, this.replica(region).function);
  }
}
